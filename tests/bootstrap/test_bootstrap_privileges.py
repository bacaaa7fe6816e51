"""No repository role can widen its own rights: decided by an IAM evaluator on the bootstrap's rendered policies.

Each invariant is evaluated for every repository role of both accounts and of single-account mode, and each is
shown failing on a planted policy of the kind it exists to catch.
"""

import json
from pathlib import Path

import pytest
from bootstrap import workloads
from bootstrap.config import PREVIEW_ENVIRONMENT
from bootstrap.workloads import BOUNDED_WRITES, UNBOUNDED_WRITES, boundary_arn, workload_role_arns
from bootstrap_stack import PREPROD, PREPROD_ACCOUNT, PROD, PROD_ACCOUNT, SINGLE, STATE_BUCKET, bootstrap
from policy.authorization import allowed, principal
from policy.graph import Graph

PROJECT = "customer-churn"
ROLE_WRITES = [*BOUNDED_WRITES, *UNBOUNDED_WRITES, "iam:AttachRolePolicy", "iam:DetachRolePolicy",
               "iam:DeleteRolePermissionsBoundary", "iam:PassRole"]  # fmt: skip
POLICY_WRITES = ["iam:CreatePolicyVersion", "iam:DeletePolicyVersion", "iam:SetDefaultPolicyVersion",
                 "iam:DeletePolicy", "iam:TagPolicy"]  # fmt: skip
ACCOUNTS = {  # mode → (bootstrap config, account, environments hosted there)
    "preprod-account": (PREPROD, PREPROD_ACCOUNT, ("preprod",)),
    "prod-account": (PROD, PROD_ACCOUNT, ("prod",)),
    "single-account": (SINGLE, PREPROD_ACCOUNT, ("preprod", "prod")),
}


def _graph(mode: str) -> Graph:
    config, account, _ = ACCOUNTS[mode]
    return bootstrap(config, account=account, stack="prod" if mode == "prod-account" else "preprod")


def _repository_roles(environments: tuple[str, ...]) -> list[str]:
    return [f"{PROJECT}-{env}-{kind}" for env in environments for kind in _kinds(env)]


def _kinds(env: str) -> tuple[str, ...]:
    return ("deploy", "preview") if env == PREVIEW_ENVIRONMENT else ("deploy",)


def escalations(graph: Graph, account: str, environments: tuple[str, ...]) -> list[str]:
    """Every write a repository role could make to a repository role or to a workload boundary."""
    roles = _repository_roles(environments)
    targets = [(f"arn:aws:iam::{account}:role/{role}", ROLE_WRITES) for role in roles]
    targets += [(boundary_arn(PROJECT, env, account), POLICY_WRITES) for env in environments]
    # The request's boundary key is the target's; these roles have none, but try every boundary there is too.
    contexts = [{}] + [{"iam:PermissionsBoundary": boundary_arn(PROJECT, env, account)} for env in environments]
    nodes = {role: principal(graph, account, role) for role in roles}
    return [
        f"{role} may {action} on {target}"
        for role, node in nodes.items()
        for target, actions in targets
        for action in actions
        if any(allowed(node, action, target, context) for context in contexts)
    ]


@pytest.mark.parametrize("mode", ACCOUNTS)
def test_no_repository_role_can_change_a_repository_role_or_the_boundary(mode: str):
    _, account, environments = ACCOUNTS[mode]
    assert escalations(_graph(mode), account, environments) == []


def test_a_role_pattern_that_matches_the_repository_roles_is_caught(monkeypatch):
    wide = {"Sid": "ProjectRoles", "Effect": "Allow", "Action": ["iam:PutRolePolicy", "iam:UpdateAssumeRolePolicy"],
            "Resource": [f"arn:aws:iam::{PREPROD_ACCOUNT}:role/{PROJECT}-*"]}  # fmt: skip
    original = workloads.deploy_statements
    monkeypatch.setattr(workloads, "deploy_statements", lambda *args: [*original(*args), wide])
    found = escalations(_graph("preprod-account"), PREPROD_ACCOUNT, ("preprod",))
    own_role = f"arn:aws:iam::{PREPROD_ACCOUNT}:role/{PROJECT}-preprod-deploy"
    assert f"{PROJECT}-preprod-deploy may iam:PutRolePolicy on {own_role}" in found


