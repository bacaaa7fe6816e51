"""Run a script inside a generated project, with its code on the path, and read the JSON it prints last.

The kit's tests use it to run the generated stacks under the project's own mocks (in a subprocess: the project's
packages must not leak into the kit's tests) and bring back what the stacks would declare.
"""

import json
import subprocess
import sys
from pathlib import Path
from typing import Any


def package_of(project: Path) -> str:
    return next(project.glob("src/*/environments.py")).parent.name


def report(project: Path, script: str, stdin: str = "") -> Any:
    paths = [project / "src", project / "infra", project / "tests" / "infra"]
    env = {"PYTHONPATH": ":".join(map(str, paths)), "PYTHONDONTWRITEBYTECODE": "1", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", script.replace("{package}", package_of(project))],
                            cwd=project / "infra", env=env, input=stdin, capture_output=True, text=True,
                            check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])
