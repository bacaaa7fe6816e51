"""What the kit's account bootstrap (the kit's `infra/`, run once per account) leaves for this repository, as a
seed for the emulated AWS: GitHub's OIDC provider, per environment a deploy role trusted only by the repository's
Environment of that name, in preprod a preview role trusted only by its pull requests, each account's `pulumi-secrets`
key, and the state bucket with its cross-account policy and Pulumi's `.pulumi/meta.yaml`.

The roles' policies are the bootstrap's own, as rendered into `infra/policy/bootstrap_grants.json`; the trusts, the
key and bucket policies are written out here. The kit's own tests seed from the bootstrap's rendered resources
(`JOURNEYS_SEED`), so this repository and the bootstrap cannot drift apart unnoticed.
"""

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from {{ cookiecutter.package_name }}.environments import ENVIRONMENTS, GITHUB_REPOSITORY, PROJECT, REGION
from {{ cookiecutter.package_name }}.ops.stack import BACKEND_URL, SECRETS_PROVIDER

from .aws import OIDC_HOST, Seed

SECRETS_ALIAS = SECRETS_PROVIDER.removeprefix("awskms://").split("?")[0]
GRANTS = Path(__file__).resolve().parents[3] / "infra" / "policy" / "bootstrap_grants.json"
STATE_BUCKET = BACKEND_URL.removeprefix("s3://")
KEY_ACTIONS = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"]


def load() -> Seed:
    """The seed file named by JOURNEYS_SEED (the kit's), else what this repository expects the bootstrap made."""
    path = os.environ.get("JOURNEYS_SEED")
    return Seed.from_json(Path(path).read_text()) if path else expected()


def expected() -> Seed:
    state_account = ENVIRONMENTS["preprod"].account_id
    accounts: dict[str, dict[str, Any]] = {}
    for env in ENVIRONMENTS.values():
        account = accounts.setdefault(env.account_id, {"roles": [], "secrets_key_alias": SECRETS_ALIAS})
        kinds = [("deploy", f"environment:{env.name}")]
        if env.name == "preprod":  # pull requests preview preprod only, so only preprod has a preview role
            kinds.append(("preview", "pull_request"))
        for kind, subject in kinds:
            arn = env.deploy_role_arn if kind == "deploy" else env.preview_role_arn
            account["roles"].append(
                {
                    "name": arn.split("/")[-1],
                    "trust": _trust(env.account_id, subject),
                    "policies": {f"{kind}-{PROJECT}": _granted(env.name, kind)},
                }
            )
    foreign = [role_arn(a, r["name"]) for a, spec in accounts.items() if a != state_account for r in spec["roles"]]
    for account, spec in accounts.items():
        spec["secrets_key_policy"] = _key_policy(account, foreign if account == state_account else [])
    # The bootstrap writes Pulumi's layout version, so no role needs to (pulumi/pulumi pkg/backend/diy/meta.go).
    return Seed(REGION, STATE_BUCKET, state_account, _bucket_policy(foreign), accounts,
                {".pulumi/meta.yaml": "version: 1\n"})  # fmt: skip


def role_arn(account: str, name: str) -> str:
    return f"arn:aws:iam::{account}:role/{name}"


def _trust(account: str, subject: str) -> dict[str, Any]:
    condition = {f"{OIDC_HOST}:aud": "sts.amazonaws.com", f"{OIDC_HOST}:sub": f"repo:{GITHUB_REPOSITORY}:{subject}"}
    return _document({"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
                      "Principal": {"Federated": f"arn:aws:iam::{account}:oidc-provider/{OIDC_HOST}"},
                      "Condition": {"StringEquals": condition}})  # fmt: skip


@cache
def _grants() -> dict[str, Any]:
    return json.loads(GRANTS.read_text())


def _granted(env: str, kind: str) -> dict[str, Any]:
    """The role's inline policy as the bootstrap grants it (infra/policy/bootstrap_grants.json, rendered from the
    bootstrap's code), with its keys named as the emulated AWS names them once they exist."""
    text = json.dumps(_grants()[env]["roles"][kind])
    for account in {e.account_id for e in ENVIRONMENTS.values()}:
        text = text.replace(f"arn:aws:kms:{REGION}:{account}:{SECRETS_ALIAS}", f"<key-arn:{account}>")
    return json.loads(text)


def _key_policy(account: str, foreign: list[str]) -> dict[str, Any]:
    statements = [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account}:root"}, "Action": "kms:*",
                   "Resource": "*"}]  # fmt: skip
    if foreign:
        statements.append(_foreign_statement(foreign, KEY_ACTIONS, "*"))
    return _document(*statements)


def _bucket_policy(foreign: list[str]) -> dict[str, Any] | None:
    bucket = f"arn:aws:s3:::{STATE_BUCKET}"
    actions = ["s3:ListBucket", "s3:GetBucketLocation", "s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    return _document(_foreign_statement(foreign, actions, [bucket, f"{bucket}/.pulumi/*"])) if foreign else None


def _foreign_statement(roles: list[str], actions: list[str], resource: Any) -> dict[str, Any]:
    roots = sorted({f"arn:aws:iam::{arn.split(':')[4]}:root" for arn in roles})
    return {"Effect": "Allow", "Principal": {"AWS": roots}, "Action": actions, "Resource": resource,
            "Condition": {"ArnEquals": {"aws:PrincipalArn": sorted(roles)}}}  # fmt: skip


def _document(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def dump(seed: Seed) -> str:
    return json.dumps(seed.__dict__, indent=2)