def _deploy(graph: Graph, env: str, account: str):
    return principal(graph, account, f"{PROJECT}-{env}-deploy")


@pytest.mark.parametrize("mode", ACCOUNTS)
def test_workload_roles_are_written_only_with_their_environments_boundary(mode: str):
    graph, (_, account, environments) = _graph(mode), ACCOUNTS[mode]
    for env in environments:
        deploy = _deploy(graph, env, account)
        for role in workload_role_arns(PROJECT, env, account):
            for action in BOUNDED_WRITES:
                bounded = {"iam:PermissionsBoundary": boundary_arn(PROJECT, env, account)}
                assert allowed(deploy, action, role, bounded), f"{env} deploy cannot {action} {role}"
                assert not allowed(deploy, action, role), f"{env} deploy may {action} {role} without a boundary"
                admin = {"iam:PermissionsBoundary": "arn:aws:iam::aws:policy/AdministratorAccess"}
                assert not allowed(deploy, action, role, admin), f"{env} deploy may {action} {role} unbounded"
            assert not allowed(deploy, "iam:DeleteRolePermissionsBoundary", role, bounded)


def test_a_workload_role_write_without_the_boundary_condition_is_caught(monkeypatch):
    original = workloads.deploy_statements

    def unconditioned(*args):
        return [{k: v for k, v in statement.items() if k != "Condition"} for statement in original(*args)]

    monkeypatch.setattr(workloads, "deploy_statements", unconditioned)
    with pytest.raises(AssertionError, match="without a boundary"):
        test_workload_roles_are_written_only_with_their_environments_boundary("preprod-account")


def test_in_one_account_an_environments_deploy_role_cannot_write_the_others_workload_roles():
    _assert_environments_apart(_graph("single-account"))


def test_a_workload_role_pattern_that_spans_environments_is_caught(monkeypatch):
    original = workloads.workload_role_arns

    def spanning(project: str, env: str, account: str) -> list[str]:
        return [*original(project, env, account), f"arn:aws:iam::{account}:role/{project}-*-sagemaker-execution"]

    monkeypatch.setattr(workloads, "workload_role_arns", spanning)
    with pytest.raises(AssertionError):
        _assert_environments_apart(_graph("single-account"))


def _assert_environments_apart(graph: Graph) -> None:
    for env, other in (("preprod", "prod"), ("prod", "preprod")):
        deploy = _deploy(graph, env, PREPROD_ACCOUNT)
        for role in workload_role_arns(PROJECT, other, PREPROD_ACCOUNT):
            for boundary in (boundary_arn(PROJECT, name, PREPROD_ACCOUNT) for name in (env, other)):
                assert not allowed(deploy, "iam:PutRolePolicy", role, {"iam:PermissionsBoundary": boundary})
                assert not allowed(deploy, "iam:PassRole", role, {"iam:PassedToService": "sagemaker.amazonaws.com"})


