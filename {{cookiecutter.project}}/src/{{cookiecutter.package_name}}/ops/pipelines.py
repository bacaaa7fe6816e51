"""Pipeline executions: start one in preprod, and wait for it while reporting each step's progress."""

import sys
import time
from collections.abc import Callable, Mapping
from typing import Any

from botocore.exceptions import ClientError

from ..environments import PIPELINE_NAME
from .aws import OpsError, error_code, with_backoff

TERMINAL = frozenset({"Succeeded", "Failed", "Stopped"})


def start(sagemaker: Any, parameters: Mapping[str, str], reason: str) -> str:
    """The ARN of a new execution of the project's pipeline, with `parameters` overriding its defaults."""
    try:
        started = with_backoff(
            lambda: sagemaker.start_pipeline_execution(
                PipelineName=PIPELINE_NAME,
                PipelineExecutionDescription=reason[:3072],
                PipelineParameters=[{"Name": name, "Value": value} for name, value in parameters.items()],
            )
        )
    except ClientError as error:
        if error_code(error) in {"ResourceNotFound", "ValidationException"}:
            message = f"Pipeline {PIPELINE_NAME} cannot start: {error} (is the platform stack deployed?)"
            raise OpsError(message) from error
        raise
    return started["PipelineExecutionArn"]


def steps(sagemaker: Any, execution_arn: str) -> list[dict[str, Any]]:
    """Every step of the execution, in the order SageMaker lists them."""
    found, request = [], {"PipelineExecutionArn": execution_arn}
    while True:
        page = with_backoff(lambda request=request: sagemaker.list_pipeline_execution_steps(**request))
        found += page["PipelineExecutionSteps"]
        if not page.get("NextToken"):
            return found
        request = {**request, "NextToken": page["NextToken"]}


def wait(
    sagemaker: Any,
    execution_arn: str,
    timeout: float = 4 * 3600,
    poll: float = 30,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> str:
    """The execution's final status, printing every step status change on the way."""
    deadline, seen = clock() + timeout, {}
    while True:
        execution = with_backoff(lambda: sagemaker.describe_pipeline_execution(PipelineExecutionArn=execution_arn))
        for step in steps(sagemaker, execution_arn):
            if seen.get(step["StepName"]) != step["StepStatus"]:
                seen[step["StepName"]] = step["StepStatus"]
                print(f"step {step['StepName']}: {step['StepStatus']}", file=sys.stderr, flush=True)
        status = execution["PipelineExecutionStatus"]
        if status in TERMINAL:
            print(f"pipeline execution {execution_arn}: {status}", file=sys.stderr, flush=True)
            return status
        if clock() >= deadline:
            raise OpsError(f"Pipeline execution {execution_arn} is still {status} after {timeout:.0f} s.")
        sleep(poll)
