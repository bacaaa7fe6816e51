"""The four stacks (platform and serving, in preprod and prod) run offline, as the stack tests and `make policy` do.

    python infra/stacks.py build/policy      # export each stack's mocked graph as a terraform-plan JSON

A stack's config is what `pulumi up` would read: Pulumi.yaml's defaults, overlaid by Pulumi.<stack>.yaml. What only
CI or a person supplies (the GitHub token secret, an approved package) is set by the caller.
"""

import runpy
import sys
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path

import pulumi
import yaml
from components.serving_settings import example_package_arn
from policy.graph import Graph
from policy.mocks import run_program
from policy.plan import write_plan

from {{ cookiecutter.package_name }}.environments import environment

INFRA = Path(__file__).resolve().parent
PROJECTS = ("platform", "serving")
STACKS = ("preprod", "prod")


@cache
def project_name(project: str) -> str:
    return yaml.safe_load((INFRA / project / "Pulumi.yaml").read_text())["name"]


def stack_config(project: str, stack: str) -> dict[str, str]:
    """Key → value, as Pulumi resolves it for `project`/`stack`: this project's keys bare, others `namespace:key`."""
    declared = yaml.safe_load((INFRA / project / "Pulumi.yaml").read_text()).get("config", {})
    config = {key: str(spec["default"]) for key, spec in declared.items() if "default" in spec}
    stack_file = yaml.safe_load((INFRA / project / f"Pulumi.{stack}.yaml").read_text()) or {}
    own = f"{project_name(project)}:"
    config.update({key.removeprefix(own): str(value) for key, value in (stack_file.get("config") or {}).items()})
    return config


def run_stack(
    project: str,
    stack: str,
    overrides: Mapping[str, str] | None = None,
    secrets: Mapping[str, str] | None = None,
    transformations: Sequence[pulumi.ResourceTransformation] = (),
) -> Graph:
    """Run `project`'s program for `stack` under mocks with its stack config, `overrides` and `secrets` on top;
    `transformations` see (and may change) every resource before it is registered."""

    def program() -> None:
        for transformation in transformations:
            pulumi.runtime.register_stack_transformation(transformation)
        runpy.run_path(str(INFRA / project / "__main__.py"), run_name="__main__")

    config = {**stack_config(project, stack), **(overrides or {}), **(secrets or {})}
    account = environment(stack).account_id
    return run_program(program, project_name(project), stack, config, account_id=account, secrets=list(secrets or {}))


def export_all(out_dir: Path, package_arn: str) -> list[Path]:
    """Write `<project>-<stack>.json` for all four stacks. In place of what only a deploy has, the serving stacks get
    a well-formed package ARN (so their endpoint is judged too) and preprod a placeholder GitHub token."""
    plans = []
    for project in PROJECTS:
        for stack in STACKS:
            overrides = {"modelPackageArn": package_arn} if project == "serving" else {}
            secrets = {"githubToken": "offline-placeholder"} if project == "platform" and stack == "preprod" else {}
            graph = run_stack(project, stack, overrides, secrets)
            plans.append(write_plan(graph, out_dir / f"{project}-{stack}.json"))
    return plans


if __name__ == "__main__":
    for plan in export_all(Path(sys.argv[1]), example_package_arn()):
        print(f"exported {plan}")
