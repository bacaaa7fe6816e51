"""`ops` commands about the GitHub Environments that gate the deploys."""

import argparse
import os
import sys

from ..environments import ENVIRONMENTS
from . import protection


def add_commands(commands: argparse._SubParsersAction) -> None:
    guarding = commands.add_parser("guard", help="refuse (exit 1) unless ENV's GitHub Environment guards its deploys")
    guarding.add_argument("--env", required=True, choices=sorted(ENVIRONMENTS))
    guarding.set_defaults(handler=_guard)
    protecting = commands.add_parser("protect-environments", help="deploys from main only; prod behind reviewers")
    who = protecting.add_mutually_exclusive_group(required=True)
    who.add_argument("--team", help="slug of the team of the repository's owner that approves prod deploys")
    who.add_argument("--user", help="login of the person who approves prod deploys")
    protecting.set_defaults(handler=_protect)


def _token() -> str:
    token = os.environ.get("GITHUB_TOKEN")
    if not token:
        raise ValueError("GITHUB_TOKEN is not set: the GitHub API needs a token (the job's, or yours for setup)")
    return token


def _guard(args: argparse.Namespace) -> int:
    found = protection.problems(args.env, _token())
    for problem in found:
        print(f"error: not deploying: {problem} (run `make environments`, docs/runbooks/deploy.md).", file=sys.stderr)
    if not found:
        print(f"The {args.env} Environment deploys from main only" + (", behind required reviewers." if args.env
              in protection.REVIEWED else "."), file=sys.stderr)  # fmt: skip
    return 1 if found else 0


def _protect(args: argparse.Namespace) -> int:
    if not (args.team or args.user):
        raise ValueError("TEAM is empty: name the team that approves prod deploys (make environments TEAM=<slug>)")
    token = _token()
    reviewers = [protection.reviewer(token, team=args.team, user=args.user)]
    for env in ENVIRONMENTS:
        protection.protect(env, token, reviewers)
        print(f"{env}: deployments from main only" + (", required reviewers" if env in protection.REVIEWED else ""),
              file=sys.stderr)  # fmt: skip
    return 0
