"""A mocked resource graph as a `terraform show -json` plan, the one IaC form checkov can judge that Pulumi maps to.

Only AWS resources are exported: Pulumi component resources and providers have no Terraform counterpart. Nested
objects become Terraform's repeated blocks (lists of objects) except map attributes such as `tags`; the inputs'
dependency edges become `configuration` references, which checkov's graph checks follow (bucket ↔ public access
block, bucket ↔ encryption configuration, ...).
"""

import json
import re
from pathlib import Path
from typing import Any

import pulumi

from policy.graph import Graph, Resource
from policy.naming import terraform_attribute, terraform_type

TERRAFORM_VERSION = "1.9.8"
# Attributes Terraform types as maps (keys are data, not attribute names): kept as objects, keys untouched.
MAP_ATTRIBUTES = frozenset({"tags", "tags_all", "environment", "dimensions", "variables"})
# Attributes Terraform holds as JSON strings; checkov parses them back.
JSON_ATTRIBUTES = frozenset({"policy", "assume_role_policy", "access_policies", "dashboard_body"})


def to_plan(graph: Graph) -> dict[str, Any]:
    """The plan document: `planned_values` with each resource's values, `configuration` with its references."""
    addresses = exported_addresses(graph)
    exported = [resource for resource in graph.resources if resource.urn in addresses]
    return {
        "format_version": "1.2",
        "terraform_version": TERRAFORM_VERSION,
        "planned_values": {"root_module": {"resources": [_planned(r, addresses) for r in exported]}},
        "configuration": {"root_module": {"resources": [_configured(r, addresses) for r in exported]}},
    }


def write_plan(graph: Graph, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(to_plan(graph), indent=2, sort_keys=True) + "\n")
    return path


def exported_addresses(graph: Graph) -> dict[str, str]:
    """URN → unique Terraform address (`type.name`) of every AWS resource in the graph."""
    addresses: dict[str, str] = {}
    for resource in graph.resources:
        tf_type = terraform_type(resource.type)
        if tf_type is None or not resource.custom:
            continue
        base = f"{tf_type}.{_terraform_name(resource.name)}"
        address, suffix = base, 2
        while address in addresses.values():
            address, suffix = f"{base}_{suffix}", suffix + 1
        addresses[resource.urn] = address
    return addresses


def _terraform_name(name: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9_]", "_", name)
    return cleaned if re.match(r"[A-Za-z_]", cleaned) else f"_{cleaned}"


def _planned(resource: Resource, addresses: dict[str, str]) -> dict[str, Any]:
    address = addresses[resource.urn]
    tf_type, name = address.split(".", 1)
    return {
        "address": address,
        "mode": "managed",
        "type": tf_type,
        "name": name,
        "provider_name": "registry.terraform.io/hashicorp/aws",
        "schema_version": 0,
        "values": _object(resource.inputs, tf_type, top_level=True),
    }


def _configured(resource: Resource, addresses: dict[str, str]) -> dict[str, Any]:
    address = addresses[resource.urn]
    tf_type, name = address.split(".", 1)
    expressions = {}
    for prop, urns in resource.property_dependencies.items():
        targets = [addresses[urn] for urn in urns if urn in addresses]
        if targets:
            references = [ref for target in targets for ref in (f"{target}.id", target)]
            expressions[terraform_attribute(tf_type, prop)] = {"references": references}
    depends_on = [addresses[urn] for urn in resource.dependencies if urn in addresses]
    return {
        "address": address,
        "mode": "managed",
        "type": tf_type,
        "name": name,
        "provider_config_key": "aws",
        "expressions": expressions,
        "depends_on": depends_on,
    }


def _object(properties: Any, tf_type: str, top_level: bool = False) -> dict[str, Any]:
    converted = {}
    for prop, value in properties.items():
        attribute = terraform_attribute(tf_type, prop)
        if attribute in MAP_ATTRIBUTES and isinstance(value, dict):
            converted[attribute] = {key: _scalar(item) for key, item in value.items()}
        elif top_level and attribute in JSON_ATTRIBUTES and isinstance(value, dict | list):
            converted[attribute] = json.dumps(value)
        else:
            converted[attribute] = _value(value, tf_type)
    return converted


def _value(value: Any, tf_type: str) -> Any:
    if isinstance(value, dict):
        return [_object(value, tf_type)]
    if isinstance(value, list):
        return [_object(item, tf_type) if isinstance(item, dict) else _value(item, tf_type) for item in value]
    return _scalar(value)


def _scalar(value: Any) -> Any:
    """Pulumi's wire format carries every number as a float; Terraform plans show whole numbers as integers. Assets
    and archives become what Terraform would hold: the file path (`source`), the text (`content`) or the URI."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, pulumi.Asset | pulumi.Archive):
        return next((getattr(value, a) for a in ("path", "text", "uri") if hasattr(value, a)), str(value))
    return value
