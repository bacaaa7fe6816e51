"""Blue/green rollout per deployment strategy, rolled back automatically when an endpoint alarm fires."""

from collections.abc import Sequence

import pulumi
import pulumi_aws as aws

TrafficRouting = aws.sagemaker.EndpointDeploymentConfigBlueGreenUpdatePolicyTrafficRoutingConfigurationArgs
CanarySize = aws.sagemaker.EndpointDeploymentConfigBlueGreenUpdatePolicyTrafficRoutingConfigurationCanarySizeArgs
LinearStep = aws.sagemaker.EndpointDeploymentConfigBlueGreenUpdatePolicyTrafficRoutingConfigurationLinearStepSizeArgs
BAKE_SECONDS = 600  # how long each traffic step is watched by the alarms before the next one


def traffic_routing(strategy: str) -> TrafficRouting:
    """canary: 10 % of capacity first, then the rest; linear: 25 % steps; all-at-once: one shift, then bake."""
    if strategy == "canary":
        return TrafficRouting(
            type="CANARY",
            wait_interval_in_seconds=BAKE_SECONDS,
            canary_size=CanarySize(type="CAPACITY_PERCENT", value=10),
        )
    if strategy == "linear":
        return TrafficRouting(
            type="LINEAR",
            wait_interval_in_seconds=BAKE_SECONDS,
            linear_step_size=LinearStep(type="CAPACITY_PERCENT", value=25),
        )
    if strategy == "all-at-once":
        return TrafficRouting(type="ALL_AT_ONCE", wait_interval_in_seconds=BAKE_SECONDS)
    raise ValueError(f"Deployment strategy {strategy!r} is unknown: expected canary, linear or all-at-once.")


def deployment_config(
    strategy: str, rollback_alarms: Sequence[pulumi.Input[str]]
) -> aws.sagemaker.EndpointDeploymentConfigArgs:
    return aws.sagemaker.EndpointDeploymentConfigArgs(
        blue_green_update_policy=aws.sagemaker.EndpointDeploymentConfigBlueGreenUpdatePolicyArgs(
            traffic_routing_configuration=traffic_routing(strategy),
            termination_wait_in_seconds=BAKE_SECONDS,  # the old fleet stays ready for a fast rollback
            maximum_execution_timeout_in_seconds=3 * 3600,
        ),
        auto_rollback_configuration=aws.sagemaker.EndpointDeploymentConfigAutoRollbackConfigurationArgs(
            alarms=[
                aws.sagemaker.EndpointDeploymentConfigAutoRollbackConfigurationAlarmArgs(alarm_name=alarm)
                for alarm in rollback_alarms
            ]
        ),
    )
