"""train.py started as the framework image's training toolkit starts it, from the Train step's own arguments."""

import io
import json
import tarfile
from pathlib import Path

import pytest

from {{ cookiecutter.package_name }}.models import FRAMEWORK
from {{ cookiecutter.package_name }}.pipeline import code
from {{ cookiecutter.package_name }}.serving import inference

from . import training


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return code.write_training_bundle(tmp_path_factory.mktemp("bundle"))


def test_the_toolkit_trains_from_the_bundle_with_the_steps_hyperparameters(pipeline_steps, bundle, split_dir, tmp_path):
    step = pipeline_steps["Train"]["Arguments"]
    result = training.train(FRAMEWORK, step, bundle, {"train": split_dir / "train"}, tmp_path)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    model = tmp_path / "ml" / "model"
    assert {inference.MODEL_FILE, inference.FEATURES_FILE} <= {path.name for path in model.iterdir()}
    assert (model / "code" / "inference.py").is_file()
    assert not (tmp_path / "network.log").exists()


def test_a_hyperparameter_train_py_does_not_know_fails_the_job(pipeline_steps, bundle, split_dir, tmp_path):
    step = pipeline_steps["Train"]["Arguments"]
    planted = step | {"HyperParameters": step["HyperParameters"] | {"max-depth": json.dumps(3)}}
    result = training.train(FRAMEWORK, planted, bundle, {"train": split_dir / "train"}, tmp_path)
    assert result.returncode != 0 and "--max-depth" in result.stdout + result.stderr


def test_a_bundle_that_asks_for_a_package_to_install_fails_the_job(pipeline_steps, bundle, split_dir, tmp_path):
    planted = tmp_path / "planted.tar.gz"
    with tarfile.open(bundle) as source, tarfile.open(planted, "w:gz") as target:
        for member in source.getmembers():
            target.addfile(member, source.extractfile(member))
        requirement, info = b"shap==0.49.1\n", tarfile.TarInfo("requirements.txt")
        info.size = len(requirement)
        target.addfile(info, io.BytesIO(requirement))
    step = pipeline_steps["Train"]["Arguments"]
    result = training.train(FRAMEWORK, step, planted, {"train": split_dir / "train"}, tmp_path / "run")
    assert result.returncode != 0 and "No matching distribution found for shap" in result.stdout + result.stderr


def test_without_the_offline_pip_settings_only_a_toolkit_that_installs_the_bundle_fails(
    pipeline_steps, bundle, split_dir, tmp_path
):
    # XGBoost's toolkit runs `pip install .` on the bundle (sagemaker-containers run_module); scikit-learn's runs
    # train.py as a program and installs nothing (sagemaker-training entry_point.install): one fails, one trains.
    step = pipeline_steps["Train"]["Arguments"]
    planted = {name: value for name, value in step.items() if name != "Environment"}
    result = training.train(FRAMEWORK, planted, bundle, {"train": split_dir / "train"}, tmp_path)
    log = tmp_path / "network.log"  # pip's lookups of its default index, refused
    fetched = log.exists() and "resolve" in log.read_text()
    assert (result.returncode != 0, fetched) == ((True, True) if FRAMEWORK == "xgboost" else (False, False))
