"""The kit's own Python (hooks, tests, benchmarks, bootstrap) is clean under ruff, as `make lint` runs it."""

import subprocess

from conftest import KIT

RUFF = str(KIT / ".venv" / "bin" / "ruff")
# Named folders: ruff would otherwise read the template's pyproject.toml, which is Jinja before rendering.
KIT_CODE = ["hooks", "tests", "benchmarks", "infra"]


def test_kit_code_passes_ruff_and_format():
    for command in ([RUFF, "check", *KIT_CODE], [RUFF, "format", "--check", *KIT_CODE]):
        result = subprocess.run(command, cwd=KIT, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout
