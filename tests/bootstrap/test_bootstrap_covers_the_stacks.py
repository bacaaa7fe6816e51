"""The deploy role can create every kind of resource the generated stacks declare; a new kind fails here first."""

import re
from fnmatch import fnmatchcase
from pathlib import Path

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


def declared_types(sources: Path = STACK_SOURCES) -> set[str]:
    """`module.Type` of every AWS resource the template's stacks construct (argument classes excluded)."""
    found = set()
    for source in sources.rglob("*.py"):
        if "policy" not in source.parts:
            found |= {
                f"{m}.{t}" for m, t in _DECLARED.findall(source.read_text()) if not t.endswith(("Args", "Provider"))
            }
    return found


def missing_actions(granted: list[str], kinds: set[str]) -> list[str]:
    """`<kind> needs <action>` for every action the kinds need that no granted pattern covers."""
    return [
        f"{kind} needs {action}"
        for kind in sorted(kinds)
        for action in NEEDS[kind]
        if not any(fnmatchcase(action, pattern) for pattern in granted)
    ]


def granted_actions() -> list[str]:
    statements = inline_policy(bootstrap(PREPROD), "customer-churn-preprod-deploy")["Statement"]
    return [pattern for statement in statements for pattern in statement["Action"]]


def test_every_resource_kind_of_the_generated_stacks_is_known_here():
    unknown = declared_types() - set(NEEDS)
    assert not unknown, (
        f"the generated stacks now create {sorted(unknown)}: grant their actions in bootstrap/actions.py"
    )


def test_the_deploy_role_grants_every_action_those_kinds_need():
    assert missing_actions(granted_actions(), declared_types() & set(NEEDS)) == []


def test_a_missing_action_or_an_unknown_kind_would_be_noticed(tmp_path: Path):
    without_create = [pattern for pattern in granted_actions() if pattern != "sagemaker:CreateEndpoint"]
    assert missing_actions(without_create, {"sagemaker.Endpoint"}) == [
        "sagemaker.Endpoint needs sagemaker:CreateEndpoint"
    ]
    assert not any(fnmatchcase("lambda:CreateFunction", p) for p in ("s3:PutBucket*", "sagemaker:CreateModel"))
    (tmp_path / "stack.py").write_text('aws.lambda_.Function("handler")\n')
    assert declared_types(tmp_path) - set(NEEDS) == {"lambda_.Function"}
    assert declared_types() >= {"s3.Bucket", "sagemaker.Endpoint", "kms.Key"}, "the scan found the stacks' resources"
