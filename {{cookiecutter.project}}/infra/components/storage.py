"""A private S3 bucket with every control the environment's data needs, declared as one unit."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pulumi
import pulumi_aws as aws

from components.policy_documents import Statement, document

LifecycleRule = aws.s3.BucketLifecycleConfigurationRuleArgs


@dataclass(frozen=True)
class SecureBucketArgs:
    bucket_name: str
    tags: dict[str, str]
    lifecycle_rules: Sequence[LifecycleRule]
    # None means SSE-S3: S3 server access logs cannot be delivered to an SSE-KMS bucket.
    kms_key_arn: pulumi.Input[str] | None = None
    access_log_bucket: pulumi.Input[str] | None = None
    policy_statements: Sequence[Statement] = field(default_factory=list)
    notify_eventbridge: bool = True


class SecureBucket(pulumi.ComponentResource):
    bucket: aws.s3.Bucket

    def __init__(self, name: str, args: SecureBucketArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlops:platform:SecureBucket", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        self.bucket = aws.s3.Bucket(name, bucket=args.bucket_name, tags=args.tags, opts=child)
        bucket_id = self.bucket.id
        blocked = aws.s3.BucketPublicAccessBlock(
            name,
            bucket=bucket_id,
            block_public_acls=True,
            block_public_policy=True,
            ignore_public_acls=True,
            restrict_public_buckets=True,
            opts=child,
        )
        aws.s3.BucketOwnershipControls(
            name, bucket=bucket_id, rule={"object_ownership": "BucketOwnerEnforced"}, opts=child
        )
        aws.s3.BucketVersioning(name, bucket=bucket_id, versioning_configuration={"status": "Enabled"}, opts=child)
        aws.s3.BucketServerSideEncryptionConfiguration(name, bucket=bucket_id, rules=[_encryption(args)], opts=child)
        aws.s3.BucketLifecycleConfiguration(name, bucket=bucket_id, rules=list(args.lifecycle_rules), opts=child)
        if args.access_log_bucket is not None:
            aws.s3.BucketLogging(
                name,
                bucket=bucket_id,
                target_bucket=args.access_log_bucket,
                target_prefix=f"{args.bucket_name}/",
                opts=child,
            )
        if args.notify_eventbridge:
            aws.s3.BucketNotification(name, bucket=bucket_id, eventbridge=True, opts=child)
        statements = [*args.policy_statements, _tls_only(args.bucket_name)]
        # After the public access block, so a policy is never briefly applied to a bucket without it.
        aws.s3.BucketPolicy(
            name,
            bucket=bucket_id,
            policy=document(statements),
            opts=pulumi.ResourceOptions(parent=self, depends_on=[blocked]),
        )
        self.register_outputs({"bucket": self.bucket.bucket, "arn": self.bucket.arn})


def _encryption(args: SecureBucketArgs) -> aws.s3.BucketServerSideEncryptionConfigurationRuleArgs:
    if args.kms_key_arn is None:
        default = aws.s3.BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultArgs(
            sse_algorithm="AES256"
        )
        return aws.s3.BucketServerSideEncryptionConfigurationRuleArgs(apply_server_side_encryption_by_default=default)
    default = aws.s3.BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultArgs(
        sse_algorithm="aws:kms", kms_master_key_id=args.kms_key_arn
    )
    return aws.s3.BucketServerSideEncryptionConfigurationRuleArgs(
        apply_server_side_encryption_by_default=default, bucket_key_enabled=True
    )


def _tls_only(bucket_name: str) -> Statement:
    return {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [f"arn:aws:s3:::{bucket_name}", f"arn:aws:s3:::{bucket_name}/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }


def expire_incomplete_uploads(days: int = 7) -> LifecycleRule:
    abort = aws.s3.BucketLifecycleConfigurationRuleAbortIncompleteMultipartUploadArgs(days_after_initiation=days)
    return _bucket_wide("abort-incomplete-multipart-uploads", abort_incomplete_multipart_upload=abort)


def expire_noncurrent_versions(days: int) -> LifecycleRule:
    expiration = aws.s3.BucketLifecycleConfigurationRuleNoncurrentVersionExpirationArgs(noncurrent_days=days)
    return _bucket_wide("expire-noncurrent-versions", noncurrent_version_expiration=expiration)


def expire_objects(days: int) -> LifecycleRule:
    return _bucket_wide("expire-objects", expiration=aws.s3.BucketLifecycleConfigurationRuleExpirationArgs(days=days))


def _bucket_wide(rule_id: str, **action: Any) -> LifecycleRule:
    """An enabled rule with an empty filter, so it applies to every object of the bucket."""
    every_object = aws.s3.BucketLifecycleConfigurationRuleFilterArgs()
    return LifecycleRule(id=rule_id, status="Enabled", filter=every_object, **action)
