{% raw %}"""The job player: replays a job of a workflow, read from the workflow file itself, as a GitHub runner does.

Steps run in order with the workflow's, job's and step's `env:`; `${{ }}` is resolved for the event; `if:` is
evaluated with the job's status; `$GITHUB_OUTPUT`, `$GITHUB_ENV`, `$GITHUB_PATH` and `$GITHUB_STEP_SUMMARY` are
honoured; `run:` goes to `bash --noprofile --norc -eo pipefail` (GitHub's bash default). Each `uses:` goes to a
stand-in (`harness.actions`); an action without one fails the replay. What the player does not model: services,
containers, matrices, caches, concurrency groups (a journey plays jobs one at a time) and timeouts.
"""

import os
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .expressions import Evaluator, ExpressionError, as_text, condition, interpolate
from .workflow import Event, Workflow


@dataclass
class StepResult:
    id: str | None
    name: str
    outcome: str  # success, failure or skipped
    outputs: dict[str, str] = field(default_factory=dict)


@dataclass
class JobResult:
    job_id: str
    result: str  # success, failure or skipped
    outputs: dict[str, str] = field(default_factory=dict)
    steps: list[StepResult] = field(default_factory=list)
    summary: str = ""
    log: str = ""

    def step(self, name: str) -> StepResult:
        return next(step for step in self.steps if step.name == name or step.id == name)


@dataclass
class Job:
    """One job being played: its workspace, files, environment and what its steps have produced so far."""

    workflow: Workflow
    job_id: str
    event: Event
    runner: Any  # harness.world.Runner: the stand-ins, secrets and the machine around the job
    needs: dict[str, JobResult]
    home: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="runner-")))
    env: dict[str, str] = field(default_factory=dict)
    path: list[str] = field(default_factory=list)
    steps: dict[str, StepResult] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)
    status: str = "success"

    @property
    def spec(self) -> dict[str, Any]:
        return self.workflow.jobs[self.job_id]

    @property
    def workspace(self) -> Path:
        return self.home / "work" / self.runner.repository.split("/")[1]

    @property
    def environment(self) -> str | None:
        return self.workflow.environment(self.job_id)

    def contexts(self, step_env: dict[str, str] | None = None) -> dict[str, Any]:
        return {
            "github": self.runner.github_context(self.event, self.workflow, self.job_id),
            "env": {**self.base_env(), **(step_env or {})},
            "inputs": self.workflow.dispatch_inputs(self.event.inputs) if self.event.name == "workflow_dispatch"
            else {},
            "secrets": self.runner.secrets_for(self.environment, self.event),
            "vars": {},
            "steps": {key: {"outputs": s.outputs, "outcome": s.outcome, "conclusion": s.outcome}
                      for key, s in self.steps.items()},
            "needs": {job: {"outputs": r.outputs, "result": r.result} for job, r in self.needs.items()},
            "job": {"status": self.status},
            "runner": {"os": "Linux", "arch": "X64", "temp": str(self.home / "tmp")},
        }  # fmt: skip

    def evaluator(self, step_env: dict[str, str] | None = None) -> Evaluator:
        return Evaluator(self.contexts(step_env), self.status_function)

    def status_function(self, name: str) -> bool:
        return {"success": self.status == "success", "failure": self.status == "failure", "always": True,
                "cancelled": False}[name]  # fmt: skip

    def base_env(self) -> dict[str, str]:
        """Workflow env, then job env (each may use expressions), then what steps exported with $GITHUB_ENV."""
        merged: dict[str, str] = {}
        for layer in (self.workflow.env, self.spec.get("env") or {}):
            merged |= {k: interpolate(str(v), Evaluator(self._bare_contexts(merged), self.status_function))
                       for k, v in layer.items()}  # fmt: skip
        return merged | self.env

    def _bare_contexts(self, env: dict[str, str]) -> dict[str, Any]:
        return {"github": self.runner.github_context(self.event, self.workflow, self.job_id), "env": env,
                "secrets": self.runner.secrets_for(self.environment, self.event), "vars": {},
                "inputs": self.event.inputs}  # fmt: skip

    def say(self, line: str) -> None:
        self.log.append(line)
        self.runner.say(f"  [{self.workflow.path.name}:{self.job_id}] {line}")


