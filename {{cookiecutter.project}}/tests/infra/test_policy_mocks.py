import pulumi
import pytest
from policy.mocks import run_program
from policy_programs import bucket_program

CONFIG = {"bucket_name": "demo-artifacts"}


def test_the_graph_records_inputs_dependencies_and_outputs():
    graph = run_program(bucket_program(), "demo", "preprod", CONFIG)
    bucket = graph.of_type("aws:s3/bucket:Bucket")[0]
    encryption = graph.of_type("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration")
    assert bucket.inputs == {"bucket": "demo-artifacts"}
    assert graph.depends_on(encryption[0], bucket)
    assert encryption[0].property_dependencies["bucket"] == (bucket.urn,)
    assert graph.named("data-key").inputs["deletionWindowInDays"] == 30.0  # ints travel as floats
    assert graph.outputs["bucket_name"] == "demo-artifacts"
    assert graph.outputs["key_arn"].startswith("arn:aws:kms:")


def test_runs_are_isolated_from_each_other():
    first = run_program(bucket_program(), "demo", "preprod", CONFIG)
    second = run_program(bucket_program(encrypted=False), "demo", "prod", {"bucket_name": "other"})
    assert len(first.resources) == len(second.resources) + 1
    assert second.outputs["bucket_name"] == "other"
    assert all(resource.urn.startswith("urn:pulumi:prod::demo::") for resource in second.resources)


def test_a_missing_config_value_surfaces_as_the_programs_own_error():
    with pytest.raises(pulumi.ConfigMissingError, match="demo:bucket_name"):
        run_program(bucket_program(), "demo", "preprod", {})


def test_a_provider_function_without_a_mock_is_named():
    def program() -> None:
        import pulumi_aws as aws

        aws.ec2.get_vpc(default=True)

    with pytest.raises(NotImplementedError, match="getVpc"):
        run_program(program, "demo", "preprod")
