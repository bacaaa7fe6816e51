"""The alarms that roll a deployment back: 5xx errors and model latency of this endpoint's variant."""

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.monitoring import alarm_topic_name
from components.naming import VARIANT_NAME, scoped
from components.serving_settings import AlarmThresholds
from {{ cookiecutter.package_name }}.environments import REGION, Environment


@dataclass(frozen=True)
class EndpointAlarmsArgs:
    env: Environment
    thresholds: AlarmThresholds
    tags: dict[str, str]


class EndpointAlarms(pulumi.ComponentResource):
    errors: aws.cloudwatch.MetricAlarm
    latency: aws.cloudwatch.MetricAlarm

    def __init__(self, name: str, args: EndpointAlarmsArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlops:serving:EndpointAlarms", name, None, opts)
        self.errors = self._alarm(
            f"{name}-5xx", args, "5xx-errors", "Invocation5XXErrors", "Sum", args.thresholds.errors_5xx_per_minute
        )
        # ModelLatency is reported in microseconds.
        self.latency = self._alarm(
            f"{name}-latency", args, "model-latency", "ModelLatency", "p99", args.thresholds.latency_p99_ms * 1000
        )
        self.register_outputs({"alarmNames": [self.errors.name, self.latency.name]})

    def _alarm(
        self, name: str, args: EndpointAlarmsArgs, what: str, metric: str, stat: str, threshold: int
    ) -> aws.cloudwatch.MetricAlarm:
        return aws.cloudwatch.MetricAlarm(
            name,
            name=scoped(args.env, what),
            alarm_description=f"{metric} of {args.env.endpoint_name}/{VARIANT_NAME} too high: roll the deployment back",
            namespace="AWS/SageMaker",
            metric_name=metric,
            dimensions={"EndpointName": args.env.endpoint_name, "VariantName": VARIANT_NAME},
            statistic=stat if stat == "Sum" else None,
            extended_statistic=None if stat == "Sum" else stat,  # a percentile such as p99
            period=60,
            evaluation_periods=3,
            datapoints_to_alarm=2,
            threshold=threshold,
            comparison_operator="GreaterThanThreshold",
            treat_missing_data="notBreaching",
            alarm_actions=[f"arn:aws:sns:{REGION}:{args.env.account_id}:{alarm_topic_name(args.env)}"],
            tags=args.tags,
            opts=pulumi.ResourceOptions(parent=self),
        )
