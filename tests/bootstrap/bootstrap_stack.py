"""Run the kit's account bootstrap under Pulumi mocks, with the template's offline policy machinery."""

import json
from pathlib import Path
from typing import Any

from bootstrap.program import main
from policy.graph import Graph
from policy.mocks import run_program

KIT_ROOT = Path(__file__).resolve().parents[2]
PREPROD_ACCOUNT, PROD_ACCOUNT = "111111111111", "222222222222"
STATE_BUCKET = "acme-pulumi-state-111111111111"
CHURN = {"repository": "acme/customer-churn", "environments": ["preprod", "prod"]}
PREPROD = {
    "aws:region": "eu-west-1",
    "environments": ["preprod"],
    "state_bucket": STATE_BUCKET,
    "state_trusted_accounts": [PROD_ACCOUNT],
    "repositories": [CHURN],
}
PROD = {
    "aws:region": "eu-west-1",
    "environments": ["prod"],
    "state_bucket": STATE_BUCKET,
    "state_key_arn": f"arn:aws:kms:eu-west-1:{PREPROD_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    "repositories": [CHURN],
}
SINGLE = PREPROD | {"environments": ["preprod", "prod"], "state_trusted_accounts": []}


def bootstrap(config: dict[str, Any], account: str = PREPROD_ACCOUNT, stack: str = "preprod") -> Graph:
    return run_program(main, "account-bootstrap", stack, config, account_id=account)


def inline_policy(graph: Graph, role_name: str) -> dict[str, Any]:
    [policy] = [r for r in graph.of_type("aws:iam/rolePolicy:RolePolicy") if r.name == role_name]
    return json.loads(policy.inputs["policy"])


def trust(graph: Graph, role_name: str) -> dict[str, Any]:
    [role] = [r for r in graph.of_type("aws:iam/role:Role") if r.name == role_name]
    return json.loads(role.inputs["assumeRolePolicy"])
