"""The endpoint's container starts the packaged model, as SageMaker starts it, with the network blocked.

The endpoint runs with network isolation (infra/components/served_model.py), and the toolkit installs the model's
code with pip before it serves: anything that install would fetch stops the endpoint from ever becoming healthy.
"""

import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from {{ cookiecutter.package_name }}.pipeline.local import package_model
from {{ cookiecutter.package_name }}.serving import smoke

from . import toolkit


@pytest.fixture(scope="module")
def registered_env(pipeline_steps) -> dict[str, str]:
    """The container environment the Register step gives the model package."""
    (container,) = pipeline_steps["Register"]["Arguments"]["InferenceSpecification"]["Containers"]
    return container["Environment"]


@pytest.fixture(scope="module")
def artifact(model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return package_model(model_dir, tmp_path_factory.mktemp("artifact") / "model.tar.gz")


@pytest.fixture(scope="module")
def sample_rows(split_dir: Path) -> pd.DataFrame:
    return pd.read_csv(split_dir / "test" / "test.csv").iloc[:5, 1:]


def test_the_packaged_model_serves_offline_through_the_toolkit(artifact, registered_env, sample_rows, tmp_path):
    with toolkit.serving(artifact, registered_env, tmp_path) as server:
        probabilities = smoke.smoke_test(server.url, sample_rows)
        assert server.attempts() == []
    assert len(probabilities) == len(sample_rows)


def test_a_package_whose_start_would_fetch_the_build_tools_fails(artifact, registered_env, tmp_path):
    planted = {name: value for name, value in registered_env.items() if not name.startswith("PIP_")}
    with (
        pytest.raises(toolkit.ServerDidNotStart, match="InstallModuleError"),
        toolkit.serving(artifact, planted, tmp_path),
    ):
        pass
    assert (tmp_path / "network.log").read_text()  # pip reached for an index before it gave up


def _planted(model_dir: Path, root: Path, plant: Callable[[Path], object]) -> Path:
    """The packaged model with `plant` applied to a copy of its directory."""
    copy = root / "model"
    shutil.copytree(model_dir, copy)
    plant(copy / "code")
    return package_model(copy, root / "model.tar.gz")


def test_a_model_whose_code_asks_for_a_package_to_install_fails(model_dir, registered_env, tmp_path):
    artifact = _planted(model_dir, tmp_path, lambda code: (code / "requirements.txt").write_text("shap==0.49.1\n"))
    with (
        pytest.raises(toolkit.ServerDidNotStart, match="InstallModuleError"),
        toolkit.serving(artifact, registered_env, tmp_path / "run"),
    ):
        pass


HOOKS_OF_THREE = "\ninput_fn, predict_fn, output_fn = parse, score, serialise\ndel transform_fn\n"


def test_a_handler_whose_client_errors_become_500s_fails(model_dir, registered_env, sample_rows, tmp_path):
    def plant(code: Path) -> None:
        (code / "inference.py").write_text((code / "inference.py").read_text() + HOOKS_OF_THREE)

    artifact = _planted(model_dir, tmp_path, plant)
    serving = toolkit.serving(artifact, registered_env, tmp_path / "run")
    with serving as server, pytest.raises(RuntimeError, match="a malformed request answered 500"):
        smoke.smoke_test(server.url, sample_rows)
