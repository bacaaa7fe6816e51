"""GitHub OIDC trust policies: who may assume a role, pinned to one repository and one environment (or its PRs).

GitHub puts `repo:<owner>/<repo>:environment:<env>` in the token's `sub` when a job runs in an Environment, and
`repo:<owner>/<repo>:pull_request` for pull-request jobs. Matching with StringEquals (never StringLike) means a
branch, a fork or another workflow cannot present a matching subject.
"""

import json
import re

from bootstrap.config import ConfigError, Repository

GITHUB_OIDC_HOST = "token.actions.githubusercontent.com"
GITHUB_OIDC_URL = f"https://{GITHUB_OIDC_HOST}"
STS_AUDIENCE = "sts.amazonaws.com"
_PINNED = re.compile(r"^repo:[A-Za-z0-9-]+/[A-Za-z0-9._-]+:(environment:(preprod|prod)|pull_request)$")


def deploy_subject(repository: Repository, environment: str) -> str:
    return f"repo:{repository.full_name}:environment:{environment}"


def preview_subject(repository: Repository) -> str:
    return f"repo:{repository.full_name}:pull_request"


def pinned(subject: str) -> str:
    """The subject, if it names exactly one repository's environment or its pull requests; else a ConfigError.
    Every trust policy passes through here, so this is the one guard, whatever built the subject."""
    if not _PINNED.match(subject):
        raise ConfigError(
            f"sub = {subject!r} is refused: it must be repo:<owner>/<repo>:environment:<preprod|prod> or "
            "repo:<owner>/<repo>:pull_request, with no wildcard."
        )
    return subject


def trust_policy(provider_arn: str, subject: str) -> str:
    """The role's assume-role policy: only GitHub's OIDC provider, only for STS, only this exact subject."""
    statement = {
        "Sid": "GitHubActionsOidc",
        "Effect": "Allow",
        "Principal": {"Federated": provider_arn},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {
            "StringEquals": {
                f"{GITHUB_OIDC_HOST}:aud": STS_AUDIENCE,
                f"{GITHUB_OIDC_HOST}:sub": pinned(subject),
            }
        },
    }
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})
