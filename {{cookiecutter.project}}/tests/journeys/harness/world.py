"""A world for the journeys: the repository as pushed (a git origin), the emulated AWS seeded by the bootstrap,
the GitHub stand-in, the secrets a person put in the repository's Environments, and the runner that plays jobs."""

import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from policy.graph import Graph, Resource

from {{ cookiecutter.package_name }}.environments import GITHUB_REPOSITORY, PROJECT, REGION

from . import tool_cache
from .actions import STAND_INS
from .aws import EmulatedAws
from .github_api import GitHubApi
from .player import JobResult, play_job
from .recorded import CallLog
from .workflow import Event, Workflow

TESTS_DIR = Path(__file__).resolve().parents[2]
RECORDER_DIR = Path(__file__).resolve().parent / "recorder"
NOT_PUSHED = {".venv", "build", ".git", ".pytest_cache", ".ruff_cache", "__pycache__", "work"}


def push(project: Path, destination: Path) -> Path:
    """The project as `git push` would publish it: its files committed, so git leaves out what it ignores."""
    shutil.copytree(project, destination, ignore=shutil.ignore_patterns(*NOT_PUSHED), symlinks=True)
    for command in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "generated"]):
        git(destination, *command)
    return destination


def _tool_cache_with_pulumi(origin: Path) -> Path:
    # The stand-in's own emulation of the provider is not a call the job makes: the provider-call table and its
    # evaluator (tests/infra) stand for those, so the recorder is off inside it.
    # It answers `pulumi version` with the version its place in the cache names (pulumi/<version>/bin/pulumi).
    version = '$(basename "$(dirname "$(dirname "$0")")")'
    script = (f'#!/bin/sh\nJOURNEYS_CALL_LOG= PULUMI_STANDIN_VERSION="{version}" PYTHONPATH="{TESTS_DIR}:$PYTHONPATH" '
              f'exec {sys.executable} -m journeys.harness.pulumi_cli "$@"\n')  # fmt: skip
    return tool_cache.with_pulumi(origin, script)


def git(cwd: Path, *args: str) -> str:
    command = ["git", "-c", "user.name=journeys", "-c", "user.email=journeys@example.com", *args]
    return subprocess.run(command, cwd=cwd, check=True, capture_output=True, text=True).stdout


