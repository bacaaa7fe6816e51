"""Every call SageMaker makes as the execution role, by the documentation (infra/policy/execution_calls.yaml), for
what the pipeline definition (as the SDK builds it) and the serving stacks declare, is allowed: decided by the IAM
evaluator on the role's own policy under the bootstrap's boundary (`bootstrap_grants.json`, rendered from the kit's
bootstrap), with the stacks' key and bucket policies, in both account layouts.
"""

import copy
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import botocore.session
import pytest
import stack_runs
from components.serving_settings import example_package_arn
from policy import execution_calls, pipeline_activities
from policy.authorization import denied, principal, stack_resource_policies
from policy.calls import TableError

from {{ cookiecutter.package_name }}.environments import ENVIRONMENTS, REGION
from {{ cookiecutter.package_name }}.pipeline.definition import definition_json

GRANTS = json.loads((Path(execution_calls.__file__).parent / "bootstrap_grants.json").read_text())
DOCS = {"roles", "pipelines", "s3-kms"}


@cache
def definition() -> dict[str, Any]:
    return json.loads(definition_json(ENVIRONMENTS["preprod"]))


def _world(single_account: bool) -> tuple[dict[str, list], dict[str, Any], dict[str, Any]]:
    """Each role's requests, the resource policies, and each environment's execution role."""
    envs = {name: stack_runs.prod_in_layout(single_account) if name == "prod" else ENVIRONMENTS[name]
            for name in ("preprod", "prod")}  # fmt: skip
    graphs = {name: (stack_runs.platform(name, single_account), stack_runs.serving(name, single_account=single_account))
              for name in envs}  # fmt: skip
    place = execution_calls.Place.of([(envs[n].account_id, g) for n, pair in graphs.items() for g in pair], REGION)
    found = pipeline_activities.activities(definition(), envs["preprod"].execution_role_arn, place)
    served = {example_package_arn(v): pipeline_activities.registered_contents(definition()) for v in (2, 3)}
    for name in envs:
        found += execution_calls.endpoint_activities(graphs[name][1], served, place)
    policies: dict[str, Any] = {}
    for name in envs:  # in one account the keys' offline ids coincide; both keys leave the account's roles to IAM
        for graph in graphs[name]:
            policies |= stack_resource_policies(graph, envs[name].account_id, REGION)
    return execution_calls.requests(found, execution_calls.load(), REGION), policies, envs


def _boundary(env: str, account: str) -> dict[str, Any]:
    """The bootstrap's boundary for `env`, for the layout's account (it names the account in its PassRole)."""
    rendered = json.dumps(GRANTS[env]["workload_boundary"])
    return json.loads(rendered.replace(GRANTS[env]["account"], account))


def denials(single_account: bool, plant=lambda policy, boundary: None) -> list[str]:
    requests, policies, envs = _world(single_account)
    found = []
    for name, env in envs.items():
        boundary = _boundary(name, env.account_id)
        node = principal(stack_runs.platform(name, single_account), env.account_id, env.execution_role_name, boundary)
        plant(node.attached_policies[0].policy_doc, boundary)  # the node holds both documents, not copies
        found += denied(node, requests[env.execution_role_arn], policies)
    return sorted(set(found))


@pytest.mark.parametrize("single_account", [False, True], ids=["two-accounts", "one-account"])
def test_the_execution_role_may_make_every_call_its_jobs_and_endpoints_make(single_account: bool):
    assert denials(single_account) == []


def test_every_row_of_the_table_is_reached_by_the_generated_pipeline_and_endpoints():
    requests, _, _ = _world(single_account=False)
    reached = {(r.type, r.action) for found in requests.values() for r in found}
    rows = {(kind, row.action) for kind, rows in execution_calls.load().items() for row in rows}
    assert rows - reached == set()


def _without(action: str, document: dict[str, Any]) -> None:
    for statement in document["Statement"]:
        if statement["Effect"] == "Allow":
            actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
            statement["Action"] = [a for a in actions if a != action] or ["sagemaker:ListTags"]


def test_a_volume_key_the_role_may_not_grant_is_listed_with_the_job_that_needs_it():
    found = denials(False, lambda policy, boundary: _without("kms:CreateGrant", policy))
    assert "job 'Train' run: CreateGrant needs kms:CreateGrant on " in "\n".join(found), found


def test_the_boundary_is_applied_a_rollback_alarm_it_does_not_cover_is_listed():
    found = denials(False, lambda policy, boundary: _without("cloudwatch:DescribeAlarms", boundary))
    endpoint = ENVIRONMENTS["prod"].endpoint_name
    assert any(line.startswith(f"endpoint '{endpoint}' run: DescribeAlarms needs") for line in found), found


def test_a_definition_that_creates_experiments_is_refused():
    planted = copy.deepcopy(definition()) | {"PipelineExperimentConfig": {"ExperimentName": "x"}}
    place = execution_calls.Place.of([], REGION)
    with pytest.raises(TableError, match="experiments"):
        pipeline_activities.activities(planted, ENVIRONMENTS["preprod"].execution_role_arn, place)


def test_every_row_cites_its_documentation_and_botocore_names_the_action_it_is_cited_for():
    model = botocore.session.get_session().get_service_model("sagemaker")
    for kind, rows in execution_calls.load().items():
        for row in rows:
            if not row.doc.startswith("botocore:"):
                assert row.doc in DOCS, f"{kind} {row.action}: doc {row.doc!r} is not one the table's header cites"
                continue
            shape, member = row.doc.removeprefix("botocore:").split(".")
            text = re.sub("<[^>]+>", "", model.shape_for(shape).members[member].documentation)
            assert row.action in text, f"{kind} {row.action}: botocore's {shape}.{member} does not name it"
