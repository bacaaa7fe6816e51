"""IAM decisions on rendered policies, by principalmapper's local policy simulation.

principalmapper (nccgroup/PMapper, `querying/query_interface.py`, `local_check_authorization_full`) evaluates a
request as IAM does: explicit denies first, then the resource policy (which must itself allow for KMS keys and IAM
roles, even in the same account, and must allow any caller from another account), the permissions boundary, session
policies and the principal's own policies, with condition operators and `${aws:...}` variables. What it cannot know:
SCPs not given to it, and anything AWS decides at run time (which context keys a call really sends: the caller
supplies them, here from the provider-call table).
"""

import collections
import collections.abc
import json
from collections.abc import Iterable, Mapping
from typing import Any

from policy.calls import Request
from policy.graph import Graph

# principalmapper 1.1.5, the last release, imports Mapping from `collections`, which Python 3.10 removed
# (nccgroup/PMapper#140, open): give it the names from `collections.abc`, where they have lived since 3.3.
for _name in ("Mapping", "MutableMapping"):
    setattr(collections, _name, getattr(collections.abc, _name))

from principalmapper.common import Node, Policy  # noqa: E402
from principalmapper.querying.query_interface import local_check_authorization_full  # noqa: E402

__all__ = ["Node", "Policy", "allowed", "denied", "principal", "role_node", "stack_resource_policies"]


def role_node(arn: str, policies: Mapping[str, dict[str, Any]], trust: dict[str, Any] | None = None,
              boundary: dict[str, Any] | None = None) -> Node:  # fmt: skip
    """A role with its inline policies (name → document) and, for workload roles, a boundary document."""
    inline = [Policy(arn, name, document) for name, document in policies.items()]
    bounded = Policy(f"{arn}-boundary", "boundary", boundary) if boundary else None
    return Node(arn, f"AROA{arn.rsplit('/', 1)[-1].upper()}", inline, [], trust or {}, None, 0,
                False, False, bounded, False, {})  # fmt: skip


def principal(graph: Graph, account: str, role_name: str, boundary: dict[str, Any] | None = None) -> Node:
    """The role `role_name` the graph declares, with its inline policies."""
    [role] = [r for r in graph.of_type("aws:iam/role:Role") if r.inputs["name"] == role_name]
    policies = {
        p.inputs.get("name", p.name): json.loads(p.inputs["policy"])
        for p in graph.of_type("aws:iam/rolePolicy:RolePolicy")
        if p.inputs["role"] in (role_name, role.name)
    }
    arn = f"arn:aws:iam::{account}:role/{role_name}"
    return role_node(arn, policies, json.loads(role.inputs["assumeRolePolicy"]), boundary)


def allowed(node: Node, action: str, resource: str, context: Mapping[str, str] | None = None,
            resource_policy: dict[str, Any] | None = None, owner: str | None = None) -> bool:  # fmt: skip
    """Whether IAM would let `node` call `action` on `resource` with the request's condition `context`."""
    return local_check_authorization_full(node, action, resource, dict(context or {}), resource_policy, owner)


def denied(node: Node, requests: Iterable[Request], policies: Mapping[str, dict[str, Any]] | None = None,
           owner: str | None = None) -> list[str]:  # fmt: skip
    """Each request IAM would deny `node`, described; `policies` maps resource ARNs to their resource policies."""
    policies = policies or {}
    return [
        request.describe()
        for request in requests
        if not allowed(node, request.action, request.arn, request.context, *_resource_policy(request, policies, owner))
    ]


def _resource_policy(request: Request, policies: Mapping[str, dict[str, Any]], owner: str | None) -> tuple:
    bucket = request.arn.split("/", 1)[0] if request.arn.startswith("arn:aws:s3:::") else request.arn
    document = policies.get(request.arn) or policies.get(bucket)
    return (document, request.owner or owner or request.arn.split(":")[4] or None) if document else (None, None)


def stack_resource_policies(graph: Graph, account: str, region: str) -> dict[str, dict[str, Any]]:
    """The key policies and bucket policies a stack declares, by the ARN of the key or bucket they guard."""
    keys = {
        f"arn:aws:kms:{region}:{account}:key/{key.name}": json.loads(key.inputs["policy"])
        for key in graph.of_type("aws:kms/key:Key")
        if key.inputs.get("policy")
    }
    buckets = {
        f"arn:aws:s3:::{policy.inputs['bucket']}": json.loads(policy.inputs["policy"])
        for policy in graph.of_type("aws:s3/bucketPolicy:BucketPolicy")
    }
    return keys | buckets
