"""parliament and cloudsplaining on every policy document the bootstrap creates, in all three account layouts: each
finding justified in `infra/policy-findings.txt`, no justification left without its finding, and a planted grant
shown failing."""

import pytest
from bootstrap import permissions
from bootstrap_stack import KIT_ROOT, PREPROD, PROD, PROD_ACCOUNT, SINGLE, bootstrap
from policy import linters

JUSTIFIED = KIT_ROOT / "infra" / "policy-findings.txt"


def bootstrap_findings() -> set[linters.Finding]:
    """Per layout: the same documents appear in several, under one generic name."""
    found: set[linters.Finding] = set()
    for graph in (bootstrap(PREPROD), bootstrap(PROD, account=PROD_ACCOUNT, stack="prod"), bootstrap(SINGLE)):
        found |= linters.findings(linters.documents(graph, "customer-churn", ("preprod", "prod")))
    return found


@pytest.fixture(scope="module")
def found() -> set[linters.Finding]:
    return bootstrap_findings()


def test_every_finding_on_the_bootstraps_policies_is_justified(found):
    justified = linters.read_justified(JUSTIFIED)
    assert linters.unjustified(found, justified) == []
    assert linters.stale(found, justified) == [], "a justification whose finding is gone"


def test_a_planted_grant_is_found_by_both_tools(monkeypatch):
    planted = {"Sid": "Planted", "Effect": "Allow", "Action": ["s3:GetObject", "ssm:GetParameter"], "Resource": "*"}
    original = permissions._reads
    monkeypatch.setattr(permissions, "_reads", lambda scope: [*original(scope), planted])
    new = linters.unjustified(bootstrap_findings(), linters.read_justified(JUSTIFIED))
    assert "RolePolicy:<project>-<env>-deploy:policy Planted parliament:RESOURCE_STAR" in new
    assert "RolePolicy:<project>-<env>-deploy:policy ssm:GetParameter cloudsplaining:DataExfiltration" in new


def test_a_justification_without_its_reason_is_refused(tmp_path):
    reasonless = "Key:pulumi-key:policy AccountAdministersThroughIam parliament:RESOURCE_STAR\n"
    (tmp_path / "findings.txt").write_text(reasonless)
    with pytest.raises(linters.JustificationError, match=r"findings.txt:1: .* must be '<document> <Sid>"):
        linters.read_justified(tmp_path / "findings.txt")
