"""What `pulumi up` changes in AWS, for the resource types the journeys read back from AWS afterwards.

The journeys' later steps ask AWS itself (ops verify reads the endpoint; CT starts the pipeline), so these types are
created, updated and deleted in the emulated AWS with the job's own credentials, in the account those credentials
belong to; their inputs are mapped onto the API's members through botocore's service model. Every other type lives
only in the stand-in's state. As the provider does, creates and updates go in program order, deletes after them in
reverse (Pulumi replaces create-before-delete by default).
"""

import os
from collections.abc import Callable
from typing import Any

import boto3
from botocore.model import StructureShape

Handler = tuple[str, str, str, str | None, str]  # service, the name's member, create, update, delete operations
HANDLERS: dict[str, Handler] = {
    "aws:sagemaker/modelPackageGroup:ModelPackageGroup": ("sagemaker", "ModelPackageGroupName",
                                                          "CreateModelPackageGroup", None, "DeleteModelPackageGroup"),
    "aws:sagemaker/modelPackageGroupPolicy:ModelPackageGroupPolicy": ("sagemaker", "ModelPackageGroupName",
                                                                      "PutModelPackageGroupPolicy",
                                                                      "PutModelPackageGroupPolicy",
                                                                      "DeleteModelPackageGroupPolicy"),
    "aws:sagemaker/pipeline:Pipeline": ("sagemaker", "PipelineName", "CreatePipeline", "UpdatePipeline",
                                        "DeletePipeline"),
    "aws:sagemaker/model:Model": ("sagemaker", "ModelName", "CreateModel", None, "DeleteModel"),
    "aws:sagemaker/endpointConfiguration:EndpointConfiguration": ("sagemaker", "EndpointConfigName",
                                                                  "CreateEndpointConfig", None,
                                                                  "DeleteEndpointConfig"),
    "aws:sagemaker/endpoint:Endpoint": ("sagemaker", "EndpointName", "CreateEndpoint", "UpdateEndpoint",
                                        "DeleteEndpoint"),
}  # fmt: skip
RENAMED = {"kmsKeyArn": "KmsKeyId"}  # Pulumi inputs whose API member differs beyond case (besides `name`)


def apply(before: list[dict[str, Any]], after: list[dict[str, Any]], region: str, say: Callable[[str], None]) -> None:
    old = {r["urn"]: r for r in before if r["type"] in HANDLERS}
    new = {r["urn"]: r for r in after if r["type"] in HANDLERS}
    deletes = [old[urn] for urn in old if urn not in new]
    for urn, resource in new.items():
        if urn not in old:
            _call(resource, "create", region, say)
        elif old[urn]["inputs"] != resource["inputs"]:
            if HANDLERS[resource["type"]][3] is None:  # replaced: the new one first, the old one deleted at the end
                _call(resource, "create", region, say)
                deletes.append(old[urn])
            else:
                _call(resource, "update", region, say)
    for resource in reversed(deletes):
        _call(resource, "delete", region, say)


def _call(resource: dict[str, Any], phase: str, region: str, say: Callable[[str], None]) -> None:
    service, name_member, create, update, delete = HANDLERS[resource["type"]]
    operation = {"create": create, "update": update, "delete": delete}[phase]
    assert operation is not None
    client = boto3.client(service, region_name=region, endpoint_url=os.environ["AWS_ENDPOINT_URL"])
    shape = client.meta.service_model.operation_model(operation).input_shape
    arguments = to_api(resource["inputs"], shape, name_member)
    if phase == "delete":
        arguments = {key: value for key, value in arguments.items() if key in shape.required_members}
    say(f"    {phase} {resource['type'].split(':')[-1]} {resource['name']}")
    getattr(client, _snake(operation))(**arguments)


def to_api(inputs: dict[str, Any], shape: StructureShape, name_member: str) -> dict[str, Any]:
    """Pulumi inputs (camelCase) as the operation's members (PascalCase), with tags as Key/Value pairs."""
    shape_members: dict[str, Any] = shape.members  # type: ignore[assignment]  # botocore's cached property
    members, mapped = {name.lower(): name for name in shape_members}, {}
    for key, value in inputs.items():
        member = name_member if key == "name" and name_member else RENAMED.get(key) or members.get(key.lower())
        if member is None or member not in shape_members:
            continue
        mapped[member] = _value(value, shape_members[member], name_member)
    return mapped


def _value(value: Any, shape: Any, name_member: str) -> Any:
    if shape.type_name == "structure" and isinstance(value, dict):
        return to_api(value, shape, "")  # `name` is the resource's own name only at the top
    if shape.type_name == "list" and isinstance(value, dict):  # tags: a map in Pulumi, a list of pairs in the API
        return [{"Key": k, "Value": v} for k, v in value.items()]
    if shape.type_name == "list" and isinstance(value, list):
        return [_value(item, shape.member, "") for item in value]
    if shape.type_name == "integer" and isinstance(value, float):
        return int(value)
    return value


def _snake(operation: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in operation).lstrip("_")
