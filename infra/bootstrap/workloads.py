"""The roles the generated stacks create for their workloads, and the permissions boundary every one must carry.

A deploy role writes IAM only on its own environment's workload roles (named exactly, never by a pattern that could
also match a deploy or preview role), and only while the role keeps this boundary. The boundary is created here,
by the bootstrap, and no repository role may change it. So whatever a deploy writes into a workload role's policy,
that role can never do more than the boundary allows: no IAM but passing itself to SageMaker, and only the services
the pipeline, the endpoints and the triggers use.

`iam:PermissionsBoundary` is a condition key of CreateRole, PutRolePolicy, DeleteRolePolicy and
PutRolePermissionsBoundary in the AWS Service Authorization Reference ("Actions defined by AWS Identity and Access
Management", as parliament ships it; a kit test reads it there). Role writes whose entry lists no such key (UpdateRole,
UpdateAssumeRolePolicy, DeleteRole, the tag calls) are granted on the same exact roles without it: a condition on a
key the request does not carry would deny the provider's call. None of them can lift the boundary.
"""

import json

# The generated environments.py names them `<project>-<env>-<suffix>` (a kit test checks the two agree).
WORKLOAD_ROLE_SUFFIXES = ("sagemaker-execution", "events-invoke")
BOUNDARY_SUFFIX = "workload-boundary"
PASSED_TO = ["sagemaker.amazonaws.com", "events.amazonaws.com", "scheduler.amazonaws.com"]
# Role writes the provider makes for aws.iam.Role and aws.iam.RolePolicy: those the boundary condition can guard,
BOUNDED_WRITES = ["iam:CreateRole", "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:PutRolePermissionsBoundary"]
# and those it cannot (tags grant nothing in the kit's policies; the trust and deletion leave the boundary in place).
UNBOUNDED_WRITES = ["iam:UpdateRole", "iam:UpdateAssumeRolePolicy", "iam:DeleteRole", "iam:TagRole", "iam:UntagRole"]
READS = ["iam:GetRole", "iam:GetRolePolicy", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies",
         "iam:ListInstanceProfilesForRole", "iam:ListRoleTags"]  # fmt: skip
# The most any workload role may ever do: the actions its stacks grant it today (kit test), on project resources.
BOUNDARY_SERVICES = {
    "s3": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket"],
    "kms": ["kms:CreateGrant", "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"],
    "sagemaker": ["sagemaker:AddTags", "sagemaker:ListTags", "sagemaker:CreateProcessingJob",
                  "sagemaker:DescribeProcessingJob", "sagemaker:StopProcessingJob", "sagemaker:CreateTrainingJob",
                  "sagemaker:DescribeTrainingJob", "sagemaker:StopTrainingJob", "sagemaker:CreateModelPackage",
                  "sagemaker:DescribeModelPackage", "sagemaker:DescribeModelPackageGroup",
                  "sagemaker:ListModelPackages", "sagemaker:UpdateModelPackage",
                  "sagemaker:StartPipelineExecution"],
    "logs": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
    "ecr": ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
    "events": ["events:InvokeApiDestination"],
    "cloudwatch": ["cloudwatch:DescribeAlarms"],
}  # fmt: skip
# No resource type exists for these in the Service Authorization Reference (a kit test reads it): "*" only.
UNSCOPABLE = ["ecr:GetAuthorizationToken", "cloudwatch:PutMetricData"]


def workload_role_names(project: str, environment: str) -> list[str]:
    return [f"{project}-{environment}-{suffix}" for suffix in WORKLOAD_ROLE_SUFFIXES]


def workload_role_arns(project: str, environment: str, account_id: str) -> list[str]:
    return [f"arn:aws:iam::{account_id}:role/{name}" for name in workload_role_names(project, environment)]


def boundary_name(project: str, environment: str) -> str:
    return f"{project}-{environment}-{BOUNDARY_SUFFIX}"


def boundary_arn(project: str, environment: str, account_id: str) -> str:
    return f"arn:aws:iam::{account_id}:policy/{boundary_name(project, environment)}"


def _boundary_resources(project: str, region: str) -> dict[str, list[str]]:
    """Project resources in any account: prod's endpoint reads the model and key that preprod's pipeline wrote."""
    return {
        "s3": [f"arn:aws:s3:::{project}-*", f"arn:aws:s3:::{project}-*/*"],
        "kms": [f"arn:aws:kms:{region}:*:key/*"],
        "sagemaker": [f"arn:aws:sagemaker:{region}:*:*"],
        "logs": [f"arn:aws:logs:{region}:*:log-group:/aws/sagemaker/*"],
        "ecr": [f"arn:aws:ecr:{region}:*:repository/*"],
        "events": [f"arn:aws:events:{region}:*:api-destination/{project}-*"],
        "cloudwatch": [f"arn:aws:cloudwatch:{region}:*:alarm:{project}-*"],
    }


def boundary_policy(project: str, environment: str, account_id: str, region: str) -> str:
    resources = _boundary_resources(project, region)
    statements = [
        {"Sid": f"Workload{service.title()}", "Effect": "Allow", "Action": sorted(actions),
         "Resource": resources[service]}
        for service, actions in BOUNDARY_SERVICES.items()
    ]  # fmt: skip
    statements += [
        # Registration leaves a package PendingManualApproval; only a person approves one (the registry's gate).
        {"Sid": "OnlyAPersonApproves", "Effect": "Deny",
         "Action": ["sagemaker:CreateModelPackage", "sagemaker:UpdateModelPackage"], "Resource": "*",
         "Condition": {"StringEquals": {"sagemaker:ModelApprovalStatus": "Approved"}}},
        {"Sid": "WorkloadUnscopable", "Effect": "Allow", "Action": UNSCOPABLE, "Resource": "*"},
        {"Sid": "PassOnlyWorkloadRoles", "Effect": "Allow", "Action": "iam:PassRole",
         "Resource": workload_role_arns(project, environment, account_id),
         "Condition": {"StringEquals": {"iam:PassedToService": PASSED_TO}}},
    ]  # fmt: skip
    return json.dumps({"Version": "2012-10-17", "Statement": statements}, separators=(",", ":"))


def deploy_statements(project: str, environment: str, account_id: str) -> list[dict]:
    """The deploy role's IAM rights: its environment's workload roles, under the boundary, and nothing else."""
    roles = workload_role_arns(project, environment, account_id)
    bounded = {"StringEquals": {"iam:PermissionsBoundary": boundary_arn(project, environment, account_id)}}
    return [
        {"Sid": "WorkloadRolesUnderTheBoundary", "Effect": "Allow", "Action": BOUNDED_WRITES, "Resource": roles,
         "Condition": bounded},
        {"Sid": "WorkloadRoleUpdatesAndReads", "Effect": "Allow", "Action": UNBOUNDED_WRITES + READS,
         "Resource": roles},
        {"Sid": "PassWorkloadRoles", "Effect": "Allow", "Action": ["iam:PassRole"], "Resource": roles,
         "Condition": {"StringEquals": {"iam:PassedToService": PASSED_TO}}},
    ]  # fmt: skip


def preview_statements(project: str, environment: str, account_id: str) -> list[dict]:
    roles = workload_role_arns(project, environment, account_id)
    return [{"Sid": "WorkloadRoleReads", "Effect": "Allow", "Action": READS, "Resource": roles}]
