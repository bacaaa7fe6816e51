"""The AWS calls a replayed job's programs made (recorded by `recorder/sitecustomize.py`), each decided by the IAM
evaluator (`policy.authorization`) as the role whose session signed it, against that role's policies and the
resource's own policy as the emulated AWS holds them.

A call is mapped to its IAM action and resource by `RESOURCES`: the resource type the Service Authorization
Reference lists for the action (a kit test checks each row against it), named from the call's own parameters. A
recorded operation the table does not know is reported, not skipped.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policy.authorization import denied, role_node
from policy.calls import Request

from . import cross_account
from .moto_admin import admin_client

# (service, operation) → the resource, from the call's parameters; a parameter holding an ARN is used as it is.
RESOURCES = {
    ("sagemaker", "DescribeEndpoint"): "endpoint/{EndpointName}",
    ("sagemaker", "DescribeEndpointConfig"): "endpoint-config/{EndpointConfigName}",
    ("sagemaker", "DescribeModel"): "model/{ModelName}",
    ("sagemaker", "DescribeModelPackage"): "{ModelPackageName}",
    ("sagemaker", "ListModelPackages"): "model-package/{ModelPackageGroupName}/*",
    ("sagemaker", "StartPipelineExecution"): "pipeline/{PipelineName}",
    ("sagemaker", "DescribePipelineExecution"): "{PipelineExecutionArn}",
    ("sagemaker", "ListPipelineExecutionSteps"): "{PipelineExecutionArn}",
    ("sagemaker", "DescribeProcessingJob"): "processing-job/{ProcessingJobName}",
    ("sagemaker-runtime", "InvokeEndpoint"): "endpoint/{EndpointName}",
}
IAM_PREFIX = {"sagemaker-runtime": "sagemaker"}  # the runtime's calls are authorised as sagemaker:
NO_POLICY = {"Version": "2012-10-17", "Statement": []}


@dataclass
class CallLog:
    path: Path
    sessions: dict[str, str] = field(default_factory=dict)  # access key → the role a job assumed

    def calls(self) -> list[dict[str, Any]]:
        """Every recorded call made with a job's credentials (the harness's own clients are not a job's calls)."""
        if not self.path.exists():
            return []
        lines = [json.loads(line) for line in self.path.read_text().splitlines()]
        return [line | {"role": self.sessions[line["access_key"]]} for line in lines
                if line["access_key"] in self.sessions]  # fmt: skip

    def denials(self) -> list[str]:
        """Each distinct call IAM would deny its role, described; and each call the table cannot map."""
        found, seen, policies = [], set(), {}  # each role's policies read from the emulated IAM once
        for call in self.calls():
            key = json.dumps({k: call[k] for k in ("role", "service", "operation", "params")}, sort_keys=True)
            if key not in seen:
                seen.add(key)
                role = call["role"]
                if role not in policies:
                    policies[role] = _inline_policies(role, call["region"])
                found += decide(call, policies[role])
        return found


def request(call: dict[str, Any]) -> Request:
    service, operation, account = call["service"], call["operation"], call["role"].split(":")[4]
    template = RESOURCES.get((service, operation))
    if template is None:
        raise KeyError(f"{service} {operation}: no resource for it in harness.recorded.RESOURCES")
    # A name given as an ARN (a package group's, across accounts) names its resource's account and region too.
    given = [value for value in call["params"].values() if value.startswith("arn:")]
    region, account = given[0].split(":")[3:5] if given else (call["region"], account)
    named = template.format(**{k: v.rsplit("/", 1)[-1] if v.startswith("arn:") and "{" + k + "}" != template else v
                               for k, v in call["params"].items()})  # fmt: skip
    prefix = IAM_PREFIX.get(service, service)
    arn = named if named.startswith("arn:") else f"arn:aws:{prefix}:{region}:{account}:{named.lower()}"
    return Request(call["role"], "recorded", "call", operation, f"{prefix}:{operation}", arn,
                   {"aws:SecureTransport": "true"})  # fmt: skip


def decide(call: dict[str, Any], policies: dict[str, Any] | None = None) -> list[str]:
    """[] when IAM allows the call to its role (with `policies`, else the role's inline policies as deployed)."""
    try:
        asked = request(call)
    except KeyError as unknown:
        return [str(unknown.args[0])]
    role, account = call["role"], call["role"].split(":")[4]
    node = role_node(role, policies if policies is not None else _inline_policies(role, call["region"]))
    owner = asked.arn.split(":")[4]
    # Across accounts the resource's own policy must admit the caller too: none at all admits no one.
    resource_policy = (_package_group_policy(asked.arn) or NO_POLICY) if owner != account else None
    lines = denied(node, [asked], {asked.arn: resource_policy} if resource_policy else {}, owner)
    return [f"{role.split('/')[-1]}: {line}" for line in lines]


def _inline_policies(role_arn: str, region: str) -> dict[str, Any]:
    iam, name = admin_client(role_arn.split(":")[4], "iam", region), role_arn.split("/")[-1]
    names = iam.list_role_policies(RoleName=name)["PolicyNames"]
    return {n: iam.get_role_policy(RoleName=name, PolicyName=n)["PolicyDocument"] for n in names}


def _package_group_policy(arn: str) -> dict[str, Any] | None:
    """A package read across accounts is decided by its group's resource policy too (harness.cross_account)."""
    group = arn.split(":", 5)[5].split("/")[1]
    document = cross_account.POLICIES.get((arn.split(":")[4], group))
    return json.loads(document) if document else None
