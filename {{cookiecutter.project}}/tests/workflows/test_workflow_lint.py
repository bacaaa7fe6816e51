"""`make workflows` fails on each planted mistake; on the real workflows it runs in `make lint` (so once per check)."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import PROJECT_DIR, WORKFLOWS_DIR

{% raw -%}
PLANTS = {
    "an unpinned action": (
        "ci.yml",
        re.compile(r"actions/checkout@[0-9a-f]{40} # v[\d.]+"),
        "actions/checkout@v4",
        "unpinned-uses",
    ),
    "an untrusted expression in run": (
        "ci.yml",
        re.compile(r"run: make lint"),
        'run: echo "${{ github.event.pull_request.title }}" && make lint',
        "template-injection",
    ),
    "a missing permissions block": (
        "ct.yml",
        re.compile(r"^permissions: \{\}\n|^    permissions:\n      contents: read\n(      id-token: write.*\n)?", re.M),
        "",
        "excessive-permissions",
    ),
    "workflow_dispatch inputs without the justified skip": (
        "rollback.yml",
        re.compile(r" # checkov:skip=CKV_GHA_7:.*"),
        "",
        "CKV_GHA_7",
    ),
}
{%- endraw %}


def run_workflow_audit(workflows: Path) -> subprocess.CompletedProcess[str]:
    command = ["make", "--no-print-directory", "workflows", f"WORKFLOWS={workflows}"]
    return subprocess.run(command, cwd=PROJECT_DIR, capture_output=True, text=True, timeout=600, check=False)


def test_make_lint_runs_the_workflow_audit():
    makefile = (PROJECT_DIR / "Makefile").read_text()
    lint_recipe = makefile.split("\nlint:", 1)[1].split("\n\n", 1)[0]
    assert "$(MAKE) --no-print-directory workflows" in lint_recipe


@pytest.mark.parametrize("mistake", PLANTS)
def test_a_planted_mistake_fails_the_audit(mistake, tmp_path):
    file_name, pattern, replacement, finding = PLANTS[mistake]
    workflows = tmp_path / ".github" / "workflows"
    shutil.copytree(WORKFLOWS_DIR, workflows)
    original = (workflows / file_name).read_text()
    planted = pattern.sub(replacement, original)
    assert planted != original, f"could not plant {mistake}"
    (workflows / file_name).write_text(planted)
    result = run_workflow_audit(workflows)
    assert result.returncode != 0
    assert finding in result.stdout + result.stderr
