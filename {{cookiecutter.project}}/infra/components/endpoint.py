"""The endpoint: rolled out blue/green with automatic rollback, and scaled on invocations per instance."""

from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.naming import VARIANT_NAME
from components.rollout import deployment_config
from components.serving_settings import Capacity
from {{ cookiecutter.package_name }}.environments import Environment


@dataclass(frozen=True)
class ServingEndpointArgs:
    env: Environment
    endpoint_config_name: pulumi.Input[str]
    strategy: str
    rollback_alarms: Sequence[pulumi.Input[str]]
    capacity: Capacity
    tags: dict[str, str]


class ServingEndpoint(pulumi.ComponentResource):
    endpoint: aws.sagemaker.Endpoint

    def __init__(self, name: str, args: ServingEndpointArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlops:serving:ServingEndpoint", name, None, opts)
        self.endpoint = aws.sagemaker.Endpoint(
            name,
            name=args.env.endpoint_name,
            endpoint_config_name=args.endpoint_config_name,
            deployment_config=deployment_config(args.strategy, args.rollback_alarms),
            tags=args.tags,
            opts=pulumi.ResourceOptions(parent=self),
        )
        resource_id = self.endpoint.name.apply(lambda endpoint: f"endpoint/{endpoint}/variant/{VARIANT_NAME}")
        target = aws.appautoscaling.Target(
            name,
            service_namespace="sagemaker",
            scalable_dimension="sagemaker:variant:DesiredInstanceCount",
            resource_id=resource_id,
            min_capacity=args.capacity.min_instances,
            max_capacity=args.capacity.max_instances,
            tags=args.tags,
            opts=pulumi.ResourceOptions(parent=self),
        )
        aws.appautoscaling.Policy(
            name,
            policy_type="TargetTrackingScaling",
            service_namespace=target.service_namespace,
            scalable_dimension=target.scalable_dimension,
            resource_id=target.resource_id,
            target_tracking_scaling_policy_configuration={
                "target_value": args.capacity.invocations_per_instance,
                "predefined_metric_specification": {"predefined_metric_type": "SageMakerVariantInvocationsPerInstance"},
                "scale_in_cooldown": 300,
                "scale_out_cooldown": 60,
            },
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.register_outputs({"endpointName": self.endpoint.name})
