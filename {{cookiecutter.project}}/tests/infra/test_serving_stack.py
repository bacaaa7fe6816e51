"""The serving stack under mocks, both stacks: the approved model behind a guarded, scaled endpoint."""

import json

import pytest
import stacks
from components.serving_settings import example_package_arn
from stack_runs import aws_resources, one, serving
from stacks import STACKS

from {{ cookiecutter.package_name }}.environments import DEPLOYMENT_STRATEGY, ENVIRONMENTS, REGION

ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"


@pytest.mark.parametrize("stack", STACKS)
def test_the_model_comes_from_the_approved_package_in_network_isolation(stack: str):
    env = ENVIRONMENTS[stack]
    model = one(serving(stack), "aws:sagemaker/model:Model")
    assert model.inputs["containers"] == [{"modelPackageName": example_package_arn(3)}]
    assert model.inputs["enableNetworkIsolation"] is True
    assert model.inputs["executionRoleArn"] == env.execution_role_arn


@pytest.mark.parametrize("stack", STACKS)
def test_the_endpoint_config_is_encrypted_and_captures_data_to_the_bucket(stack: str):
    env = ENVIRONMENTS[stack]
    config = one(serving(stack), "aws:sagemaker/endpointConfiguration:EndpointConfiguration")
    key = f"arn:aws:kms:{REGION}:{env.account_id}:{env.kms_alias}"
    assert config.inputs["kmsKeyArn"] == key
    capture = config.inputs["dataCaptureConfig"]
    assert capture["enableCapture"] is True and capture["kmsKeyId"] == key
    assert capture["destinationS3Uri"].startswith(f"s3://{env.artifacts_bucket}/")
    (variant,) = config.inputs["productionVariants"]
    assert variant["instanceType"] == env.instance_type
    assert (
        config.inputs["name"].startswith(f"{env.endpoint_name}-")
        and serving(stack).outputs["endpointConfigName"] == config.inputs["name"]
    )


@pytest.mark.parametrize("stack", STACKS)
def test_the_rollback_alarms_watch_this_endpoint_and_variant_and_are_wired_into_the_rollout(stack: str):
    graph, env = serving(stack), ENVIRONMENTS[stack]
    alarms = {a.inputs["metricName"]: a for a in graph.of_type(ALARM)}
    assert set(alarms) == {"Invocation5XXErrors", "ModelLatency"}
    variant = one(graph, "aws:sagemaker/endpointConfiguration:EndpointConfiguration").inputs["productionVariants"][0]
    for alarm in alarms.values():
        assert alarm.inputs["dimensions"] == {"EndpointName": env.endpoint_name, "VariantName": variant["variantName"]}
        assert alarm.inputs["namespace"] == "AWS/SageMaker" and alarm.inputs["alarmActions"][0].endswith(
            f"{env.name}-alarms"
        )
    endpoint = one(graph, "aws:sagemaker/endpoint:Endpoint")
    rollback = endpoint.inputs["deploymentConfig"]["autoRollbackConfiguration"]["alarms"]
    assert sorted(a["alarmName"] for a in rollback) == sorted(a.inputs["name"] for a in alarms.values())
    assert all(alarm.urn in endpoint.dependencies for alarm in alarms.values())


def test_the_rollout_follows_the_chosen_strategy():
    endpoint = one(serving("prod"), "aws:sagemaker/endpoint:Endpoint")
    routing = endpoint.inputs["deploymentConfig"]["blueGreenUpdatePolicy"]["trafficRoutingConfiguration"]
    expected = {"canary": "CANARY", "linear": "LINEAR", "all-at-once": "ALL_AT_ONCE"}[DEPLOYMENT_STRATEGY]
    assert routing["type"] == expected


