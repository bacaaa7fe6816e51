"""`ops` commands about models: list, resolve, approve and reject packages; run the training pipeline."""

import argparse
from typing import Any

from ..environments import ENVIRONMENTS, environment
from .aws import client
from .endpoints import describe_endpoint, serving
from .github import print_outputs, summarize
from .outcome import ERROR, outcome
from .pipelines import start, wait
from .registry import APPROVED, REJECTED, approved_packages, lineage, set_status
from .targets import resolve


def add_commands(commands: argparse._SubParsersAction) -> None:
    listing = commands.add_parser("packages", help="list the approved model packages, oldest first")
    listing.set_defaults(handler=_packages)
    resolving = commands.add_parser("resolve", help="the approved package a target names, with its lineage")
    resolving.add_argument("target", help="latest, previous, a version number or a model package ARN")
    resolving.add_argument(
        "--env", choices=sorted(ENVIRONMENTS), help="for previous: the environment whose served package it precedes"
    )
    resolving.set_defaults(handler=_resolve)
    for name, status in (("approve", APPROVED), ("reject", REJECTED)):
        deciding = commands.add_parser(name, help=f"mark a model package {status}")
        deciding.add_argument("package_arn")
        deciding.add_argument("--note", required=True, help="why, recorded as the approval description")
        deciding.set_defaults(handler=_set_status, status=status)
    running = commands.add_parser("run-pipeline", help="start the training pipeline in preprod and wait for it")
    running.add_argument("--parameter", action="append", default=[], metavar="NAME=VALUE")
    running.add_argument("--reason", default="started by hand", help="recorded as the execution's description")
    running.add_argument("--timeout", type=float, default=4 * 3600, help="seconds to wait (default 4 h)")
    running.set_defaults(handler=_run_pipeline)


def _packages(args: argparse.Namespace) -> int:
    for package in approved_packages(client("sagemaker")):
        print(f"{package.version}\t{package.status}\t{package.arn}")
    return 0


def _resolve(args: argparse.Namespace) -> int:
    sagemaker = client("sagemaker")
    package = resolve(sagemaker, args.target, _served_package(sagemaker, args.env) if args.env else None)
    print_outputs({**package.outputs(), **lineage(sagemaker, package.arn)})
    return 0


def _served_package(sagemaker: Any, env_name: str) -> str | None:
    endpoint = describe_endpoint(sagemaker, environment(env_name).endpoint_name)
    return next(iter(serving(sagemaker, endpoint).model_packages), None)


def _set_status(args: argparse.Namespace) -> int:
    package = set_status(client("sagemaker"), args.package_arn, args.status, args.note)
    print(f"Model package version {package.version} is now {package.status}.")
    return 0


def _run_pipeline(args: argparse.Namespace) -> int:
    parameters = dict(_parameter(text) for text in args.parameter)
    sagemaker = client("sagemaker")
    execution_arn = start(sagemaker, parameters, args.reason)
    print_outputs({"pipeline_execution_arn": execution_arn})
    status = wait(sagemaker, execution_arn, timeout=args.timeout)
    result = outcome(sagemaker, client("s3"), execution_arn, status)
    summarize(result.markdown(execution_arn))
    print_outputs({"decision": result.decision})
    return 1 if result.decision == ERROR else 0


def _parameter(text: str) -> tuple[str, str]:
    name, separator, value = text.partition("=")
    if not separator or not name:
        raise ValueError(f"Pipeline parameter {text!r} is malformed: expected NAME=VALUE.")
    return name, value
