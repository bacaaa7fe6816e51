"""Whether the GitHub Environments guard the deploys, and making them do so, through GitHub's REST API.

GitHub creates an Environment that a workflow names on first use, with no protection at all (GitHub docs, "Managing
environments for deployment": referencing an environment that does not exist creates it), so a prod gate nobody
configured fails open. `problems` reads an Environment ("Get an environment": `protection_rules`,
`deployment_branch_policy`); `protect` gives it deployments from `main` only and, for prod, required reviewers who may
not approve their own runs ("Create or update an environment", "Create a deployment branch policy").

Plans (GitHub docs, "Reviewing deployments"): environments and their branch rules work in private repositories on
GitHub Pro, Team and Enterprise; required reviewers in private repositories need GitHub Enterprise.
"""

import json
import os
import urllib.error
import urllib.request
from typing import Any

from ..environments import GITHUB_REPOSITORY

DEPLOY_BRANCH = "main"
REVIEWED = ("prod",)  # the Environments whose deploys a person approves


class GitHubError(RuntimeError):
    def __init__(self, method: str, path: str, code: int) -> None:
        super().__init__(f"GitHub answered {code} to {method} {path}")
        self.code = code


def _call(method: str, path: str, token: str, body: dict[str, Any] | None = None) -> Any:
    api = os.environ.get("GITHUB_API_URL", "https://api.github.com")  # GitHub sets it on every runner
    request = urllib.request.Request(f"{api}{path}", method=method, data=json.dumps(body).encode() if body else None,
                                     headers={"Authorization": f"Bearer {token}",
                                              "Accept": "application/vnd.github+json"})  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as error:
        raise GitHubError(method, path, error.code) from None
    except urllib.error.URLError as error:
        raise RuntimeError(f"GitHub's API at {api} cannot be reached: {error.reason}") from None


def problems(environment: str, token: str) -> list[str]:
    """What keeps `environment` from guarding its deploys; [] when it does."""
    try:
        found = _call("GET", f"/repos/{GITHUB_REPOSITORY}/environments/{environment}", token)
    except GitHubError as error:
        if error.code != 404:
            raise
        return [f"the {environment} Environment does not exist, so GitHub would create it unprotected"]
    kinds = {rule.get("type") for rule in found.get("protection_rules") or []}
    branches = found.get("deployment_branch_policy") or {}
    issues = []
    if not branches.get("custom_branch_policies"):
        issues.append(f"the {environment} Environment admits deployments from any branch, not only {DEPLOY_BRANCH}")
    if environment in REVIEWED and "required_reviewers" not in kinds:
        issues.append(f"the {environment} Environment has no required reviewers, so nobody approves its deploys")
    return issues


def protect(environment: str, token: str, reviewers: list[dict[str, Any]]) -> None:
    """Deployments from main only; for the reviewed Environments, `reviewers` (`{"type": "Team", "id": …}`)."""
    body: dict[str, Any] = {"deployment_branch_policy": {"protected_branches": False, "custom_branch_policies": True}}
    if environment in REVIEWED:
        if not reviewers:
            raise ValueError(f"the {environment} Environment needs at least one reviewer (--team or --user)")
        body |= {"reviewers": reviewers, "prevent_self_review": True}
    path = f"/repos/{GITHUB_REPOSITORY}/environments/{environment}"
    _call("PUT", path, token, body)
    _call("POST", f"{path}/deployment-branch-policies", token, {"name": DEPLOY_BRANCH, "type": "branch"})


def reviewer(token: str, team: str | None = None, user: str | None = None) -> dict[str, Any]:
    """A reviewer as the API names it: by id, looked up from a team slug of the repository's owner or a login."""
    if team:
        owner = GITHUB_REPOSITORY.split("/")[0]
        return {"type": "Team", "id": _call("GET", f"/orgs/{owner}/teams/{team}", token)["id"]}
    return {"type": "User", "id": _call("GET", f"/users/{user}", token)["id"]}
