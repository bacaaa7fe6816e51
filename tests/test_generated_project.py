"""The kit's `make demo` for real: render a project, install it in its own .venv and run its `make check` (lint,
tests, pipeline definition, policy gate, journeys), for each model framework. The scikit-learn project's journeys run
against AWS seeded from the kit's own bootstrap (tests/bootstrap/journeys_seed.py), so the generated repository and
the bootstrap cannot drift apart; the xgboost project's run on the generated repository's own expectation of it.
A single-account render then runs its journeys in the scikit-learn project's installed environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import KIT
from cookiecutter.main import cookiecutter


def bootstrap_seed(single_account: bool = False) -> str:
    for path in (KIT / "tests" / "bootstrap", KIT / "infra", KIT / "{{cookiecutter.project}}" / "infra"):
        if str(path) not in sys.path:
            sys.path.append(str(path))
    sys.dont_write_bytecode = True  # importing from the template must leave no __pycache__ in it
    from journeys_seed import seed

    return seed(single_account)


def make(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHON": sys.executable, **(env or {})}  # any Python 3.11 works; use the kit's
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run(["make", "-C", str(KIT), *args], capture_output=True, text=True, env=env, check=False)


@pytest.mark.slow
@pytest.mark.parametrize("framework", ["scikit-learn", "xgboost"])
def test_demo_installs_and_checks_the_generated_project(tmp_path, framework):
    env = {}
    if framework == "scikit-learn":
        (tmp_path / "seed.json").write_text(bootstrap_seed())
        env["JOURNEYS_SEED"] = str(tmp_path / "seed.json")
    result = make("demo", f"DEMO_DIR={tmp_path}/demo", f"DEMO_ANSWERS=model_framework={framework}", env=env)
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-4000:]
    assert f"Generated {tmp_path}/demo/customer-churn" in result.stdout
    assert "J4: approval" in result.stdout  # the journeys ran, as part of the project's `make check`
    if framework == "scikit-learn":
        single_account_journeys(tmp_path, env={"JOURNEYS_SEED": str(tmp_path / "seed.json")})


def single_account_journeys(tmp_path, env: dict[str, str]) -> None:
    """`make journeys` of a project whose prod lives in the preprod account, sharing the installed environment (the
    journeys import the project from its own src/, and the player from each clone's)."""
    (tmp_path / "seed.json").write_text(bootstrap_seed(single_account=True))
    answers = {"prod_account_id": "111111111111"}
    project = Path(cookiecutter(str(KIT), no_input=True, output_dir=str(tmp_path / "single"), extra_context=answers))
    (project / ".venv").symlink_to(tmp_path / "demo" / "customer-churn" / ".venv")
    (project / ".venv" / ".installed").touch()  # installed from the same pyproject.toml
    result = subprocess.run(["make", "-C", str(project), "journeys"], capture_output=True, text=True,
                            env={**os.environ, **env}, check=False)  # fmt: skip
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-4000:]
    assert "J5: rollback.yml previous" in result.stdout
