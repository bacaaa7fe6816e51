"""The quality gate: which metric of evaluation.json must reach which threshold before a model is registered.

The pipeline's ConditionStep and FailStep and the local runner take the metric, its JSON path, the default threshold
and the failure sentence from here, so the gate is the same in SageMaker and on a laptop.
"""

import json
from pathlib import Path

QUALITY_METRIC = "auc"
METRIC_JSON_PATH = f"binary_classification_metrics.{QUALITY_METRIC}.value"
DEFAULT_QUALITY_THRESHOLD = 0.75


def metric_value(evaluation_file: Path) -> float:
    """The gated metric from an evaluation.json, following METRIC_JSON_PATH."""
    value: object = json.loads(evaluation_file.read_text())
    for key in METRIC_JSON_PATH.split("."):
        if not isinstance(value, dict) or key not in value:
            raise ValueError(f"{evaluation_file} has no {METRIC_JSON_PATH}: it is not the evaluate step's output.")
        value = value[key]
    return float(value)  # type: ignore[arg-type]


def check_threshold(threshold: float) -> float:
    """The threshold itself, or a ValueError: the metric lies in [0, 1], so another threshold gates nothing."""
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"Quality threshold {threshold} is invalid: {QUALITY_METRIC} lies between 0 and 1.")
    return threshold


def failure_message_parts(value: object, threshold: object) -> list[object]:
    """The words of the gate's failure, around the metric and threshold; the FailStep joins them with spaces at
    execution time (its values are pipeline variables), the local runner now (`failure_message`)."""
    return [f"Model quality gate failed: {QUALITY_METRIC}", value, "is below the threshold", threshold]


def failure_message(value: float, threshold: float) -> str:
    return " ".join(map(str, failure_message_parts(value, threshold))) + "."


def passes(value: float, threshold: float) -> bool:
    return value >= threshold
