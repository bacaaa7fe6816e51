"""What a finished training run decided: a package registered for approval, or the quality gate said no.

The metrics come from the evaluation step's report (`evaluation.json` in its `evaluation` output), so the summary
shows them whichever way the gate went.
"""

import json
from dataclasses import dataclass, field
from typing import Any

from botocore.exceptions import ClientError

from .aws import with_backoff
from .pipelines import steps

EVALUATION_OUTPUT, EVALUATION_REPORT = "evaluation", "evaluation.json"
REGISTERED, GATE_FAILED, ERROR = "registered", "failed the gate", "error"


@dataclass(frozen=True)
class Outcome:
    status: str
    decision: str
    detail: str  # the package ARN, the gate's message or the error
    metrics: dict[str, float] = field(default_factory=dict)
    metrics_note: str = ""  # why the metrics are missing, when they are

    def markdown(self, execution_arn: str) -> str:
        lines = [f"### Training run: {self.decision}", "", f"- execution: `{execution_arn}` ({self.status})"]
        lines.append(f"- {'model package' if self.decision == REGISTERED else 'reason'}: {self.detail}")
        if self.metrics_note:
            lines.append(f"- metrics: {self.metrics_note}")
        if self.metrics:
            lines += ["", "| metric | value |", "|---|---|"]
            lines += [f"| {name} | {value:.4f} |" for name, value in sorted(self.metrics.items())]
        return "\n".join(lines) + "\n"


def outcome(sagemaker: Any, s3: Any, execution_arn: str, status: str) -> Outcome:
    """The decision the execution's steps recorded, with the evaluation metrics when they can be read."""
    executed = steps(sagemaker, execution_arn)
    try:
        metrics, note = _metrics(sagemaker, s3, executed), ""
    except (ClientError, ValueError) as error:  # the decision stands without them; say why they are missing
        metrics, note = {}, f"unavailable ({error})"
    for step in executed:
        metadata = step.get("Metadata", {})
        if "RegisterModel" in metadata and step["StepStatus"] == "Succeeded":
            return Outcome(status, REGISTERED, metadata["RegisterModel"]["Arn"], metrics, note)
        if "Fail" in metadata:
            return Outcome(status, GATE_FAILED, metadata["Fail"].get("ErrorMessage", "no message"), metrics, note)
    failures = [f"{step['StepName']}: {step['FailureReason']}" for step in executed if step.get("FailureReason")]
    return Outcome(status, ERROR, "; ".join(failures) or f"the execution ended {status}", metrics, note)


def _metrics(sagemaker: Any, s3: Any, executed: list[dict[str, Any]]) -> dict[str, float]:
    for step in executed:
        job_arn = step.get("Metadata", {}).get("ProcessingJob", {}).get("Arn")
        if not job_arn or step["StepStatus"] != "Succeeded":
            continue
        job_name = job_arn.split("/")[-1]
        job = with_backoff(lambda job_name=job_name: sagemaker.describe_processing_job(ProcessingJobName=job_name))
        for output in job.get("ProcessingOutputConfig", {}).get("Outputs", []):
            if output["OutputName"] == EVALUATION_OUTPUT:
                return _read_report(s3, output["S3Output"]["S3Uri"].rstrip("/") + "/" + EVALUATION_REPORT)
    return {}


def _read_report(s3: Any, uri: str) -> dict[str, float]:
    bucket, _, key = uri.removeprefix("s3://").partition("/")
    report = json.loads(with_backoff(lambda: s3.get_object(Bucket=bucket, Key=key))["Body"].read())
    return dict(_numbers(report))


def _numbers(node: Any, prefix: str = "") -> list[tuple[str, float]]:
    """Numeric leaves of a nested report, named by their path (`binary_classification_metrics.auc.value`)."""
    if isinstance(node, dict):
        return [pair for key, value in node.items() for pair in _numbers(value, f"{prefix}{key}.")]
    if isinstance(node, int | float) and not isinstance(node, bool):
        return [(prefix.rstrip("."), float(node))]
    return []
