"""Train: fit the model on the train channel and save it with the code that serves it.

SageMaker's framework container runs this file from the training bundle (`pipeline/code.py`), where it sits
beside the package modules it imports. It follows the training toolkit's
contract: hyperparameters arrive as command-line options, paths as `SM_*` variables. The model directory becomes
`model.tar.gz`: the fitted model, its feature order, and `code/inference.py` for the serving container.
"""

import argparse
import json
import os
import pickle
import shutil
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from {{ cookiecutter.package_name }}.models import build_model
from {{ cookiecutter.package_name }}.serving import inference

MODEL_FILE = inference.MODEL_FILE
FEATURES_FILE = inference.FEATURES_FILE


def parse_args(argv: Sequence[str] | None, environ: Mapping[str, str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--max-iter", type=int, default=200)
    parser.add_argument("--learning-rate", type=float, default=0.1)
    parser.add_argument(
        "--train-dir", type=Path, default=Path(environ.get("SM_CHANNEL_TRAIN", "/opt/ml/input/data/train"))
    )
    parser.add_argument("--model-dir", type=Path, default=Path(environ.get("SM_MODEL_DIR", "/opt/ml/model")))
    return parser.parse_args(argv)


def read_training_data(train_dir: Path) -> tuple[pd.DataFrame, pd.Series]:
    """Features and label from the channel's CSV files; the label is the first column."""
    files = sorted(train_dir.glob("*.csv"))
    if not files:
        raise FileNotFoundError(f"No CSV file in the train channel {train_dir}: it must hold the preprocess output.")
    data = pd.concat([pd.read_csv(path) for path in files], ignore_index=True)
    return data.iloc[:, 1:], data.iloc[:, 0]


def save(model: object, feature_names: list[str], model_dir: Path) -> None:
    (model_dir / "code").mkdir(parents=True, exist_ok=True)
    with (model_dir / MODEL_FILE).open("wb") as file:
        pickle.dump(model, file)
    (model_dir / FEATURES_FILE).write_text(json.dumps(feature_names))
    shutil.copyfile(inference.__file__, model_dir / "code" / "inference.py")


def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    args = parse_args(argv, os.environ if environ is None else environ)
    try:
        features, labels = read_training_data(args.train_dir)
    except (FileNotFoundError, pd.errors.EmptyDataError) as error:
        print(f"train: {error}", file=sys.stderr)
        return 1
    model = build_model(seed=args.seed, max_iter=args.max_iter, learning_rate=args.learning_rate)
    model.fit(features, labels)
    save(model, list(features.columns), args.model_dir)
    print(f"train: fitted on {len(features)} rows, {features.shape[1]} features, seed {args.seed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
