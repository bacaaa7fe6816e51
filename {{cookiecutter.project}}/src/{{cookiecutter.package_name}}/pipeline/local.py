"""The Docker-free local run: the pipeline's own step scripts, in its order, with its quality gate.

SageMaker path → local path (under the work directory):
    /opt/ml/processing/input/data          → data/            (the sample table unless --data-dir is given)
    /opt/ml/processing/output/manifest     → run/manifest/    (manifest.json: the data's files and digest)
    /opt/ml/processing/output/{train,test} → run/preprocess/{train,test}
    SM_CHANNEL_TRAIN, SM_MODEL_DIR         → run/preprocess/train, run/model  (then run/model.tar.gz)
    /opt/ml/processing/evaluation          → run/evaluation/  (evaluation.json, roc_curve.svg)
    model registry                         → registry/<group>/
    /opt/ml/model in the serving container → run/serving/     (extracted from the registered artifact)
"""

import json
import shutil
import tarfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pandas as pd

from .. import sample_data
from ..environments import MODEL_PACKAGE_GROUP
from ..serving import local_server, smoke
from ..steps import evaluate, preprocess, train
from . import local_registry, quality

STEP_COUNT = 7
T = TypeVar("T")


@dataclass(frozen=True)
class LocalRun:
    metrics: dict[str, float]
    model: local_registry.RegisteredModel
    predictions: list[float]


def _step(number: int, name: str, action: Callable[[], T]) -> T:
    """Run one step with a progress line before and after it."""
    print(f"[{number}/{STEP_COUNT}] {name} ...", flush=True)
    started = time.perf_counter()
    result = action()
    print(f"[{number}/{STEP_COUNT}] {name} done in {time.perf_counter() - started:.1f} s", flush=True)
    return result


def _script(number: int, name: str, main: Callable[[], int]) -> None:
    """Run a step script's main(); a non-zero exit stops the run as a failed step stops the pipeline."""
    exit_code = _step(number, name, main)
    if exit_code != 0:
        raise RuntimeError(f"Step {name} failed with exit code {exit_code}; its message is above.")


@dataclass(frozen=True)
class RunPaths:
    """Where each step reads and writes under the work directory (the mapping in the module docstring)."""

    work_dir: Path

    @property
    def run(self) -> Path:
        return self.work_dir / "run"

    @property
    def split(self) -> Path:
        return self.run / "preprocess"

    @property
    def manifest_file(self) -> Path:
        return self.run / "manifest" / preprocess.MANIFEST_FILE

    @property
    def model(self) -> Path:
        return self.run / "model"

    @property
    def evaluation_file(self) -> Path:
        return self.run / "evaluation" / evaluate.EVALUATION_FILE


def package_model(model_dir: Path, archive: Path) -> Path:
    """model.tar.gz with the model directory's contents at its root, as SageMaker packs /opt/ml/model."""
    with tarfile.open(archive, "w:gz") as tar:
        for path in sorted(model_dir.rglob("*")):
            tar.add(path, arcname=str(path.relative_to(model_dir)), recursive=False)
    return archive


def _manifest_and_preprocess(paths: RunPaths, data_dir: Path) -> str:
    """Steps 1-2 with the pipeline's arguments: the data's digest, then the split of exactly that data."""
    data = ["--input-dir", str(data_dir)]
    _script(1, "Manifest", lambda: preprocess.main([*data, "--output-dir", str(paths.run), "--manifest-only"]))
    digest = json.loads(paths.manifest_file.read_text())["sha256"]
    split = [*data, "--output-dir", str(paths.split), "--expected-manifest", digest]
    _script(2, "Preprocess", lambda: preprocess.main(split))
    return digest


def _train_and_evaluate(paths: RunPaths) -> Path:
    """Steps 3-4 through the scripts' own main(), with SageMaker's paths mapped; the packed model."""
    environ = {"SM_CHANNEL_TRAIN": str(paths.split / "train"), "SM_MODEL_DIR": str(paths.model)}
    _script(3, "Train", lambda: train.main([], environ))
    artifact = package_model(paths.model, paths.run / "model.tar.gz")
    test_dir, output_dir = paths.split / "test", paths.evaluation_file.parent
    arguments = ["--model-dir", str(paths.run), "--test-dir", str(test_dir), "--output-dir", str(output_dir)]
    _script(4, "Evaluate", lambda: evaluate.main(arguments))
    return artifact


def _serve_and_smoke(artifact: Path, paths: RunPaths) -> list[float]:
    """Serve the registered artifact as the container would (extracted, its own handler) and smoke-test it."""
    serving_dir = paths.run / "serving"
    with tarfile.open(artifact) as tar:
        tar.extractall(serving_dir, filter="data")
    features = pd.read_csv(paths.split / "test" / "test.csv").iloc[:3, 1:]  # a few real rows, label dropped
    with local_server.serving(serving_dir) as url:
        print(f"      serving on {url} (GET /ping, POST /invocations)", flush=True)
        return smoke.smoke_test(url, features)


def run(work_dir: Path, threshold: float = quality.DEFAULT_QUALITY_THRESHOLD, data_dir: Path | None = None) -> LocalRun:
    """Preprocess → Train → Evaluate → CheckQuality → Register → Serve; a ValueError or RuntimeError on failure."""
    quality.check_threshold(threshold)
    paths = RunPaths(work_dir)
    shutil.rmtree(paths.run, ignore_errors=True)  # a run never reads a previous run's outputs
    digest = _manifest_and_preprocess(paths, data_dir or sample_data.write(work_dir / "data").parent)
    artifact = _train_and_evaluate(paths)
    gate = f"CheckQuality ({quality.QUALITY_METRIC} >= {threshold})"
    value = _step(5, gate, lambda: quality.metric_value(paths.evaluation_file))
    if not quality.passes(value, threshold):
        raise RuntimeError(quality.failure_message(value, threshold))
    metrics = evaluate.read_metrics(paths.evaluation_file)
    trained = local_registry.Training(artifact, paths.evaluation_file, metrics, digest)
    model = _step(6, "Register", lambda: local_registry.register(work_dir / "registry", MODEL_PACKAGE_GROUP, trained))
    predictions = _step(7, "Serve and smoke-test", lambda: _serve_and_smoke(Path(model.artifact), paths))
    return LocalRun(metrics=metrics, model=model, predictions=predictions)
