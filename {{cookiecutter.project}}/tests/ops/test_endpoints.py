"""Waiting for endpoints and verifying deployments: moto for the happy paths, Stubber for states moto never shows."""

import pytest
from botocore.stub import Stubber

from {{ cookiecutter.package_name }} import cli
from {{ cookiecutter.package_name }}.environments import environment
from {{ cookiecutter.package_name }}.ops.aws import OpsError, client
from {{ cookiecutter.package_name }}.ops.endpoints import verify_deployment, wait_in_service

from .conftest import register_packages

ENDPOINT = "customer-endpoint"


def deploy(sagemaker, package_arn: str, config_name: str, endpoint: str = ENDPOINT) -> None:
    """Model, endpoint config and endpoint serving `package_arn`, as the serving stack creates them."""
    model = f"model-{config_name}"
    role = "arn:aws:iam::111111111111:role/execution"
    sagemaker.create_model(ModelName=model, ExecutionRoleArn=role, Containers=[{"ModelPackageName": package_arn}])
    variant = {
        "VariantName": "AllTraffic",
        "ModelName": model,
        "InstanceType": "ml.m5.large",
        "InitialInstanceCount": 1,
    }
    sagemaker.create_endpoint_config(EndpointConfigName=config_name, ProductionVariants=[variant])
    sagemaker.create_endpoint(EndpointName=endpoint, EndpointConfigName=config_name)


def test_verification_passes_when_the_endpoint_runs_what_was_applied(sagemaker):
    arns = register_packages(sagemaker, ["Approved"])
    deploy(sagemaker, arns[0], "config-new")
    assert "InService with endpoint config config-new" in verify_deployment(sagemaker, ENDPOINT, "config-new", arns[0])


def test_verification_fails_when_sagemaker_rolled_the_update_back(sagemaker):
    arns = register_packages(sagemaker, ["Approved", "Approved"])
    deploy(sagemaker, arns[0], "config-old")  # the update to config-new was rolled back
    with pytest.raises(OpsError, match=r"runs endpoint config config-old, not config-new .* rolled the update back"):
        verify_deployment(sagemaker, ENDPOINT, "config-new", arns[1])


def test_verification_fails_when_the_endpoint_serves_another_package(sagemaker):
    arns = register_packages(sagemaker, ["Approved", "Approved"])
    deploy(sagemaker, arns[0], "config-new")
    with pytest.raises(OpsError, match=f"serves {arns[0]}, not {arns[1]}"):
        verify_deployment(sagemaker, ENDPOINT, "config-new", arns[1])


def test_previous_is_resolved_relative_to_what_the_endpoint_serves(sagemaker, capsys):
    arns = register_packages(sagemaker, ["Approved", "Approved", "Approved"])
    deploy(sagemaker, arns[2], "config-3", endpoint=environment("prod").endpoint_name)
    assert cli.main(["ops", "resolve", "previous", "--env", "prod"]) == 0
    assert f"model_package_arn={arns[1]}" in capsys.readouterr().out
    assert cli.main(["ops", "resolve", "previous", "--env", "preprod"]) == 1
    assert f"Endpoint {environment('preprod').endpoint_name} does not exist" in capsys.readouterr().err


def test_a_missing_endpoint_is_named(sagemaker):
    with pytest.raises(OpsError, match=f"Endpoint {ENDPOINT} does not exist"):
        wait_in_service(sagemaker, ENDPOINT)


def endpoint_response(status: str, failure_reason: str = "") -> dict:
    response = {
        "EndpointName": ENDPOINT,
        "EndpointArn": f"arn:aws:sagemaker:eu-west-1:111111111111:endpoint/{ENDPOINT}",
        "EndpointStatus": status,
        "CreationTime": "2026-01-01T00:00:00Z",
        "LastModifiedTime": "2026-01-01T00:00:00Z",
    }
    return {**response, "FailureReason": failure_reason} if failure_reason else response


def stubbed_statuses(statuses: list[str], failure_reason: str = "") -> tuple[object, Stubber]:
    sagemaker = client("sagemaker")
    stubber = Stubber(sagemaker)
    for status in statuses:
        stubber.add_response("describe_endpoint", endpoint_response(status, failure_reason), {"EndpointName": ENDPOINT})
    return sagemaker, stubber


def test_waiting_reports_progress_until_in_service(aws, capsys):
    sagemaker, stubber = stubbed_statuses(["Updating", "Updating", "InService"])
    with stubber:
        assert wait_in_service(sagemaker, ENDPOINT, poll=1, sleep=lambda _: None)["EndpointStatus"] == "InService"
    assert capsys.readouterr().err.splitlines() == [f"endpoint {ENDPOINT}: Updating", f"endpoint {ENDPOINT}: InService"]


def test_a_failed_endpoint_fails_with_its_reason(aws):
    sagemaker, stubber = stubbed_statuses(["Updating", "Failed"], failure_reason="image pull failed")
    with stubber, pytest.raises(OpsError, match="is Failed: image pull failed"):
        wait_in_service(sagemaker, ENDPOINT, poll=1, sleep=lambda _: None)


def test_an_endpoint_stuck_updating_times_out(aws):
    sagemaker, stubber = stubbed_statuses(["Updating"] * 4)
    ticks = iter(range(0, 1000, 100))
    with stubber, pytest.raises(OpsError, match="still Updating after 250 s: it looks stuck"):
        wait_in_service(sagemaker, ENDPOINT, timeout=250, poll=100, sleep=lambda _: None, clock=lambda: next(ticks))


def test_throttling_is_retried_with_backoff_then_given_up(aws):
    sagemaker = client("sagemaker")
    stubber = Stubber(sagemaker)
    for _ in range(2):
        stubber.add_client_error("describe_endpoint", service_error_code="ThrottlingException", http_status_code=400)
    stubber.add_response("describe_endpoint", endpoint_response("InService"))
    for _ in range(6):
        stubber.add_client_error("describe_endpoint", service_error_code="ThrottlingException", http_status_code=400)
    delays: list[float] = []
    with stubber:
        assert wait_in_service(sagemaker, ENDPOINT, sleep=delays.append)["EndpointStatus"] == "InService"
        assert delays == [1.0, 2.0]
        with pytest.raises(OpsError, match="kept throttling the request after 6 attempts"):
            wait_in_service(sagemaker, ENDPOINT, sleep=delays.append)
