"""The emulated AWS of a generated project's journeys, seeded from the bootstrap's own rendered resources: its roles,
trusts and inline policies, each account's secrets key policy, the state bucket's policy and the objects the
bootstrap writes into it, for the default answers (preprod and prod accounts). Key ARNs exist only once a key is
created, so they travel as `<key-arn:<account>>`."""

import json
from typing import Any

from bootstrap_stack import PREPROD, PREPROD_ACCOUNT, PROD, PROD_ACCOUNT, SINGLE, STATE_BUCKET, bootstrap
from policy.graph import Graph

SECRETS_ALIAS = "alias/pulumi-secrets"


def account_seed(graph: Graph, account: str) -> dict[str, Any]:
    key = next(r for r in graph.of_type("aws:kms/key:Key"))
    key_arn = f"arn:aws:kms:eu-west-1:{account}:key/{key.name}"  # the offline mocks' ARN for it
    policies: dict[str, dict[str, Any]] = {}
    for policy in graph.of_type("aws:iam/rolePolicy:RolePolicy"):
        policies.setdefault(policy.inputs["role"], {})[policy.inputs["name"]] = json.loads(policy.inputs["policy"])
    roles = [
        {
            "name": role.inputs["name"],
            "trust": json.loads(role.inputs["assumeRolePolicy"]),
            "max_session_duration": int(role.inputs.get("maxSessionDuration", 3600)),
            "policies": policies.get(role.inputs["name"], {}),
        }
        for role in graph.of_type("aws:iam/role:Role")
    ]
    seed = {"roles": roles, "secrets_key_alias": SECRETS_ALIAS, "secrets_key_policy": json.loads(key.inputs["policy"])}
    return json.loads(json.dumps(seed).replace(key_arn, f"<key-arn:{account}>"))


def seed(single_account: bool = False) -> str:
    """The seed for the default answers, or for single-account mode (both environments in the preprod account)."""
    preprod = bootstrap(SINGLE if single_account else PREPROD)
    [policy] = [p for p in preprod.of_type("aws:s3/bucketPolicy:BucketPolicy") if p.inputs["bucket"] == STATE_BUCKET]
    accounts = {PREPROD_ACCOUNT: account_seed(preprod, PREPROD_ACCOUNT)}
    if not single_account:
        accounts[PROD_ACCOUNT] = account_seed(bootstrap(PROD, account=PROD_ACCOUNT, stack="prod"), PROD_ACCOUNT)
    state_key = f"arn:aws:kms:eu-west-1:{PREPROD_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"  # PROD's config
    objects = {o.inputs["key"]: o.inputs["content"] for o in preprod.of_type("aws:s3/bucketObjectv2:BucketObjectv2")
               if o.inputs["bucket"] == STATE_BUCKET}  # fmt: skip
    document = {"region": "eu-west-1", "state_bucket": STATE_BUCKET, "state_account": PREPROD_ACCOUNT,
                "state_bucket_policy": json.loads(policy.inputs["policy"]), "accounts": accounts,
                "state_objects": objects}  # fmt: skip
    return json.dumps(document).replace(state_key, f"<key-arn:{PREPROD_ACCOUNT}>")
