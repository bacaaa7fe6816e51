"""The bootstrap's resources under mocks: state backend, one OIDC provider, pinned and least-privilege roles."""

import json

from bootstrap.permissions import Scope, deploy_policy, preview_policy
from bootstrap_stack import (
    PREPROD,
    PREPROD_ACCOUNT,
    PROD,
    PROD_ACCOUNT,
    SINGLE,
    STATE_BUCKET,
    bootstrap,
    inline_policy,
    trust,
)

GITHUB = "token.actions.githubusercontent.com"


def _one(graph, token: str, name: str):
    [resource] = [r for r in graph.of_type(token) if r.name == name]
    return resource


def test_the_state_bucket_is_versioned_kms_encrypted_private_tls_only_logged_and_expires_old_versions():
    graph = bootstrap(PREPROD)
    assert _one(graph, "aws:s3/bucket:Bucket", "pulumi-state").inputs["bucket"] == STATE_BUCKET
    versioning = _one(graph, "aws:s3/bucketVersioning:BucketVersioning", "pulumi-state").inputs
    assert versioning["versioningConfiguration"]["status"] == "Enabled"
    sse = _one(graph, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
               "pulumi-state").inputs["rules"][0]["applyServerSideEncryptionByDefault"]  # fmt: skip
    assert sse["sseAlgorithm"] == "aws:kms" and sse["kmsMasterKeyId"] == graph.outputs["state_key_arn"]
    block = _one(graph, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "pulumi-state").inputs
    assert all(block[flag] for flag in ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls",
                                        "restrictPublicBuckets"))  # fmt: skip
    policy = json.loads(_one(graph, "aws:s3/bucketPolicy:BucketPolicy", "pulumi-state").inputs["policy"])
    deny = policy["Statement"][0]
    assert deny["Effect"] == "Deny" and deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    lifecycle = _one(graph, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "pulumi-state")
    assert lifecycle.inputs["rules"][0]["noncurrentVersionExpiration"]["noncurrentDays"] == 90
    logging = _one(graph, "aws:s3/bucketLogging:BucketLogging", "pulumi-state").inputs
    assert logging["targetBucket"] == f"{STATE_BUCKET}-logs"


def test_the_secrets_key_rotates_and_is_aliased_as_the_template_expects():
    graph = bootstrap(PREPROD)
    assert _one(graph, "aws:kms/key:Key", "pulumi-key").inputs["enableKeyRotation"] is True
    assert _one(graph, "aws:kms/alias:Alias", "pulumi-alias").inputs["name"] == "alias/pulumi-secrets"


def test_one_github_oidc_provider_for_sts_whatever_the_number_of_repositories():
    two = PREPROD | {
        "repositories": [*PREPROD["repositories"], {"repository": "acme/fraud", "environments": ["preprod"]}]
    }
    [provider] = bootstrap(two).of_type("aws:iam/openIdConnectProvider:OpenIdConnectProvider")
    assert provider.inputs["url"] == f"https://{GITHUB}"
    assert provider.inputs["clientIdLists"] == ["sts.amazonaws.com"]


def test_deploy_and_preview_roles_are_trusted_only_by_their_environment_and_pull_requests():
    graph = bootstrap(PREPROD)
    for role, subject in (("customer-churn-preprod-deploy", "repo:acme/customer-churn:environment:preprod"),
                          ("customer-churn-preprod-preview", "repo:acme/customer-churn:pull_request")):  # fmt: skip
        [statement] = trust(graph, role)["Statement"]
        assert statement["Principal"] == {"Federated": graph.outputs["github_oidc_provider_arn"]}
        assert statement["Condition"] == {
            "StringEquals": {f"{GITHUB}:aud": "sts.amazonaws.com", f"{GITHUB}:sub": subject}
        }
    assert {r.name for r in graph.of_type("aws:iam/role:Role")} == {"customer-churn-preprod-deploy",
                                                                     "customer-churn-preprod-preview"}  # fmt: skip


# Statements whose resources AWS cannot name after the project; each says why in permissions.py.
UNSCOPED_STATEMENTS = {"UnscopableReads", "PipelineJobReads", "CreateTaggedKeys", "EndpointScaling",
                       "ServiceLinkedRoles"}  # fmt: skip


def test_the_largest_answers_keep_each_roles_policies_within_iams_limit():
    """IAM caps a role's inline policies at 10,240 characters in all; the longest slug the naming rules allow (30:
    `<project>-preprod-access-logs-<account>` is an S3 name of at most 63), a long region and the longest bucket."""
    region, bucket = "ap-southeast-2", "b" * 63
    keys = tuple(f"arn:aws:kms:{region}:{a}:key/1234abcd-12ab-34cd-56ef-1234567890ab" for a in ("1" * 12, "2" * 12))
    for env in ("preprod", "prod"):
        scope = Scope("p" * 30, env, "2" * 12, region, bucket, keys)
        assert len(deploy_policy(scope)) < 10_240 and len(preview_policy(scope)) < 10_240


