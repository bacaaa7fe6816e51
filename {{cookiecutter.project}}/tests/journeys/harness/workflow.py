"""A workflow file as the player reads it: its triggers, jobs, needs and permissions, straight from the YAML."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class Event:
    """What started a run: its name (`push`, `pull_request`, ...), the webhook payload and, for dispatches, inputs."""

    name: str
    payload: dict[str, Any] = field(default_factory=dict)
    ref: str = "refs/heads/main"
    inputs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Workflow:
    name: str
    path: Path
    triggers: dict[str, Any]
    env: dict[str, Any]
    permissions: Any
    jobs: dict[str, dict[str, Any]]

    @classmethod
    def load(cls, path: Path) -> "Workflow":
        raw = yaml.safe_load(path.read_text())
        triggers = raw.get(True, raw.get("on"))  # YAML 1.1 reads the key `on` as true
        triggers = [triggers] if isinstance(triggers, str) else triggers  # `on: push`, one event by name
        triggers = {name: {} for name in triggers} if isinstance(triggers, list) else dict(triggers or {})
        triggers = {name: spec or {} for name, spec in triggers.items()}
        return cls(raw["name"], path, triggers, raw.get("env") or {}, raw.get("permissions"), raw["jobs"])

    def runs_on(self, event: Event) -> bool:
        """Whether `event` starts this workflow (its type and branch filters included)."""
        spec = self.triggers.get(event.name)
        if spec is None:
            return False
        if event.name == "repository_dispatch" and "types" in spec:
            return event.payload.get("action") in spec["types"]
        branch = (event.payload.get("pull_request", {}).get("base", {}).get("ref") if event.name == "pull_request"
                  else event.ref.removeprefix("refs/heads/"))  # fmt: skip
        return "branches" not in spec or branch in spec["branches"]

    def order(self) -> list[str]:
        """Job ids in an order that respects `needs:`."""
        done: list[str] = []
        while len(done) < len(self.jobs):
            ready = [job for job in self.jobs if job not in done and set(self.needs(job)) <= set(done)]
            if not ready:
                raise ValueError(f"{self.path.name}: the jobs' needs form a cycle.")
            done += ready
        return done

    def needs(self, job_id: str) -> list[str]:
        needs = self.jobs[job_id].get("needs") or []
        return [needs] if isinstance(needs, str) else list(needs)

    def permission(self, job_id: str, scope: str) -> str:
        """The job's permission for `scope` (`id-token`, `pull-requests`, ...): the job's block replaces the
        workflow's entirely (GitHub's rule); `{}` grants nothing."""
        granted = self.jobs[job_id].get("permissions", self.permissions)
        if isinstance(granted, str):
            return "write" if granted == "write-all" else "read" if granted == "read-all" else "none"
        return (granted or {}).get(scope, "none")

    def environment(self, job_id: str) -> str | None:
        environment = self.jobs[job_id].get("environment")
        return environment.get("name") if isinstance(environment, dict) else environment

    def dispatch_inputs(self, given: dict[str, Any]) -> dict[str, Any]:
        """workflow_dispatch inputs: the declared defaults, overlaid by what was given; undeclared ones refused."""
        declared = self.triggers.get("workflow_dispatch", {}).get("inputs") or {}
        unknown = set(given) - set(declared)
        if unknown:
            raise ValueError(f"{self.path.name} declares no input {sorted(unknown)[0]!r}.")
        return {name: given.get(name, spec.get("default")) for name, spec in declared.items()}
