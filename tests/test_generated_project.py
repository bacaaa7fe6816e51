"""The kit's `make demo` for real: render a project, install it in its own .venv and run its `make check` (lint,
tests, pipeline definition, policy gate), for each model framework."""

import os
import subprocess
import sys

import pytest
from conftest import KIT


def make(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHON": sys.executable}  # any Python 3.11 works; use the one running the kit
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run(["make", "-C", str(KIT), *args], capture_output=True, text=True, env=env, check=False)


@pytest.mark.slow
@pytest.mark.parametrize("framework", ["scikit-learn", "xgboost"])
def test_demo_installs_and_checks_the_generated_project(tmp_path, framework):
    result = make("demo", f"DEMO_DIR={tmp_path}", f"DEMO_ANSWERS=model_framework={framework}")
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-4000:]
    assert f"Generated {tmp_path}/customer-churn" in result.stdout
