"""The four GitHub workflows, parsed."""

from pathlib import Path
from typing import Any

import pytest
import yaml

PROJECT_DIR = Path(__file__).resolve().parents[2]
WORKFLOWS_DIR = PROJECT_DIR / ".github" / "workflows"
NAMES = ("ci", "cd", "ct", "rollback")


def load(name: str) -> dict[str, Any]:
    workflow = yaml.safe_load((WORKFLOWS_DIR / f"{name}.yml").read_text())
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads the key `on` as true
    return workflow


@pytest.fixture(scope="session")
def workflows() -> dict[str, dict[str, Any]]:
    return {name: load(name) for name in NAMES}
