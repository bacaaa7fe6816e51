"""What starts a training run, one run per firing: the schedule, a finished batch of data, and a drift alarm.

This stack owns the schedule: ct.yml has no `schedule:` trigger, or each slot would start two runs.
"""

import json
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.naming import scoped
from components.policy_documents import allow, document
from {{ cookiecutter.package_name }}.environments import PROJECT, Environment

# The pipeline's default InputDataUri: preprocess reads the CSV files directly under it (not in sub-folders).
TRAINING_DATA_PREFIX = "data/training/"
# S3 sends one Object Created event per object, so a rule on the data files would start one run per file. A producer
# writes this marker after a batch's last file instead, and only the marker starts a run.
BATCH_MARKER = f"{TRAINING_DATA_PREFIX}_SUCCESS"
DRIFT_NAMESPACE = f"{PROJECT}/ModelQuality"  # the drift check publishes DataDrift here, per endpoint


@dataclass(frozen=True)
class TrainingTriggersArgs:
    env: Environment
    pipeline_arn: pulumi.Input[str]
    bucket_name: str
    events_role: aws.iam.Role
    kms_key_arn: pulumi.Input[str]
    alarm_topic_arn: pulumi.Input[str]
    schedule_expression: str
    tags: dict[str, str]


class TrainingTriggers(pulumi.ComponentResource):
    drift_alarm: aws.cloudwatch.MetricAlarm

    def __init__(self, name: str, args: TrainingTriggersArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlops:platform:TrainingTriggers", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        start = pulumi.Output.all(args.pipeline_arn, args.kms_key_arn).apply(lambda arns: start_policy(*arns))
        aws.iam.RolePolicy(f"{name}-start-pipeline", role=args.events_role.name, policy=start, opts=child)
        # The only schedule owner, running in AWS: GitHub's `schedule:` may be delayed under load and is disabled in a
        # public repository after 60 days without activity (GitHub Docs, "Events that trigger workflows", schedule).
        aws.scheduler.Schedule(
            f"{name}-schedule",
            name=scoped(args.env, "training-schedule"),
            schedule_expression=args.schedule_expression,
            schedule_expression_timezone="UTC",
            flexible_time_window={"mode": "OFF"},
            kms_key_arn=args.kms_key_arn,
            target={
                "arn": args.pipeline_arn,
                "role_arn": args.events_role.arn,
                "retry_policy": {"maximum_retry_attempts": 3},
            },
            opts=child,
        )
        self.drift_alarm = self._drift_alarm(name, args)
        self._start_on(name, "new-data", args, new_data_pattern(args.bucket_name))
        self._start_on(name, "drift", args, self.drift_alarm.arn.apply(alarm_pattern))
        self.register_outputs({"driftAlarmArn": self.drift_alarm.arn})

    def _drift_alarm(self, name: str, args: TrainingTriggersArgs) -> aws.cloudwatch.MetricAlarm:
        return aws.cloudwatch.MetricAlarm(
            f"{name}-drift",
            name=scoped(args.env, "data-drift"),
            alarm_description="Input data drifted from the training baseline: retrain",
            namespace=DRIFT_NAMESPACE,
            metric_name="DataDrift",
            dimensions={"EndpointName": args.env.endpoint_name},
            statistic="Maximum",
            period=3600,
            evaluation_periods=1,
            threshold=1,
            comparison_operator="GreaterThanOrEqualToThreshold",
            treat_missing_data="notBreaching",
            alarm_actions=[args.alarm_topic_arn],
            tags=args.tags,
            opts=pulumi.ResourceOptions(parent=self),
        )

    def _start_on(self, name: str, what: str, args: TrainingTriggersArgs, pattern: pulumi.Input[str]) -> None:
        rule = aws.cloudwatch.EventRule(
            f"{name}-{what}",
            name=scoped(args.env, f"train-on-{what}"),
            description=f"Start the training pipeline on {what}",
            event_pattern=pattern,
            tags=args.tags,
            opts=pulumi.ResourceOptions(parent=self),
        )
        aws.cloudwatch.EventTarget(
            f"{name}-{what}",
            rule=rule.name,
            arn=args.pipeline_arn,
            role_arn=args.events_role.arn,
            retry_policy={"maximum_retry_attempts": 3, "maximum_event_age_in_seconds": 3600},
            opts=pulumi.ResourceOptions(parent=self),
        )


def start_policy(pipeline_arn: str, kms_key_arn: str) -> str:
    """Start this pipeline; decrypt the schedule's target input, which EventBridge Scheduler keeps under the key."""
    return document(
        [
            allow("StartTrainingPipeline", ["sagemaker:StartPipelineExecution"], pipeline_arn),
            allow("DecryptScheduleTarget", ["kms:Decrypt"], kms_key_arn),
        ]
    )


def new_data_pattern(bucket_name: str) -> str:
    """The batch marker in this bucket, by exact key: a marker elsewhere names data the pipeline would not read."""
    detail = {"bucket": {"name": [bucket_name]}, "object": {"key": [BATCH_MARKER]}}
    return json.dumps({"source": ["aws.s3"], "detail-type": ["Object Created"], "detail": detail})


def alarm_pattern(alarm_arn: str) -> str:
    return json.dumps(
        {
            "source": ["aws.cloudwatch"],
            "detail-type": ["CloudWatch Alarm State Change"],
            "resources": [alarm_arn],
            "detail": {"state": {"value": ["ALARM"]}},
        }
    )
