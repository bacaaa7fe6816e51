"""Prod deploys packages trained in preprod: resource policies open preprod to prod only when they are two accounts."""

import pytest
from stack_runs import one, platform, prod_in_layout, statements

from {{ cookiecutter.package_name }}.environments import ENVIRONMENTS, MODEL_PACKAGE_GROUP, REGION

GROUP_POLICY = "aws:sagemaker/modelPackageGroupPolicy:ModelPackageGroupPolicy"


def test_two_accounts_prod_reads_the_registry_the_models_and_their_key():
    graph = platform("preprod", single_account=False)
    preprod, prod = ENVIRONMENTS["preprod"], prod_in_layout(single_account=False)
    grant = statements(one(graph, GROUP_POLICY), "resourcePolicy")["DeployingAccountReadsPackages"]
    assert grant["Principal"] == {"AWS": [f"arn:aws:iam::{prod.account_id}:root"]}
    assert all(f"/{MODEL_PACKAGE_GROUP}" in resource for resource in grant["Resource"])
    assert all(action.startswith(("sagemaker:Describe", "sagemaker:List")) for action in grant["Action"])
    bucket_grant = statements(one(graph, "aws:s3/bucketPolicy:BucketPolicy", bucket=preprod.artifacts_bucket))[
        "OtherEnvironmentReadsModels"
    ]
    key_grant = statements(one(graph, "aws:kms/key:Key"))["OtherEnvironmentReadsModelsThroughS3"]
    for granted in (bucket_grant, key_grant):
        assert granted["Principal"] == {"AWS": f"arn:aws:iam::{prod.account_id}:root"}
        assert granted["Condition"]["ArnEquals"] == {"aws:PrincipalArn": prod.execution_role_arn}
    assert bucket_grant["Action"] == ["s3:GetObject"] and key_grant["Action"] == ["kms:Decrypt"]


def test_one_account_needs_no_resource_policy_for_prod():
    graph = platform("preprod", single_account=True)
    assert not graph.of_type(GROUP_POLICY)
    bucket_policy = one(graph, "aws:s3/bucketPolicy:BucketPolicy", bucket=ENVIRONMENTS["preprod"].artifacts_bucket)
    assert "OtherEnvironmentReadsModels" not in statements(bucket_policy)
    assert "OtherEnvironmentReadsModelsThroughS3" not in statements(one(graph, "aws:kms/key:Key"))


@pytest.mark.parametrize("single_account", [False, True])
def test_prod_execution_role_reads_preprod_models_in_either_layout(single_account: bool):
    graph, preprod = platform("prod", single_account=single_account), ENVIRONMENTS["preprod"]
    granted = statements(
        one(graph, "aws:iam/rolePolicy:RolePolicy", role=prod_in_layout(single_account).execution_role_name)
    )
    assert granted["ReadTrainedModels"]["Resource"] == f"arn:aws:s3:::{preprod.artifacts_bucket}/*"
    assert granted["DecryptTrainedModels"]["Condition"] == {
        "StringEquals": {"kms:ViaService": f"s3.{REGION}.amazonaws.com"}
    }
