"""Every AWS call `pulumi up`, `refresh` and `destroy` of the four stacks make is allowed to the environment's deploy
role, as the kit's bootstrap grants it (`infra/policy/bootstrap_grants.json`, rendered from the bootstrap's code),
decided by the IAM evaluator with the stacks' own key and bucket policies: create, read, update, replace, delete.
"""

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import stack_runs
from policy import calls
from policy.authorization import denied, role_node, stack_resource_policies

from {{ cookiecutter.package_name }}.environments import ENVIRONMENTS, REGION

GRANTS = json.loads((Path(calls.__file__).parent / "bootstrap_grants.json").read_text())


def _requests(env: str) -> tuple[list[calls.Request], dict[str, Any]]:
    table, account = calls.load(), ENVIRONMENTS[env].account_id
    graphs = [stack_runs.platform(env), stack_runs.serving(env)]
    requests, policies = [], {}
    for graph in graphs:
        requests += calls.requests(graph, account, REGION, table, [g for g in graphs if g is not graph])
        policies |= stack_resource_policies(graph, account, REGION)
    return requests, policies


def denials(env: str, deploy_policy: dict[str, Any]) -> list[str]:
    requests, policies = _requests(env)
    node = role_node(ENVIRONMENTS[env].deploy_role_arn, {"deploy": deploy_policy})
    return sorted(set(denied(node, requests, policies, ENVIRONMENTS[env].account_id)))


@pytest.mark.parametrize("env", ["preprod", "prod"])
def test_the_deploy_role_may_make_every_call_of_its_environments_stacks(env: str):
    assert GRANTS[env]["account"] == ENVIRONMENTS[env].account_id
    assert denials(env, GRANTS[env]["roles"]["deploy"]) == []


def test_a_grant_the_stacks_need_and_the_role_lacks_is_listed_with_its_resource_and_phase():
    policy = copy.deepcopy(GRANTS["preprod"]["roles"]["deploy"])
    for statement in policy["Statement"]:
        actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        statement["Action"] = [a for a in actions if a != "sagemaker:List*"]
    found = denials("preprod", policy)
    assert any(line.startswith("aws:sagemaker/pipeline:Pipeline") and " read: ListTags needs sagemaker:ListTags" in line
               for line in found), found  # fmt: skip
