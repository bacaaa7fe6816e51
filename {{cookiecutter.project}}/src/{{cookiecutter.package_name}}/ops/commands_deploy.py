"""`ops` commands about environments: apply stacks, release and roll back packages, check endpoints."""

import argparse
import os
import sys
from collections.abc import Callable

from ..environments import ENVIRONMENTS, environment
from .aws import client
from .endpoints import describe_endpoint, serving, wait_in_service
from .github import print_outputs, summarize
from .load import check_budget, run_load
from .release import RECORDED, release, rollback, sync_config, verify
from .smoke import invoke, sample_request, smoke_test
from .stack import PROJECTS, PulumiStack

# The preprod GitHub Environment's secret: the token that lets EventBridge send approvals to this repository.
DISPATCH_TOKEN = "DISPATCH_TOKEN"


def add_commands(commands: argparse._SubParsersAction) -> None:
    for name, text in (("preview", "pulumi preview of a project's stack"), ("up", "pulumi up of a project's stack")):
        stack_command = _command(commands, name, text, _run_stack_command)
        stack_command.add_argument("--project", required=True, choices=PROJECTS)
    releasing = _command(commands, "release", "deploy an approved package to the serving stack", _release)
    releasing.add_argument("--target", required=True, help="latest, a version number or a model package ARN")
    rolling = _command(commands, "rollback", "redeploy an earlier approved package", _rollback)
    rolling.add_argument("--target", required=True, help=f"previous, a version number, or {RECORDED} (the last one)")
    rolling.add_argument("--only-from", metavar="ARN", help="roll back only if the stack serves this package")
    existing = _command(commands, "stack-exists", "print stack_exists=true|false for a workflow's `if:`", _exists)
    existing.add_argument("--project", required=True, choices=PROJECTS)
    _command(commands, "sync-config", "copy the deployed package ARNs from the serving stack's outputs", _sync)
    _command(commands, "wait-endpoint", "wait until the endpoint is InService", _wait_endpoint)
    _command(commands, "serving", "the endpoint config and package the endpoint serves", _serving)
    _command(commands, "verify", "the endpoint runs what the serving stack applied", _verify)
    _command(commands, "smoke", "send sample rows, expect one prediction each", _smoke)
    loading = _command(commands, "load", "concurrent requests within a latency and error budget", _load)
    loading.add_argument("--requests", type=int, default=200)
    loading.add_argument("--concurrency", type=int, default=8)
    loading.add_argument("--p95-ms", type=float, default=500.0, help="latency budget of the 95th percentile")
    loading.add_argument("--max-error-rate", type=float, default=0.0)


def _command(
    commands: argparse._SubParsersAction, name: str, text: str, handler: Callable[[argparse.Namespace], int]
) -> argparse.ArgumentParser:
    """A command acting on one environment (`--env`)."""
    parser = commands.add_parser(name, help=text)
    parser.add_argument("--env", required=True, choices=sorted(ENVIRONMENTS), help="the target environment")
    parser.set_defaults(handler=handler)
    return parser


def _stack(args: argparse.Namespace) -> PulumiStack:
    return PulumiStack(getattr(args, "project", "serving"), args.env)


def _endpoint(args: argparse.Namespace) -> str:
    return environment(args.env).endpoint_name


def _run_stack_command(args: argparse.Namespace) -> int:
    stack = _stack(args)
    if args.command == "up":
        stack.select()  # previews never create a stack: they run with read-only credentials
        token = os.environ.get(DISPATCH_TOKEN)
        if stack.project == "platform" and token:
            stack.config_set_secret("githubToken", token)  # a fresh checkout's stack file never holds it
    elif not stack.exists():
        print(f"Stack {stack.project}/{stack.stack} does not exist yet: nothing to preview.", file=sys.stderr)
        return 0
    if stack.project == "serving":
        sync_config(stack)  # keep serving what is deployed: this checkout's config may not name it
    if args.command == "up":
        stack.up()
    else:
        stack.preview()
    return 0


def _release(args: argparse.Namespace) -> int:
    package = release(client("sagemaker"), _stack(args), args.target)
    print_outputs(package.outputs())
    return 0


def _rollback(args: argparse.Namespace) -> int:
    package = rollback(client("sagemaker"), _stack(args), args.target, args.only_from)
    if package is not None:
        print_outputs(package.outputs())
    return 0


def _exists(args: argparse.Namespace) -> int:
    print_outputs({"stack_exists": str(_stack(args).exists()).lower()})
    return 0


def _sync(args: argparse.Namespace) -> int:
    stack = _stack(args)
    state = sync_config(stack)
    print_outputs({"stack_exists": str(stack.exists()).lower(), "model_package_arn": state.package_arn or "",
                   "previous_package_arn": state.previous_arn or ""})  # fmt: skip
    return 0


def _wait_endpoint(args: argparse.Namespace) -> int:
    print(wait_in_service(client("sagemaker"), _endpoint(args))["EndpointStatus"])
    return 0


def _serving(args: argparse.Namespace) -> int:
    sagemaker = client("sagemaker")
    found = serving(sagemaker, describe_endpoint(sagemaker, _endpoint(args)))
    packages = ",".join(found.model_packages)
    print_outputs({"endpoint_config_name": found.endpoint_config_name, "model_packages": packages})
    return 0


def _verify(args: argparse.Namespace) -> int:
    print(verify(client("sagemaker"), _stack(args)))
    return 0


def _smoke(args: argparse.Namespace) -> int:
    print(smoke_test(client("sagemaker-runtime"), _endpoint(args)))
    return 0


def _load(args: argparse.Namespace) -> int:
    runtime, endpoint_name = client("sagemaker-runtime"), _endpoint(args)
    body, _ = sample_request()
    result = run_load(lambda: invoke(runtime, endpoint_name, body), args.requests, args.concurrency)
    summarize(result.markdown(endpoint_name))
    check_budget(result, args.p95_ms, args.max_error_rate)
    return 0