def play_job(workflow: Workflow, job_id: str, event: Event, runner: Any, needs: dict[str, JobResult]) -> JobResult:
    """Play one job; its result is `skipped` when its `if:` is false or a job it needs did not succeed."""
    job = Job(workflow, job_id, event, runner, needs)
    (job.home / "tmp").mkdir(parents=True)
    # At job level success() means every needed job succeeded (GitHub's rule); a skipped need counts as not.
    job.status = "success" if all(needs[name].result == "success" for name in workflow.needs(job_id)) else "failure"
    runs = condition(str(job.spec.get("if", "success()")), job.evaluator())
    job.status = "success"
    if not runs:
        job.say("skipped")
        return JobResult(job_id, "skipped")
    for index, spec in enumerate(job.spec.get("steps") or []):
        _play_step(job, index, spec)
    outputs = {k: interpolate(str(v), job.evaluator()) for k, v in (job.spec.get("outputs") or {}).items()}
    job.say(f"job {job.status}")
    return JobResult(job_id, job.status, outputs, list(job.steps.values()), _read(job, "summary"), "\n".join(job.log))


def _play_step(job: Job, index: int, spec: dict[str, Any]) -> None:
    key = spec.get("id") or f"__step{index}"
    name = spec.get("name") or spec.get("uses") or spec.get("run", "").splitlines()[0]
    if not condition(str(spec.get("if", "success()")), job.evaluator()):
        job.steps[key] = StepResult(spec.get("id"), name, "skipped")
        job.say(f"- {name}: skipped")
        return
    job.say(f"- {name}")
    files = {kind: job.home / "tmp" / f"{kind}-{index}" for kind in ("output", "env", "path")}
    for file in files.values():
        file.touch()
    try:
        step_env = {k: interpolate(str(v), job.evaluator()) for k, v in (spec.get("env") or {}).items()}
        env = _process_env(job, step_env, files)
        ok = _run(job, spec, env, step_env) if "run" in spec else _use(job, spec, env)
    except ExpressionError as error:
        raise ExpressionError(f"{job.workflow.path.name} job {job.job_id} step {name!r}: {error}") from None
    outcome = "success" if ok else "failure"
    job.steps[key] = StepResult(spec.get("id"), name, outcome, parse_outputs(files["output"].read_text()))
    job.env |= parse_outputs(files["env"].read_text())
    job.path = [line for line in files["path"].read_text().splitlines() if line] + job.path
    if not ok and not spec.get("continue-on-error"):
        job.status = "failure"
    job.say(f"  {outcome}")


def _process_env(job: Job, step_env: dict[str, str], files: dict[str, Path]) -> dict[str, str]:
    env = job.runner.machine_env(job) | job.base_env() | step_env
    env["PATH"] = os.pathsep.join([*job.path, env["PATH"]])
    summary = job.home / "tmp" / "summary"
    summary.touch()
    return env | {"GITHUB_OUTPUT": str(files["output"]), "GITHUB_ENV": str(files["env"]),
                  "GITHUB_PATH": str(files["path"]), "GITHUB_STEP_SUMMARY": str(summary)}  # fmt: skip


def _run(job: Job, spec: dict[str, Any], env: dict[str, str], step_env: dict[str, str]) -> bool:
    script = interpolate(spec["run"], job.evaluator(step_env))
    cwd = job.workspace / spec.get("working-directory", ".")
    command = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script]
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    for line in (result.stdout + result.stderr).splitlines():
        job.say(f"    {line}")
    return result.returncode == 0


def _use(job: Job, spec: dict[str, Any], env: dict[str, str]) -> bool:
    action = spec["uses"].split("@")[0]
    stand_in: Callable[..., bool] | None = job.runner.actions.get(action)
    if stand_in is None:
        raise ExpressionError(f"action {spec['uses']} has no stand-in: the player cannot replay it.")
    inputs = {k: interpolate(as_text(v), job.evaluator()) for k, v in (spec.get("with") or {}).items()}
    return stand_in(job, inputs, env)


def parse_outputs(text: str) -> dict[str, str]:
    """`name=value` lines and `name<<DELIM ... DELIM` blocks, as GitHub reads $GITHUB_OUTPUT and $GITHUB_ENV."""
    values, lines = {}, iter(text.splitlines())
    for line in lines:
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            block = []
            for inner in lines:
                if inner == delimiter:
                    break
                block.append(inner)
            values[name] = "\n".join(block)
        elif "=" in line:
            name, value = line.split("=", 1)
            values[name] = value
    return values


def _read(job: Job, name: str) -> str:
    path = job.home / "tmp" / name
    return path.read_text() if path.exists() else ""
{% endraw %}