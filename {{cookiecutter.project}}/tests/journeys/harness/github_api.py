"""A stand-in for the few GitHub REST endpoints the workflows call, over real HTTP, recording every call.

Routes follow GitHub's REST reference (deployments, deployment statuses, issue comments, repository dispatches,
environments and their deployment branch policies, teams).
A call to any other route answers 404 and is recorded as unknown, so a journey can fail on it. It checks the token
and the job's permissions (`deployments: write`, `pull-requests: write`) that GitHub's own API would demand.
"""

import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

ROUTES = {
    ("POST", r"/repos/(?P<repo>[^/]+/[^/]+)/deployments"): ("create_deployment", "deployments"),
    ("GET", r"/repos/(?P<repo>[^/]+/[^/]+)/deployments"): ("list_deployments", "deployments"),
    ("POST", r"/repos/(?P<repo>[^/]+/[^/]+)/deployments/(?P<id>\d+)/statuses"): ("create_status", "deployments"),
    ("POST", r"/repos/(?P<repo>[^/]+/[^/]+)/issues/(?P<number>\d+)/comments"): ("create_comment", "pull-requests"),
    ("POST", r"/repos/(?P<repo>[^/]+/[^/]+)/dispatches"): ("dispatch", "contents"),
    ("GET", r"/repos/(?P<repo>[^/]+/[^/]+)/environments/(?P<name>[^/]+)"): ("get_environment", "actions"),
    ("PUT", r"/repos/(?P<repo>[^/]+/[^/]+)/environments/(?P<name>[^/]+)"): ("put_environment", "administration"),
    ("POST", r"/repos/(?P<repo>[^/]+/[^/]+)/environments/(?P<name>[^/]+)/deployment-branch-policies"):
        ("create_branch_policy", "administration"),
    ("GET", r"/orgs/(?P<org>[^/]+)/teams/(?P<slug>[^/]+)"): ("get_team", "members"),
}  # fmt: skip


@dataclass
class GitHubRecords:
    deployments: list[dict[str, Any]] = field(default_factory=list)
    comments: list[dict[str, Any]] = field(default_factory=list)
    dispatches: list[dict[str, Any]] = field(default_factory=list)
    environments: dict[str, dict[str, Any]] = field(default_factory=dict)  # as GitHub answers "Get an environment"
    unknown: list[str] = field(default_factory=list)
    tokens: dict[str, dict[str, str]] = field(default_factory=dict)  # job token → its permissions

    def statuses(self, environment: str) -> list[str]:
        return [d["statuses"][-1]["state"] if d["statuses"] else "pending" for d in self.deployments
                if d["environment"] == environment]  # fmt: skip

    def create_deployment(self, body: dict[str, Any], **_: str) -> dict[str, Any]:
        deployment = {"id": len(self.deployments) + 1, "statuses": [], **body}
        self.deployments.append(deployment)
        return deployment

    def list_deployments(self, body: dict[str, Any], **_: str) -> list[dict[str, Any]]:
        return self.deployments

    def create_status(self, body: dict[str, Any], id: str, **_: str) -> dict[str, Any]:
        deployment = self.deployments[int(id) - 1]
        deployment["statuses"].append(body)
        return {"id": len(deployment["statuses"]), **body}

    def create_comment(self, body: dict[str, Any], number: str, **_: str) -> dict[str, Any]:
        comment = {"id": len(self.comments) + 1, "issue": int(number), **body}
        self.comments.append(comment)
        return comment

    def dispatch(self, body: dict[str, Any], **_: str) -> dict[str, Any]:
        self.dispatches.append(body)
        return {}

    def get_environment(self, body: dict[str, Any], name: str) -> dict[str, Any] | None:
        return self.environments.get(name)  # None: 404, as for an Environment never created

    def put_environment(self, body: dict[str, Any], name: str) -> dict[str, Any]:
        """GitHub's "Create or update an environment": reviewers become a `required_reviewers` protection rule."""
        rules = [{"type": "required_reviewers", "prevent_self_review": body.get("prevent_self_review", False),
                  "reviewers": body["reviewers"]}] if body.get("reviewers") else []  # fmt: skip
        branches = body.get("deployment_branch_policy")
        self.environments[name] = {"name": name, "protection_rules": rules, "deployment_branch_policy": branches,
                                   "branches": []}  # fmt: skip
        return self.environments[name]

    def create_branch_policy(self, body: dict[str, Any], name: str) -> dict[str, Any]:
        self.environments[name]["branches"].append(body["name"])
        return {"id": len(self.environments[name]["branches"]), **body}

    def get_team(self, body: dict[str, Any], org: str, slug: str) -> dict[str, Any]:
        return {"id": 4200 + len(slug), "slug": slug}


class GitHubApi:
    """The stand-in server; `url` goes where a workflow expects https://api.github.com."""

    def __init__(self) -> None:
        self.records = GitHubRecords()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.records))
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def token_for(self, job_id: str, permissions: dict[str, str]) -> str:
        token = f"ghs_standin_{len(self.records.tokens)}_{job_id}"
        self.records.tokens[token] = permissions
        return token

    def close(self) -> None:
        self.server.shutdown()


def _handler(records: GitHubRecords) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self._answer("GET")

        def do_POST(self) -> None:
            self._answer("POST")

        def do_PUT(self) -> None:
            self._answer("PUT")

        def _answer(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            path = self.path.split("?")[0]
            for (route_method, pattern), (name, scope) in ROUTES.items():
                match = re.fullmatch(pattern, path)
                if match and route_method == method:
                    return self._call(name, scope, body, match.groupdict())
            records.unknown.append(f"{method} {path}")
            self._send(404, {"message": f"the GitHub stand-in has no route {method} {path}"})

        def _call(self, name: str, scope: str, body: dict[str, Any], params: dict[str, str]) -> None:
            token = (self.headers.get("Authorization") or "").removeprefix("token ").removeprefix("Bearer ")
            granted = records.tokens.get(token)
            if granted is None:
                return self._send(401, {"message": "Bad credentials"})
            if not permits(name, granted.get(scope)):
                return self._send(403, {"message": f"Resource not accessible by integration ({scope})"})
            params.pop("repo", None)
            answer = getattr(records, name)(body, **params)
            if answer is None:
                return self._send(404, {"message": "Not Found"})
            self._send(201 if name.startswith("create") else 200, answer)

        def _send(self, status: int, payload: Any) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:  # keep the journeys' output readable
            return

    return Handler


def method_needs_write(name: str) -> bool:
    return not name.startswith(("list", "get"))


def permits(name: str, level: str | None) -> bool:
    """Writes need `write` of the route's scope, reads `read` (a listing of deployments, any repository reader)."""
    if method_needs_write(name):
        return level == "write"
    return level in ("read", "write") or name.startswith("list")
