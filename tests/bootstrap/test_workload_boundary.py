"""Every permission a generated stack grants its workload roles lies inside the bootstrap's boundary for them.

The generated project's platform stacks run (under its own mocks, in a subprocess with its code on the path) and
report each role they create, its boundary and its inline policies; the IAM evaluator then decides every allowed
(action, resource) of those policies as that role, with the boundary applied. A grant outside the boundary would
deploy fine and fail only when the job first uses it, so it fails here instead.
"""

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from bootstrap.workloads import boundary_arn, boundary_policy
from bootstrap_stack import KIT_ROOT
from cookiecutter.main import cookiecutter
from generated_stacks import report
from policy.authorization import Node, Policy, allowed

PROJECT = "customer-churn"
REPORT = """
import json, sys
import stack_runs
from {package}.environments import ENVIRONMENTS, REGION
report = []
for env in ("preprod", "prod"):
    graph = stack_runs.platform(env)
    policies = [r.inputs for r in graph.of_type("aws:iam/rolePolicy:RolePolicy")]
    for role in graph.of_type("aws:iam/role:Role"):
        name = role.inputs["name"]
        report.append({"env": env, "account": ENVIRONMENTS[env].account_id, "region": REGION, "role": name,
                       "boundary": role.inputs.get("permissionsBoundary"),
                       "policies": [json.loads(p["policy"]) for p in policies if p["role"] == name]})
print(json.dumps(report))
"""


def workload_roles(project: Path) -> list[dict[str, Any]]:
    return report(project, REPORT)


def _values(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _context(statement: dict[str, Any]) -> dict[str, str]:
    """The request's condition keys as the statement expects them (the first value each condition names)."""
    return {key: _values(value)[0] for test in statement.get("Condition", {}).values() for key, value in test.items()}


def _node(role: dict[str, Any], boundary: dict[str, Any]) -> Node:
    arn = f"arn:aws:iam::{role['account']}:role/{role['role']}"
    inline = [Policy(arn, f"inline-{n}", p) for n, p in enumerate(role["policies"])]
    return Node(arn, "AROAWORKLOAD", inline, [], {}, None, 0, False, False,
                Policy(role["boundary"], "boundary", boundary), False, {})  # fmt: skip


def _boundary(role: dict[str, Any]) -> dict[str, Any]:
    return json.loads(boundary_policy(PROJECT, role["env"], role["account"], role["region"]))


def outside_the_boundary(role: dict[str, Any]) -> list[str]:
    node = _node(role, _boundary(role))
    return [
        f"{role['role']}: {action} on {resource}"
        for policy in role["policies"]
        for statement in policy["Statement"]
        if statement["Effect"] == "Allow"
        for action in _values(statement["Action"])
        for resource in _values(statement["Resource"])
        if not allowed(node, action, resource, _context(statement))
    ]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(cookiecutter(str(KIT_ROOT), no_input=True, output_dir=str(tmp_path_factory.mktemp("boundary"))))


@pytest.fixture(scope="module")
def roles(generated: Path) -> list[dict[str, Any]]:
    return workload_roles(generated)


def test_every_workload_role_carries_its_environments_boundary_and_stays_inside_it(roles: list[dict[str, Any]]):
    # Prod runs no triggers, so it has no events role.
    assert {(r["env"], r["role"]) for r in roles} == {
        ("preprod", f"{PROJECT}-preprod-sagemaker-execution"), ("preprod", f"{PROJECT}-preprod-events-invoke"),
        ("prod", f"{PROJECT}-prod-sagemaker-execution"),
    }  # fmt: skip
    for role in roles:
        assert role["boundary"] == boundary_arn(PROJECT, role["env"], role["account"])
        assert role["policies"], f"{role['role']} has no policy to check"
        assert outside_the_boundary(role) == []


def test_a_grant_beyond_the_boundary_is_caught(generated: Path, tmp_path: Path):
    planted = shutil.copytree(generated, tmp_path / "planted")
    source = planted / "infra" / "components" / "execution_role.py"
    original, granted = source.read_text(), '    "sagemaker:UpdateModelPackage",\n'
    assert granted in original
    source.write_text(original.replace(granted, granted + '    "sagemaker:DeleteModelPackageGroup",\n'))
    found = [line for role in workload_roles(planted) for line in outside_the_boundary(role)]
    assert any("sagemaker-execution: sagemaker:DeleteModelPackageGroup" in line for line in found), found


def approvals(roles: list[dict[str, Any]], boundary=_boundary) -> list[str]:
    """`<role> may <action> with <status>` for each package write with an approval status a workload role may make."""
    package = "arn:aws:sagemaker:eu-west-1:111111111111:model-package/customer-churn/1"
    writes = [(action, status) for action in ("sagemaker:CreateModelPackage", "sagemaker:UpdateModelPackage")
              for status in ("Approved", "PendingManualApproval")]  # fmt: skip
    return [
        f"{role['role']} may {action} with {status}"
        for role in roles
        for action, status in writes
        if allowed(_node(role, boundary(role)), action, package, {"sagemaker:ModelApprovalStatus": status})
    ]


def test_a_training_job_registers_for_approval_and_can_never_approve(roles: list[dict[str, Any]]):
    execution = f"{PROJECT}-preprod-sagemaker-execution"
    assert approvals(roles) == [
        f"{execution} may sagemaker:CreateModelPackage with PendingManualApproval",
        f"{execution} may sagemaker:UpdateModelPackage with PendingManualApproval",
    ]


def test_a_boundary_without_the_approval_guard_is_caught(roles: list[dict[str, Any]]):
    def unguarded(role):
        document = _boundary(role)
        return {**document, "Statement": [s for s in document["Statement"] if s["Sid"] != "OnlyAPersonApproves"]}

    assert f"{PROJECT}-preprod-sagemaker-execution may sagemaker:UpdateModelPackage with Approved" in approvals(
        roles, unguarded
    )
