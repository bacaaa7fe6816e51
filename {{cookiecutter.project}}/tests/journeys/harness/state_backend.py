"""The Pulumi DIY backend on S3, as the Pulumi CLI uses it, with every call authorised against the caller's role.

Layout (pulumi/pulumi `pkg/backend/diy`): `.pulumi/meta.yaml` (`meta.go`: the first use of an empty bucket writes
`version: 1`), `.pulumi/stacks/<project>/<stack>.json` and its `.json.bak` (`store.go`, `state.go` backupTarget),
`.pulumi/history/<project>/<stack>/<stack>-<time>.history.json`, and `.pulumi/locks/organization/<project>/
<stack>/<id>.json` (`lock.go`: `up` and stack creation lock; `Preview` does not, `backend.go`). Objects go to a
bucket whose default encryption is the state key, so a write also needs kms:GenerateDataKey and a read
kms:Decrypt on it (S3 user guide, "Using server-side encryption with AWS KMS keys").
"""

import json
import os
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import boto3
from botocore.exceptions import ClientError

from . import iam
from .moto_admin import admin_client, endpoint_url

META = ".pulumi/meta.yaml"


class Denied(RuntimeError):
    """What AWS answers when a call is not allowed: the CLI prints it and exits non-zero."""


@dataclass(frozen=True)
class Caller:
    role_arn: str
    account: str
    region: str

    @classmethod
    def current(cls, region: str) -> "Caller":
        sts = boto3.client("sts", endpoint_url=endpoint_url(), region_name=region)
        arn = sts.get_caller_identity()["Arn"]  # arn:aws:sts::<account>:assumed-role/<role>/<session>
        account, role = arn.split(":")[4], arn.split("/")[1]
        return cls(f"arn:aws:iam::{account}:role/{role}", account, region)

    def identity_policy(self) -> list[iam.Statement]:
        client, name = admin_client(self.account, "iam", self.region), self.role_arn.split("/")[-1]
        found = []
        for policy_name in client.list_role_policies(RoleName=name)["PolicyNames"]:
            found += iam.statements(client.get_role_policy(RoleName=name, PolicyName=policy_name)["PolicyDocument"])
        return found

    def client(self, service: str) -> Any:
        return boto3.client(service, endpoint_url=endpoint_url(), region_name=self.region)


class StateBackend:
    def __init__(self, url: str, caller: Caller) -> None:
        self.bucket, self.caller = url.removeprefix("s3://").split("?")[0].strip("/"), caller
        self.s3 = caller.client("s3")
        self._identity = caller.identity_policy()
        self._bucket_account, self._bucket_policy, self._key = self._bucket_facts()

    def _bucket_facts(self) -> tuple[str, list[iam.Statement], tuple[str, str, list[iam.Statement]] | None]:
        owner = _bucket_owner(self.bucket, self.caller)
        s3 = admin_client(owner, "s3", self.caller.region)
        try:
            policy = iam.statements(s3.get_bucket_policy(Bucket=self.bucket)["Policy"])
        except ClientError:
            policy = []
        rules = s3.get_bucket_encryption(Bucket=self.bucket)["ServerSideEncryptionConfiguration"]["Rules"]
        key_arn = rules[0]["ApplyServerSideEncryptionByDefault"].get("KMSMasterKeyID")
        return owner, policy, (key_arn, owner, key_policy(key_arn, self.caller.region)) if key_arn else None

    def authorize(self, action: str, resource: str, kms_action: str | None = None) -> None:
        context = {"aws:PrincipalArn": self.caller.role_arn, "aws:SecureTransport": "true"}  # the CLI speaks HTTPS
        request = iam.Request(self.caller.role_arn, action, resource, context)
        decision = iam.decide(request, self._identity, self._bucket_policy, self._bucket_account)
        if decision != "allowed":
            raise Denied(f"{self.caller.role_arn} is not authorized to perform: {action} on resource: {resource} "
                         f"({decision})")  # fmt: skip
        if kms_action and self._key:
            authorize_kms(self.caller, self._identity, kms_action, *self._key)

    def ensure_meta(self) -> None:
        """meta.go ensurePulumiMeta: read `.pulumi/meta.yaml`; when it is missing, write `version: 1` (the
        project-scoped layout). Not modelled: a bucket that already holds legacy stacks gets version 0, which
        writes no file; the journeys start from an empty bucket."""
        if self.read(META) is None:
            self.write(META, "version: 1\n")

    def read(self, key: str) -> str | None:
        """The object's text, None when it does not exist (as meta.go readPulumiMeta treats gcerrors.NotFound)."""
        self.authorize("s3:GetObject", f"arn:aws:s3:::{self.bucket}/{key}", "kms:Decrypt")
        try:
            return self.s3.get_object(Bucket=self.bucket, Key=key)["Body"].read().decode()
        except ClientError as error:
            if error.response["Error"]["Code"] in ("NoSuchKey", "404"):
                return None
            raise

    def write(self, key: str, body: str) -> None:
        self.authorize("s3:PutObject", f"arn:aws:s3:::{self.bucket}/{key}", "kms:GenerateDataKey")
        self.s3.put_object(Bucket=self.bucket, Key=key, Body=body.encode())

    def delete(self, key: str) -> None:
        self.authorize("s3:DeleteObject", f"arn:aws:s3:::{self.bucket}/{key}")
        self.s3.delete_object(Bucket=self.bucket, Key=key)

    def list(self, prefix: str) -> list[str]:
        self.authorize("s3:ListBucket", f"arn:aws:s3:::{self.bucket}")
        listed = self.s3.list_objects_v2(Bucket=self.bucket, Prefix=prefix)
        return [item["Key"] for item in listed.get("Contents", [])]

    def lock(self, project: str, stack: str) -> str:
        """lock.go Lock: `.pulumi/locks/<organization/project/stack>/<lock id>.json` holding pid and timestamp (the
        real one adds username and hostname); the caller deletes it (Unlock). Not modelled: checkForLock, which
        lists the stack's lock directory before and after writing and refuses while another lock exists; the
        journeys play one job at a time."""
        key = f".pulumi/locks/organization/{project}/{stack}/{uuid.uuid4()}.json"
        self.write(key, json.dumps({"pid": 1, "timestamp": datetime.now(UTC).isoformat()}))
        return key


def key_policy(key_arn: str, region: str) -> list[iam.Statement]:
    kms = admin_client(key_arn.split(":")[4], "kms", region)
    return iam.statements(kms.get_key_policy(KeyId=key_arn, PolicyName="default")["Policy"])


def authorize_kms(caller: Caller, identity: list[iam.Statement], action: str, key_arn: str, owner: str,
                  policy: list[iam.Statement]) -> None:  # fmt: skip
    request = iam.Request(caller.role_arn, action, key_arn, {"aws:PrincipalArn": caller.role_arn})
    decision = iam.decide(request, identity, policy, owner, kms=True)
    if decision != "allowed":
        raise Denied(f"{caller.role_arn} is not authorized to perform: {action} on resource: {key_arn} ({decision})")


def _bucket_owner(bucket: str, caller: Caller) -> str:
    """The account holding the state bucket: the harness says which (`STANDIN_STATE_ACCOUNT`), as only the
    bootstrap's operator knows it; the job's own calls then go to it, cross-account or not."""
    del bucket, caller
    return os.environ["STANDIN_STATE_ACCOUNT"]
