"""The project's one command line: `{{ cookiecutter.package_name }} <group> <command>`.

Each group (pipeline, ops, ...) lives in its own module with a `register(subparsers)` function that adds its
commands; every command is a function taking the parsed arguments and returning an exit code.
"""

import argparse
import sys
from collections.abc import Sequence
from types import ModuleType

from . import environments
from .ops import commands as ops_commands
from .pipeline import commands as pipeline_commands

GROUPS: list[ModuleType] = [ops_commands, pipeline_commands]  # command-group modules, each with register(subparsers)


def _show_environments(args: argparse.Namespace) -> int:
    for env in environments.ENVIRONMENTS.values():
        print(f"{env.name}: account {env.account_id}, endpoint {env.endpoint_name}, bucket {env.artifacts_bucket}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="{{ cookiecutter.package_name }}", description="{{ cookiecutter.project_name }} commands")
    groups = parser.add_subparsers(dest="group", required=True)
    environments_parser = groups.add_parser("environments", help="list the environments and their AWS names")
    environments_parser.set_defaults(handler=_show_environments)
    for group in GROUPS:
        group.register(groups)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except (ValueError, RuntimeError) as error:  # expected failures: one clear line, no traceback
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