def test_role_permissions_are_scoped_to_the_project_and_never_admin():
    graph = bootstrap(PREPROD)
    for role in ("customer-churn-preprod-deploy", "customer-churn-preprod-preview"):
        document = inline_policy(graph, role)
        assert len(json.dumps(document, separators=(",", ":"))) < 10_240  # IAM's inline-policy size limit
        for statement in document["Statement"]:
            assert not any(action == "*" or action.endswith(":*") for action in statement["Action"])
            for resource in statement["Resource"]:
                scoped = "customer-churn" in resource or STATE_BUCKET in resource or ":key/" in resource
                assert scoped or statement["Sid"] in UNSCOPED_STATEMENTS, statement
    deploy = {s["Sid"]: s for s in inline_policy(graph, "customer-churn-preprod-deploy")["Statement"]}
    workload_roles = [f"arn:aws:iam::{PREPROD_ACCOUNT}:role/customer-churn-preprod-{suffix}"
                      for suffix in ("sagemaker-execution", "events-invoke")]  # fmt: skip
    assert deploy["PassWorkloadRoles"]["Resource"] == workload_roles
    assert deploy["PassWorkloadRoles"]["Condition"]["StringEquals"]["iam:PassedToService"][0] == (
        "sagemaker.amazonaws.com"
    )
    assert deploy["WorkloadRolesUnderTheBoundary"]["Condition"] == {
        "StringEquals": {"iam:PermissionsBoundary": f"arn:aws:iam::{PREPROD_ACCOUNT}:policy/customer-churn-preprod-"
                                                    "workload-boundary"}
    }  # fmt: skip
    preview = inline_policy(graph, "customer-churn-preprod-preview")["Statement"]
    writes = {a for s in preview for a in s["Action"] if not a.split(":")[1].startswith(("Get", "Describe", "List"))}
    assert writes == {"s3:PutObject", "s3:DeleteObject", "kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"}
    lock_writes = next(s for s in preview if s["Sid"] == "StateLock")["Resource"]
    assert lock_writes == [f"arn:aws:s3:::{STATE_BUCKET}/.pulumi/locks/organization/customer-churn-{kind}/preprod/*"
                           for kind in ("platform", "serving")]  # fmt: skip


def test_the_project_slug_can_differ_from_the_repository_name():
    graph = bootstrap(PREPROD | {"repositories": [{"repository": "acme/fraud-scoring", "environments": ["preprod"],
                                                   "project": "fraud"}]})  # fmt: skip
    resources = {r for s in inline_policy(graph, "fraud-scoring-preprod-deploy")["Statement"] for r in s["Resource"]}
    assert "arn:aws:s3:::fraud-*" in resources
    assert graph.outputs["repositories"]["acme/fraud-scoring"]["project"] == "fraud"


def test_adding_a_project_is_one_config_entry_that_only_adds_its_roles():
    before = bootstrap(PREPROD)
    entry = {"repository": "acme/fraud", "environments": ["preprod", "prod"]}
    after = bootstrap(PREPROD | {"repositories": [*PREPROD["repositories"], entry]})
    added = {r.urn for r in after.resources} - {r.urn for r in before.resources}
    assert {after.by_urn(urn).type for urn in added} == {"aws:iam/role:Role", "aws:iam/rolePolicy:RolePolicy",
                                                          "aws:iam/policy:Policy",
                                                          "bootstrap:github:RepositoryRoles"}  # fmt: skip
    assert len(added) == 6  # preprod deploy + preview roles, their policies, the workload boundary, the component


def test_the_state_bucket_starts_with_pulumis_project_scoped_layout_written_by_the_bootstrap():
    meta = _one(bootstrap(PREPROD), "aws:s3/bucketObjectv2:BucketObjectv2", "pulumi-meta").inputs
    assert (meta["bucket"], meta["key"], meta["content"]) == (STATE_BUCKET, ".pulumi/meta.yaml", "version: 1\n")
    assert meta["serverSideEncryption"] == "aws:kms" and meta["kmsKeyId"] == bootstrap(PREPROD).outputs["state_key_arn"]
    prod = bootstrap(PROD, account=PROD_ACCOUNT, stack="prod")
    assert not prod.of_type("aws:s3/bucketObjectv2:BucketObjectv2")  # the state bucket is preprod's


def test_the_prod_account_uses_the_preprod_state_bucket_and_its_own_secrets_key():
    graph = bootstrap(PROD, account=PROD_ACCOUNT, stack="prod")
    assert graph.of_type("aws:s3/bucket:Bucket") == []
    assert graph.of_type("aws:kms/alias:Alias")[0].inputs["name"] == "alias/pulumi-secrets"
    key_statement = next(
        s for s in inline_policy(graph, "customer-churn-prod-deploy")["Statement"] if s["Sid"] == "StateKey"
    )
    assert PROD["state_key_arn"] in key_statement["Resource"]
    assert graph.outputs["pulumi_backend_url"] == f"s3://{STATE_BUCKET}"


def test_the_state_account_lets_only_the_registered_prod_roles_in():
    graph = bootstrap(PREPROD)
    policy = json.loads(_one(graph, "aws:s3/bucketPolicy:BucketPolicy", "pulumi-state").inputs["policy"])
    grant = next(s for s in policy["Statement"] if s["Sid"] == "RegisteredRolesOfOtherAccounts")
    assert grant["Condition"]["ArnEquals"]["aws:PrincipalArn"] == [
        f"arn:aws:iam::{PROD_ACCOUNT}:role/customer-churn-prod-deploy",  # prod has no preview role
    ]


def test_outputs_are_the_templates_answers():
    outputs = bootstrap(SINGLE).outputs
    assert outputs["pulumi_backend_url"] == f"s3://{STATE_BUCKET}"
    assert outputs["pulumi_secrets_kms_alias"] == "alias/pulumi-secrets"
    assert outputs["aws_region"] == "eu-west-1" and outputs["account_id"] == PREPROD_ACCOUNT
    assert outputs["repositories"]["acme/customer-churn"]["deploy_role_arns"] == {
        env: f"arn:aws:iam::{PREPROD_ACCOUNT}:role/customer-churn-{env}-deploy" for env in ("preprod", "prod")
    }
