"""IAM decisions on the bootstrap's rendered roles, by principalmapper's local policy simulation.

principalmapper (nccgroup/PMapper, `querying/query_interface.py`, `local_check_authorization_full`) evaluates a
request as IAM does: explicit denies first, then resource policies, the permissions boundary, session policies and
the principal's own policies, with condition operators and `${aws:...}` variables. What it cannot know: SCPs not
given to it, and anything AWS decides at run time (for example which context keys a call really sends: the caller
supplies them, so the tests pass each one they rely on).
"""

import collections
import collections.abc
import json
from typing import Any

from policy.graph import Graph

# principalmapper 1.1.5, the last release, imports Mapping from `collections`, which Python 3.10 removed
# (nccgroup/PMapper#140, open): give it the names from `collections.abc`, where they have lived since 3.3.
for _name in ("Mapping", "MutableMapping"):
    setattr(collections, _name, getattr(collections.abc, _name))

from principalmapper.common import Node, Policy  # noqa: E402
from principalmapper.querying.query_interface import local_check_authorization_full  # noqa: E402


def managed_policies(graph: Graph, account: str) -> dict[str, dict[str, Any]]:
    """ARN → document of every managed policy the graph creates."""
    return {
        f"arn:aws:iam::{account}:policy/{policy.inputs['name']}": json.loads(policy.inputs["policy"])
        for policy in graph.of_type("aws:iam/policy:Policy")
    }


def principal(graph: Graph, account: str, role_name: str, boundary: dict[str, Any] | None = None) -> Node:
    """The role `role_name` of the graph with its inline policies (and a boundary document, for workload roles)."""
    [role] = [r for r in graph.of_type("aws:iam/role:Role") if r.inputs["name"] == role_name]
    inline = [
        Policy(f"arn:aws:iam::{account}:role/{role_name}", p.inputs.get("name", p.name), json.loads(p.inputs["policy"]))
        for p in graph.of_type("aws:iam/rolePolicy:RolePolicy")
        if p.inputs["role"] in (role_name, role.name)
    ]
    arn = f"arn:aws:iam::{account}:role/{role_name}"
    bounded = Policy(f"arn:aws:iam::{account}:policy/boundary", "boundary", boundary) if boundary else None
    return Node(arn, f"AROA{role_name.upper()}", inline, [], json.loads(role.inputs["assumeRolePolicy"]), None, 0,
                False, False, bounded, False, {})  # fmt: skip


def allowed(node: Node, action: str, resource: str, context: dict[str, str] | None = None) -> bool:
    """Whether IAM would let `node` call `action` on `resource` with the request's condition `context`."""
    return local_check_authorization_full(node, action, resource, context or {})
