"""SageMaker Pipelines' step caching, replayed offline over the SDK-built definition, to tell a run that retrains
from one that hands back an old model.

What it follows (SageMaker Developer Guide):
- "Default cache key attributes by pipeline step type" (pipelines-default-keys.html): the attributes of a step's job
  request that make its cache key, per step type (KEY_ATTRIBUTES).
- "Caching pipeline steps" (pipelines-caching.html): a step with caching enabled reuses the earlier successful run
  whose key attributes are equal to its own; one without a CacheConfig runs every time. The values compared are the
  resolved ones: another step's property takes the value that step's run (or reused run) gave, as a model step's
  new name makes the next step miss every time (aws/sagemaker-python-sdk#3392). What an S3 URI holds is not read.

The S3 bucket is a directory. Processing jobs that run preprocess.py run for real, in process, with the job's own
arguments; other jobs only resolve their arguments. What it cannot know: ExpireAfter (every run here is inside it),
retries, and whether Pipelines resolves a value this module resolves differently (the definition's schema is
followed, not the service's code).
"""

import hashlib
import json
import re
import shutil
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from {{ cookiecutter.package_name }}.steps import preprocess

KEY_ATTRIBUTES = {
    "Processing": ("AppSpecification", "Environment", "ProcessingInputs"),
    "Training": ("AlgorithmSpecification", "CheckpointConfig", "DebugHookConfig", "DebugRuleConfigurations",
                 "Environment", "HyperParameters", "InputDataConfig"),
}  # fmt: skip
_INDEXED = re.compile(r"(\w+)\['([^']+)'\]")


class StepFailed(RuntimeError):
    """A job the replay ran exited non-zero; the message is its step's name and output."""


@dataclass(frozen=True)
class StepRun:
    step: str
    execution: str
    arguments: Mapping[str, Any]  # resolved
    key: str | None  # None: caching off for this step


@dataclass
class Execution:
    execution_id: str
    runs: dict[str, StepRun] = field(default_factory=dict)
    reused: set[str] = field(default_factory=set)  # steps whose earlier run was handed back


class Pipelines:
    """One pipeline's executions over a bucket directory, with the service's step caching."""

    def __init__(self, definition: Mapping[str, Any], s3_root: Path) -> None:
        self.definition, self.s3_root, self.history = definition, s3_root, list[StepRun]()
        self.defaults = {p["Name"]: p.get("DefaultValue") for p in definition["Parameters"]}

    def path(self, uri: str) -> Path:
        return self.s3_root / uri.removeprefix("s3://")

    def execute(self, before: Mapping[str, Callable[[], None]] | None = None) -> Execution:
        """A new execution at the parameters' defaults; `before[step]` runs just before that step does."""
        execution = Execution(f"execution-{len({run.execution for run in self.history}) + 1}")
        for step in in_order(self.definition["Steps"]):
            (before or {}).get(step["Name"], lambda: None)()
            arguments = _Resolver(self, execution)(step.get("Arguments", {}))
            key = _cache_key(step, arguments)
            earlier = next((r for r in self.history if key and r.step == step["Name"] and r.key == key), None)
            if earlier:
                execution.runs[step["Name"]] = earlier
                execution.reused.add(step["Name"])
                continue
            if _runs_preprocess(step):
                self._run_preprocess(step["Name"], arguments)
            execution.runs[step["Name"]] = StepRun(step["Name"], execution.execution_id, arguments, key)
            self.history.append(execution.runs[step["Name"]])
        return execution

    def _run_preprocess(self, name: str, arguments: Mapping[str, Any]) -> None:
        """preprocess.py with the job's arguments; its input and output directories mapped to the bucket."""
        [data] = [i["S3Input"]["S3Uri"] for i in arguments["ProcessingInputs"] if i["InputName"] == "data"]
        with tempfile.TemporaryDirectory() as output:
            given = [*arguments["AppSpecification"].get("ContainerArguments", []), "--input-dir", str(self.path(data))]
            if preprocess.main([*given, "--output-dir", output]) != 0:
                raise StepFailed(f"{name} failed (its message is above)")
            for out in arguments["ProcessingOutputConfig"]["Outputs"]:
                local = Path(out["S3Output"]["LocalPath"]).relative_to("/opt/ml/processing/output")
                shutil.copytree(Path(output) / local, self.path(out["S3Output"]["S3Uri"]), dirs_exist_ok=True)


