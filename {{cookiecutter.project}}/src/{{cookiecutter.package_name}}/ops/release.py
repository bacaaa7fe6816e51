"""Release a model package to an environment's serving stack, verify it, and roll back to a previous one.

The serving stack takes the package to serve from its config (`modelPackageArn`) and keeps the one it replaced
(`previousModelPackageArn`); it exports both. Config files live in a checkout that CI throws away, so the durable
record is the stack's outputs, kept in the state backend: every operation starts from them. Each release and
rollback records the package it replaces, so the target `recorded` undoes the last change exactly.
"""

import sys
from dataclasses import dataclass
from typing import Any

from ..environments import environment
from .aws import OpsError
from .endpoints import verify_deployment
from .registry import ModelPackage, require_approved
from .stack import PulumiStack
from .targets import resolve

PACKAGE_KEY, PREVIOUS_KEY = "modelPackageArn", "previousModelPackageArn"  # config keys, exported under the same names
RECORDED = "recorded"  # rollback target: the package served before the last release or rollback
OUTPUT_ENDPOINT_CONFIG = "endpointConfigName"


@dataclass(frozen=True)
class Deployed:
    package_arn: str | None  # what the stack serves, None before the first release
    previous_arn: str | None  # what it served before the last change


def deployed(stack: PulumiStack) -> Deployed:
    """What the serving stack's last update deployed, from its outputs in the state backend."""
    outputs = stack.outputs()
    return Deployed(outputs.get(PACKAGE_KEY) or None, outputs.get(PREVIOUS_KEY) or None)


def sync_config(stack: PulumiStack) -> Deployed:
    """Copy the deployed packages into the stack config, so a preview or an update keeps serving them; a stack not
    yet created serves nothing."""
    if not stack.exists():
        return Deployed(None, None)
    state = deployed(stack)
    for key, value in ((PACKAGE_KEY, state.package_arn), (PREVIOUS_KEY, state.previous_arn)):
        if value:
            stack.config_set(key, value)
    return state


def release(sagemaker: Any, stack: PulumiStack, target: str) -> ModelPackage:
    """Apply the serving stack with the approved package `target` names, remembering what it served before."""
    stack.select()
    state = deployed(stack)
    return _apply(stack, resolve(sagemaker, target, state.package_arn), state)


def rollback(sagemaker: Any, stack: PulumiStack, target: str, only_from: str | None = None) -> ModelPackage | None:
    """Apply the serving stack with an earlier approved package: `recorded`, `previous` or a version number.

    With `only_from`, roll back only if the stack serves that package (undoing a release that got that far); None
    when there is nothing to undo.
    """
    if target not in (RECORDED, "previous") and not target.isdigit():
        raise OpsError(f"Rollback target {target!r} is not valid: expected previous, a version number or {RECORDED}.")
    stack.select()
    state = deployed(stack)
    if only_from and state.package_arn != only_from:
        print(f"Serving stack {stack.stack} does not serve {only_from}: nothing to roll back.", file=sys.stderr)
        return None
    if target != RECORDED:
        return _apply(stack, resolve(sagemaker, target, state.package_arn), state)
    if not state.previous_arn:
        raise OpsError(f"Serving stack {stack.stack} records no previous package: this was its first release.")
    return _apply(stack, require_approved(sagemaker, state.previous_arn), state)


def verify(sagemaker: Any, stack: PulumiStack) -> str:
    """Check the endpoint against the serving stack's outputs (what the stack believes it deployed)."""
    outputs = stack.outputs()
    missing = [key for key in (OUTPUT_ENDPOINT_CONFIG, PACKAGE_KEY) if not outputs.get(key)]
    if missing:
        raise OpsError(f"Serving stack {stack.stack} has no output {missing[0]!r}: has it been deployed?")
    endpoint_name = environment(stack.stack).endpoint_name
    return verify_deployment(sagemaker, endpoint_name, outputs[OUTPUT_ENDPOINT_CONFIG], outputs[PACKAGE_KEY])


def _apply(stack: PulumiStack, package: ModelPackage, state: Deployed) -> ModelPackage:
    """Serve `package`, recording the package it replaces (the stack requires the two to differ)."""
    print(f"Deploying model package version {package.version} to serving stack {stack.stack}.", file=sys.stderr)
    replaced = state.package_arn if state.package_arn != package.arn else state.previous_arn
    if replaced and replaced != package.arn:
        stack.config_set(PREVIOUS_KEY, replaced)
    stack.config_set(PACKAGE_KEY, package.arn)
    stack.up()
    return package
