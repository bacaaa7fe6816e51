"""The environment's customer-managed KMS key: buckets, endpoints, topics and pipeline outputs use it."""

from collections.abc import Sequence
from dataclasses import dataclass, field

import pulumi
import pulumi_aws as aws

from components.policy_documents import Statement, account_role_principal, allow, document
from {{ cookiecutter.package_name }}.environments import REGION, Environment

KEY_ADMIN_ACTIONS = [
    "kms:CancelKeyDeletion",
    "kms:CreateAlias",
    "kms:DeleteAlias",
    "kms:DescribeKey",
    "kms:DisableKeyRotation",
    "kms:EnableKeyRotation",
    "kms:GetKeyPolicy",
    "kms:GetKeyRotationStatus",
    "kms:ListResourceTags",
    "kms:PutKeyPolicy",
    "kms:ScheduleKeyDeletion",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:UpdateAlias",
    "kms:UpdateKeyDescription",
]


@dataclass(frozen=True)
class EncryptionKeyArgs:
    env: Environment
    deploy_role_arn: str
    deletion_window_days: int
    tags: dict[str, str]
    # (account id, role ARN) of each other account's role that reads this environment's models
    readers: Sequence[tuple[str, str]] = field(default_factory=list)


class EncryptionKey(pulumi.ComponentResource):
    key: aws.kms.Key
    alias: aws.kms.Alias

    def __init__(self, name: str, args: EncryptionKeyArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlops:platform:EncryptionKey", name, None, opts)
        self.key = aws.kms.Key(
            name,
            description=f"Encrypts the {args.env.name} environment's ML artifacts, endpoints and notifications",
            enable_key_rotation=True,
            deletion_window_in_days=args.deletion_window_days,
            policy=document(key_policy(args)),
            tags=args.tags,
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.alias = aws.kms.Alias(
            name, name=args.env.kms_alias, target_key_id=self.key.key_id, opts=pulumi.ResourceOptions(parent=self)
        )
        self.register_outputs({"keyArn": self.key.arn, "alias": self.alias.name})


def key_policy(args: EncryptionKeyArgs) -> list[Statement]:
    account = args.env.account_id
    statements = [
        # Without this statement the key could become unmanageable; IAM policies then decide who uses it.
        allow("AccountAdministersThroughIam", ["kms:*"], "*", Principal={"AWS": f"arn:aws:iam::{account}:root"}),
        allow("DeployRoleAdministers", KEY_ADMIN_ACTIONS, "*", Principal={"AWS": args.deploy_role_arn}),
        allow(
            "AlarmsPublishToEncryptedTopic",
            ["kms:Decrypt", "kms:GenerateDataKey*"],
            "*",
            Principal={"Service": "cloudwatch.amazonaws.com"},
            Condition={"StringEquals": {"aws:SourceAccount": account}},
        ),
    ]
    for reader_account, reader_role in args.readers:
        grant = account_role_principal(reader_account, reader_role)
        grant["Condition"]["StringEquals"] = {"kms:ViaService": f"s3.{REGION}.amazonaws.com"}
        statements.append(allow("OtherEnvironmentReadsModelsThroughS3", ["kms:Decrypt"], "*", **grant))
    return statements
