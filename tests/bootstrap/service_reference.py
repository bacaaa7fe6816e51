"""The AWS Service Authorization Reference as parliament ships it (`parliament/iam_definition.json`): per action,
the resource types it can be scoped to, their ARN formats, and their condition keys."""

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import parliament

# Actions AWS defined or rescoped after parliament 1.6.4's copy of the reference was taken, with the source.
NEWER_THAN_PARLIAMENT = {
    # S3 attribute-based access control for general purpose buckets (AWS What's New, 2025): CreateBucket with tags
    # is authorised as s3:TagResource on the bucket; parliament still lists TagResource for access grants only.
    "s3:TagResource": ["arn:${Partition}:s3:::${BucketName}"],
}


@cache
def _reference() -> dict[str, dict[str, Any]]:
    services = json.loads((Path(parliament.__file__).parent / "iam_definition.json").read_text())
    return {service["prefix"]: service for service in services}


def privilege(action: str) -> dict[str, Any] | None:
    prefix, name = action.split(":")
    service = _reference().get(prefix, {})
    return next((p for p in service.get("privileges", []) if p["privilege"].lower() == name.lower()), None)


def arn_formats(action: str) -> list[str]:
    """The ARN formats `action` can be scoped to; empty when AWS defines none (the action takes "*" only)."""
    if action in NEWER_THAN_PARLIAMENT:
        return NEWER_THAN_PARLIAMENT[action]
    service = _reference()[action.split(":")[0]]
    formats = {r["resource"]: r["arn"] for r in service["resources"]}
    entry = privilege(action) or {"resource_types": []}
    types = [r["resource_type"].rstrip("*") for r in entry["resource_types"] if r["resource_type"]]
    return [formats[t] for t in types if t in formats]


def matches(arn: str, arn_format: str) -> bool:
    """Whether a concrete (or wildcarded) ARN has the shape of one of AWS's ARN formats."""
    pattern = re.escape(arn_format)
    pattern = re.sub(r"\\\$\\\{Partition\\\}", "aws", pattern)
    pattern = re.sub(r"\\\$\\\{[A-Za-z]+\\\}", ".+", pattern)
    return re.fullmatch(pattern, arn) is not None
