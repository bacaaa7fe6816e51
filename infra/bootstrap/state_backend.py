"""The Pulumi state backend and secrets provider: a KMS key (alias `alias/pulumi-secrets`) and, in the account that
holds state, the state bucket encrypted with it, plus the bucket that receives the state bucket's access logs.

The bootstrap also writes the backend's `.pulumi/meta.yaml` (`version: 1`, the project-scoped layout), which
Pulumi's first login would otherwise write to an empty bucket (pulumi/pulumi pkg/backend/diy/meta.go,
ensurePulumiMeta). So no repository role needs to write it, none can switch every project's layout, and a pull
request's preview works before anything was ever deployed.
"""

import json
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from bootstrap.buckets import PrivateBucket, PrivateBucketArgs
from bootstrap.config import SECRETS_KEY_ALIAS

STATE_VERSIONS_KEPT_DAYS = 90
PULUMI_META = (".pulumi/meta.yaml", "version: 1\n")
ACCESS_LOGS_KEPT_DAYS = 365


@dataclass(frozen=True)
class StateBackendArgs:
    account_id: pulumi.Input[str]
    state_bucket: str | None  # None: another account holds the state bucket
    # Role ARNs in other accounts (the registered repositories' roles there) that use this backend.
    foreign_role_arns: tuple[str, ...] = ()


class StateBackend(pulumi.ComponentResource):
    def __init__(self, name: str, args: StateBackendArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("bootstrap:state:StateBackend", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        self.key = aws.kms.Key(
            f"{name}-key",
            description="Pulumi state encryption and secrets provider",
            enable_key_rotation=True,
            deletion_window_in_days=30,
            policy=pulumi.Output.from_input(args.account_id).apply(lambda a: _key_policy(a, args.foreign_role_arns)),
            opts=child,
        )
        aws.kms.Alias(f"{name}-alias", name=SECRETS_KEY_ALIAS, target_key_id=self.key.key_id, opts=child)
        if args.state_bucket is not None:
            self._state_bucket(name, args.state_bucket, args.foreign_role_arns)
        self.register_outputs({"key_arn": self.key.arn})

    def _state_bucket(self, name: str, bucket_name: str, foreign_role_arns: tuple[str, ...]) -> None:
        logs = PrivateBucket(
            f"{name}-access-logs",
            PrivateBucketArgs(f"{bucket_name}-logs", None, ACCESS_LOGS_KEPT_DAYS, [_log_delivery(bucket_name)]),
            opts=pulumi.ResourceOptions(parent=self),
        )
        state = PrivateBucket(
            f"{name}-state",
            PrivateBucketArgs(
                bucket_name, self.key.arn, STATE_VERSIONS_KEPT_DAYS, _foreign(bucket_name, foreign_role_arns)
            ),
            opts=pulumi.ResourceOptions(parent=self),
        )
        key, content = PULUMI_META
        aws.s3.BucketObjectv2(f"{name}-meta", bucket=state.bucket.id, key=key, content=content,
                              content_type="application/yaml", server_side_encryption="aws:kms",
                              kms_key_id=self.key.arn, opts=pulumi.ResourceOptions(parent=self))  # fmt: skip
        aws.s3.BucketLogging(
            f"{name}-state",
            bucket=state.bucket.id,
            target_bucket=logs.bucket.id,
            target_prefix="state/",
            opts=pulumi.ResourceOptions(parent=self),
        )


def _key_policy(account_id: str, foreign_role_arns: tuple[str, ...]) -> str:
    """The account administers the key through IAM; roles of other accounts may only use it, never manage it."""
    statements: list[dict] = [
        {
            "Sid": "AccountAdministersThroughIam",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{account_id}:root"},
            "Action": "kms:*",
            "Resource": "*",
        }
    ]
    if foreign_role_arns:
        statements.append(
            {
                "Sid": "RegisteredRolesOfOtherAccountsUseTheKey",
                "Effect": "Allow",
                "Principal": {"AWS": _account_roots(foreign_role_arns)},
                "Action": ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
                "Resource": "*",
                "Condition": {"ArnEquals": {"aws:PrincipalArn": sorted(foreign_role_arns)}},
            }
        )
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


def _foreign(bucket_name: str, foreign_role_arns: tuple[str, ...]) -> list[dict]:
    """Roles of other accounts reach the state objects; a principal-ARN condition means they need not exist yet."""
    if not foreign_role_arns:
        return []
    return [
        {
            "Sid": "RegisteredRolesOfOtherAccounts",
            "Effect": "Allow",
            "Principal": {"AWS": _account_roots(foreign_role_arns)},
            "Action": ["s3:ListBucket", "s3:GetBucketLocation", "s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
            "Resource": [f"arn:aws:s3:::{bucket_name}", f"arn:aws:s3:::{bucket_name}/.pulumi/*"],
            "Condition": {"ArnEquals": {"aws:PrincipalArn": sorted(foreign_role_arns)}},
        }
    ]


def _account_roots(role_arns: tuple[str, ...]) -> list[str]:
    """The accounts as principals (valid before their roles exist); an ArnEquals condition then pins the roles."""
    return sorted({f"arn:aws:iam::{arn.split(':')[4]}:root" for arn in role_arns})


def _log_delivery(state_bucket: str) -> dict:
    return {
        "Sid": "S3ServerAccessLogDelivery",
        "Effect": "Allow",
        "Principal": {"Service": "logging.s3.amazonaws.com"},
        "Action": "s3:PutObject",
        "Resource": f"arn:aws:s3:::{state_bucket}-logs/state/*",
        "Condition": {"ArnLike": {"aws:SourceArn": f"arn:aws:s3:::{state_bucket}"}},
    }
