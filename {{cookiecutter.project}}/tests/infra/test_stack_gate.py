"""The policy gate on the real stacks: their exports pass, and each planted violation fails with its check named."""

import dataclasses
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
import stacks
from policy.graph import Graph, Resource
from policy.plan import write_plan
from policy.scanner import DEFAULT_COMMAND, PlanReport, run_checkov
from policy.waivers import read_waivers
from stack_runs import platform, serving

from {{ cookiecutter.package_name }}.environments import ENVIRONMENTS

PREPROD = ENVIRONMENTS["preprod"]
Change = Callable[[dict[str, Any]], dict[str, Any] | None]  # new inputs, or None to drop the resource


def _planted(graph: Graph, token: str, change: Change, **matching: str) -> Graph:
    """`graph` with the matching resource of type `token` changed as a careless edit of the program would."""
    kept: list[Resource] = []
    for resource in graph.resources:
        if resource.type == token and all(resource.inputs.get(k) == v for k, v in matching.items()):
            inputs = change(dict(resource.inputs))
            if inputs is None:
                continue
            resource = dataclasses.replace(resource, inputs=inputs)
        kept.append(resource)
    return dataclasses.replace(graph, resources=tuple(kept))


def _wildcard(inputs: dict[str, Any]) -> dict[str, Any]:
    policy = json.loads(inputs["policy"])
    policy["Statement"].append({"Sid": "Everything", "Effect": "Allow", "Action": "*", "Resource": "*"})
    return {**inputs, "policy": json.dumps(policy)}


def _unblocked(inputs: Mapping[str, Any]) -> dict[str, Any]:
    flags = ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")
    return {**inputs, **dict.fromkeys(flags, False)}


# violation → (the plan with it planted, the checks that must fail on it)
PLANTED: dict[str, tuple[Callable[[], Graph], set[str]]] = {
    "unencrypted-bucket": (
        lambda: _planted(
            platform("preprod"),
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            lambda _: None,
            bucket=PREPROD.artifacts_bucket,
        ),
        {"CKV_AWS_145", "CKV2_KIT_1"},
    ),
    "public-bucket": (
        lambda: _planted(
            platform("preprod"),
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
            _unblocked,
            bucket=PREPROD.artifacts_bucket,
        ),
        {"CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56", "CKV2_AWS_6"},
    ),
    "wildcard-iam": (
        lambda: _planted(
            platform("prod"), "aws:iam/rolePolicy:RolePolicy", _wildcard, role=ENVIRONMENTS["prod"].execution_role_name
        ),
        {"CKV_AWS_62", "CKV_AWS_63", "CKV_AWS_355"},
    ),
    "endpoint-config-without-kms": (
        lambda: _planted(
            serving("prod"),
            "aws:sagemaker/endpointConfiguration:EndpointConfiguration",
            lambda inputs: {k: v for k, v in inputs.items() if k != "kmsKeyArn"},
        ),
        {"CKV_AWS_98"},
    ),
}


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, PlanReport]:
    """One checkov run (its start-up costs seconds) over the four clean exports and the four planted plans."""
    out = tmp_path_factory.mktemp("plans")
    plans = {
        f"clean-{project}-{stack}": run(stack)
        for project, run in (("platform", platform), ("serving", serving))
        for stack in stacks.STACKS
    }
    plans.update({name: plant() for name, (plant, _) in PLANTED.items()})
    paths = {name: write_plan(graph, out / f"{name}.json") for name, graph in plans.items()}
    by_path, _ = run_checkov(DEFAULT_COMMAND, stacks.INFRA / "checkov.yaml", list(paths.values()))
    return {name: by_path[Path(path)] for name, path in paths.items()}


CLEAN = [f"clean-{project}-{stack}" for project in stacks.PROJECTS for stack in stacks.STACKS]
WAIVERS = read_waivers(stacks.INFRA / "policy-waivers.txt")


@pytest.mark.parametrize("name", CLEAN)
def test_the_stacks_pass_every_check(reports: dict[str, PlanReport], name: str):
    failed = reports[name].unwaived(WAIVERS)
    assert reports[name].passed and not failed, [f.check_id for f in failed]


def test_every_waiver_excuses_a_real_failure(reports: dict[str, PlanReport]):
    waived = {(f.check_id, f.resource) for name in CLEAN for f in reports[name].failed}
    assert set(WAIVERS) <= waived, f"waivers that excuse nothing: {set(WAIVERS) - waived}"


@pytest.mark.parametrize("violation", PLANTED)
def test_a_planted_violation_fails_the_gate(reports: dict[str, PlanReport], violation: str):
    failed = {finding.check_id for finding in reports[violation].unwaived(WAIVERS)}
    assert PLANTED[violation][1] <= failed, f"{violation}: failed checks {sorted(failed)}"
