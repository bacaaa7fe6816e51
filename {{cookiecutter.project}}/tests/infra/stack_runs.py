"""The stack tests' runs of the four stacks: the inputs only a deploy has, both account layouts, and queries."""

import atexit
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import stacks
from components.serving_settings import example_package_arn
from policy.graph import Graph, Resource

from {{ cookiecutter.package_name }} import environments

# What `make definition` writes, in miniature: the stacks only read and pass it on.
DEFINITION = {"Version": "2020-12-01", "Metadata": {}, "Parameters": [], "Steps": [{"Name": "Preprocess"}]}
GITHUB_TOKEN = {"githubToken": "github_pat_offline"}
BUILD_DIR = Path(tempfile.mkdtemp(prefix="stack-tests-"))
atexit.register(shutil.rmtree, BUILD_DIR, True)


def write_definition(build_dir: Path = BUILD_DIR) -> Path:
    build_dir.mkdir(parents=True, exist_ok=True)
    path = build_dir / "pipeline-preprod.json"
    path.write_text(json.dumps(DEFINITION))
    return path


@contextmanager
def pipeline_build_dir(build_dir: Path) -> Iterator[None]:
    """Point the platform stack at `build_dir` for its pipeline definition, as PIPELINE_BUILD_DIR does in CI."""
    before = os.environ.get("PIPELINE_BUILD_DIR")
    os.environ["PIPELINE_BUILD_DIR"] = str(build_dir)
    try:
        yield
    finally:
        if before is None:
            del os.environ["PIPELINE_BUILD_DIR"]
        else:
            os.environ["PIPELINE_BUILD_DIR"] = before


def prod_in_layout(single_account: bool | None) -> environments.Environment:
    """Prod as generated (None), in preprod's account (True), or in an account of its own (False)."""
    preprod, prod = environments.ENVIRONMENTS["preprod"], environments.ENVIRONMENTS["prod"]
    if single_account is None or (prod.account_id != preprod.account_id) != single_account:
        return prod
    other = preprod.account_id if single_account else str((int(preprod.account_id) + 1) % 10**12).zfill(12)
    return environments.Environment("prod", other, prod.instance_type)


@contextmanager
def account_layout(single_account: bool | None) -> Iterator[None]:
    """Run with `prod_in_layout(single_account)` as the prod environment, whatever the answers were."""
    generated = environments.ENVIRONMENTS["prod"]
    environments.ENVIRONMENTS["prod"] = prod_in_layout(single_account)
    try:
        yield
    finally:
        environments.ENVIRONMENTS["prod"] = generated


@cache
def platform(stack: str, single_account: bool | None = None) -> Graph:
    """The platform stack as `pulumi up` would declare it, given a pipeline definition and the GitHub token."""
    write_definition()
    with account_layout(single_account), pipeline_build_dir(BUILD_DIR):
        return stacks.run_stack("platform", stack, secrets=GITHUB_TOKEN if stack == "preprod" else None)


@cache
def serving(stack: str, package_version: int = 3, previous_version: int | None = 2,
            single_account: bool | None = None) -> Graph:  # fmt: skip
    """The serving stack of `stack` serving package `package_version`, with `previous_version` to roll back to."""
    overrides = {"modelPackageArn": example_package_arn(package_version)}
    if previous_version is not None:
        overrides["previousModelPackageArn"] = example_package_arn(previous_version)
    with account_layout(single_account):
        return stacks.run_stack("serving", stack, overrides)


def aws_resources(graph: Graph) -> list[Resource]:
    return [r for r in graph.resources if r.custom and r.type.startswith("aws:")]


def one(graph: Graph, token: str, **matching: Any) -> Resource:
    """The one resource of type `token` whose inputs have the `matching` values."""
    found = [r for r in graph.of_type(token) if all(r.inputs.get(k) == v for k, v in matching.items())]
    assert len(found) == 1, f"expected one {token} with {matching}, found {len(found)}"
    return found[0]


def policy_of(resource: Resource, attribute: str = "policy") -> dict[str, Any]:
    return json.loads(resource.inputs[attribute])


def statements(resource: Resource, attribute: str = "policy") -> dict[str, dict[str, Any]]:
    """Sid → statement of the resource's policy document."""
    return {s["Sid"]: s for s in policy_of(resource, attribute)["Statement"]}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]
