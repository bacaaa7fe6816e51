"""The kit's own workflow passes the audits the generated workflows pass, and calls the README's command."""

import subprocess
from pathlib import Path

import yaml
from conftest import KIT

WORKFLOW = KIT / ".github" / "workflows" / "ci.yml"
BIN = Path(KIT / ".venv" / "bin")


def audit(workflow: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [BIN / "zizmor", "--offline", "--no-progress", str(workflow)], capture_output=True, text=True, check=False
    )


def test_workflow_runs_make_test_with_read_only_permissions():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    assert workflow["permissions"] == {"contents": "read"}
    runs = [step["run"] for step in workflow["jobs"]["test"]["steps"] if "run" in step]
    assert any(run.startswith("make test") for run in runs)


def test_workflow_passes_zizmor_and_the_schema():
    result = audit(WORKFLOW)
    assert result.returncode == 0, result.stdout
    schema = [BIN / "check-jsonschema", "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)]
    assert subprocess.run(schema, capture_output=True, check=False).returncode == 0


def test_zizmor_fails_an_unpinned_action(tmp_path):
    planted = tmp_path / "ci.yml"
    planted.write_text(
        WORKFLOW.read_text().replace(
            "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1", "actions/checkout@v7"
        )
    )
    assert audit(planted).returncode != 0
