"""The provider-call table and its rendering into requests: what each declared resource asks IAM, per phase."""

from pathlib import Path

import pytest
import stack_runs
from policy import calls
from policy.calls import TableError
from policy.graph import Graph, Resource

from {{ cookiecutter.package_name }}.environments import ENVIRONMENTS, REGION

TABLE = """
aws:iam/role:Role:
  terraform: aws_iam_role
  sources: [internal/service/iam/role.go@0000000000000000000000000000000000000000]
  arn: "arn:aws:iam::{account}:role/{name}"
  calls:
    - {api: CreateRole, action: iam:CreateRole, phases: [create], creates: true, tags: request,
       context: {"iam:PermissionsBoundary": "{permissionsBoundary}"}}
    - {api: GetRole, action: iam:GetRole, phases: [create, read, update]}
    - {api: DeleteRole, action: iam:DeleteRole, phases: [delete]}
    - {api: UpdateRoleDescription, action: iam:UpdateRoleDescription, phases: [update], when: description}
aws:iam/rolePolicy:RolePolicy:
  terraform: aws_iam_role_policy
  sources: [internal/service/iam/role_policy.go@0000000000000000000000000000000000000000]
  arn: "arn:aws:iam::{account}:role/{role}"
  calls:
    - {api: PutRolePolicy, action: iam:PutRolePolicy, phases: [create, update],
       context: {"iam:PermissionsBoundary": "{role.permissionsBoundary}"}}
"""
BOUNDARY = "arn:aws:iam::111111111111:policy/boundary"


def _graph(**role_inputs) -> Graph:
    role = Resource("urn:role", "aws:iam/role:Role", "worker", {"name": "worker", "tags": {"project": "p"},
                                                                **role_inputs}, True)  # fmt: skip
    policy = Resource("urn:policy", "aws:iam/rolePolicy:RolePolicy", "worker-policy", {"role": "worker"}, True)
    return Graph((role, policy), {})


@pytest.fixture
def table(tmp_path: Path) -> dict[str, calls.TypeCalls]:
    (tmp_path / "calls.yaml").write_text(TABLE)
    return calls.load(tmp_path / "calls.yaml")


def _by_phase(requests: list[calls.Request], api: str) -> dict[str, calls.Request]:
    return {r.phase: r for r in requests if r.api == api}


def test_a_replacement_makes_the_create_and_the_delete_calls(table):
    requests = calls.requests(_graph(), "111111111111", REGION, table)
    assert set(_by_phase(requests, "CreateRole")) == {"create", "replace"}
    assert set(_by_phase(requests, "DeleteRole")) == {"delete", "replace"}
    assert set(_by_phase(requests, "GetRole")) == {"create", "read", "update", "replace"}
    assert _by_phase(requests, "GetRole")["read"].arn == "arn:aws:iam::111111111111:role/worker"


def test_tags_travel_as_request_tags_on_create_and_as_resource_tags_after(table):
    requests = calls.requests(_graph(), "111111111111", REGION, table)
    assert _by_phase(requests, "CreateRole")["create"].context == {"aws:SecureTransport": "true",
                                                                   "aws:RequestTag/project": "p"}  # fmt: skip
    assert _by_phase(requests, "GetRole")["read"].context["aws:ResourceTag/project"] == "p"


def test_a_condition_key_follows_the_resource_a_call_names(table):
    bounded = calls.requests(_graph(permissionsBoundary=BOUNDARY), "111111111111", REGION, table)
    assert _by_phase(bounded, "PutRolePolicy")["create"].context["iam:PermissionsBoundary"] == BOUNDARY
    assert _by_phase(bounded, "CreateRole")["create"].context["iam:PermissionsBoundary"] == BOUNDARY
    unbounded = calls.requests(_graph(), "111111111111", REGION, table)
    assert "iam:PermissionsBoundary" not in _by_phase(unbounded, "PutRolePolicy")["create"].context


def test_a_conditional_call_is_made_only_with_its_input(table):
    assert not _by_phase(calls.requests(_graph(), "1", REGION, table), "UpdateRoleDescription")
    described = calls.requests(_graph(description="d"), "1", REGION, table)
    assert set(_by_phase(described, "UpdateRoleDescription")) == {"update"}


def test_a_type_or_an_input_the_table_lacks_is_refused_by_name(table):
    unknown = Graph((Resource("urn:q", "aws:sqs/queue:Queue", "jobs", {}, True),), {})
    with pytest.raises(TableError, match=r"aws:sqs/queue:Queue \(jobs\) is not in provider_calls.yaml"):
        calls.requests(unknown, "1", REGION, table)
    nameless = Graph((Resource("urn:role", "aws:iam/role:Role", "worker", {}, True),), {})
    with pytest.raises(TableError, match=r"'worker' has no input 'name'"):
        calls.requests(nameless, "1", REGION, table)


@pytest.mark.parametrize("env", ["preprod", "prod"])
def test_the_table_knows_every_resource_the_four_stacks_declare(env: str):
    table, account = calls.load(), ENVIRONMENTS[env].account_id
    for graph in (stack_runs.platform(env), stack_runs.serving(env)):
        requests = calls.requests(graph, account, REGION, table)
        declared = {r.type for r in stack_runs.aws_resources(graph)}
        assert {r.type for r in requests} == declared


def test_every_row_names_a_known_phase_an_iam_action_and_its_source():
    for entry in calls.load().values():
        assert entry.sources and all("@" in source for source in entry.sources), entry.token
        for call in entry.calls:
            assert set(call.phases) <= set(calls.PHASES) - {"replace"}, (entry.token, call.api)
            assert call.action.count(":") == 1 and call.action.split(":")[1][:1].isupper(), (entry.token, call)
