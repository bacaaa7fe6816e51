"""Where prod differs from preprod: retention, deletion protection, training (preprod only), capacity (serving)."""

from functools import cache

import pulumi
import pytest
import stacks
from components.serving_settings import example_package_arn
from stack_runs import BUILD_DIR, GITHUB_TOKEN, one, pipeline_build_dir, platform, write_definition


@cache
def protected(project: str, stack: str) -> frozenset[str]:
    """Names of the resources `pulumi destroy` would refuse to delete (protect, set or inherited from a parent)."""
    declared: list[pulumi.Resource] = []

    def record(args: pulumi.ResourceTransformationArgs) -> None:
        declared.append(args.resource)

    write_definition()
    inputs = {"modelPackageArn": example_package_arn()} if project == "serving" else {}
    secrets = GITHUB_TOKEN if (project, stack) == ("platform", "preprod") else None
    with pipeline_build_dir(BUILD_DIR):
        stacks.run_stack(project, stack, inputs, secrets, transformations=[record])
    return frozenset(resource._name for resource in declared if resource._protect)


def test_prod_protects_its_key_buckets_and_endpoint_and_preprod_protects_nothing():
    assert protected("platform", "preprod") == protected("serving", "preprod") == frozenset()
    assert {"key", "data-artifacts", "data-access-logs"} <= protected("platform", "prod")
    assert "endpoint" in protected("serving", "prod")
    assert "sagemaker-execution" not in protected("platform", "prod")  # roles are cheap to recreate


@pytest.mark.parametrize(("stack", "days"), [("preprod", 7), ("prod", 30)])
def test_a_deleted_key_can_be_recovered_for_longer_in_prod(stack: str, days: int):
    assert one(platform(stack), "aws:kms/key:Key").inputs["deletionWindowInDays"] == days


def test_prod_keeps_old_versions_and_access_logs_longer():
    def retention(stack: str) -> dict[str, float]:
        rules = [
            rule
            for config in platform(stack).of_type("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")
            for rule in config.inputs["rules"]
        ]
        found = {r["id"]: r.get("noncurrentVersionExpiration", r.get("expiration", {})) for r in rules}
        return {
            "noncurrent": found["expire-noncurrent-versions"]["noncurrentDays"],
            "logs": found["expire-objects"]["days"],
        }

    preprod, prod = retention("preprod"), retention("prod")
    assert prod["noncurrent"] > preprod["noncurrent"] and prod["logs"] > preprod["logs"]
