"""The generated stacks' checkov gate (the template's policy machinery) over the bootstrap's plans (seconds)."""

import json
from pathlib import Path

import pytest
from bootstrap_stack import KIT_ROOT, PREPROD, PROD, PROD_ACCOUNT, bootstrap
from policy.gate import main
from policy.plan import write_plan
from policy.scanner import DEFAULT_COMMAND, run_checkov

pytestmark = pytest.mark.xdist_group("checkov")
INFRA = KIT_ROOT / "infra"
OPTIONS = ["--config", str(INFRA / "checkov.yaml"), "--uncovered", str(INFRA / "policy-uncovered.txt"),
           "--waivers", str(INFRA / "policy-waivers.txt")]  # fmt: skip


def _plans(tmp_path: Path) -> list[Path]:
    return [
        write_plan(bootstrap(PREPROD), tmp_path / "preprod.json"),
        write_plan(bootstrap(PROD, account=PROD_ACCOUNT, stack="prod"), tmp_path / "prod.json"),
    ]


def test_both_accounts_pass_the_gate_with_the_oidc_checks_among_the_passed(tmp_path: Path, capsys):
    plans = _plans(tmp_path)
    assert main([*OPTIONS, *map(str, plans)]) == 0, capsys.readouterr().out
    reports, _ = run_checkov(DEFAULT_COMMAND, INFRA / "checkov.yaml", plans)
    passed = {(f.check_id, f.resource) for report in reports.values() for f in report.passed}
    assert ("CKV_AWS_393", "aws_iam_role.customer_churn_preprod_deploy") in passed
    assert ("CKV_KIT_1", "aws_iam_role.customer_churn_prod_deploy") in passed


def test_a_planted_repository_wide_subject_fails_the_gate(tmp_path: Path, capsys, monkeypatch):
    monkeypatch.setattr("bootstrap.trust.pinned", lambda subject: subject)
    monkeypatch.setattr("bootstrap.repository_roles.deploy_subject", lambda repository, env: "repo:acme/*")
    plan = write_plan(bootstrap(PREPROD), tmp_path / "planted.json")
    resources = json.loads(plan.read_text())["planned_values"]["root_module"]["resources"]
    deploy = next(r for r in resources if r["address"] == "aws_iam_role.customer_churn_preprod_deploy")
    assert '"repo:acme/*"' in deploy["values"]["assume_role_policy"]
    assert main([*OPTIONS, str(plan)]) == 1
    assert "FAILED CKV_KIT_1 aws_iam_role.customer_churn_preprod_deploy" in capsys.readouterr().out
