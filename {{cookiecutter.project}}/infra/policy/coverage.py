"""No silent gaps: every exported resource type is judged by some checkov check or listed as uncovered, with why.

A type counts as covered when checkov's registry (`checkov --list`) has a Terraform check for it, including graph
checks that judge it through a connected resource (CKV_AWS_21 reads a bucket's `aws_s3_bucket_versioning`).
The uncovered file holds one `<terraform type> <reason>` per line; `#` starts a comment.
"""

import json
from dataclasses import dataclass
from pathlib import Path


class UncoveredFileError(ValueError):
    """A line of the uncovered file is not `<type> <reason>`."""


@dataclass(frozen=True)
class Coverage:
    checked: set[str]
    listed: set[str]
    missing: set[str]
    stale: set[str]


def read_uncovered(path: Path) -> dict[str, str]:
    """Type → reason; a line without a reason is refused, so every listed gap is explained."""
    uncovered = {}
    for number, raw in enumerate(path.read_text().splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        resource_type, _, reason = line.partition(" ")
        if not resource_type.startswith("aws_") or not reason.strip():
            raise UncoveredFileError(
                f"{path}:{number}: {line!r} must be '<terraform type> <reason>' (for example "
                "'aws_sns_topic_subscription no checkov check exists for subscriptions')."
            )
        uncovered[resource_type] = reason.strip()
    return uncovered


def plan_types(plan: Path) -> set[str]:
    """The Terraform types of the resources exported into a plan file."""
    document = json.loads(plan.read_text())
    resources = document.get("planned_values", {}).get("root_module", {}).get("resources", [])
    return {resource["type"] for resource in resources}


def coverage(exported: set[str], registry: dict[str, set[str]], uncovered: dict[str, str]) -> Coverage:
    """`missing`: exported, no check and not listed (fails the gate); `stale`: listed although checks exist."""
    checkable = exported & set(registry)
    return Coverage(
        checked=checkable,
        listed=(exported - checkable) & set(uncovered),
        missing=exported - checkable - set(uncovered),
        stale=set(uncovered) & set(registry),
    )
