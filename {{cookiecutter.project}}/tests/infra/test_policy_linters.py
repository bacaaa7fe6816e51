"""parliament and cloudsplaining on every policy document the four stacks declare: each finding justified in
`infra/policy-findings.txt`, no justification without its finding, and a planted grant shown failing."""

from pathlib import Path

import pytest
import stack_runs
from policy import linters
from policy.graph import Graph

from {{ cookiecutter.package_name }}.environments import PROJECT

JUSTIFIED = Path(linters.__file__).parents[1] / "policy-findings.txt"


def findings_of(graphs: list[Graph]) -> set[linters.Finding]:
    """Per graph: the environments' documents share their logical names."""
    found: set[linters.Finding] = set()
    for graph in graphs:
        found |= linters.findings(linters.documents(graph, PROJECT, ("preprod", "prod")))
    return found


@pytest.fixture(scope="module")
def graphs() -> list[Graph]:
    return [run(env) for env in ("preprod", "prod") for run in (stack_runs.platform, stack_runs.serving)]


def test_every_finding_on_the_stacks_policies_is_justified(graphs):
    found, justified = findings_of(graphs), linters.read_justified(JUSTIFIED)
    assert linters.unjustified(found, justified) == []
    assert linters.stale(found, justified) == [], "a justification whose finding is gone"


def test_a_planted_grant_is_found_by_both_tools():
    grant = {"Sid": "Planted", "Effect": "Allow", "Action": ["s3:GetObject", "ssm:GetParameter"], "Resource": "*"}
    planted = {"Version": "2012-10-17", "Statement": [grant]}
    found = linters.findings({"RolePolicy:sagemaker-execution:policy": planted})
    new = linters.unjustified(found, linters.read_justified(JUSTIFIED))
    assert "RolePolicy:sagemaker-execution:policy Planted parliament:RESOURCE_STAR" in new
    assert "RolePolicy:sagemaker-execution:policy ssm:GetParameter cloudsplaining:DataExfiltration" in new


def test_a_justification_without_its_reason_is_refused(tmp_path: Path):
    (tmp_path / "findings.txt").write_text("Key:key:policy DeployRoleAdministers parliament:RESOURCE_STAR\n")
    with pytest.raises(linters.JustificationError, match=r"findings.txt:1: .* must be '<document> <Sid>"):
        linters.read_justified(tmp_path / "findings.txt")
