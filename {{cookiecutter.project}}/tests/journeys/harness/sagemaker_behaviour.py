"""SageMaker behaviours moto 5 lacks, added to its server in this process, each as AWS documents it.

- `UpdateEndpoint` (moto has none): the endpoint moves to the new endpoint config, unless the config serves a
  package the journey marked `alarming`, in which case the blue/green rollout's alarms trip and SageMaker rolls
  back to the old config (SageMaker developer guide, "Auto-Rollback Configuration and Monitoring") and the endpoint
  stays InService on it.
- `InvokeEndpoint` (moto returns a fixed body): the serving container's contract, not its model: one probability
  per CSV row, and a 4xx `ModelError` for a row that is not numbers; a package marked `broken` answers 5xx.

What this cannot know: real instance start-up, real model behaviour, alarm timing.
"""

import json
from typing import Any

from moto.core.responses import ActionResult
from moto.sagemaker.models import sagemaker_backends
from moto.sagemaker.responses import SageMakerResponse
from moto.sagemakerruntime.responses import SageMakerRuntimeResponse

from . import cross_account, pipelines

ALARMING: set[str] = set()  # package ARNs whose rollout trips the endpoint's alarms
BROKEN: set[str] = set()  # package ARNs whose container answers every request with a 5xx
ROLLBACKS: list[str] = []  # endpoint names SageMaker rolled back


def reset() -> None:
    pipelines.STEPS.clear()
    cross_account.POLICIES.clear()
    ALARMING.clear()
    BROKEN.clear()
    ROLLBACKS.clear()


def install() -> None:
    pipelines.install()
    cross_account.install()
    SageMakerResponse.update_endpoint = _update_endpoint  # type: ignore[attr-defined]
    SageMakerRuntimeResponse.invoke_endpoint = _invoke_endpoint  # type: ignore[method-assign]


def packages_of(backend: Any, config_name: str) -> list[str]:
    """The model packages behind an endpoint config's variants."""
    found = []
    for variant in backend.endpoint_configs[config_name].production_variants:
        model = backend._models[variant["ModelName"]]
        containers = model.containers or [model.primary_container or {}]
        found += [container["ModelPackageName"] for container in containers if container.get("ModelPackageName")]
    return found


def _update_endpoint(self: SageMakerResponse) -> ActionResult:
    backend = self.sagemaker_backend
    endpoint = backend.endpoints[self._get_param("EndpointName")]
    config_name = self._get_param("EndpointConfigName")
    new_config = backend.describe_endpoint_config(config_name)  # raises ValidationError when it does not exist
    if ALARMING & set(packages_of(backend, config_name)):
        ROLLBACKS.append(endpoint.endpoint_name)
    else:
        endpoint.endpoint_config_name = config_name
        endpoint.production_variants = endpoint._process_production_variants(new_config["ProductionVariants"])
    return ActionResult({"EndpointArn": endpoint.arn})


def _invoke_endpoint(self: SageMakerRuntimeResponse) -> tuple[int, dict[str, str], str]:
    name = self.path.split("/")[2]
    backend = sagemaker_backends[self.current_account][self.region]
    if name not in backend.endpoints:
        return _error(400, "ValidationError", f"Endpoint {name} of account {self.current_account} not found.")
    packages = packages_of(backend, backend.endpoints[name].endpoint_config_name)
    if BROKEN & set(packages):
        return _model_error(500, "The model server crashed while loading the model.")
    body = self.body.decode() if isinstance(self.body, bytes) else self.body
    rows = [line for line in body.splitlines() if line.strip()]
    if not all(_numbers(row) for row in rows):
        return _model_error(400, "could not convert string to float")
    return 200, {"Content-Type": "text/csv", "x-Amzn-Invoked-Production-Variant": "AllTraffic"}, "0.5\n" * len(rows)


def _numbers(row: str) -> bool:
    try:
        [float(cell) for cell in row.split(",")]
    except ValueError:
        return False
    return True


def _model_error(original_status: int, message: str) -> tuple[int, dict[str, str], str]:
    """The error SageMaker returns when the container answers non-2xx (InvokeEndpoint API reference)."""
    body = {"OriginalStatusCode": original_status, "OriginalMessage": message, "Message": message}
    headers = {
        "status": "424",
        "x-amzn-ErrorType": "ModelError",
        "Content-Type": "application/json",
    }  # moto reads "status"
    return 424, headers, json.dumps(body)


def _error(status: int, code: str, message: str) -> tuple[int, dict[str, str], str]:
    headers = {"status": str(status), "x-amzn-ErrorType": code, "Content-Type": "application/json"}
    return status, headers, json.dumps({"message": message})
