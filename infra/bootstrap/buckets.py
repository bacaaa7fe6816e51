"""A private S3 bucket with the settings every bucket here shares: owner-enforced, public access blocked, versioned,
encrypted, TLS-only, old versions expired. Callers add what differs (logging, extra policy statements)."""

import json
from dataclasses import dataclass, field

import pulumi
import pulumi_aws as aws


@dataclass(frozen=True)
class PrivateBucketArgs:
    bucket_name: str
    kms_key_arn: pulumi.Input[str] | None  # None: SSE-S3, which S3 server access log delivery requires
    noncurrent_days: int
    extra_statements: pulumi.Input[list] = field(default_factory=list)


def tls_only_statement(bucket_arn: str) -> dict:
    return {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [bucket_arn, f"{bucket_arn}/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }


class PrivateBucket(pulumi.ComponentResource):
    def __init__(self, name: str, args: PrivateBucketArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("bootstrap:storage:PrivateBucket", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        self.bucket = aws.s3.Bucket(name, bucket=args.bucket_name, opts=child)
        aws.s3.BucketOwnershipControls(
            name, bucket=self.bucket.id, rule={"object_ownership": "BucketOwnerEnforced"}, opts=child
        )
        flags = ("block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets")
        access_block = aws.s3.BucketPublicAccessBlock(
            name, bucket=self.bucket.id, **dict.fromkeys(flags, True), opts=child
        )
        aws.s3.BucketVersioning(name, bucket=self.bucket.id, versioning_configuration={"status": "Enabled"}, opts=child)
        aws.s3.BucketServerSideEncryptionConfiguration(
            name, bucket=self.bucket.id, rules=[_encryption_rule(args.kms_key_arn)], opts=child
        )
        aws.s3.BucketLifecycleConfiguration(
            name, bucket=self.bucket.id, rules=[_lifecycle_rule(args.noncurrent_days)], opts=child
        )
        policy = pulumi.Output.all(self.bucket.arn, args.extra_statements).apply(
            lambda values: json.dumps(
                {"Version": "2012-10-17", "Statement": [tls_only_statement(values[0]), *values[1]]}
            )
        )
        aws.s3.BucketPolicy(
            name,
            bucket=self.bucket.id,
            policy=policy,
            opts=pulumi.ResourceOptions(parent=self, depends_on=[access_block]),
        )
        self.register_outputs({"bucket": self.bucket.bucket, "arn": self.bucket.arn})


def _encryption_rule(kms_key_arn: pulumi.Input[str] | None) -> dict:
    if kms_key_arn is None:
        return {"apply_server_side_encryption_by_default": {"sse_algorithm": "AES256"}}
    default = {"sse_algorithm": "aws:kms", "kms_master_key_id": kms_key_arn}
    return {"apply_server_side_encryption_by_default": default, "bucket_key_enabled": True}


def _lifecycle_rule(noncurrent_days: int) -> dict:
    """Old object versions (every state checkpoint makes one) expire; unfinished uploads are cleaned up."""
    return {
        "id": "expire-old-versions",
        "status": "Enabled",
        "filter": {},
        "noncurrent_version_expiration": {"noncurrent_days": noncurrent_days},
        "abort_incomplete_multipart_upload": {"days_after_initiation": 7},
    }
