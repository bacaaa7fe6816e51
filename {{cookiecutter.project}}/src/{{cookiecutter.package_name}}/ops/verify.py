"""Verify a deployment: the endpoint really runs the endpoint config and the package the stack applied.

A blue/green update that trips an alarm is rolled back by SageMaker itself; the infrastructure tool can still
report success, so the truth is read from the endpoint, never from the tool's exit code.
"""

from typing import Any

from .aws import OpsError
from .endpoints import serving, wait_in_service


def verify_deployment(
    sagemaker: Any, endpoint_name: str, expected_config: str, expected_package: str, **wait: Any
) -> str:
    """A one-line confirmation, or an OpsError saying how the endpoint differs from what was deployed."""
    endpoint = wait_in_service(sagemaker, endpoint_name, **wait)
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
