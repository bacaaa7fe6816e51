"""The serving stack's settings: which approved package to serve, how to roll it out, and the capacity."""

import re
from dataclasses import dataclass

import pulumi

from components.config_values import StackConfigError, bounded_int, choice, flag, matching
from {{ cookiecutter.package_name }}.environments import (
    DEPLOYMENT_STRATEGY,
    ENVIRONMENTS,
    MODEL_PACKAGE_GROUP,
    REGION,
    Environment,
    environment,
)

STRATEGIES = ("canary", "linear", "all-at-once")
# Packages are registered in preprod; both environments deploy them from there.
PACKAGE_ARN_PATTERN = re.escape(ENVIRONMENTS["preprod"].model_package_arn("")) + "[0-9]+"
PACKAGE_ARN_RULE = f"a version ARN of the {MODEL_PACKAGE_GROUP} model package group in preprod ({REGION})"


def example_package_arn(version: int = 1) -> str:
    """A well-formed package version ARN, for offline runs of the serving stack."""
    return ENVIRONMENTS["preprod"].model_package_arn(version)


@dataclass(frozen=True)
class Capacity:
    min_instances: int
    max_instances: int
    invocations_per_instance: int  # the autoscaling target, per minute


@dataclass(frozen=True)
class AlarmThresholds:
    errors_5xx_per_minute: int
    latency_p99_ms: int


@dataclass(frozen=True)
class ServingSettings:
    env: Environment
    model_package_arn: str | None  # None: nothing approved yet, so no endpoint
    previous_model_package_arn: str | None  # what a rollback sets modelPackageArn back to
    strategy: str
    capacity: Capacity
    alarms: AlarmThresholds
    data_capture_percent: int
    protect: bool


def load_serving_settings() -> ServingSettings:
    config = pulumi.Config()
    current = matching(config, "modelPackageArn", PACKAGE_ARN_PATTERN, PACKAGE_ARN_RULE)
    previous = matching(config, "previousModelPackageArn", PACKAGE_ARN_PATTERN, PACKAGE_ARN_RULE)
    if previous is not None and previous == current:
        raise StackConfigError(
            f"Stack config previousModelPackageArn={previous!r} is invalid: it must differ from modelPackageArn."
        )
    return ServingSettings(
        env=environment(pulumi.get_stack()),
        model_package_arn=current,
        previous_model_package_arn=previous,
        strategy=choice(config, "deploymentStrategy", DEPLOYMENT_STRATEGY, STRATEGIES),
        capacity=_capacity(config),
        alarms=AlarmThresholds(
            errors_5xx_per_minute=bounded_int(config, "errors5xxPerMinute", 5, 1, 10_000),
            latency_p99_ms=bounded_int(config, "latencyP99Ms", 500, 1, 60_000),
        ),
        data_capture_percent=bounded_int(config, "dataCapturePercent", 100, 0, 100),
        protect=flag(config, "protect", False),
    )


def _capacity(config: pulumi.Config) -> Capacity:
    low = bounded_int(config, "minInstances", 1, 1, 100)
    high = bounded_int(config, "maxInstances", 2, 1, 100)
    if high < low:
        raise StackConfigError(
            f"Stack config maxInstances={high} is invalid: it must be at least minInstances ({low})."
        )
    return Capacity(low, high, bounded_int(config, "invocationsPerInstance", 1000, 1, 100_000))
