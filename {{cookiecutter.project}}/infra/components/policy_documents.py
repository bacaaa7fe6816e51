"""IAM policy documents as plain dicts, so the tests and the policy gate read exactly what AWS will."""

import json
from collections.abc import Sequence
from typing import Any

Statement = dict[str, Any]


def document(statements: Sequence[Statement]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)}, sort_keys=True)


def allow(sid: str, actions: Sequence[str], resources: Sequence[str] | str, **extra: Any) -> Statement:
    return {"Sid": sid, "Effect": "Allow", "Action": list(actions), "Resource": resources, **extra}


def service_trust(service: str | Sequence[str], account_id: str) -> str:
    """A role only `service` (one or several) may assume, and only on behalf of this account (confused-deputy guard)."""
    return document(
        [
            {
                "Sid": "TrustedService",
                "Effect": "Allow",
                "Principal": {"Service": service if isinstance(service, str) else list(service)},
                "Action": "sts:AssumeRole",
                "Condition": {"StringEquals": {"aws:SourceAccount": account_id}},
            }
        ]
    )


def account_role_principal(account_id: str, role_arn: str) -> dict[str, Any]:
    """A cross-account grant to one role: the account as principal (valid before the role exists), pinned by ARN."""
    return {
        "Principal": {"AWS": f"arn:aws:iam::{account_id}:root"},
        "Condition": {"ArnEquals": {"aws:PrincipalArn": role_arn}},
    }
