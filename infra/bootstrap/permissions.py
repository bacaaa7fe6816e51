"""What a repository's roles may do: exactly the services the generated stacks manage, scoped to `<project>-` names.

The deploy role creates and updates the project's resources; the preview role only reads them (and may take the
state lock, which `pulumi preview` writes). Neither can touch another project's resources. In IAM a deploy role
writes only its environment's workload roles, under the bootstrap's permissions boundary (`bootstrap.workloads`),
and passes only those roles, only to SageMaker, EventBridge and EventBridge Scheduler.
"""

import json
from dataclasses import dataclass

from bootstrap import workloads
from bootstrap.actions import DEPLOY_ACTIONS, PROJECT_TAG, SERVICE_LINKED_ROLES, read_only_actions


@dataclass(frozen=True)
class Scope:
    project: str
    environment: str
    account_id: str
    region: str
    state_bucket: str
    kms_key_arns: tuple[str, ...]  # state key, and this account's secrets key when it is another

    def arn(self, service: str, resource: str, regional: bool = True) -> str:
        return f"arn:aws:{service}:{self.region if regional else ''}:{self.account_id}:{resource}"


def _statement(sid: str, actions: list[str], resources: list[str], condition: dict | None = None) -> dict:
    statement = {"Sid": sid, "Effect": "Allow", "Action": sorted(actions), "Resource": resources}
    return statement | ({"Condition": condition} if condition else {})


# The generated project's Pulumi projects, `<project>-platform` and `<project>-serving`; each environment is a stack.
PULUMI_PROJECTS = ("platform", "serving")


def _stack_objects(scope: Scope) -> dict[str, list[str]]:
    """This environment's stacks in the state bucket, by kind, as Pulumi's DIY backend lays them out (pulumi/pulumi
    pkg/backend/diy: `store.go` stacks/<project>/<stack>.json and its .bak, history/ and backups/<project>/<stack>/;
    `lock.go` locks/<organization/project/stack>/<lock id>.json)."""
    root, env = f"arn:aws:s3:::{scope.state_bucket}/.pulumi", scope.environment
    projects = [f"{scope.project}-{kind}" for kind in PULUMI_PROJECTS]
    return {
        "stacks": [f"{root}/stacks/{project}/{env}.json*" for project in projects],
        "history": [f"{root}/{kind}/{project}/{env}/*" for project in projects for kind in ("history", "backups")],
        "locks": [f"{root}/locks/organization/{project}/{env}/*" for project in projects],
    }


def _state(scope: Scope, write: bool) -> list[dict]:
    """Only this environment's stacks of this project: never another environment's or another project's state."""
    bucket, objects = f"arn:aws:s3:::{scope.state_bucket}", _stack_objects(scope)
    own = [arn for arns in objects.values() for arn in arns]
    # The bootstrap writes `.pulumi/meta.yaml` (bootstrap.state_backend); every role reads it, none writes it.
    meta = f"{bucket}/.pulumi/meta.yaml"
    # The deploy role reads and writes its stacks; the preview role reads them and writes only the lock.
    objects_rights = [
        _statement("StateObjects", ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], own),
        _statement("StateMeta", ["s3:GetObject"], [meta]),
    ] if write else [
        _statement("StateRead", ["s3:GetObject"], [*own, meta]),
        _statement("StateLock", ["s3:PutObject", "s3:DeleteObject"], objects["locks"]),
    ]  # fmt: skip
    return [
        _statement("StateList", ["s3:ListBucket", "s3:GetBucketLocation"], [bucket]),
        *objects_rights,
        _statement("StateKey", ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
                   list(scope.kms_key_arns)),
    ]  # fmt: skip


def _project_arns(scope: Scope) -> dict[str, list[str]]:
    p, arn = scope.project, scope.arn
    return {
        "s3": [f"arn:aws:s3:::{p}-*", f"arn:aws:s3:::{p}-*/*"],
        "kms": [arn("kms", "key/*")],
        "sagemaker": [arn("sagemaker", f"{kind}/{p}-*") for kind in ("model", "endpoint", "endpoint-config",
                                                                      "pipeline")]
        # Packages live in preprod; prod reads them across accounts, as far as the group's own policy allows.
        + [f"arn:aws:sagemaker:{scope.region}:*:{kind}" for kind in (f"model-package-group/{p}",
                                                                      f"model-package/{p}/*")],
        "events": [arn("events", f"{kind}/{p}-*") for kind in ("rule", "connection", "api-destination")]
        + [arn("secretsmanager", f"secret:events!connection/{p}-*")],
        "scheduler": [arn("scheduler", f"schedule/*/{p}-*")],
        # Target tracking makes its alarms as the caller, named TargetTracking-<scalable resource id>-…
        "monitoring": [arn("cloudwatch", f"alarm:{p}-*"), arn("cloudwatch", f"alarm:TargetTracking-endpoint/{p}-*"),
                       arn("cloudwatch", f"dashboard/{p}-*", regional=False)],
        "sns": [arn("sns", f"{p}-*")],
    }  # fmt: skip