class Runner:
    """What surrounds every job: the repository, stand-ins, secrets, and a machine with no AWS keys of its own."""

    def __init__(self, origin: Path, venv: Path, aws: EmulatedAws, github: GitHubApi,
                 secrets: dict[str, dict[str, str]], say: Callable[[str], None] = print) -> None:  # fmt: skip
        self.origin, self.venv, self.aws, self.github, self.secrets, self.say = origin, venv, aws, github, secrets, say
        self.repository, self.region, self.actions = GITHUB_REPOSITORY, REGION, dict(STAND_INS)
        self.tool_cache = _tool_cache_with_pulumi(origin)
        self.calls = CallLog(Path(tempfile.mkdtemp(prefix="aws-calls-")) / "calls.jsonl")
        self._runs = itertools.count(1000)
        self._shas: dict[str, str] = {}  # ref → commit, for the run being played
        self._tokens: dict[tuple[int, str], str] = {}  # (run, job) → the job's token
        self.run_id = 0

    def play(self, name: str, event: Event, jobs: list[str] | None = None,
             assume: dict[str, JobResult] | None = None) -> dict[str, JobResult]:  # fmt: skip
        """Every job of workflow `name` the event starts (or just `jobs`), in `needs:` order; `assume` stands for
        needed jobs that are not played."""
        workflow = self.workflow(name, event)
        if not workflow.runs_on(event):
            raise ValueError(f"{name}.yml does not run on {event.name} {event.payload.get('action', '')}".strip())
        self.run_id, self._shas = next(self._runs), {}
        self.say(f"{name}.yml on {event.name} (run {self.run_id})")
        results: dict[str, JobResult] = dict(assume or {})
        for job_id in workflow.order():
            if jobs is None or job_id in jobs:
                needs = {need: results.get(need, JobResult(need, "skipped")) for need in workflow.needs(job_id)}
                results[job_id] = play_job(workflow, job_id, event, self, needs)
        return results

    def workflow(self, name: str, event: Event) -> Workflow:
        """The workflow file as committed on the ref the event runs (a pull request's head)."""
        ref = event.payload.get("pull_request", {}).get("head", {}).get("ref") or event.ref.removeprefix("refs/heads/")
        directory = Path(tempfile.mkdtemp(prefix="workflow-"))
        path = directory / f"{name}.yml"
        path.write_text(git(self.origin, "show", f"{ref}:.github/workflows/{name}.yml"))
        return Workflow.load(path)

    def deployed(self, project: str, stack: str) -> Graph:
        """What the stand-in's last `up` of `project`/`stack` recorded in the state bucket, as a resource graph."""
        s3 = self.aws.admin(self.aws.seed.state_account, "s3")
        key = f".pulumi/stacks/{PROJECT}-{project}/{stack}.json"
        state = json.loads(s3.get_object(Bucket=self.aws.seed.state_bucket, Key=key)["Body"].read())
        resources = tuple(Resource(r["urn"], r["type"], r["name"], r["inputs"], r["custom"],
                                   dependencies=tuple(r["dependencies"])) for r in state["resources"])  # fmt: skip
        return Graph(resources=resources, outputs=state["outputs"])

    def github_context(self, event: Event, workflow: Workflow, job_id: str) -> dict[str, Any]:
        ref = event.payload.get("pull_request", {}).get("head", {}).get("ref") or event.ref
        if ref not in self._shas:  # asked for by every expression: one `git rev-parse` per run, not per evaluation
            self._shas[ref] = git(self.origin, "rev-parse", ref).strip()
        sha = self._shas[ref]
        return {"event_name": event.name, "event": event.payload, "repository": self.repository,
                "repository_owner": self.repository.split("/")[0], "ref": event.ref, "sha": sha,
                "run_id": str(self.run_id), "workflow": workflow.name, "job": job_id, "actor": "journeys",
                "server_url": "https://github.com", "token": self._token(workflow, job_id)}  # fmt: skip

    def secrets_for(self, environment: str | None, event: Event) -> dict[str, str]:
        """Repository secrets, plus the Environment's for a job that runs in it (GitHub's secrets docs)."""
        return {**self.secrets.get("repository", {}), **(self.secrets.get(environment, {}) if environment else {})}

    def token(self, job: Any) -> str:
        return self._token(job.workflow, job.job_id)

    def _token(self, workflow: Workflow, job_id: str) -> str:
        """The job's GITHUB_TOKEN (`github.token`), scoped by its `permissions:`; one per job of the run."""
        key = (self.run_id, job_id)
        if key not in self._tokens:
            scopes = ("actions", "contents", "deployments", "pull-requests", "issues", "statuses")
            self._tokens[key] = self.github.token_for(job_id, {s: workflow.permission(job_id, s) for s in scopes})
        return self._tokens[key]

    def machine_env(self, job: Any) -> dict[str, str]:
        venv_bin = str(Path(sys.executable).parent)
        path = os.pathsep.join(p for p in os.environ["PATH"].split(os.pathsep) if p != venv_bin)
        event_path = job.home / "tmp" / "event.json"
        event_path.write_text(json.dumps(job.event.payload))
        sha = self.github_context(job.event, job.workflow, job.job_id)["sha"]
        return {
            "PATH": path, "HOME": str(job.home), "LANG": "C.UTF-8", "CI": "true", "GITHUB_ACTIONS": "true",
            "GITHUB_WORKSPACE": str(job.workspace), "GITHUB_REPOSITORY": self.repository,
            "GITHUB_EVENT_NAME": job.event.name, "GITHUB_EVENT_PATH": str(event_path), "GITHUB_REF": job.event.ref,
            "GITHUB_SHA": sha, "GITHUB_RUN_ID": str(self.run_id), "GITHUB_SERVER_URL": "https://github.com",
            "RUNNER_TEMP": str(job.home / "tmp"), "RUNNER_TOOL_CACHE": str(self.tool_cache),
            # The emulated AWS is this machine's network; there are no AWS keys until a job assumes a role.
            "AWS_ENDPOINT_URL": self.aws.url, "AWS_EC2_METADATA_DISABLED": "true", "GITHUB_API_URL": self.github.url,
            "STANDIN_STATE_ACCOUNT": self.aws.seed.state_account,
            # What the runner's own `make install` would give: the package imported from this checkout; and the
            # recorder of every AWS call the job's programs make (harness.recorded).
            "PYTHONPATH": os.pathsep.join([str(job.workspace / "src"), str(RECORDER_DIR)]),
            "JOURNEYS_CALL_LOG": str(self.calls.path),
        }  # fmt: skip
