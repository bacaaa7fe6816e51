import json
import tarfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from {{ cookiecutter.package_name }}.pipeline import quality
from {{ cookiecutter.package_name }}.steps import evaluate


@pytest.fixture
def model_archive(model_dir: Path, tmp_path: Path) -> Path:
    """The model directory packed as the training job's model.tar.gz."""
    with tarfile.open(tmp_path / "model.tar.gz", "w:gz") as tar:
        for path in model_dir.rglob("*"):
            tar.add(path, arcname=str(path.relative_to(model_dir)), recursive=False)
    return tmp_path


def test_evaluation_writes_sagemaker_model_quality_metrics_and_a_plot(model_archive: Path, split_dir: Path):
    output = model_archive / "evaluation"
    arguments = ["--model-dir", str(model_archive), "--test-dir", str(split_dir / "test"), "--output-dir", str(output)]
    assert evaluate.main(arguments) == 0
    report = json.loads((output / evaluate.EVALUATION_FILE).read_text())
    metrics = {name: entry["value"] for name, entry in report["binary_classification_metrics"].items()}
    assert set(metrics) == {"auc", "accuracy", "precision", "recall", "f1"}
    assert all(0.0 <= value <= 1.0 for value in metrics.values())
    assert evaluate.read_metrics(output / evaluate.EVALUATION_FILE) == metrics
    assert quality.metric_value(output / evaluate.EVALUATION_FILE) == metrics["auc"]
    plot = ElementTree.parse(output / evaluate.PLOT_FILE).getroot()
    curve = plot.findall("{http://www.w3.org/2000/svg}polyline")[-1].get("points", "").split()
    assert len(curve) >= 3  # (0,0), the model's thresholds, (1,1): a curve, not the chance diagonal alone
    assert f"AUC {metrics['auc']:.3f}" in "".join(plot.itertext())


def test_an_archive_without_a_model_is_refused(tmp_path: Path, split_dir: Path, capsys):
    (tmp_path / "notes.txt").write_text("not a model")
    with tarfile.open(tmp_path / "model.tar.gz", "w:gz") as tar:
        tar.add(tmp_path / "notes.txt", arcname="notes.txt")
    output = tmp_path / "evaluation"
    arguments = ["--model-dir", str(tmp_path), "--test-dir", str(split_dir / "test"), "--output-dir", str(output)]
    assert evaluate.main(arguments) == 1
    assert "has no model.pkl" in capsys.readouterr().err
    assert not output.exists()


def test_a_missing_test_set_is_refused(model_archive: Path, tmp_path: Path, capsys):
    arguments = ["--model-dir", str(model_archive), "--test-dir", str(tmp_path / "none"), "--output-dir", str(tmp_path)]
    assert evaluate.main(arguments) == 1
    assert "No CSV file in" in capsys.readouterr().err


def test_the_quality_gate_refuses_a_foreign_report_and_an_impossible_threshold(tmp_path: Path):
    (tmp_path / "evaluation.json").write_text(json.dumps({"regression_metrics": {}}))
    with pytest.raises(ValueError, match=r"has no binary_classification_metrics\.auc\.value"):
        quality.metric_value(tmp_path / "evaluation.json")
    with pytest.raises(ValueError, match=r"Quality threshold 1\.5 is invalid"):
        quality.check_threshold(1.5)
