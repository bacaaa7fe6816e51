"""SageMaker's cross-account model registry, which moto lacks: a model package group's resource policy
(PutModelPackageGroupPolicy) and reads of another account's packages by ARN, allowed only as that policy and the
caller's role allow (SageMaker developer guide, "Cross-account model registry"; harness.iam decides).
"""

from moto.core.responses import ActionResult
from moto.iam.models import iam_backends
from moto.sagemaker.models import sagemaker_backends
from moto.sagemaker.responses import SageMakerResponse
from moto.sts.models import sts_backends

from . import iam

POLICIES: dict[tuple[str, str], str] = {}  # (account, group) → resource policy
_own_describe, _own_list = SageMakerResponse.describe_model_package, SageMakerResponse.list_model_packages


def install() -> None:
    SageMakerResponse.put_model_package_group_policy = _put_policy  # type: ignore[attr-defined]
    SageMakerResponse.delete_model_package_group_policy = _delete_policy  # type: ignore[attr-defined]
    SageMakerResponse.describe_model_package = _describe  # type: ignore[method-assign]
    SageMakerResponse.list_model_packages = _list  # type: ignore[method-assign]


def _put_policy(self: SageMakerResponse) -> ActionResult:
    POLICIES[(self.current_account, self._get_param("ModelPackageGroupName"))] = self._get_param("ResourcePolicy")
    return ActionResult({"ModelPackageGroupArn": self._get_param("ModelPackageGroupName")})


def _delete_policy(self: SageMakerResponse) -> ActionResult:
    POLICIES.pop((self.current_account, self._get_param("ModelPackageGroupName")), None)
    return ActionResult({})


def _describe(self: SageMakerResponse) -> ActionResult:
    arn = self._get_param("ModelPackageName")
    owner = _other_account(self, arn)
    if owner is None:
        return _own_describe(self)
    _authorize(self, owner, "sagemaker:DescribeModelPackage", arn)
    package = sagemaker_backends[owner][self.region].describe_model_package(model_package_name=arn)
    return ActionResult(package.gen_response_object())


def _list(self: SageMakerResponse) -> ActionResult:
    group = self._get_param("ModelPackageGroupName") or ""
    owner = _other_account(self, group)
    if owner is None:
        return _own_list(self)
    _authorize(self, owner, "sagemaker:ListModelPackages", group)
    backend = sagemaker_backends[owner][self.region]
    packages, _ = backend.list_model_packages(
        None, None, 100, None, self._get_param("ModelApprovalStatus"), group.split("/")[-1], "Versioned", None,
        None, None)  # fmt: skip
    return ActionResult({"ModelPackageSummaryList": [p.gen_response_object() for p in packages]})


def _other_account(self: SageMakerResponse, arn: str) -> str | None:
    parts = arn.split(":")
    return parts[4] if arn.startswith("arn:") and parts[4] != self.current_account else None


def _authorize(self: SageMakerResponse, owner: str, action: str, resource: str) -> None:
    role_arn = _caller_role(self)
    group = resource.split("/")[1] if "model-package/" in resource else resource.split("/")[-1]
    policy = iam.statements(POLICIES.get((owner, group)))
    identity = _identity_policy(self.current_account, role_arn)
    request = iam.Request(role_arn, action, resource, {"aws:PrincipalArn": role_arn})
    if iam.decide(request, identity, policy, owner) != "allowed":
        from moto.sagemaker.exceptions import ValidationError

        raise ValidationError(message=f"{role_arn} may not {action} on {resource} of account {owner}.")


def _caller_role(self: SageMakerResponse) -> str:
    assumed = sts_backends[self.current_account]["aws"].get_assumed_role_from_access_key(self.get_access_key())
    return assumed.role_arn if assumed else f"arn:aws:iam::{self.current_account}:root"


def _identity_policy(account: str, role_arn: str) -> list[iam.Statement]:
    role = iam_backends[account]["aws"].get_role(role_arn.split("/")[-1])
    return [s for document in role.policies.values() for s in iam.statements(document)]
