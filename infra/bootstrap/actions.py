"""The IAM actions a repository's deploy role needs per service the generated stacks manage; the preview role gets
the read-only subset (Get/Describe/List). Kept apart from the policy builder so a review reads one table. IAM itself
is not here: a deploy role writes only workload roles, under a boundary (`bootstrap.workloads`)."""

DEPLOY_ACTIONS = {
    # CreateBucket sends the bucket's tags (s3:TagResource); the code objects are tagged, and a failed multipart
    # upload is aborted (infra/policy/provider_calls.yaml in the template lists each call and its source). The bucket
    # settings the stacks write are named one by one: no ACLs (every bucket is BucketOwnerEnforced), no website.
    "s3": ["s3:CreateBucket", "s3:DeleteBucket", "s3:Get*", "s3:List*", "s3:PutBucketLogging",
           "s3:PutBucketNotification", "s3:PutBucketOwnershipControls", "s3:PutBucketPolicy",
           "s3:PutBucketPublicAccessBlock", "s3:PutBucketTagging", "s3:PutBucketVersioning", "s3:DeleteBucketPolicy",
           "s3:PutEncryptionConfiguration", "s3:PutLifecycleConfiguration", "s3:TagResource", "s3:PutObject",
           "s3:PutObjectTagging", "s3:DeleteObjectTagging", "s3:AbortMultipartUpload", "s3:DeleteObject"],
    "kms": ["kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias", "kms:DescribeKey", "kms:GetKeyPolicy",
            "kms:GetKeyRotationStatus", "kms:ListResourceTags", "kms:EnableKeyRotation", "kms:PutKeyPolicy",
            "kms:TagResource", "kms:UntagResource", "kms:UpdateKeyDescription", "kms:ScheduleKeyDeletion",
            "kms:CreateGrant", "kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"],
    # Reads (Describe*, Get*, List*) are granted by family: only ever on the project's own resources (permissions.py).
    "sagemaker": ["sagemaker:Describe*", "sagemaker:Get*", "sagemaker:List*", "sagemaker:CreateModel",
                  "sagemaker:DeleteModel", "sagemaker:CreateEndpoint", "sagemaker:UpdateEndpoint",
                  "sagemaker:DeleteEndpoint", "sagemaker:CreateEndpointConfig", "sagemaker:DeleteEndpointConfig",
                  "sagemaker:CreatePipeline", "sagemaker:UpdatePipeline", "sagemaker:DeletePipeline",
                  "sagemaker:CreateModelPackageGroup", "sagemaker:DeleteModelPackageGroup",
                  "sagemaker:PutModelPackageGroupPolicy", "sagemaker:DeleteModelPackageGroupPolicy",
                  "sagemaker:AddTags", "sagemaker:DeleteTags",
                  # CD and CT run the ops commands with this role: start a pipeline, smoke-test. Never approve:
                  # a person does that (no UpdateModelPackage, no CreateModelPackage).
                  "sagemaker:StartPipelineExecution", "sagemaker:InvokeEndpoint",
                  # Registering an endpoint's scalable target: Application Auto Scaling checks that the caller
                  # could scale the variant itself (SageMaker "Prerequisites for auto scaling").
                  "sagemaker:UpdateEndpointWeightsAndCapacities"],
    "events": ["events:Describe*", "events:List*", "events:PutRule", "events:DeleteRule", "events:PutTargets",
               "events:RemoveTargets", "events:TagResource", "events:UntagResource", "events:CreateConnection",
               "events:UpdateConnection", "events:DeleteConnection", "events:CreateApiDestination",
               "events:UpdateApiDestination", "events:DeleteApiDestination",
               # EventBridge keeps a connection's key in a secret it manages as the caller (EventBridge user guide,
               # "Connections": the caller needs Secrets Manager rights on events!connection/* secrets).
               "secretsmanager:CreateSecret", "secretsmanager:DeleteSecret", "secretsmanager:DescribeSecret",
               "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecret"],
    # No scheduler:TagResource: it applies to schedule groups only, and the provider tags no schedule (parliament).
    "scheduler": ["scheduler:Get*", "scheduler:List*", "scheduler:CreateSchedule", "scheduler:UpdateSchedule",
                  "scheduler:DeleteSchedule"],
    "monitoring": ["cloudwatch:Describe*", "cloudwatch:Get*", "cloudwatch:List*", "cloudwatch:PutMetricAlarm",
                   "cloudwatch:DeleteAlarms", "cloudwatch:TagResource", "cloudwatch:UntagResource",
                   "cloudwatch:PutDashboard", "cloudwatch:DeleteDashboards"],
    "sns": ["sns:Get*", "sns:List*", "sns:CreateTopic", "sns:DeleteTopic", "sns:SetTopicAttributes",
            "sns:Subscribe", "sns:Unsubscribe", "sns:TagResource", "sns:UntagResource"],
}  # fmt: skip

READ_PREFIXES = ("Get", "Describe", "List")
# Reads that disclose a secret: the AWS → GitHub token behind the approval connection never reaches a pull request.
SECRET_READS = ("secretsmanager:GetSecretValue",)


def read_only_actions(actions: list[str]) -> list[str]:
    return [a for a in actions if a.split(":")[1].startswith(READ_PREFIXES) and a not in SECRET_READS]


PROJECT_TAG = "project"  # the generated stacks tag every KMS key with project=<slug>; key rights follow that tag
# The service-linked roles AWS creates as the caller on first use: endpoint autoscaling, and EventBridge's for the
# approval connection's secret (AWS docs: "Service-linked roles for Application Auto Scaling", "… for EventBridge").
SERVICE_LINKED_ROLES = {
    "sagemaker.application-autoscaling.amazonaws.com": "AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint",
    "apidestinations.events.amazonaws.com": "AWSServiceRoleForAmazonEventBridgeApiDestinations",
}
