"""The IAM actions a repository's deploy role needs per service the generated stacks manage; the preview role gets
the read-only subset (Get/Describe/List). Kept apart from the policy builder so a review reads one table. IAM itself
is not here: a deploy role writes only workload roles, under a boundary (`bootstrap.workloads`)."""

DEPLOY_ACTIONS = {
    "s3": ["s3:CreateBucket", "s3:DeleteBucket", "s3:Get*", "s3:List*", "s3:PutBucket*", "s3:DeleteBucketPolicy",
           "s3:PutEncryptionConfiguration", "s3:PutLifecycleConfiguration", "s3:PutObject", "s3:DeleteObject"],
    "kms": ["kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias", "kms:DescribeKey", "kms:GetKeyPolicy",
            "kms:GetKeyRotationStatus", "kms:ListResourceTags", "kms:EnableKeyRotation", "kms:PutKeyPolicy",
            "kms:TagResource", "kms:UntagResource", "kms:UpdateKeyDescription", "kms:ScheduleKeyDeletion",
            "kms:CreateGrant", "kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"],
    "sagemaker": ["sagemaker:CreateModel", "sagemaker:DeleteModel", "sagemaker:DescribeModel",
                  "sagemaker:CreateEndpoint", "sagemaker:UpdateEndpoint", "sagemaker:DeleteEndpoint",
                  "sagemaker:DescribeEndpoint", "sagemaker:CreateEndpointConfig", "sagemaker:DeleteEndpointConfig",
                  "sagemaker:DescribeEndpointConfig", "sagemaker:CreatePipeline", "sagemaker:UpdatePipeline",
                  "sagemaker:DeletePipeline", "sagemaker:DescribePipeline", "sagemaker:CreateModelPackageGroup",
                  "sagemaker:DeleteModelPackageGroup", "sagemaker:DescribeModelPackageGroup",
                  "sagemaker:PutModelPackageGroupPolicy", "sagemaker:GetModelPackageGroupPolicy",
                  "sagemaker:DeleteModelPackageGroupPolicy", "sagemaker:DescribeModelPackage",
                  "sagemaker:ListModelPackages", "sagemaker:AddTags", "sagemaker:DeleteTags", "sagemaker:ListTags",
                  # CD and CT run the ops commands with this role: start a pipeline, smoke-test. Never approve:
                  # a person does that (no UpdateModelPackage, no CreateModelPackage).
                  "sagemaker:StartPipelineExecution",
                  "sagemaker:DescribePipelineExecution", "sagemaker:ListPipelineExecutions",
                  "sagemaker:ListPipelineExecutionSteps", "sagemaker:InvokeEndpoint"],
    "events": ["events:PutRule", "events:DeleteRule", "events:DescribeRule", "events:PutTargets",
               "events:RemoveTargets", "events:ListTargetsByRule", "events:TagResource", "events:UntagResource",
               "events:ListTagsForResource", "events:CreateConnection", "events:UpdateConnection",
               "events:DeleteConnection", "events:DescribeConnection", "events:CreateApiDestination",
               "events:UpdateApiDestination", "events:DeleteApiDestination", "events:DescribeApiDestination",
               "secretsmanager:CreateSecret", "secretsmanager:DeleteSecret", "secretsmanager:DescribeSecret",
               "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecret"],
    "scheduler": ["scheduler:CreateSchedule", "scheduler:UpdateSchedule", "scheduler:DeleteSchedule",
                  "scheduler:GetSchedule", "scheduler:TagResource", "scheduler:ListTagsForResource"],
    "monitoring": ["cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms", "cloudwatch:DescribeAlarms",
                   "cloudwatch:TagResource", "cloudwatch:UntagResource", "cloudwatch:ListTagsForResource",
                   "cloudwatch:PutDashboard", "cloudwatch:GetDashboard", "cloudwatch:DeleteDashboards"],
    "sns": ["sns:CreateTopic", "sns:DeleteTopic", "sns:GetTopicAttributes", "sns:SetTopicAttributes",
            "sns:Subscribe", "sns:Unsubscribe", "sns:GetSubscriptionAttributes", "sns:TagResource",
            "sns:UntagResource", "sns:ListTagsForResource"],
}  # fmt: skip

READ_PREFIXES = ("Get", "Describe", "List")


def read_only_actions(actions: list[str]) -> list[str]:
    return [action for action in actions if action.split(":")[1].startswith(READ_PREFIXES)]


PROJECT_TAG = "project"  # the generated stacks tag every KMS key with project=<slug>; key rights follow that tag
SCALING_ROLE = "role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/*"
