"""A tiny Pulumi program for the policy machinery's own tests: a KMS key and a bucket, good or with planted faults."""

import json
from collections.abc import Callable

import pulumi
import pulumi_aws as aws

KEY_POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "AccountAdministersTheKey",
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
                "Action": "kms:*",
                "Resource": "*",
            }
        ],
    }
)
# The skips a real stack would justify in its own checkov config; here they keep the example small.
CHECKOV_CONFIG = """\
skip-check:
  - CKV_AWS_18   # access logging: the example has no log bucket
  - CKV_AWS_144  # cross-region replication: not needed for an example
  - CKV2_AWS_61  # lifecycle: the example keeps every version
  - CKV2_AWS_62  # event notifications: nothing listens to the example bucket
"""


def bucket_program(
    encrypted: bool = True, public_access_blocked: bool = True, dashboard: bool = False
) -> Callable[[], None]:
    """A zero-arg Pulumi program declaring the bucket; `encrypted` and `public_access_blocked` plant a fault when
    False, `dashboard` adds a resource type no checkov check covers."""

    def program() -> None:
        key = aws.kms.Key("data-key", enable_key_rotation=True, deletion_window_in_days=30, policy=KEY_POLICY)
        bucket = aws.s3.Bucket("artifacts", bucket=pulumi.Config().require("bucket_name"))
        aws.s3.BucketVersioning("artifacts", bucket=bucket.id, versioning_configuration={"status": "Enabled"})
        if encrypted:
            default = aws.s3.BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultArgs(
                sse_algorithm="aws:kms", kms_master_key_id=key.arn
            )
            rule = aws.s3.BucketServerSideEncryptionConfigurationRuleArgs(
                apply_server_side_encryption_by_default=default
            )
            aws.s3.BucketServerSideEncryptionConfiguration("artifacts", bucket=bucket.id, rules=[rule])
        if public_access_blocked:
            flags = ("block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets")
            aws.s3.BucketPublicAccessBlock("artifacts", bucket=bucket.id, **dict.fromkeys(flags, True))
        if dashboard:
            aws.cloudwatch.Dashboard("overview", dashboard_name="demo", dashboard_body=json.dumps({"widgets": []}))
        pulumi.export("bucket_name", bucket.bucket)
        pulumi.export("key_arn", key.arn)

    return program
