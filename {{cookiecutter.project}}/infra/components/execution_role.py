"""The SageMaker execution role: what pipeline jobs and endpoints may do, resource by resource."""

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.naming import scoped
from components.policy_documents import Statement, allow, document, service_trust
from {{ cookiecutter.package_name }}.environments import REGION, Environment

JOB_ACTIONS = [
    "sagemaker:CreateProcessingJob",
    "sagemaker:DescribeProcessingJob",
    "sagemaker:StopProcessingJob",
    "sagemaker:CreateTrainingJob",
    "sagemaker:DescribeTrainingJob",
    "sagemaker:StopTrainingJob",
    "sagemaker:AddTags",
    "sagemaker:ListTags",
]
REGISTRY_ACTIONS = [
    "sagemaker:CreateModelPackage",
    "sagemaker:DescribeModelPackage",
    "sagemaker:DescribeModelPackageGroup",
    "sagemaker:ListModelPackages",
    "sagemaker:UpdateModelPackage",
    "sagemaker:AddTags",
]


@dataclass(frozen=True)
class ExecutionRoleArgs:
    env: Environment
    kms_key_arn: pulumi.Input[str]
    tags: dict[str, str]
    runs_pipeline: bool
    # Where this environment's models come from when they were trained in another account's bucket.
    model_source: Environment | None = None


class SageMakerExecutionRole(pulumi.ComponentResource):
    role: aws.iam.Role

    def __init__(self, name: str, args: ExecutionRoleArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlops:platform:SageMakerExecutionRole", name, None, opts)
        self.role = aws.iam.Role(
            name,
            name=args.env.execution_role_name,
            assume_role_policy=service_trust("sagemaker.amazonaws.com", args.env.account_id),
            # The deploy role may write this role only while it keeps the bootstrap's boundary (docs/accounts.md).
            permissions_boundary=args.env.workload_boundary_arn,
            tags=args.tags,
            opts=pulumi.ResourceOptions(parent=self),
        )
        policy = pulumi.Output.from_input(args.kms_key_arn).apply(lambda key: document(statements(args, key)))
        aws.iam.RolePolicy(name, role=self.role.name, policy=policy, opts=pulumi.ResourceOptions(parent=self))
        self.register_outputs({"arn": self.role.arn})


def statements(args: ExecutionRoleArgs, kms_key_arn: str) -> list[Statement]:
    env, account = args.env, args.env.account_id
    bucket = f"arn:aws:s3:::{env.artifacts_bucket}"
    found = [
        allow("ListArtifacts", ["s3:ListBucket"], bucket),
        allow("ReadWriteArtifacts", ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], f"{bucket}/*"),
        # Jobs name the key (by its alias) for their outputs, which needs kms:Encrypt, and their volumes, which needs
        # a grant only AWS may use (SageMaker "execution roles" guide; infra/policy/execution_calls.yaml).
        allow(
            "UseEnvironmentKey", ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"], kms_key_arn
        ),
        allow(
            "EncryptJobVolumes",
            ["kms:CreateGrant"],
            kms_key_arn,
            Condition={"Bool": {"kms:GrantIsForAWSResource": "true"}},
        ),
        # Deployment guardrails read the alarms that roll a blue/green update back, as this role.
        allow(
            "ReadRollbackAlarms",
            ["cloudwatch:DescribeAlarms"],
            f"arn:aws:cloudwatch:{REGION}:{account}:alarm:{scoped(env, '*')}",
        ),
        allow(
            "WriteJobAndEndpointLogs",
            ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
            f"arn:aws:logs:{REGION}:{account}:log-group:/aws/sagemaker/*",
        ),
        # GetAuthorizationToken and PutMetricData have no resource-level permissions; the namespace condition scopes it.
        allow("PullImagesToken", ["ecr:GetAuthorizationToken"], "*"),
        allow(
            "PullFrameworkImages",
            ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
            f"arn:aws:ecr:{REGION}:*:repository/sagemaker-*",
        ),
        allow(
            "PublishSageMakerMetrics",
            ["cloudwatch:PutMetricData"],
            "*",
            Condition={"StringLike": {"cloudwatch:namespace": ["/aws/sagemaker/*", "aws/sagemaker/*"]}},
        ),
    ]
    if args.runs_pipeline:
        found += _pipeline_statements(env)
    if args.model_source is not None:
        found += _model_source_statements(args.model_source)
    return found


def _model_source_statements(source: Environment) -> list[Statement]:
    """Read the model artifacts of the training account; its bucket and key policies grant the other half."""
    return [
        allow("ReadTrainedModels", ["s3:GetObject"], f"arn:aws:s3:::{source.artifacts_bucket}/*"),
        allow(
            "DecryptTrainedModels",
            ["kms:Decrypt"],
            f"arn:aws:kms:{REGION}:{source.account_id}:key/*",
            Condition={"StringEquals": {"kms:ViaService": f"s3.{REGION}.amazonaws.com"}},
        ),
    ]


def _pipeline_statements(env: Environment) -> list[Statement]:
    jobs = [f"arn:aws:sagemaker:{REGION}:{env.account_id}:{kind}/*" for kind in ("processing-job", "training-job")]
    return [
        allow("RunPipelineJobs", JOB_ACTIONS, jobs),
        allow("RegisterModels", REGISTRY_ACTIONS, [env.model_package_group_arn, env.model_package_arn("*")]),
        allow(
            "PassThisRoleToJobs",
            ["iam:PassRole"],
            env.execution_role_arn,
            Condition={"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}},
        ),
    ]
