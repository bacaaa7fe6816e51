"""The pipeline definition as the SDK builds it, offline: what the containers' jobs are started with."""

import json
from typing import Any

import pytest

from {{ cookiecutter.package_name }} import environments
from {{ cookiecutter.package_name }}.pipeline import offline


def _by_name(steps: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    found = {}
    for step in steps:
        found[step["Name"]] = step
        for branch in ("IfSteps", "ElseSteps"):
            found.update(_by_name(step.get("Arguments", {}).get(branch, [])))
    return found


@pytest.fixture(scope="session")
def pipeline_steps() -> dict[str, dict[str, Any]]:
    """preprod's pipeline steps by name, the condition's branches included."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in offline.OFFLINE_VARIABLES.items():
            patch.setenv(name, value)
        from {{ cookiecutter.package_name }}.pipeline import definition

        document = json.loads(definition.definition_json(environments.environment("preprod")))
    return _by_name(document["Steps"])
