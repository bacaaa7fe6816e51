"""The Docker-free local run, end to end: the same steps, the same gate, a local registry and a served model."""

import importlib.util
import re
from pathlib import Path

import pytest

from {{ cookiecutter.package_name }} import cli, environments, sample_data
from {{ cookiecutter.package_name }}.pipeline import local, local_registry
from {{ cookiecutter.package_name }}.steps import evaluate, preprocess


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, local.LocalRun]:
    work_dir = tmp_path_factory.mktemp("work")
    return work_dir, local.run(work_dir)


def test_a_local_run_trains_evaluates_gates_registers_and_serves(first_run):
    work_dir, result = first_run
    evaluation = work_dir / "run" / "evaluation" / evaluate.EVALUATION_FILE
    assert result.metrics == evaluate.read_metrics(evaluation)
    assert result.metrics["auc"] >= 0.75
    assert (work_dir / "run" / "evaluation" / evaluate.PLOT_FILE).exists()
    assert result.model.approval_status == local_registry.PENDING_MANUAL_APPROVAL
    assert result.model.metrics == result.metrics
    assert Path(result.model.artifact).exists() and len(result.predictions) == 3


def test_every_run_is_a_new_version_and_training_is_reproducible(first_run):
    work_dir, result = first_run
    second = local.run(work_dir)
    assert second.model.version == result.model.version + 1
    assert second.metrics == result.metrics and second.predictions == result.predictions
    assert [model.version for model in local_registry.versions(work_dir / "registry", result.model.group)] == [1, 2]


def test_each_version_records_the_manifest_of_the_data_it_was_trained_on(first_run, tmp_path: Path):
    work_dir, result = first_run
    assert result.model.data_manifest_sha256 == preprocess.manifest(work_dir / "data")["sha256"]
    changed = tmp_path / "data"
    changed.mkdir()
    rows = (work_dir / "data" / sample_data.SAMPLE_FILE_NAME).read_text().splitlines(keepends=True)
    (changed / sample_data.SAMPLE_FILE_NAME).write_text("".join(rows[:-1]))  # one customer fewer
    retrained = local.run(work_dir, data_dir=changed)
    assert retrained.model.data_manifest_sha256 == preprocess.manifest(changed)["sha256"]
    assert retrained.model.data_manifest_sha256 != result.model.data_manifest_sha256


def test_bad_input_data_stops_the_run_at_preprocess(tmp_path: Path, capsys):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "customers.csv").write_text("tenure_months,churned\n3,0\n")
    with pytest.raises(RuntimeError, match="Step Preprocess failed"):
        local.run(tmp_path / "work", data_dir=tmp_path / "data")
    assert "lacks column 'monthly_charges'" in capsys.readouterr().err
    assert not (tmp_path / "work" / "registry").exists()


def test_the_command_prints_progress_and_the_metrics_of_evaluation_json(tmp_path: Path, capsys):
    assert cli.main(["pipeline", "run", "--local", "--work-dir", str(tmp_path)]) == 0
    output = capsys.readouterr().out
    assert [f"[{n}/{local.STEP_COUNT}]" in output for n in range(1, 8)] == [True] * 7
    printed = dict(re.findall(r"(\w+) (\d\.\d{4})", output.split("metrics (evaluation.json): ")[1].splitlines()[0]))
    written = evaluate.read_metrics(tmp_path / "run" / "evaluation" / evaluate.EVALUATION_FILE)
    assert {name: float(value) for name, value in printed.items()} == {k: round(v, 4) for k, v in written.items()}
    assert "registered" in output and "PendingManualApproval" in output


def test_the_gate_stops_a_model_below_the_threshold_in_one_line_and_registers_nothing(tmp_path: Path, capsys):
    assert cli.main(["pipeline", "run", "--local", "--work-dir", str(tmp_path), "--quality-threshold", "0.999"]) == 1
    error = capsys.readouterr().err
    assert re.fullmatch(r"error: Model quality gate failed: auc 0\.\d+ is below the threshold 0\.999\.\n", error)
    assert local_registry.versions(tmp_path / "registry", environments.MODEL_PACKAGE_GROUP) == []


def test_run_without_local_is_a_usage_error():
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["pipeline", "run"])
    assert exit_info.value.code == 2


def test_the_benchmark_times_the_installed_command_and_stops_on_its_failure():
    path = Path(__file__).resolve().parents[2] / "benchmarks" / "local.py"
    spec = importlib.util.spec_from_file_location("benchmark_local", path)
    assert spec is not None and spec.loader is not None
    benchmark = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(benchmark)
    assert benchmark.timed([benchmark.COMMAND, "pipeline", "code", "--environment", "prod"]) > 0
    with pytest.raises(SystemExit, match=r"(?s)no-such-group failed:.*invalid choice"):
        benchmark.timed([benchmark.COMMAND, "no-such-group"])
