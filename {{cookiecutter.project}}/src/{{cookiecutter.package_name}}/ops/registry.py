"""The model registry: find approved packages, approve or reject one, and read a package's lineage.

The package group lives in preprod; prod reads it across accounts, so every call names the group by its ARN.
A package's version is the last segment of its ARN (`.../model-package/<group>/<version>`).
"""

import re
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from ..environments import ENVIRONMENTS, MODEL_PACKAGE_GROUP, REGION
from .aws import OpsError, error_code, with_backoff

APPROVED, REJECTED, PENDING = "Approved", "Rejected", "PendingManualApproval"
REGISTRY = ENVIRONMENTS["preprod"]  # the environment whose account holds the package group
GROUP_ARN = REGISTRY.model_package_group_arn
_ARN_PATTERN = re.compile(r"arn:aws[a-z-]*:sagemaker:[a-z0-9-]+:\d{12}:model-package/([a-z0-9-]+)/(\d+)", re.I)


@dataclass(frozen=True)
class ModelPackage:
    arn: str
    version: int
    status: str

    def outputs(self) -> dict[str, str]:
        """The step outputs the workflows read, e.g. `steps.package.outputs.model_package_arn`."""
        return {"model_package_arn": self.arn, "model_package_version": str(self.version)}


def parse_arn(arn: str) -> tuple[str, int]:
    """The (group, version) of a model package ARN in the registry's account and region, or an OpsError naming the
    rule it breaks. Matched in full, so a value carrying a line break or anything else around the ARN is refused."""
    match = _ARN_PATTERN.fullmatch(arn)
    if not match:
        raise OpsError(
            f"Model package ARN {arn!r} is malformed: expected arn:aws:sagemaker:<region>:<account>:"
            "model-package/<group>/<version>."
        )
    region, account = arn.split(":")[3:5]
    if (account, region) != (REGISTRY.account_id, REGION):
        raise OpsError(
            f"Model package ARN {arn!r} is refused: packages come only from the registry in account "
            f"{REGISTRY.account_id}, region {REGION}."
        )
    return match.group(1), int(match.group(2))


def approved_packages(sagemaker: Any) -> list[ModelPackage]:
    """Every approved package of the project's group, oldest version first."""
    packages, request = [], {"ModelPackageGroupName": GROUP_ARN, "ModelApprovalStatus": APPROVED, "MaxResults": 100}
    while True:
        page = with_backoff(lambda request=request: sagemaker.list_model_packages(**request))
        packages += [_summary(item) for item in page["ModelPackageSummaryList"]]
        if not page.get("NextToken"):
            return sorted(packages, key=lambda package: package.version)
        request = {**request, "NextToken": page["NextToken"]}


def describe(sagemaker: Any, arn: str) -> ModelPackage:
    """The package at `arn`, checked to belong to this project's group."""
    group, version = parse_arn(arn)
    if group != MODEL_PACKAGE_GROUP:
        raise OpsError(f"Model package {arn} belongs to group {group!r}, not this project's {MODEL_PACKAGE_GROUP!r}.")
    try:
        found = with_backoff(lambda: sagemaker.describe_model_package(ModelPackageName=arn))
    except ClientError as error:
        if error_code(error) in {"ValidationException", "ResourceNotFound"}:
            raise OpsError(f"Model package version {version} ({arn}) does not exist.") from error
        raise OpsError(f"Model package version {version} ({arn}) cannot be read: {error}") from error
    return ModelPackage(arn, version, found["ModelApprovalStatus"])


def require_approved(sagemaker: Any, arn: str) -> ModelPackage:
    """The package at `arn` if it is approved; deploying anything else is refused."""
    package = describe(sagemaker, arn)
    if package.status != APPROVED:
        raise OpsError(
            f"Model package version {package.version} is {package.status}, not Approved: only approved packages "
            "are deployed (approve it first, see docs/runbooks/approve.md)."
        )
    return package


def set_status(sagemaker: Any, arn: str, status: str, note: str) -> ModelPackage:
    """Approve or reject the package at `arn`, with `note` as the recorded reason."""
    package = describe(sagemaker, arn)
    if not note.strip():
        raise OpsError(f"The note for {status.lower()} version {package.version} is empty: say why, for the record.")
    with_backoff(
        lambda: sagemaker.update_model_package(
            ModelPackageArn=arn, ModelApprovalStatus=status, ApprovalDescription=note.strip()[:1024]
        )
    )
    return ModelPackage(arn, package.version, status)


def lineage(sagemaker: Any, arn: str) -> dict[str, str]:
    """Where the package came from: the pipeline execution that registered it, and the commit it was built from."""
    found = with_backoff(lambda: sagemaker.describe_model_package(ModelPackageName=arn))
    metadata, custom = found.get("MetadataProperties", {}), found.get("CustomerMetadataProperties", {})
    return {
        "pipeline_execution_arn": metadata.get("GeneratedBy") or custom.get("pipeline_execution_arn") or "unknown",
        "source_commit": metadata.get("CommitId") or custom.get("git_commit") or "unknown",
    }


def _summary(item: dict[str, Any]) -> ModelPackage:
    return ModelPackage(item["ModelPackageArn"], parse_arn(item["ModelPackageArn"])[1], item["ModelApprovalStatus"])
