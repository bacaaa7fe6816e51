"""Each runbook names its workflow, its gate and its command, and the make targets it mentions exist."""

import re

import pytest

from .conftest import PROJECT_DIR, WORKFLOWS_DIR
from .test_workflow_structure import MAKE_TARGETS

RUNBOOKS = {"deploy": "cd.yml", "approve": "cd.yml", "rollback": "rollback.yml", "retrain": "ct.yml"}


@pytest.mark.parametrize(("runbook", "workflow"), RUNBOOKS.items())
def test_a_runbook_names_its_workflow_gate_and_command(runbook, workflow):
    text = (PROJECT_DIR / "docs" / "runbooks" / f"{runbook}.md").read_text()
    header = text.split("\n\n")[1]
    assert "**Workflow:**" in header and "**Gate:**" in header and "**Command" in header
    assert f".github/workflows/{workflow}" in header and (WORKFLOWS_DIR / workflow).exists()
    assert set(re.findall(r"`make ([a-z-]+)", text)) <= MAKE_TARGETS
