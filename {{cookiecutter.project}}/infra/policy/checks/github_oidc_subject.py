"""checkov check CKV_KIT_1: a role trusted by GitHub's OIDC provider names one repository's environment or its PRs.

checkov's own CKV_AWS_393 accepts `repo:<owner>/*` (any branch, any workflow of the repository); a deploy role must
not. This file runs inside checkov's environment (loaded with `--external-checks-dir`), not the project's.
"""
# pyright: reportMissingImports=false, reportUnknownVariableType=false, reportUntypedBaseClass=false

import json
import re
from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

GITHUB_ISSUER = "token.actions.githubusercontent.com"
PINNED_SUBJECT = re.compile(r"^repo:[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+:(environment:[A-Za-z0-9_.-]+|pull_request)$")


class GithubOidcSubjectPinned(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Ensure a GitHub OIDC trust pins `sub` exactly to one repository environment or its pull requests",
            id="CKV_KIT_1",
            categories=(CheckCategories.IAM,),
            supported_resources=("aws_iam_role",),
        )

    def scan_resource_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        policy = _policy(conf.get("assume_role_policy", [None])[0])
        github_statements = [s for s in _statements(policy) if GITHUB_ISSUER in json.dumps(s.get("Principal", {}))]
        if all(_pinned(statement) for statement in github_statements):
            return CheckResult.PASSED
        return CheckResult.FAILED

    def get_evaluated_keys(self) -> list[str]:
        return ["assume_role_policy"]


def _policy(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            return {}
    return value if isinstance(value, dict) else {}


def _statements(policy: dict[str, Any]) -> list[dict[str, Any]]:
    statements = policy.get("Statement", [])
    return [s for s in (statements if isinstance(statements, list) else [statements]) if isinstance(s, dict)]


def _pinned(statement: dict[str, Any]) -> bool:
    """Only StringEquals on `sub` and `aud`, every subject fully named, the audience STS: no pattern operator."""
    condition = statement.get("Condition", {})
    equals = condition.get("StringEquals", {}) if isinstance(condition, dict) else {}
    patterned = any(f"{GITHUB_ISSUER}:sub" in json.dumps(v) for k, v in condition.items() if k != "StringEquals")
    subjects = equals.get(f"{GITHUB_ISSUER}:sub", [])
    subjects = subjects if isinstance(subjects, list) else [subjects]
    audience_ok = equals.get(f"{GITHUB_ISSUER}:aud") in ("sts.amazonaws.com", ["sts.amazonaws.com"])
    return bool(subjects) and audience_ok and not patterned and all(PINNED_SUBJECT.match(str(s)) for s in subjects)


check = GithubOidcSubjectPinned()
