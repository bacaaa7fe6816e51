import json
import pickle
from pathlib import Path

import numpy as np
import pandas as pd

from {{ cookiecutter.package_name }}.steps import train


def test_training_writes_the_model_its_feature_order_and_its_serving_code(model_dir: Path, split_dir: Path):
    features = json.loads((model_dir / train.FEATURES_FILE).read_text())
    assert features == list(pd.read_csv(split_dir / "train" / "train.csv").columns[1:])
    assert (model_dir / "code" / "inference.py").read_text().startswith('"""The inference handler')
    assert hasattr(pickle.loads((model_dir / train.MODEL_FILE).read_bytes()), "predict_proba")


def test_training_follows_the_sm_variables_and_is_reproducible(split_dir: Path, tmp_path: Path):
    test = pd.read_csv(split_dir / "test" / "test.csv").iloc[:, 1:]
    predictions = []
    for name in ("first", "second"):
        environ = {"SM_CHANNEL_TRAIN": str(split_dir / "train"), "SM_MODEL_DIR": str(tmp_path / name)}
        assert train.main(["--max-iter", "15", "--seed", "3"], environ) == 0
        model = pickle.loads((tmp_path / name / train.MODEL_FILE).read_bytes())
        predictions.append(model.predict_proba(test))
    np.testing.assert_array_equal(predictions[0], predictions[1])


def test_an_empty_train_channel_fails_with_a_message(tmp_path: Path, capsys):
    environ = {"SM_CHANNEL_TRAIN": str(tmp_path / "empty"), "SM_MODEL_DIR": str(tmp_path / "model")}
    (tmp_path / "empty").mkdir()
    assert train.main([], environ) == 1
    assert "No CSV file in the train channel" in capsys.readouterr().err
    assert not (tmp_path / "model").exists()