@pytest.mark.parametrize(
    ("strategy", "routing_type", "step"),
    [("canary", "CANARY", "canarySize"), ("linear", "LINEAR", "linearStepSize"), ("all-at-once", "ALL_AT_ONCE", None)],
)
def test_each_strategy_maps_to_its_traffic_routing(strategy: str, routing_type: str, step: str | None):
    graph = stacks.run_stack(
        "serving", "preprod", {"modelPackageArn": example_package_arn(4), "deploymentStrategy": strategy}
    )
    routing = one(graph, "aws:sagemaker/endpoint:Endpoint").inputs["deploymentConfig"]["blueGreenUpdatePolicy"][
        "trafficRoutingConfiguration"
    ]
    assert routing["type"] == routing_type and routing["waitIntervalInSeconds"] > 0
    if step is not None:
        assert routing[step]["type"] == "CAPACITY_PERCENT"


@pytest.mark.parametrize("stack", STACKS)
def test_autoscaling_tracks_invocations_per_instance_within_the_stack_bounds(stack: str):
    graph, env = serving(stack), ENVIRONMENTS[stack]
    target = one(graph, "aws:appautoscaling/target:Target")
    assert target.inputs["resourceId"] == f"endpoint/{env.endpoint_name}/variant/AllTraffic"
    assert target.inputs["scalableDimension"] == "sagemaker:variant:DesiredInstanceCount"
    policy = one(graph, "aws:appautoscaling/policy:Policy")
    tracking = policy.inputs["targetTrackingScalingPolicyConfiguration"]
    assert tracking["predefinedMetricSpecification"] == {
        "predefinedMetricType": "SageMakerVariantInvocationsPerInstance"
    }
    assert one(graph, "aws:sagemaker/endpoint:Endpoint").urn in target.dependencies


def test_prod_has_more_capacity_and_stricter_alarms_than_preprod():
    def bounds(stack):
        target = one(serving(stack), "aws:appautoscaling/target:Target").inputs
        alarms = {a.inputs["metricName"]: a.inputs["threshold"] for a in serving(stack).of_type(ALARM)}
        return target["minCapacity"], target["maxCapacity"], alarms["Invocation5XXErrors"], alarms["ModelLatency"]

    pre, prod = bounds("preprod"), bounds("prod")
    assert prod[0] > pre[0] and prod[1] > pre[1]
    assert prod[2] < pre[2] and prod[3] < pre[3]


@pytest.mark.parametrize("stack", STACKS)
def test_the_outputs_give_the_ops_commands_what_they_need(stack: str):
    outputs = serving(stack).outputs
    assert outputs["endpointName"] == ENVIRONMENTS[stack].endpoint_name
    assert outputs["modelPackageArn"] == example_package_arn(3)
    assert outputs["previousModelPackageArn"] == example_package_arn(2)


@pytest.mark.parametrize("stack", STACKS)
def test_without_an_approved_package_there_is_no_endpoint_and_the_stack_says_why(
    stack: str, caplog: pytest.LogCaptureFixture
):
    graph = stacks.run_stack("serving", stack)  # not cached: the warning is logged by this run
    assert aws_resources(graph) == []
    assert "modelPackageArn" not in graph.outputs or graph.outputs["modelPackageArn"] is None
    assert f"No endpoint in {stack}: the stack config has no modelPackageArn" in caplog.text


def test_a_rollback_is_one_config_change_to_the_previous_package():
    current, rolled_back = serving("prod", 3, 2), serving("prod", 2, None)
    model = one(rolled_back, "aws:sagemaker/model:Model")
    assert model.inputs["containers"] == [{"modelPackageName": example_package_arn(2)}]
    config_name = lambda graph: graph.outputs["endpointConfigName"]  # noqa: E731
    assert config_name(current) != config_name(rolled_back)
    assert json.dumps(
        one(current, "aws:sagemaker/endpoint:Endpoint").inputs["deploymentConfig"], sort_keys=True
    ) == json.dumps(one(rolled_back, "aws:sagemaker/endpoint:Endpoint").inputs["deploymentConfig"], sort_keys=True)
