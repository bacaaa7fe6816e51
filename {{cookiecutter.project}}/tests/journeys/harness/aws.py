"""Emulated AWS: moto in server mode (real HTTP, so boto3 and the ops commands run unchanged), seeded with what the
kit's account bootstrap creates, plus the few SageMaker behaviours moto 5 lacks that the journeys depend on.

moto keeps its backends per process, so one EmulatedAws lives at a time; `reset()` empties it for the next world.
Calls are not authorised by moto (its IAM enforcement ignores most resources and conditions): the stand-ins that
need a decision (OIDC trust, the Pulumi state backend) ask `harness.iam`.
"""

import json
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import requests
from moto.server import ThreadedMotoServer

from . import sagemaker_behaviour
from .moto_admin import admin_client

OIDC_HOST = "token.actions.githubusercontent.com"


@dataclass(frozen=True)
class Seed:
    """What the bootstrap leaves in each account (see `harness.seed`): roles, the secrets key, the state bucket."""

    region: str
    state_bucket: str
    state_account: str
    state_bucket_policy: dict[str, Any] | None
    accounts: dict[str, dict[str, Any]]  # account id → {"roles": [...], "secrets_key_policy": {...}}
    state_objects: dict[str, str]  # key → content: what the bootstrap writes into the state bucket (meta.yaml)

    @classmethod
    def from_json(cls, text: str) -> "Seed":
        raw = json.loads(text)
        return cls(raw["region"], raw["state_bucket"], raw["state_account"], raw.get("state_bucket_policy"),
                   raw["accounts"], raw.get("state_objects", {}))  # fmt: skip


class EmulatedAws:
    def __init__(self, seed: Seed) -> None:
        self.seed = seed
        logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per request would drown the journeys
        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self.server.start()
        host, port = self.server.get_host_and_port()
        self.url = f"http://{host}:{port}"
        os.environ["AWS_ENDPOINT_URL"] = self.url  # the harness's own clients; jobs get it in their environment
        sagemaker_behaviour.install()
        self.reset()

    def reset(self) -> None:
        """AWS as the bootstrap leaves it. Key ARNs are known only once the keys exist: the seed names them
        `<key-arn:<account>>`, replaced here by the ARN of that account's new secrets key."""
        requests.post(f"{self.url}/moto-api/reset", timeout=30)
        sagemaker_behaviour.reset()
        text = json.dumps(self.seed.__dict__)
        for account, spec in self.seed.accounts.items():
            text = text.replace(f"<key-arn:{account}>", self._secrets_key(account, spec))
        seed = Seed(**json.loads(text))
        for account, spec in seed.accounts.items():
            self._seed_account(account, spec)
        self._seed_state_bucket(seed)

    def stop(self) -> None:
        self.server.stop()

    def admin(self, account: str, service: str) -> Any:
        """A client acting as the harness itself in `account`."""
        return admin_client(account, service, self.seed.region)

    def _secrets_key(self, account: str, spec: Mapping[str, Any]) -> str:
        kms = self.admin(account, "kms")
        key = kms.create_key(Policy=json.dumps(spec["secrets_key_policy"]), Description="Pulumi secrets")
        kms.create_alias(AliasName=spec["secrets_key_alias"], TargetKeyId=key["KeyMetadata"]["KeyId"])
        return key["KeyMetadata"]["Arn"]

    def _seed_account(self, account: str, spec: Mapping[str, Any]) -> None:
        iam = self.admin(account, "iam")
        iam.create_open_id_connect_provider(Url=f"https://{OIDC_HOST}", ClientIDList=["sts.amazonaws.com"])
        for role in spec["roles"]:
            iam.create_role(RoleName=role["name"], AssumeRolePolicyDocument=json.dumps(role["trust"]),
                            MaxSessionDuration=role.get("max_session_duration", 3600))  # fmt: skip
            for name, document in role["policies"].items():
                iam.put_role_policy(RoleName=role["name"], PolicyName=name, PolicyDocument=json.dumps(document))
        kms = self.admin(account, "kms")
        key_arn = kms.describe_key(KeyId=spec["secrets_key_alias"])["KeyMetadata"]["Arn"]
        kms.put_key_policy(KeyId=key_arn, PolicyName="default", Policy=json.dumps(spec["secrets_key_policy"]))

    def _seed_state_bucket(self, seed: Seed) -> None:
        s3, kms = self.admin(seed.state_account, "s3"), self.admin(seed.state_account, "kms")
        key_arn = kms.describe_key(KeyId=seed.accounts[seed.state_account]["secrets_key_alias"])["KeyMetadata"]["Arn"]
        s3.create_bucket(Bucket=seed.state_bucket, CreateBucketConfiguration={"LocationConstraint": seed.region})
        s3.put_bucket_encryption(
            Bucket=seed.state_bucket,
            ServerSideEncryptionConfiguration={
                "Rules": [
                    {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key_arn}}
                ]
            },
        )
        if seed.state_bucket_policy:
            s3.put_bucket_policy(Bucket=seed.state_bucket, Policy=json.dumps(over_http(seed.state_bucket_policy)))
        for key, content in seed.state_objects.items():
            s3.put_object(Bucket=seed.state_bucket, Key=key, Body=content.encode())

    def state_objects(self) -> list[str]:
        listed = self.admin(self.seed.state_account, "s3").list_objects_v2(Bucket=self.seed.state_bucket)
        return sorted(item["Key"] for item in listed.get("Contents", []))


def over_http(policy: dict[str, Any]) -> dict[str, Any]:
    """The policy less its statements on aws:SecureTransport: moto enforces them and listens on plain HTTP, while
    every AWS client here would speak HTTPS, where they never apply."""
    kept = [s for s in policy["Statement"] if "aws:SecureTransport" not in json.dumps(s.get("Condition", {}))]
    return {**policy, "Statement": kept}