def _project(scope: Scope, read_only: bool) -> list[dict]:
    arns, statements = _project_arns(scope), []
    for service, actions in DEPLOY_ACTIONS.items():
        granted = read_only_actions(actions) if read_only else actions
        statements.append(_statement(f"Project{service.title()}", granted, arns[service], _tagged(scope, service)))
    if not read_only:
        aliases = ["kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias"]
        statements.append(_statement("ProjectKmsAliasNames", aliases, [scope.arn("kms", f"alias/{scope.project}-*")]))
    return statements


def _tagged(scope: Scope, service: str) -> dict | None:
    """KMS keys have no names: rights on them follow the `project` tag they are created with."""
    return {"StringEquals": {f"aws:ResourceTag/{PROJECT_TAG}": scope.project}} if service == "kms" else None


def _deploy_extras(scope: Scope) -> list[dict]:
    scaling_target = scope.arn("application-autoscaling", "scalable-target/*")
    return [
        *workloads.deploy_statements(scope.project, scope.environment, scope.account_id),
        # CreateKey with Tags is also authorised as kms:TagResource (AWS KMS guide, "Tagging keys").
        _statement("CreateTaggedKeys", ["kms:CreateKey", "kms:TagResource"], ["*"],
                   {"StringEquals": {f"aws:RequestTag/{PROJECT_TAG}": scope.project}}),
        # Reading an SSE-KMS object, the provider looks up S3's default key by its alias to tell it from the
        # object's key (terraform-provider-aws internal/service/s3/object.go, resourceObjectSetKMS).
        _statement("S3DefaultKeyLookup", ["kms:DescribeKey"], [scope.arn("kms", "key/*")],
                   {"StringEquals": {"kms:RequestAlias": "alias/aws/s3"}}),
        _statement("EndpointScaling", ["application-autoscaling:RegisterScalableTarget",
                                       "application-autoscaling:DeregisterScalableTarget",
                                       "application-autoscaling:PutScalingPolicy",
                                       "application-autoscaling:DeleteScalingPolicy",
                                       "application-autoscaling:TagResource",
                                       "application-autoscaling:UntagResource",
                                       "application-autoscaling:ListTagsForResource"], [scaling_target]),
        _statement("ServiceLinkedRoles", ["iam:CreateServiceLinkedRole"],
                   [f"arn:aws:iam::{scope.account_id}:role/aws-service-role/{service}/{role}"
                    for service, role in SERVICE_LINKED_ROLES.items()],
                   {"StringEquals": {"iam:AWSServiceName": sorted(SERVICE_LINKED_ROLES)}}),
    ]  # fmt: skip


def _reads(scope: Scope) -> list[dict]:
    """Reads AWS cannot scope to a resource (list and describe-all calls)."""
    return [
        _statement("UnscopableReads", ["application-autoscaling:DescribeScalableTargets",
                                       "application-autoscaling:DescribeScalingPolicies",
                                       "kms:ListAliases"], ["*"]),
        # CT reads the evaluate step's metrics from its processing job, which SageMaker names pipelines-<execution>-…
        _statement("PipelineJobReads", ["sagemaker:DescribeProcessingJob"],
                   [scope.arn("sagemaker", "processing-job/pipelines-*")]),
    ]  # fmt: skip


def deploy_policy(scope: Scope) -> str:
    """The deploy role's inline policy (compact JSON: IAM counts characters against a 10,240 limit)."""
    statements = _state(scope, write=True) + _project(scope, read_only=False) + _deploy_extras(scope) + _reads(scope)
    return _document(statements)


def preview_policy(scope: Scope) -> str:
    """The preview role's inline policy: read the project's resources and state, take the state lock."""
    workload_reads = workloads.preview_statements(scope.project, scope.environment, scope.account_id)
    return _document(_state(scope, write=False) + _project(scope, read_only=True) + workload_reads + _reads(scope))


def _document(statements: list[dict]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": statements}, separators=(",", ":"))
