"""The kit's `make demo` for real: render a project, install it in its own .venv and run its `make check` (lint,
tests, pipeline definition, policy gate, journeys), for each model framework. The scikit-learn project's journeys run
against AWS seeded from the kit's own bootstrap (tests/bootstrap/journeys_seed.py), so the generated repository and
the bootstrap cannot drift apart; the xgboost project's run on the generated repository's own expectation of it."""

import os
import subprocess
import sys

import pytest
from conftest import KIT


def bootstrap_seed() -> str:
    for path in (KIT / "tests" / "bootstrap", KIT / "infra", KIT / "{{cookiecutter.project}}" / "infra"):
        if str(path) not in sys.path:
            sys.path.append(str(path))
    sys.dont_write_bytecode = True  # importing from the template must leave no __pycache__ in it
    from journeys_seed import seed

    return seed()


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