def test_the_boundary_is_created_once_per_environment_and_names_only_that_environments_roles():
    graph = _graph("single-account")
    boundaries = {p.inputs["name"]: json.loads(p.inputs["policy"]) for p in graph.of_type("aws:iam/policy:Policy")}
    assert set(boundaries) == {f"{PROJECT}-{env}-workload-boundary" for env in ("preprod", "prod")}
    for env, document in ((e, boundaries[f"{PROJECT}-{e}-workload-boundary"]) for e in ("preprod", "prod")):
        [passing] = [s for s in document["Statement"] if s["Sid"] == "PassOnlyWorkloadRoles"]
        assert passing["Resource"] == workload_role_arns(PROJECT, env, PREPROD_ACCOUNT)
        assert not any(a.startswith("iam:") and a != "iam:PassRole" for s in document["Statement"]
                       for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"]))  # fmt: skip


def test_the_condition_keys_the_policies_rely_on_are_the_ones_aws_documents():
    """The facts bootstrap.workloads relies on, read from the Service Authorization Reference as parliament ships it:
    the boundary key exists on every bounded write and not on the others..."""
    import parliament

    reference = json.loads((Path(parliament.__file__).parent / "iam_definition.json").read_text())
    privileges = [p for service in reference if service["prefix"] == "iam" for p in service["privileges"]]
    keys = {p["privilege"]: {k for r in p["resource_types"] for k in r["condition_keys"]} for p in privileges}
    assert all("iam:PermissionsBoundary" in keys[action.split(":")[1]] for action in BOUNDED_WRITES)
    assert not any("iam:PermissionsBoundary" in keys[action.split(":")[1]] for action in UNBOUNDED_WRITES)
    # ... and the key the boundary's approval guard reads.
    registry = [p for service in reference if service["prefix"] == "sagemaker" for p in service["privileges"]]
    keys = {p["privilege"]: {k for r in p["resource_types"] for k in r["condition_keys"]} for p in registry}
    assert all("sagemaker:ModelApprovalStatus" in keys[name] for name in ("CreateModelPackage", "UpdateModelPackage"))
    # ... and the actions the boundary grants on "*" name no resource type AWS could scope them to.
    for action in workloads.UNSCOPABLE:
        prefix, name = action.split(":")
        [entry] = [p for service in reference if service["prefix"] == prefix for p in service["privileges"]
                   if p["privilege"] == name]  # fmt: skip
        assert [r["resource_type"] for r in entry["resource_types"]] == [""], action


META = f"arn:aws:s3:::{STATE_BUCKET}/.pulumi/meta.yaml"


def _state_object(kind: str, project: str, env: str) -> str:
    """An object of `project`'s `env` stack as Pulumi's DIY backend names it (see bootstrap.permissions)."""
    path = {"stacks": f"stacks/{project}/{env}.json", "history": f"history/{project}/{env}/{env}-1.history.json",
            "locks": f"locks/organization/{project}/{env}/0b1d.json"}[kind]  # fmt: skip
    return f"arn:aws:s3:::{STATE_BUCKET}/.pulumi/{path}"


def state_leaks(graph: Graph, account: str, environments: tuple[str, ...]) -> list[str]:
    """Every state object a repository role may read or write beyond its own environment's stacks."""
    found = []
    for env in environments:
        for kind in _kinds(env):
            node = principal(graph, account, f"{PROJECT}-{env}-{kind}")
            others = [(f"{PROJECT}-{p}", e) for p in ("platform", "serving") for e in ("preprod", "prod") if e != env]
            others += [("fraud-platform", env), (f"{PROJECT}-x-platform", env), (PROJECT, env)]
            for (project, stack), part in ((o, k) for o in others for k in ("stacks", "history", "locks")):
                found += [f"{kind} role of {env} may {action} {project}/{stack} {part}"
                          for action in ("s3:GetObject", "s3:PutObject", "s3:DeleteObject")
                          if allowed(node, action, _state_object(part, project, stack))]  # fmt: skip
            # The backend's layout version, which the bootstrap wrote for every project: readable, never writable.
            found += [f"{kind} role of {env} may {action} meta.yaml" for action in ("s3:PutObject", "s3:DeleteObject")
                      if allowed(node, action, META)]  # fmt: skip
            found += [] if allowed(node, "s3:GetObject", META) else [f"{kind} role of {env} cannot read meta.yaml"]
    return found


@pytest.mark.parametrize("mode", ACCOUNTS)
def test_a_repository_role_reads_and_writes_only_its_own_environments_state(mode: str):
    graph, (_, account, environments) = _graph(mode), ACCOUNTS[mode]
    assert state_leaks(graph, account, environments) == []
    for env in environments:
        deploy = principal(graph, account, f"{PROJECT}-{env}-deploy")
        own = {part: _state_object(part, f"{PROJECT}-serving", env) for part in ("stacks", "history", "locks")}
        assert all(allowed(deploy, a, o) for a in ("s3:GetObject", "s3:PutObject") for o in own.values())
        if env == PREVIEW_ENVIRONMENT:
            preview = principal(graph, account, f"{PROJECT}-{env}-preview")
            assert allowed(preview, "s3:GetObject", own["stacks"]) and allowed(preview, "s3:PutObject", own["locks"])
            assert not allowed(preview, "s3:PutObject", own["stacks"])


def test_a_state_grant_of_the_whole_bookkeeping_directory_is_caught(monkeypatch):
    from bootstrap import permissions

    original = permissions._stack_objects

    def whole(scope):
        return {**original(scope), "stacks": [f"arn:aws:s3:::{STATE_BUCKET}/.pulumi/*"]}

    monkeypatch.setattr(permissions, "_stack_objects", whole)
    leaks = state_leaks(_graph("single-account"), PREPROD_ACCOUNT, ("preprod", "prod"))
    assert f"preview role of preprod may s3:GetObject {PROJECT}-serving/prod stacks" in leaks
    assert "deploy role of prod may s3:PutObject fraud-platform/prod stacks" in leaks


APPROVED = {"sagemaker:ModelApprovalStatus": "Approved"}


def approvers(graph: Graph, account: str, environments: tuple[str, ...]) -> list[str]:
    package = f"arn:aws:sagemaker:eu-west-1:{PREPROD_ACCOUNT}:model-package/{PROJECT}/1"
    return [f"{role} may approve with {action}" for role in _repository_roles(environments)
            for action in ("sagemaker:UpdateModelPackage", "sagemaker:CreateModelPackage")
            if allowed(principal(graph, account, role), action, package, APPROVED)]  # fmt: skip


@pytest.mark.parametrize("mode", ACCOUNTS)
def test_no_repository_role_can_approve_a_model_package(mode: str):
    _, account, environments = ACCOUNTS[mode]
    assert approvers(_graph(mode), account, environments) == []


def test_a_deploy_role_that_may_update_packages_is_caught(monkeypatch):
    from bootstrap import actions

    sagemaker = [*actions.DEPLOY_ACTIONS["sagemaker"], "sagemaker:UpdateModelPackage"]
    monkeypatch.setitem(actions.DEPLOY_ACTIONS, "sagemaker", sagemaker)
    found = approvers(_graph("preprod-account"), PREPROD_ACCOUNT, ("preprod",))
    assert found == [f"{PROJECT}-preprod-deploy may approve with sagemaker:UpdateModelPackage"]


def pull_request_roles(graph: Graph) -> list[str]:
    """The roles whose trust admits a pull request's OIDC subject."""
    return [role.inputs["name"] for role in graph.of_type("aws:iam/role:Role")
            if ":pull_request" in role.inputs["assumeRolePolicy"]]  # fmt: skip


def test_only_the_environment_pull_requests_preview_has_a_role_they_can_assume():
    assert pull_request_roles(_graph("preprod-account")) == [f"{PROJECT}-preprod-preview"]
    assert pull_request_roles(_graph("prod-account")) == []
    assert pull_request_roles(_graph("single-account")) == [f"{PROJECT}-preprod-preview"]


def test_a_preview_role_in_prod_is_caught(monkeypatch):
    monkeypatch.setattr("bootstrap.config.Repository.role_kinds", lambda self, env: ("deploy", "preview"))
    assert pull_request_roles(_graph("prod-account")) == [f"{PROJECT}-prod-preview"]
