"""Shared fixtures: a small sample table, its preprocessed split, and a model trained on it (once per session)."""

from pathlib import Path

import pytest

from {{ cookiecutter.package_name }} import sample_data
from {{ cookiecutter.package_name }}.steps import preprocess, train


@pytest.fixture(scope="session")
def split_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """preprocess output (train/ and test/) of 400 sample rows."""
    root = tmp_path_factory.mktemp("split")
    sample_data.write(root / "raw", rows=400)
    assert preprocess.main(["--input-dir", str(root / "raw"), "--output-dir", str(root / "out")]) == 0
    return root / "out"


@pytest.fixture(scope="session")
def model_dir(split_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model directory as training leaves /opt/ml/model: model, feature order, serving code."""
    directory = tmp_path_factory.mktemp("model")
    environ = {"SM_CHANNEL_TRAIN": str(split_dir / "train"), "SM_MODEL_DIR": str(directory)}
    assert train.main(["--max-iter", "20"], environ) == 0
    return directory
