"""Endpoints: wait until one settles, read which endpoint config and model package it really serves, and verify
that against what the serving stack applied.

A blue/green update that trips an alarm is rolled back by SageMaker itself; the infrastructure tool can still
report success, so the truth is read from the endpoint, never from the tool's exit code.
"""

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from .aws import OpsError, error_code, with_backoff

SETTLING = frozenset({"Creating", "Updating", "SystemUpdating", "RollingBack"})


@dataclass(frozen=True)
class Serving:
    endpoint_config_name: str
    model_packages: tuple[str, ...]


def describe_endpoint(sagemaker: Any, name: str, sleep: Callable[[float], None] = time.sleep) -> dict[str, Any]:
    """describe_endpoint, with a missing endpoint reported as such rather than as a ValidationException."""
    try:
        return with_backoff(lambda: sagemaker.describe_endpoint(EndpointName=name), sleep=sleep)
    except ClientError as error:
        if error_code(error) == "ValidationException" and "Could not find" in str(error):
            raise OpsError(f"Endpoint {name} does not exist: deploy the serving stack first.") from error
        raise


def wait_in_service(
    sagemaker: Any,
    name: str,
    timeout: float = 1800,
    poll: float = 30,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> dict[str, Any]:
    """The endpoint once InService, reporting each status change; a failure or a timeout raises an OpsError."""
    deadline, last_status = clock() + timeout, None
    while True:
        endpoint = describe_endpoint(sagemaker, name, sleep)
        status = endpoint["EndpointStatus"]
        if status != last_status:
            print(f"endpoint {name}: {status}", file=sys.stderr, flush=True)
            last_status = status
        if status == "InService":
            return endpoint
        if status not in SETTLING:
            reason = endpoint.get("FailureReason", "no reason given")
            raise OpsError(f"Endpoint {name} is {status}: {reason}.")
        if clock() >= deadline:
            raise OpsError(f"Endpoint {name} is still {status} after {timeout:.0f} s: it looks stuck, see its events.")
        sleep(poll)


def serving(sagemaker: Any, endpoint: dict[str, Any]) -> Serving:
    """The endpoint config an endpoint runs and the model packages behind its variants."""
    config_name = endpoint["EndpointConfigName"]
    config = with_backoff(lambda: sagemaker.describe_endpoint_config(EndpointConfigName=config_name))
    packages = []
    for variant in config["ProductionVariants"]:
        model = with_backoff(lambda variant=variant: sagemaker.describe_model(ModelName=variant["ModelName"]))
        containers = model.get("Containers") or [model.get("PrimaryContainer", {})]
        packages += [container["ModelPackageName"] for container in containers if container.get("ModelPackageName")]
    return Serving(config_name, tuple(packages))


def verify_deployment(sagemaker: Any, endpoint_name: str, expected_config: str, expected_package: str) -> str:
    """A one-line confirmation, or an OpsError saying how the endpoint differs from what was deployed."""
    endpoint = wait_in_service(sagemaker, endpoint_name)
    found = serving(sagemaker, endpoint)
    if found.endpoint_config_name != expected_config:
        raise OpsError(
            f"Endpoint {endpoint_name} runs endpoint config {found.endpoint_config_name}, not {expected_config} that "
            "the stack applied: SageMaker rolled the update back (see the endpoint's events and alarms)."
        )
    if expected_package not in found.model_packages:
        raise OpsError(
            f"Endpoint {endpoint_name} serves {', '.join(found.model_packages) or 'no model package'}, "
            f"not {expected_package}."
        )
    return f"Endpoint {endpoint_name} is InService with endpoint config {expected_config} serving {expected_package}."
