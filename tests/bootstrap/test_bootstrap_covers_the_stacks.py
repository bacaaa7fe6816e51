"""The deploy role can create every kind of resource the generated stacks declare; a new kind fails here first."""

import re
from fnmatch import fnmatchcase

from bootstrap_stack import KIT_ROOT, PREPROD, bootstrap, inline_policy

STACK_SOURCES = KIT_ROOT / "{{cookiecutter.project}}" / "infra"
# The IAM actions that creating each resource type needs (updates and reads follow from the same table).
NEEDS = {
    "s3.Bucket": ["s3:CreateBucket", "s3:PutBucketTagging"],
    "s3.BucketLifecycleConfiguration": ["s3:PutLifecycleConfiguration"],
    "s3.BucketLogging": ["s3:PutBucketLogging"],
    "s3.BucketNotification": ["s3:PutBucketNotification"],
    "s3.BucketObjectv2": ["s3:PutObject"],
    "s3.BucketOwnershipControls": ["s3:PutBucketOwnershipControls"],
    "s3.BucketPolicy": ["s3:PutBucketPolicy"],
    "s3.BucketPublicAccessBlock": ["s3:PutBucketPublicAccessBlock"],
    "s3.BucketServerSideEncryptionConfiguration": ["s3:PutEncryptionConfiguration"],
    "s3.BucketVersioning": ["s3:PutBucketVersioning"],
    "kms.Key": ["kms:CreateKey", "kms:EnableKeyRotation", "kms:PutKeyPolicy", "kms:TagResource"],
    "kms.Alias": ["kms:CreateAlias"],
    "iam.Role": ["iam:CreateRole", "iam:TagRole"],
    "iam.RolePolicy": ["iam:PutRolePolicy"],
    "sagemaker.Model": ["sagemaker:CreateModel", "iam:PassRole"],
    "sagemaker.EndpointConfiguration": ["sagemaker:CreateEndpointConfig"],
    "sagemaker.Endpoint": ["sagemaker:CreateEndpoint", "sagemaker:UpdateEndpoint"],
    "sagemaker.ModelPackageGroup": ["sagemaker:CreateModelPackageGroup"],
    "sagemaker.ModelPackageGroupPolicy": ["sagemaker:PutModelPackageGroupPolicy"],
    "sagemaker.Pipeline": ["sagemaker:CreatePipeline", "iam:PassRole"],
    "cloudwatch.EventRule": ["events:PutRule"],
    "cloudwatch.EventTarget": ["events:PutTargets"],
    "cloudwatch.EventConnection": ["events:CreateConnection", "secretsmanager:CreateSecret"],
    "cloudwatch.EventApiDestination": ["events:CreateApiDestination"],
    "cloudwatch.MetricAlarm": ["cloudwatch:PutMetricAlarm"],
    "cloudwatch.Dashboard": ["cloudwatch:PutDashboard"],
    "scheduler.Schedule": ["scheduler:CreateSchedule"],
    "sns.Topic": ["sns:CreateTopic"],
    "sns.TopicSubscription": ["sns:Subscribe"],
    "appautoscaling.Target": ["application-autoscaling:RegisterScalableTarget"],
    "appautoscaling.Policy": ["application-autoscaling:PutScalingPolicy"],
}
_DECLARED = re.compile(r"\baws\.([a-z0-9_]+)\.([A-Z][A-Za-z0-9]*)\(")


def declared_types() -> set[str]:
    """`module.Type` of every AWS resource the template's stacks construct (argument classes excluded)."""
    found = set()
    for source in STACK_SOURCES.rglob("*.py"):
        if "policy" not in source.parts:
            found |= {
                f"{m}.{t}" for m, t in _DECLARED.findall(source.read_text()) if not t.endswith(("Args", "Provider"))
            }
    return found


def test_every_resource_kind_of_the_generated_stacks_is_known_here():
    unknown = declared_types() - set(NEEDS)
    assert not unknown, (
        f"the generated stacks now create {sorted(unknown)}: grant their actions in bootstrap/actions.py"
    )


def test_the_deploy_role_grants_every_action_those_kinds_need():
    statements = inline_policy(bootstrap(PREPROD), "customer-churn-preprod-deploy")["Statement"]
    granted = [pattern for statement in statements for pattern in statement["Action"]]
    for kind in declared_types() & set(NEEDS):
        for action in NEEDS[kind]:
            assert any(fnmatchcase(action, pattern) for pattern in granted), f"{kind} needs {action}"


def test_a_missing_action_would_be_noticed():
    assert not any(fnmatchcase("lambda:CreateFunction", p) for p in ("s3:PutBucket*", "sagemaker:CreateModel"))
    assert declared_types() >= {"s3.Bucket", "sagemaker.Endpoint", "kms.Key"}, "the scan found the stacks' resources"
