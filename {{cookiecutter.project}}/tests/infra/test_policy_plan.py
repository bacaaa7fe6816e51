import json

import pulumi
from policy.mocks import run_program
from policy.naming import terraform_attribute, terraform_type
from policy.plan import to_plan
from policy_programs import bucket_program


def test_pulumi_tokens_map_to_terraform_types_by_rule_and_by_override():
    assert terraform_type("aws:sagemaker/endpointConfiguration:EndpointConfiguration") == (
        "aws_sagemaker_endpoint_configuration"
    )
    assert terraform_type("aws:iam/openIdConnectProvider:OpenIdConnectProvider") == "aws_iam_openid_connect_provider"
    assert terraform_type("aws:s3/bucketV2:BucketV2") == "aws_s3_bucket"
    assert terraform_type("aws:s3/bucketVersioningV2:BucketVersioningV2") == "aws_s3_bucket_versioning"
    assert terraform_type("my:component:Thing") is None
    assert terraform_attribute("aws_iam_openid_connect_provider", "clientIdLists") == "client_id_list"
    assert terraform_attribute("aws_s3_bucket_server_side_encryption_configuration", "rules") == "rule"


def test_the_plan_has_terraforms_shape_and_references():
    plan = json.loads(json.dumps(to_plan(run_program(bucket_program(), "demo", "preprod", {"bucket_name": "b"}))))
    planned = {r["address"]: r for r in plan["planned_values"]["root_module"]["resources"]}
    encryption = planned["aws_s3_bucket_server_side_encryption_configuration.artifacts"]
    rule = encryption["values"]["rule"][0]
    assert rule["apply_server_side_encryption_by_default"][0]["sse_algorithm"] == "aws:kms"
    assert planned["aws_kms_key.data_key"]["values"]["deletion_window_in_days"] == 30
    assert all(r["mode"] == "managed" for r in planned.values())
    configured = {r["address"]: r for r in plan["configuration"]["root_module"]["resources"]}
    references = configured["aws_s3_bucket_public_access_block.artifacts"]["expressions"]["bucket"]["references"]
    assert references == ["aws_s3_bucket.artifacts.id", "aws_s3_bucket.artifacts"]


def test_component_resources_are_not_exported():
    class Wrapper(pulumi.ComponentResource):
        def __init__(self, name: str) -> None:
            super().__init__("demo:index:Wrapper", name)
            bucket_program()()
            self.register_outputs({})

    def program() -> None:
        Wrapper("w")

    graph = run_program(program, "demo", "preprod", {"bucket_name": "b"})
    types = {r["type"] for r in to_plan(graph)["planned_values"]["root_module"]["resources"]}
    assert "aws_s3_bucket" in types
    assert not any(t.startswith("demo") for t in types)
    assert len(graph.of_type("demo:index:Wrapper")) == 1


def test_assets_become_what_terraform_holds(tmp_path):
    source = tmp_path / "code.py"
    source.write_text("print('hi')\n")

    def program() -> None:
        import pulumi_aws as aws

        aws.s3.BucketObjectv2("code", bucket="b", key="code.py", source=pulumi.FileAsset(str(source)))
        aws.s3.BucketObjectv2("note", bucket="b", key="note.txt", source=pulumi.StringAsset("hello"))

    plan = to_plan(run_program(program, "demo", "preprod"))
    values = {r["name"]: r["values"] for r in plan["planned_values"]["root_module"]["resources"]}
    assert values["code"]["source"] == str(source)
    assert values["note"]["source"] == "hello"
    json.dumps(plan)