def in_order(steps: list[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The definition's steps in its order, a condition replaced by its passing branch (the gate passes here)."""
    found = []
    for step in steps:
        found += in_order(step["Arguments"]["IfSteps"]) if step["Type"] == "Condition" else [step]
    return found


def _runs_preprocess(step: Mapping[str, Any]) -> bool:
    inputs = step["Arguments"].get("ProcessingInputs", []) if step["Type"] == "Processing" else []
    return any(i["InputName"] == "code" and str(i["S3Input"]["S3Uri"]).endswith("/preprocess.py") for i in inputs)


def _cache_key(step: Mapping[str, Any], arguments: Mapping[str, Any]) -> str | None:
    if not step.get("CacheConfig", {}).get("Enabled"):
        return None
    attributes = {name: arguments.get(name) for name in KEY_ATTRIBUTES[step["Type"]]}
    return hashlib.sha256(json.dumps(attributes, sort_keys=True).encode()).hexdigest()


class _Resolver:
    """Pipeline expressions as one execution sees them (pipeline definition schema 2020-12-01)."""

    def __init__(self, pipelines: Pipelines, execution: Execution) -> None:
        self.pipelines, self.execution = pipelines, execution

    def __call__(self, value: Any) -> Any:
        if isinstance(value, list):
            return [self(item) for item in value]
        if not isinstance(value, Mapping):
            return value
        if "Std:Join" in value:
            return value["Std:Join"]["On"].join(str(self(part)) for part in value["Std:Join"]["Values"])
        if "Std:JsonGet" in value:
            return self._json_get(value["Std:JsonGet"])
        if "Get" in value:
            return self._get(value["Get"])
        return {name: self(item) for name, item in value.items()}

    def _get(self, reference: str) -> Any:
        kind, _, path = reference.partition(".")
        if kind == "Parameters":
            return self.pipelines.defaults[path]
        if kind == "Execution":
            return {"PipelineExecutionId": self.execution.execution_id,
                    "PipelineExecutionArn": f"arn:pipeline-execution/{self.execution.execution_id}"}[path]  # fmt: skip
        step, _, path = path.partition(".")
        run = self.execution.runs[step]
        if path == "ModelArtifacts.S3ModelArtifacts":  # the job's name is Pipelines' own, per execution
            return f"{run.arguments['OutputDataConfig']['S3OutputPath']}/{run.execution}-{step}/output/model.tar.gz"
        node: Any = run.arguments
        for part in path.split("."):
            indexed = _INDEXED.fullmatch(part)
            node = next(e for e in node[indexed[1]] if indexed[2] in e.values()) if indexed else node[part]
        return node

    def _json_get(self, get: Mapping[str, Any]) -> Any:
        step, _, name = get["PropertyFile"]["Get"].removeprefix("Steps.").partition(".PropertyFiles.")
        [file] = [f for f in _step(self.pipelines.definition, step)["PropertyFiles"] if f["PropertyFileName"] == name]
        outputs = self.execution.runs[step].arguments["ProcessingOutputConfig"]["Outputs"]
        [uri] = [o["S3Output"]["S3Uri"] for o in outputs if o["OutputName"] == file["OutputName"]]
        node = json.loads((self.pipelines.path(uri) / file["FilePath"]).read_text())
        for part in get["Path"].split("."):
            node = node[part]
        return node


def _step(definition: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    return next(step for step in in_order(definition["Steps"]) if step["Name"] == name)
