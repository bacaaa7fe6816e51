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

Handler = tuple[str, str, str | None, str | None]  # service, create, update, delete operation names
HANDLERS: dict[str, Handler] = {
    "aws:sagemaker/modelPackageGroup:ModelPackageGroup": ("sagemaker", "CreateModelPackageGroup", None,
                                                          "DeleteModelPackageGroup"),
    "aws:sagemaker/modelPackageGroupPolicy:ModelPackageGroupPolicy": ("sagemaker", "PutModelPackageGroupPolicy",
                                                                      "PutModelPackageGroupPolicy",
                                                                      "DeleteModelPackageGroupPolicy"),
    "aws:sagemaker/pipeline:Pipeline": ("sagemaker", "CreatePipeline", "UpdatePipeline", "DeletePipeline"),
    "aws:sagemaker/model:Model": ("sagemaker", "CreateModel", None, "DeleteModel"),
    "aws:sagemaker/endpointConfiguration:EndpointConfiguration": ("sagemaker", "CreateEndpointConfig", None,
                                                                  "DeleteEndpointConfig"),
    "aws:sagemaker/endpoint:Endpoint": ("sagemaker", "CreateEndpoint", "UpdateEndpoint", "DeleteEndpoint"),
}  # fmt: skip
# Pulumi input names that differ from the API member beyond their case.
RENAMED = {"name": {"CreateModelPackageGroup": "ModelPackageGroupName", "CreatePipeline": "PipelineName",
                    "UpdatePipeline": "PipelineName", "CreateModel": "ModelName",
                    "CreateEndpointConfig": "EndpointConfigName", "CreateEndpoint": "EndpointName",
                    "UpdateEndpoint": "EndpointName"},
           "kmsKeyArn": {"CreateEndpointConfig": "KmsKeyId"}}  # fmt: skip


def apply(before: list[dict[str, Any]], after: list[dict[str, Any]], region: str, say: Callable[[str], None]) -> None:
    old = {r["urn"]: r for r in before if r["type"] in HANDLERS}
    new = {r["urn"]: r for r in after if r["type"] in HANDLERS}
    for urn, resource in new.items():
        if urn not in old:
            _call(resource, 1, region, say)
        elif old[urn]["inputs"] != resource["inputs"]:
            replaced = HANDLERS[resource["type"]][2] is None
            _call(old[urn] if replaced else resource, 3 if replaced else 2, region, say)
            if replaced:
                _call(resource, 1, region, say)
    for urn in reversed(list(old)):
        if urn not in new:
            _call(old[urn], 3, region, say)


def _call(resource: dict[str, Any], phase: int, region: str, say: Callable[[str], None]) -> None:
    service, *operations = HANDLERS[resource["type"]]
    operation = operations[phase - 1]
    assert operation is not None
    client = boto3.client(service, region_name=region, endpoint_url=os.environ["AWS_ENDPOINT_URL"])
    shape = client.meta.service_model.operation_model(operation).input_shape
    arguments = to_api(resource["inputs"], shape, operation)
    if phase == 3:
        arguments = {key: value for key, value in arguments.items() if key in shape.required_members}
    say(f"    {('', 'create', 'update', 'delete')[phase]} {resource['type'].split(':')[-1]} {resource['name']}")
    getattr(client, _snake(operation))(**arguments)


def to_api(inputs: dict[str, Any], shape: StructureShape, operation: str) -> dict[str, Any]:
    """Pulumi inputs (camelCase) as the operation's members (PascalCase), with tags as Key/Value pairs."""
    shape_members: dict[str, Any] = shape.members  # type: ignore[assignment]  # botocore's cached property
    members, mapped = {name.lower(): name for name in shape_members}, {}
    for key, value in inputs.items():
        member = RENAMED.get(key, {}).get(operation) or members.get(key.lower())
        if member is None or member not in shape_members:
            continue
        mapped[member] = _value(value, shape_members[member], operation)
    return mapped


def _value(value: Any, shape: Any, operation: str) -> Any:
    if shape.type_name == "structure" and isinstance(value, dict):
        return to_api(value, shape, operation)
    if shape.type_name == "list" and isinstance(value, dict):  # tags: a map in Pulumi, a list of pairs in the API
        return [{"Key": k, "Value": v} for k, v in value.items()]
    if shape.type_name == "list" and isinstance(value, list):
        return [_value(item, shape.member, operation) for item in value]
    if shape.type_name == "integer" and isinstance(value, float):
        return int(value)
    return value


def _snake(operation: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in operation).lstrip("_")
