"""Which approved package a release or a rollback deploys: `latest`, `previous`, a version number or an ARN.

Only approved packages qualify. `previous` is the newest approved version older than the one the serving stack
runs now, so rolling back twice walks back two releases instead of flipping between the last two.
"""

from typing import Any

from ..environments import MODEL_PACKAGE_GROUP
from .aws import OpsError
from .registry import REGISTRY, ModelPackage, approved_packages, parse_arn, require_approved

KEYWORDS = ("latest", "previous")


def resolve(sagemaker: Any, target: str, current_arn: str | None = None) -> ModelPackage:
    """The approved package `target` names; `current_arn` is what the stack serves (needed for `previous`)."""
    if target.startswith("arn:"):
        return require_approved(sagemaker, target)
    if target.isdigit():
        return require_approved(sagemaker, REGISTRY.model_package_arn(int(target)))
    if target not in KEYWORDS:
        raise OpsError(f"Target {target!r} is not valid: expected latest, previous, a version number or a package ARN.")
    approved = approved_packages(sagemaker)
    if not approved:
        raise OpsError(f"Model package group {MODEL_PACKAGE_GROUP} has no approved package: approve one first.")
    return approved[-1] if target == "latest" else _previous(approved, current_arn)


def _previous(approved: list[ModelPackage], current_arn: str | None) -> ModelPackage:
    if not current_arn:
        raise OpsError("Target 'previous' needs the package the stack serves now, and the stack records none.")
    current = parse_arn(current_arn)[1]
    older = [package for package in approved if package.version < current]
    if not older:
        raise OpsError(f"No approved package is older than the served version {current}: give a version number.")
    return older[-1]
