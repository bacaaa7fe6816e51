"""Where the environment's alarms go (an encrypted SNS topic), the platform's own alarms, and one dashboard."""

import json
from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.naming import VARIANT_NAME, scoped
from {{ cookiecutter.package_name }}.environments import PIPELINE_NAME, REGION, Environment

PIPELINE_NAMESPACE = "AWS/Sagemaker/ModelBuildingPipeline"


@dataclass(frozen=True)
class MonitoringArgs:
    env: Environment
    kms_key_arn: pulumi.Input[str]
    alarm_email: str | None
    watches_pipeline: bool
    tags: dict[str, str]


class Monitoring(pulumi.ComponentResource):
    topic: aws.sns.Topic

    def __init__(self, name: str, args: MonitoringArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlops:platform:Monitoring", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        self.topic = aws.sns.Topic(
            name, name=alarm_topic_name(args.env), kms_master_key_id=args.kms_key_arn, tags=args.tags, opts=child
        )
        if args.alarm_email:
            aws.sns.TopicSubscription(
                name, topic=self.topic.arn, protocol="email", endpoint=args.alarm_email, opts=child
            )
        if args.watches_pipeline:
            aws.cloudwatch.MetricAlarm(
                f"{name}-pipeline-failed",
                name=scoped(args.env, "training-failed"),
                alarm_description="A training pipeline execution failed: read its FailStep reason",
                namespace=PIPELINE_NAMESPACE,
                metric_name="ExecutionFailed",
                dimensions={"PipelineName": PIPELINE_NAME},
                statistic="Sum",
                period=300,
                evaluation_periods=1,
                threshold=1,
                comparison_operator="GreaterThanOrEqualToThreshold",
                treat_missing_data="notBreaching",
                alarm_actions=[self.topic.arn],
                tags=args.tags,
                opts=child,
            )
        aws.cloudwatch.Dashboard(
            name, dashboard_name=scoped(args.env, "ml"), dashboard_body=dashboard_body(args), opts=child
        )
        self.register_outputs({"alarmTopicArn": self.topic.arn})


def alarm_topic_name(env: Environment) -> str:
    """Known before the platform stack runs, so the serving stack's alarms can name the topic without a lookup."""
    return scoped(env, "alarms")


def dashboard_body(args: MonitoringArgs) -> str:
    endpoint = ["EndpointName", args.env.endpoint_name, "VariantName", VARIANT_NAME]
    widgets = [
        _widget(
            "Endpoint traffic",
            [
                ["AWS/SageMaker", metric, *endpoint]
                for metric in ("Invocations", "Invocation5XXErrors", "Invocation4XXErrors")
            ],
        ),
        _widget("Endpoint latency (µs)", [["AWS/SageMaker", "ModelLatency", *endpoint, {"stat": "p90"}]]),
    ]
    if args.watches_pipeline:
        pipeline = [
            [PIPELINE_NAMESPACE, m, "PipelineName", PIPELINE_NAME]
            for m in ("ExecutionStarted", "ExecutionSucceeded", "ExecutionFailed")
        ]
        widgets.append(_widget("Training pipeline", pipeline))
    return json.dumps({"widgets": widgets})


def _widget(title: str, metrics: Sequence[Sequence[object]]) -> dict[str, object]:
    properties = {
        "title": title,
        "region": REGION,
        "metrics": metrics,
        "period": 300,
        "stat": "Sum",
        "view": "timeSeries",
    }
    return {"type": "metric", "width": 12, "height": 6, "properties": properties}
