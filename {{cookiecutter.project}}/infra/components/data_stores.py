"""The environment's two buckets: artifacts and data (KMS), and the access logs that record every request to it."""

from dataclasses import dataclass

import pulumi

from components.platform_settings import PlatformSettings
from components.policy_documents import Statement, account_role_principal, allow
from components.storage import (
    SecureBucket,
    SecureBucketArgs,
    expire_incomplete_uploads,
    expire_noncurrent_versions,
    expire_objects,
)


@dataclass(frozen=True)
class DataStoresArgs:
    settings: PlatformSettings
    kms_key_arn: pulumi.Input[str]
    tags: dict[str, str]


class DataStores(pulumi.ComponentResource):
    artifacts: SecureBucket
    access_logs: SecureBucket

    def __init__(self, name: str, args: DataStoresArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlops:platform:DataStores", name, None, opts)
        env, settings = args.settings.env, args.settings
        logs_args = SecureBucketArgs(
            bucket_name=env.access_logs_bucket,
            tags=args.tags,
            lifecycle_rules=[
                expire_incomplete_uploads(),
                expire_objects(settings.access_log_days),
                expire_noncurrent_versions(settings.noncurrent_version_days),
            ],
            policy_statements=[_log_delivery(env.access_logs_bucket, env.artifacts_bucket, env.account_id)],
        )
        self.access_logs = SecureBucket(f"{name}-access-logs", logs_args, pulumi.ResourceOptions(parent=self))
        artifacts_args = SecureBucketArgs(
            bucket_name=env.artifacts_bucket,
            tags=args.tags,
            lifecycle_rules=[expire_incomplete_uploads(), expire_noncurrent_versions(settings.noncurrent_version_days)],
            kms_key_arn=args.kms_key_arn,
            access_log_bucket=self.access_logs.bucket.bucket,
            policy_statements=[
                _model_reader(env.artifacts_bucket, reader.account_id, reader.execution_role_arn)
                for reader in settings.model_readers
            ],
        )
        self.artifacts = SecureBucket(f"{name}-artifacts", artifacts_args, pulumi.ResourceOptions(parent=self))
        self.register_outputs({"artifactsBucket": self.artifacts.bucket.bucket})


def _log_delivery(logs_bucket: str, source_bucket: str, account_id: str) -> Statement:
    """S3's log delivery may write here, only for this account's artifacts bucket."""
    return allow(
        "S3ServerAccessLogDelivery",
        ["s3:PutObject"],
        f"arn:aws:s3:::{logs_bucket}/*",
        Principal={"Service": "logging.s3.amazonaws.com"},
        Condition={
            "StringEquals": {"aws:SourceAccount": account_id},
            "ArnLike": {"aws:SourceArn": f"arn:aws:s3:::{source_bucket}"},
        },
    )


def _model_reader(bucket: str, account_id: str, role_arn: str) -> Statement:
    """The deploying account's SageMaker execution role reads trained models from here."""
    return allow(
        "OtherEnvironmentReadsModels",
        ["s3:GetObject"],
        f"arn:aws:s3:::{bucket}/*",
        **account_role_principal(account_id, role_arn),
    )
