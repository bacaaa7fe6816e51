"""The `ops` command group: each command a workflow step runs, also usable by hand.

Results go to stdout as `key=value` lines (a workflow appends them to $GITHUB_OUTPUT); progress goes to stderr.
"""

import argparse

from . import commands_deploy, commands_github, commands_registry, pulumi_cli
from .github import print_outputs, workflow_settings


def register(groups: argparse._SubParsersAction) -> None:
    ops = groups.add_parser("ops", help="registry, training runs, releases, rollbacks and endpoint checks")
    commands = ops.add_subparsers(dest="command", required=True)
    settings = commands.add_parser("settings", help="the region, role ARNs and Pulumi settings the workflows use")
    settings.set_defaults(handler=lambda args: print_outputs(workflow_settings()) or 0)
    installing = commands.add_parser("install-pulumi", help="the pinned Pulumi CLI, its archive checked by sha256")
    installing.set_defaults(handler=lambda args: print_outputs({"pulumi": str(pulumi_cli.install())}) or 0)
    commands_registry.add_commands(commands)
    commands_deploy.add_commands(commands)
    commands_github.add_commands(commands)
