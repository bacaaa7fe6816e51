"""The generated project's own `make check`, for real: install, lint, tests, pipeline definition, policy gate."""

import os
import subprocess
import sys

import pytest

FRAMEWORKS = ["scikit-learn", "xgboost"]


def run_make(project, *targets: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHON": sys.executable}  # any Python 3.11 works; use the one running the kit
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run(["make", "-C", str(project), *targets], capture_output=True, text=True, env=env, check=False)


@pytest.mark.slow
@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_generated_project_passes_its_own_check(render, framework):
    project = render(model_framework=framework)
    result = run_make(project, "check")
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-6000:]
