"""The recorder of the jobs' AWS calls and their decision as the role that made them: each shown catching what it
exists to catch (a role without a right a job uses, a cross-account read its group's policy does not admit, an
operation nobody mapped)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from {{ cookiecutter.package_name }}.environments import ENVIRONMENTS, REGION

from .harness import cross_account, seed
from .harness.recorded import CallLog, decide
from .harness.world import RECORDER_DIR

PREPROD, PROD = ENVIRONMENTS["preprod"], ENVIRONMENTS["prod"]
INVOKE = {"service": "sagemaker-runtime", "operation": "InvokeEndpoint", "region": REGION,
          "role": PREPROD.deploy_role_arn, "params": {"EndpointName": PREPROD.endpoint_name}}  # fmt: skip
INVOKE_ARN = f"arn:aws:sagemaker:{REGION}:{PREPROD.account_id}:endpoint/{PREPROD.endpoint_name}"


def _deploy_policy(env: str) -> dict:
    return {"deploy": seed._granted(env, "deploy")}


def test_a_jobs_boto3_call_is_recorded_with_the_key_that_signed_it(tmp_path: Path):
    log = CallLog(tmp_path / "calls.jsonl", {"AKIAJOB": PREPROD.deploy_role_arn})
    script = ("import boto3\nc = boto3.client('sagemaker', region_name='eu-west-1', endpoint_url='http://127.0.0.1:9',"
              " aws_access_key_id='AKIAJOB', aws_secret_access_key='s')\n"
              "try: c.describe_endpoint(EndpointName='e')\nexcept Exception: pass\n")  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(RECORDER_DIR), "JOURNEYS_CALL_LOG": str(log.path),
           "AWS_MAX_ATTEMPTS": "1"}  # fmt: skip
    subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=60)
    assert [(c["operation"], c["params"], c["role"]) for c in log.calls()] == [
        ("DescribeEndpoint", {"EndpointName": "e"}, PREPROD.deploy_role_arn)
    ]


def test_a_call_the_role_may_make_passes_and_one_it_may_not_is_named():
    assert decide(INVOKE, _deploy_policy("preprod")) == []
    stripped = json.loads(json.dumps(_deploy_policy("preprod")).replace('"sagemaker:InvokeEndpoint",', ""))
    [line] = decide(INVOKE, stripped)
    assert line.endswith(f"InvokeEndpoint needs sagemaker:InvokeEndpoint on {INVOKE_ARN}")


def test_a_read_across_accounts_needs_the_package_groups_policy(monkeypatch):
    if PROD.account_id == PREPROD.account_id:
        pytest.skip("single-account mode: prod reads the registry of its own account")
    package = PREPROD.model_package_arn(3)
    read = {"service": "sagemaker", "operation": "DescribeModelPackage", "region": REGION,
            "role": PROD.deploy_role_arn, "params": {"ModelPackageName": package}}  # fmt: skip
    admitted = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sagemaker:DescribeModelPackage",
                "Principal": {"AWS": f"arn:aws:iam::{PROD.account_id}:root"}, "Resource": package}]}  # fmt: skip
    group = (PREPROD.account_id, package.split("/")[1])
    monkeypatch.setattr(cross_account, "POLICIES", {group: json.dumps(admitted)})
    assert decide(read, _deploy_policy("prod")) == []
    monkeypatch.setattr(cross_account, "POLICIES", {})
    [line] = decide(read, _deploy_policy("prod"))
    assert line.endswith(f"DescribeModelPackage needs sagemaker:DescribeModelPackage on {package}")


def test_an_operation_nobody_mapped_is_reported_not_skipped():
    unknown = INVOKE | {"service": "sagemaker", "operation": "DeleteEndpoint"}
    assert decide(unknown, _deploy_policy("preprod")) == [
        "sagemaker DeleteEndpoint: no resource for it in harness.recorded.RESOURCES"
    ]


def test_the_harness_own_calls_are_not_a_jobs(tmp_path: Path):
    log = CallLog(tmp_path / "calls.jsonl", {"AKIAJOB": PREPROD.deploy_role_arn})
    log.path.write_text(json.dumps(INVOKE | {"access_key": "AKIAHARNESS"}) + "\n")
    assert log.calls() == [] and log.denials() == []


def test_a_world_fails_on_a_call_its_role_may_no_longer_make(emulated_aws, tmp_path: Path):
    """The teardown's check, as the world runs it: the role's policies read back from the emulated IAM."""
    log = CallLog(tmp_path / "calls.jsonl", {"AKIAJOB": PREPROD.deploy_role_arn})
    log.path.write_text(json.dumps(INVOKE | {"access_key": "AKIAJOB"}) + "\n")
    assert log.denials() == []
    iam, role = emulated_aws.admin(PREPROD.account_id, "iam"), PREPROD.deploy_role_arn.split("/")[-1]
    try:
        for name in iam.list_role_policies(RoleName=role)["PolicyNames"]:
            document = iam.get_role_policy(RoleName=role, PolicyName=name)["PolicyDocument"]
            stripped = json.dumps(document).replace('"sagemaker:InvokeEndpoint", ', "")
            iam.put_role_policy(RoleName=role, PolicyName=name, PolicyDocument=stripped)
        [line] = log.denials()
        assert line.endswith(f"InvokeEndpoint needs sagemaker:InvokeEndpoint on {INVOKE_ARN}")
    finally:
        emulated_aws.reset()
