"""Evaluate: score the trained model on the held-out test set; write evaluation.json and a ROC curve plot.

A SageMaker processing job runs this file on its own in the framework container, so it imports nothing from the
package, and nothing the image lacks (the scikit-learn image has no plotting library: the plot is SVG, written by
hand). `evaluation.json` uses SageMaker's model-quality format (`binary_classification_metrics.<name>.value`):
the pipeline's quality gate reads it through a PropertyFile and the registry attaches it to the model package.
"""

import argparse
import json
import pickle
import sys
import tarfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from sklearn import metrics

EVALUATION_FILE = "evaluation.json"
PLOT_FILE = "roc_curve.svg"
PLOT_SIZE = 400  # pixels; the axes span it, with a margin for their labels
DECISION_THRESHOLD = 0.5


def load_model(model_dir: Path) -> object:
    """The pickled model, from the training job's model.tar.gz or an already extracted model directory."""
    archive = model_dir / "model.tar.gz"
    if not archive.exists():
        return pickle.loads((model_dir / "model.pkl").read_bytes())
    with tarfile.open(archive) as tar:  # read the one member in memory: nothing extracted, no path to trust
        member = tar.extractfile("model.pkl") if "model.pkl" in tar.getnames() else None
        if member is None:
            raise FileNotFoundError(f"{archive} has no model.pkl: it is not this project's training output.")
        return pickle.loads(member.read())


def score(model: object, test: pd.DataFrame) -> tuple[dict[str, float], pd.Series, pd.Series]:
    """Metrics of the model on `test` (label first), with the labels and churn probabilities behind them."""
    labels, features = test.iloc[:, 0], test.iloc[:, 1:]
    probabilities = pd.Series(model.predict_proba(features)[:, 1])  # type: ignore[attr-defined]
    predicted = (probabilities >= DECISION_THRESHOLD).astype(int)
    no_positives: dict[str, Any] = {"zero_division": 0.0}  # a model that never predicts churn scores 0, silently
    values = {
        "auc": metrics.roc_auc_score(labels, probabilities),
        "accuracy": metrics.accuracy_score(labels, predicted),
        "precision": metrics.precision_score(labels, predicted, **no_positives),
        "recall": metrics.recall_score(labels, predicted, **no_positives),
        "f1": metrics.f1_score(labels, predicted, **no_positives),
    }
    return {name: round(float(value), 6) for name, value in values.items()}, labels, probabilities


def plot_roc(labels: pd.Series, probabilities: pd.Series, auc: float, path: Path) -> None:
    false_positive_rate, true_positive_rate, _ = metrics.roc_curve(labels, probabilities)
    margin, side = 40, PLOT_SIZE - 60

    def point(x: float, y: float) -> str:
        return f"{margin + x * side:.1f},{margin + (1 - y) * side:.1f}"

    curve = " ".join(point(x, y) for x, y in zip(false_positive_rate, true_positive_rate, strict=True))
    path.write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{PLOT_SIZE}" height="{PLOT_SIZE}" font-size="12">'
        f'<text x="{margin}" y="20">ROC curve on the test set (AUC {auc:.3f})</text>'
        f'<rect x="{margin}" y="{margin}" width="{side}" height="{side}" fill="none" stroke="black"/>'
        f'<polyline points="{point(0, 0)} {point(1, 1)}" fill="none" stroke="grey" stroke-dasharray="4"/>'
        f'<polyline points="{curve}" fill="none" stroke="steelblue" stroke-width="2"/>'
        f'<text x="{margin}" y="{PLOT_SIZE - 5}">false positive rate</text>'
        f'<text x="12" y="{margin + side}" transform="rotate(-90 12 {margin + side})">true positive rate</text>'
        "</svg>\n"
    )


def read_metrics(evaluation_file: Path) -> dict[str, float]:
    """Metric name → value, from an evaluation.json this step wrote."""
    report = json.loads(evaluation_file.read_text())["binary_classification_metrics"]
    return {name: float(entry["value"]) for name, entry in report.items()}


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model-dir", type=Path, default=Path("/opt/ml/processing/model"))
    parser.add_argument("--test-dir", type=Path, default=Path("/opt/ml/processing/test"))
    parser.add_argument("--output-dir", type=Path, default=Path("/opt/ml/processing/evaluation"))
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    test_files = sorted(args.test_dir.glob("*.csv"))
    try:
        if not test_files:
            raise FileNotFoundError(f"No CSV file in {args.test_dir}: it must hold the preprocess test output.")
        model = load_model(args.model_dir)
    except FileNotFoundError as error:
        print(f"evaluate: {error}", file=sys.stderr)
        return 1
    values, labels, probabilities = score(model, pd.concat(map(pd.read_csv, test_files), ignore_index=True))
    args.output_dir.mkdir(parents=True, exist_ok=True)
    report = {"binary_classification_metrics": {name: {"value": value} for name, value in values.items()}}
    (args.output_dir / EVALUATION_FILE).write_text(json.dumps(report, indent=2) + "\n")
    plot_roc(labels, probabilities, values["auc"], args.output_dir / PLOT_FILE)
    print("evaluate: " + ", ".join(f"{name} {value:.4f}" for name, value in values.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
