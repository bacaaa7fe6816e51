"""The platform stack's settings: read and checked once, before any resource is declared."""

import os
from dataclasses import dataclass
from pathlib import Path

import pulumi

from components.config_values import StackConfigError, bounded_int, flag, matching, role_arn
from components.schedule import aws_cron
from {{ cookiecutter.package_name }}.environments import ENVIRONMENTS, Environment, environment
from {{ cookiecutter.package_name }}.pipeline.code import definition_file

# `make definition` writes the pipeline definitions here; PIPELINE_BUILD_DIR points elsewhere (tests, CI caches).
DEFAULT_BUILD_DIR = Path(__file__).resolve().parents[2] / "build"
TRAINING_ENVIRONMENT = "preprod"  # the registry, the pipeline and its triggers live here


@dataclass(frozen=True)
class PlatformSettings:
    env: Environment
    deploy_role_arn: str
    key_deletion_window_days: int
    noncurrent_version_days: int
    access_log_days: int
    protect: bool
    alarm_email: str | None
    training: "TrainingSettings | None"

    @property
    def model_source(self) -> Environment | None:
        """Where this environment's models were trained and stored, if not here."""
        return None if self.training else ENVIRONMENTS[TRAINING_ENVIRONMENT]

    @property
    def model_readers(self) -> list[Environment]:
        """Other accounts that deploy this environment's models: they need resource policies, not just IAM."""
        if not self.training:
            return []
        return [env for env in ENVIRONMENTS.values() if env.account_id != self.env.account_id]


@dataclass(frozen=True)
class TrainingSettings:
    """What only the training environment has: the pipeline definition, its schedule and the GitHub token (None
    in a preview without it)."""

    definition_path: Path
    schedule_expression: str
    github_token: pulumi.Output[str] | None


def load_platform_settings() -> PlatformSettings:
    config = pulumi.Config()
    env = environment(pulumi.get_stack())
    return PlatformSettings(
        env=env,
        deploy_role_arn=role_arn(config, "deployRoleArn", env.account_id, env.deploy_role_arn),
        key_deletion_window_days=bounded_int(config, "keyDeletionWindowDays", 30, 7, 30),
        noncurrent_version_days=bounded_int(config, "noncurrentVersionDays", 90, 1, 3650),
        access_log_days=bounded_int(config, "accessLogDays", 365, 1, 3650),
        protect=flag(config, "protect", False),
        alarm_email=matching(config, "alarmEmail", r"[^@\s]+@[^@\s]+\.[^@\s]+", "an e-mail address or empty"),
        training=_training_settings(config, env) if env.name == TRAINING_ENVIRONMENT else None,
    )


def _training_settings(config: pulumi.Config, env: Environment) -> TrainingSettings:
    build_dir = Path(os.environ.get("PIPELINE_BUILD_DIR", DEFAULT_BUILD_DIR))
    definition = definition_file(env, build_dir)
    if not definition.is_file():
        raise StackConfigError(f"The pipeline definition {definition} does not exist: run `make definition` first.")
    schedule = config.get("trainingSchedule")
    if not schedule:
        raise StackConfigError(f"Stack config trainingSchedule is missing: the {env.name} stack schedules training.")
    return TrainingSettings(definition, aws_cron(schedule), _github_token(config, env))


def _github_token(config: pulumi.Config, env: Environment) -> pulumi.Output[str] | None:
    """The token EventBridge sends approvals to GitHub with. `make up` sets it from the preprod Environment's
    DISPATCH_TOKEN secret; a pull request's preview has no such secret, and previews the connection unchanged."""
    if config.get("githubToken") is None:
        if pulumi.runtime.is_dry_run():
            return None
        raise StackConfigError(
            f"Stack config githubToken is missing: the {env.name} stack sends approvals to GitHub; `make up` sets it "
            "from DISPATCH_TOKEN, the secret of the preprod GitHub Environment (docs/runbooks/deploy.md)."
        )
    if not pulumi.runtime.is_config_secret(f"{pulumi.get_project()}:githubToken"):
        raise StackConfigError("Stack config githubToken is stored in plain text: set it with --secret.")
    return config.require_secret("githubToken")
