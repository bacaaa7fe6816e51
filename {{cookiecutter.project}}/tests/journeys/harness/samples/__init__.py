"""AWS's documented sample events (README.md here), loaded as published, then given this project's names in code."""

import json
from pathlib import Path
from typing import Any

from {{ cookiecutter.package_name }}.environments import ENVIRONMENTS, MODEL_PACKAGE_GROUP, REGION, Environment

SAMPLES = Path(__file__).resolve().parent
PREPROD = ENVIRONMENTS["preprod"]


def sample(name: str) -> dict[str, Any]:
    """<name>.json as AWS published it; a key given twice keeps its first value (README.md)."""
    return json.loads((SAMPLES / f"{name}.json").read_text(), object_pairs_hook=_first_value)


def _first_value(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    kept: dict[str, Any] = {}
    for key, value in pairs:
        kept.setdefault(key, value)
    return kept


def model_package_event(
    status: str, group: str = MODEL_PACKAGE_GROUP, version: int = 3, env: Environment = PREPROD
) -> dict[str, Any]:
    """The documented model package state change, for package `version` of `group` in `env`, now in `status`."""
    event = _in_account(sample("sagemaker-model-package-state-change"), env)
    arn = f"arn:aws:sagemaker:{REGION}:{env.account_id}:model-package/{group}/{version}"
    event["resources"] = [arn]
    event["detail"].update(
        ModelPackageGroupName=group, ModelPackageVersion=version, ModelPackageArn=arn, ModelApprovalStatus=status
    )
    return event


def object_created_event(
    key: str, bucket: str = PREPROD.artifacts_bucket, env: Environment = PREPROD
) -> dict[str, Any]:
    """The documented S3 Object Created event, for `key` written to `bucket`."""
    event = _in_account(sample("s3-object-created"), env)
    event["resources"] = [f"arn:aws:s3:::{bucket}"]
    event["detail"]["bucket"]["name"] = bucket
    event["detail"]["object"]["key"] = key
    return event


def alarm_event(alarm_name: str, alarm_arn: str, state: str = "ALARM", env: Environment = PREPROD) -> dict[str, Any]:
    """The documented single-metric alarm state change, for the alarm going into `state` from the other of OK/ALARM."""
    event = _in_account(sample("cloudwatch-alarm-state-change"), env)
    event["resources"] = [alarm_arn]
    event["detail"]["alarmName"] = alarm_name
    event["detail"]["state"]["value"] = state
    event["detail"]["previousState"]["value"] = "OK" if state == "ALARM" else "ALARM"
    return event


def _in_account(event: dict[str, Any], env: Environment) -> dict[str, Any]:
    event["account"], event["region"] = env.account_id, REGION
    return event
