"""Fixtures for the ops tests: moto in the preprod account, a registry with packages, and a fake Pulumi CLI."""

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from moto import mock_aws

from {{ cookiecutter.package_name }}.environments import ENVIRONMENTS, MODEL_PACKAGE_GROUP
from {{ cookiecutter.package_name }}.ops.aws import client
from {{ cookiecutter.package_name }}.ops.registry import PENDING

FAKE_PULUMI = """
import json, os, sys
state_path = os.environ["FAKE_PULUMI_STATE"]
state = json.load(open(state_path))
args = [arg for arg in sys.argv[1:] if arg != "--non-interactive"]
args = args[: args.index("--cwd")] if "--cwd" in args else args
state["calls"].append(args)
if args[:2] == ["config", "set"]:
    options = args[args.index("--stack") :] if "--stack" in args else []
    words = [arg for arg in args[2 : len(args) - len(options)] if arg != "--secret"]
    # As Pulumi does: without a value on the command line, the value is read from stdin.
    state["config"][words[0]] = words[1] if len(words) > 1 else sys.stdin.read()
    if "--secret" in args:
        state["secrets"].append(words[0])
elif args[:1] == ["up"]:
    if state.get("fail_up"):
        print("error: update failed", file=sys.stderr)
        sys.exit(255)
    for key in ("modelPackageArn", "previousModelPackageArn"):
        state["outputs"][key] = state["config"].get(key)
elif args[:3] == ["stack", "ls", "--json"]:
    print(json.dumps([] if state.get("no_stack") else [{"name": "preprod"}, {"name": "organization/p/prod"}]))
elif args[:3] == ["stack", "output", "--json"]:
    print(json.dumps(state["outputs"]))
json.dump(state, open(state_path, "w"))
"""


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """moto, answering as the preprod account that holds the registry."""
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.setenv(name, "testing")
    monkeypatch.setenv("MOTO_ACCOUNT_ID", ENVIRONMENTS["preprod"].account_id)
    with mock_aws():
        yield


@pytest.fixture
def sagemaker(aws: None) -> Any:
    return client("sagemaker")


def register_packages(sagemaker: Any, statuses: list[str]) -> list[str]:
    """A package group with one package per status, versions 1..n; the ARNs in version order."""
    sagemaker.create_model_package_group(ModelPackageGroupName=MODEL_PACKAGE_GROUP)
    arns = []
    for status in statuses:
        created = sagemaker.create_model_package(
            ModelPackageGroupName=MODEL_PACKAGE_GROUP,
            ModelApprovalStatus=PENDING,
            InferenceSpecification={
                "Containers": [{"Image": "serving-image", "ModelDataUrl": "s3://artifacts/model.tar.gz"}],
                "SupportedContentTypes": ["text/csv"],
                "SupportedResponseMIMETypes": ["text/csv"],
            },
            MetadataProperties={"GeneratedBy": f"execution-{len(arns) + 1}", "CommitId": "abc123"},
        )
        arns.append(created["ModelPackageArn"])
        if status != PENDING:
            sagemaker.update_model_package(ModelPackageArn=arns[-1], ModelApprovalStatus=status)
    return arns


class FakePulumi:
    """A stand-in for the Pulumi CLI (none can be installed here) that records each call and keeps stack config:
    `config` holds each key's value (read from stdin when the command line gives none), `secrets` the keys set with
    `--secret`."""

    def __init__(self, directory: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.state_path = directory / "pulumi-state.json"
        script = directory / "pulumi"
        script.write_text(f"#!{sys.executable}\n{FAKE_PULUMI}")
        script.chmod(0o755)
        monkeypatch.setenv("PULUMI", str(script))
        monkeypatch.setenv("FAKE_PULUMI_STATE", str(self.state_path))
        self.save({"calls": [], "config": {}, "secrets": [], "outputs": {}})

    def state(self) -> dict[str, Any]:
        return json.loads(self.state_path.read_text())

    def save(self, state: dict[str, Any]) -> None:
        self.state_path.write_text(json.dumps(state))

    def update(self, **changes: Any) -> None:
        self.save({**self.state(), **changes})


@pytest.fixture
def pulumi(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakePulumi:
    return FakePulumi(tmp_path, monkeypatch)
