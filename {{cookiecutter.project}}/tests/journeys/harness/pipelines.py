"""A stand-in for SageMaker Pipelines running an execution, added to moto's server (moto runs nothing and has no
ListPipelineExecutionSteps): every step of the execution's own definition succeeds, in order, and the
RegisterModel step registers a package with exactly the arguments the definition gives it, its `Get` references
resolved to what that execution would have produced.

What this cannot know: whether the steps' code runs in their containers, the model's real metrics (the quality
gate is taken as passed), the artifacts' and property files' contents (a JsonGet becomes a string naming what it
would read).
"""

import json
from typing import Any

from moto.core.responses import ActionResult
from moto.sagemaker.models import sagemaker_backends
from moto.sagemaker.responses import SageMakerResponse

from .moto_admin import admin_client

STEPS: dict[str, list[dict[str, Any]]] = {}  # execution ARN → its steps, once it has "run"


def install() -> None:
    SageMakerResponse.list_pipeline_execution_steps = _list_steps  # type: ignore[attr-defined]


def _list_steps(self: SageMakerResponse) -> ActionResult:
    arn = self._get_param("PipelineExecutionArn")
    if arn not in STEPS:
        backend = sagemaker_backends[self.current_account][self.region]
        pipeline = backend.pipelines[arn.split("/")[1]]
        definition = json.loads(pipeline.pipeline_executions[arn].pipeline_definition_for_execution)
        STEPS[arn] = _run(definition["Steps"], arn, self.current_account, self.region)
    return ActionResult({"PipelineExecutionSteps": STEPS[arn]})


def _run(steps: list[dict[str, Any]], execution_arn: str, account: str, region: str) -> list[dict[str, Any]]:
    executed = []
    for step in steps:
        metadata: dict[str, Any] = {}
        if step["Type"] == "RegisterModel":
            arguments = resolve(step["Arguments"], execution_arn)
            created = admin_client(account, "sagemaker", region).create_model_package(**_api(arguments))
            metadata = {"RegisterModel": {"Arn": created["ModelPackageArn"]}}
        executed.append({"StepName": step["Name"], "StepStatus": "Succeeded", "Metadata": metadata})
        if step["Type"] == "Condition":  # the gate passes: its if-branch runs
            executed += _run(step["Arguments"].get("IfSteps", []), execution_arn, account, region)
    return executed


def resolve(value: Any, execution_arn: str) -> Any:
    """The definition's references (`{"Get": ...}`, `{"Std:Join": ...}`, `{"Std:JsonGet": ...}`) as values of this
    execution."""
    if isinstance(value, dict) and set(value) == {"Get"}:
        if value["Get"] == "Execution.PipelineExecutionArn":
            return execution_arn
        return f"s3://stand-in/{execution_arn.split('/')[-1]}/{value['Get'].replace('.', '/')}"
    if isinstance(value, dict) and set(value) == {"Std:JsonGet"}:  # no property file exists here: name what it reads
        get = value["Std:JsonGet"]
        return f"{get['PropertyFile']['Get']}.{get['Path']}@{execution_arn.split('/')[-1]}"
    if isinstance(value, dict) and set(value) == {"Std:Join"}:
        join = value["Std:Join"]
        return join["On"].join(str(resolve(item, execution_arn)) for item in join["Values"])
    if isinstance(value, dict):
        return {key: resolve(item, execution_arn) for key, item in value.items()}
    if isinstance(value, list):
        return [resolve(item, execution_arn) for item in value]
    return value


def _api(arguments: dict[str, Any]) -> dict[str, Any]:
    """The arguments as CreateModelPackage takes them: SDK-only members and empty ones dropped."""
    dropped = {"SkipModelValidation", "ModelMetrics"}
    return {key: value for key, value in arguments.items() if key not in dropped and value not in ({}, None)}
