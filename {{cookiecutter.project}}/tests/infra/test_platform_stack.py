"""The platform stack under mocks, both stacks: every resource with its security properties."""

import json

import pytest
from stack_runs import DEFINITION, as_list, aws_resources, one, platform, policy_of, statements
from stacks import STACKS

from {{ cookiecutter.package_name }}.environments import ENVIRONMENTS, MODEL_PACKAGE_GROUP, PIPELINE_NAME

BUCKET = "aws:s3/bucket:Bucket"


@pytest.mark.parametrize("stack", STACKS)
def test_the_key_rotates_and_its_policy_names_every_principal(stack: str):
    env = ENVIRONMENTS[stack]
    key = one(platform(stack), "aws:kms/key:Key")
    assert key.inputs["enableKeyRotation"] is True
    granted = statements(key)
    assert granted["DeployRoleAdministers"]["Principal"] == {"AWS": env.deploy_role_arn}
    assert "kms:*" not in granted["DeployRoleAdministers"]["Action"]
    assert all(s["Principal"] != "*" and s["Principal"] != {"AWS": "*"} for s in granted.values())
    alias = one(platform(stack), "aws:kms/alias:Alias")
    assert alias.inputs["name"] == env.kms_alias


@pytest.mark.parametrize("stack", STACKS)
def test_both_buckets_are_private_versioned_encrypted_and_tls_only(stack: str):
    graph = platform(stack)
    for bucket in graph.of_type(BUCKET):
        name = bucket.inputs["bucket"]
        controls = {r.type.split(":")[-1]: r for r in graph.resources if r.inputs.get("bucket") == name}
        blocked = controls["BucketPublicAccessBlock"].inputs
        assert all(
            blocked[flag] is True
            for flag in ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")
        )
        assert controls["BucketVersioning"].inputs["versioningConfiguration"] == {"status": "Enabled"}
        assert controls["BucketOwnershipControls"].inputs["rule"] == {"objectOwnership": "BucketOwnerEnforced"}
        assert controls["BucketLifecycleConfiguration"].inputs["rules"]
        deny = statements(controls["BucketPolicy"])["DenyInsecureTransport"]
        assert deny["Effect"] == "Deny" and deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
        assert all(
            s["Effect"] == "Deny" or s["Principal"] != "*" for s in statements(controls["BucketPolicy"]).values()
        )


@pytest.mark.parametrize("stack", STACKS)
def test_artifacts_use_the_environment_key_and_log_every_request(stack: str):
    env, graph = ENVIRONMENTS[stack], platform(stack)
    sse = one(
        graph,
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        bucket=env.artifacts_bucket,
    )
    default = sse.inputs["rules"][0]["applyServerSideEncryptionByDefault"]
    assert default == {"sseAlgorithm": "aws:kms", "kmsMasterKeyId": platform(stack).outputs["kmsKeyArn"]}
    logging = one(graph, "aws:s3/bucketLogging:BucketLogging", bucket=env.artifacts_bucket)
    assert logging.inputs["targetBucket"] == env.access_logs_bucket
    delivery = statements(one(graph, "aws:s3/bucketPolicy:BucketPolicy", bucket=env.access_logs_bucket))
    assert delivery["S3ServerAccessLogDelivery"]["Principal"] == {"Service": "logging.s3.amazonaws.com"}


@pytest.mark.parametrize("stack", STACKS)
def test_the_execution_role_is_least_privilege(stack: str):
    env, graph = ENVIRONMENTS[stack], platform(stack)
    role = one(graph, "aws:iam/role:Role", name=env.execution_role_name)
    trust = policy_of(role, "assumeRolePolicy")["Statement"]
    assert trust == [
        {
            "Sid": "TrustedService",
            "Effect": "Allow",
            "Principal": {"Service": "sagemaker.amazonaws.com"},
            "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"aws:SourceAccount": env.account_id}},
        }
    ]
    assert "managedPolicyArns" not in role.inputs
    granted = statements(one(graph, "aws:iam/rolePolicy:RolePolicy", role=env.execution_role_name))
    for sid, statement in granted.items():
        actions = as_list(statement["Action"])
        assert not any(action == "*" or action.endswith(":*") for action in actions), sid
        if statement["Resource"] == "*":  # only actions without resource-level permissions
            assert actions in (["ecr:GetAuthorizationToken"], ["cloudwatch:PutMetricData"]), sid
    assert ("RunPipelineJobs" in granted) == (stack == "preprod")
    assert ("ReadTrainedModels" in granted) == (stack == "prod")


def test_the_pipeline_is_the_built_definition_and_its_code_is_content_addressed():
    graph, env = platform("preprod"), ENVIRONMENTS["preprod"]
    pipeline = one(graph, "aws:sagemaker/pipeline:Pipeline")
    assert json.loads(pipeline.inputs["pipelineDefinition"]) == DEFINITION
    assert pipeline.inputs["pipelineName"] == PIPELINE_NAME
    assert pipeline.inputs["roleArn"] == graph.outputs["executionRoleArn"]
    uploads = graph.of_type("aws:s3/bucketObjectv2:BucketObjectv2")
    assert {u.inputs["key"].rsplit("/", 1)[1] for u in uploads} >= {"preprocess.py", "evaluate.py", "train.tar.gz"}
    for upload in uploads:
        assert upload.inputs["key"].split("/")[1].isalnum() and upload.inputs["bucket"] == env.artifacts_bucket
        assert (
            upload.inputs["serverSideEncryption"] == "aws:kms"
            and upload.inputs["kmsKeyId"] == graph.outputs["kmsKeyArn"]
        )
        assert pipeline.urn not in upload.dependencies and upload.urn in pipeline.dependencies


def test_the_registry_lives_in_preprod_only():
    group = one(platform("preprod"), "aws:sagemaker/modelPackageGroup:ModelPackageGroup")
    assert group.inputs["modelPackageGroupName"] == MODEL_PACKAGE_GROUP
    prod = platform("prod")
    for token in ("modelPackageGroup:ModelPackageGroup", "pipeline:Pipeline"):
        assert not prod.of_type(f"aws:sagemaker/{token}")
    assert not prod.of_type("aws:cloudwatch/eventRule:EventRule") and not prod.of_type(
        "aws:scheduler/schedule:Schedule"
    )


@pytest.mark.parametrize("stack", STACKS)
def test_every_resource_goes_through_the_one_account_pinned_provider(stack: str):
    graph, env = platform(stack), ENVIRONMENTS[stack]
    (provider,) = graph.of_type("pulumi:providers:aws")  # a resource without it would add Pulumi's default provider
    assert json.loads(provider.inputs["allowedAccountIds"]) == [env.account_id]
    assert len(aws_resources(graph)) > 20
