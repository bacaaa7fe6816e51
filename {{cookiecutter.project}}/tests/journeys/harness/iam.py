"""A small IAM policy evaluator for the calls the stand-ins make themselves: OIDC trust, Pulumi state, secrets.

It follows AWS's policy evaluation logic (IAM User Guide, "Policy evaluation logic" and "Cross-account policy
evaluation logic"): an explicit Deny wins; within one account an Allow in the identity policy or the resource
policy suffices, except for KMS, whose key policy must allow (directly, or by naming the account so that IAM
policies decide); across accounts both sides must allow. Conditions it cannot evaluate (an operator or a key it is
not given) do not match, so an unknown condition can only deny, never grant. It is not the full evaluator: no
permission boundaries, SCPs, session policies or NotPrincipal.
"""

import fnmatch
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

Statement = Mapping[str, Any]


@dataclass(frozen=True)
class Request:
    principal_arn: str  # the role's ARN (aws:PrincipalArn), not the session's
    action: str
    resource: str
    context: Mapping[str, str]

    @property
    def account(self) -> str:
        return self.principal_arn.split(":")[4]


def statements(document: str | Mapping[str, Any] | None) -> list[Statement]:
    if not document:
        return []
    parsed = json.loads(document) if isinstance(document, str) else document
    found = parsed["Statement"]
    return [found] if isinstance(found, Mapping) else list(found)


def decide(request: Request, identity: Iterable[Statement], resource_policy: Iterable[Statement] | None,
           resource_account: str, kms: bool = False) -> str:  # fmt: skip
    """`allowed`, `explicit deny` or `implicit deny`, as AWS would answer the request."""
    identity, resource_policy = list(identity), list(resource_policy or [])
    by_identity = _effects(identity, request, None)
    by_resource = _effects(resource_policy, request, request)
    if "Deny" in by_identity | by_resource:
        return "explicit deny"
    same_account = resource_account == request.account
    delegated = any(_names_account(s, request.account) for s in resource_policy if s.get("Effect") == "Allow"
                    and _matches_request(s, request))  # fmt: skip
    if kms:
        granted = "Allow" in by_resource and (_names_role(resource_policy, request) or "Allow" in by_identity)
        return "allowed" if granted or (delegated and "Allow" in by_identity) else "implicit deny"
    if same_account:
        return "allowed" if "Allow" in by_identity | by_resource else "implicit deny"
    return "allowed" if "Allow" in by_identity and "Allow" in by_resource else "implicit deny"


def _effects(policy: list[Statement], request: Request, principal_of: Request | None) -> set[str]:
    effects = set()
    for statement in policy:
        if principal_of is not None and not _principal_matches(statement.get("Principal"), request):
            continue
        if _matches_request(statement, request):
            effects.add(statement.get("Effect", "Allow"))
    return effects


def _matches_request(statement: Statement, request: Request) -> bool:
    actions = _listed(statement.get("Action"))
    if "NotAction" in statement:
        action_ok = not any(_like(request.action, pattern, True) for pattern in _listed(statement["NotAction"]))
    else:
        action_ok = any(_like(request.action, pattern, True) for pattern in actions)
    if "NotResource" in statement:
        resource_ok = not any(_like(request.resource, p) for p in _listed(statement["NotResource"]))
    else:
        resource_ok = any(_like(request.resource, p) for p in _listed(statement.get("Resource", "*")))
    return action_ok and resource_ok and conditions_hold(statement.get("Condition") or {}, request.context)


def conditions_hold(condition: Mapping[str, Mapping[str, Any]], context: Mapping[str, str]) -> bool:
    """Every operator block holds: each key's value matches one of the listed values."""
    for operator, block in condition.items():
        for key, expected in block.items():
            actual = context.get(key)
            if actual is None or not _operator(operator, actual, _listed(expected)):
                return False
    return True


def _operator(operator: str, actual: str, expected: list[str]) -> bool:
    if operator in ("StringEquals", "ArnEquals"):
        return actual in expected
    if operator in ("StringLike", "ArnLike"):
        return any(_like(actual, pattern) for pattern in expected)
    if operator == "StringEqualsIgnoreCase":
        return actual.lower() in [value.lower() for value in expected]
    if operator == "Bool":
        return actual.lower() in [str(value).lower() for value in expected]
    return False  # an operator this evaluator does not know never grants


def _principal_matches(principal: Any, request: Request) -> bool:
    if principal == "*":
        return True
    if not isinstance(principal, Mapping):
        return False
    named = _listed(principal.get("AWS"))
    root = f"arn:aws:iam::{request.account}:root"
    return "*" in named or request.principal_arn in named or root in named or request.account in named


def _names_account(statement: Statement, account: str) -> bool:
    principal = statement.get("Principal")
    named = _listed(principal.get("AWS")) if isinstance(principal, Mapping) else []
    return f"arn:aws:iam::{account}:root" in named or account in named


def _names_role(policy: list[Statement], request: Request) -> bool:
    return any(request.principal_arn in _listed((s.get("Principal") or {}).get("AWS")) for s in policy
               if isinstance(s.get("Principal"), Mapping))  # fmt: skip


def _listed(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _like(value: str, pattern: str, ignore_case: bool = False) -> bool:
    """IAM's wildcard match: `*` any run of characters, `?` one character."""
    if ignore_case:
        value, pattern = value.lower(), pattern.lower()
    return fnmatch.fnmatchcase(value, pattern.replace("[", "[[]"))
