"""Invalid stack config stops the program with one sentence naming the key, the value and the rule."""

import asyncio
import os
import runpy
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import stacks
from components.config_values import StackConfigError
from components.schedule import aws_cron
from components.serving_settings import example_package_arn
from policy.mocks import run_program
from pulumi.runtime.settings import SETTINGS
from stack_runs import BUILD_DIR, GITHUB_TOKEN, one, pipeline_build_dir, statements, write_definition

from {{ cookiecutter.package_name }}.environments import ENVIRONMENTS

CONNECTION = "aws:cloudwatch/eventConnection:EventConnection"
OTHER_GROUP = example_package_arn(1).replace(":model-package/", ":model-package/other-group-")


def _platform(stack: str = "preprod", overrides: dict[str, str] | None = None, secrets: dict[str, str] | None = None):
    write_definition()
    with pipeline_build_dir(BUILD_DIR):
        return stacks.run_stack("platform", stack, overrides, GITHUB_TOKEN if secrets is None else secrets)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"keyDeletionWindowDays": "3"}, "keyDeletionWindowDays=3 is invalid: it must be between 7 and 30"),
        ({"noncurrentVersionDays": "ninety"}, "noncurrentVersionDays='ninety' is invalid: it must be a whole number"),
        ({"protect": "yes"}, "protect='yes' is invalid: it must be true or false"),
        ({"alarmEmail": "ops-at-example"}, "alarmEmail='ops-at-example' is invalid: it must be an e-mail address"),
        ({"deployRoleArn": "arn:aws:iam::999999999999:role/x"}, "deployRoleArn='arn:aws:iam::999999999999:role/x'"),
        ({"trainingSchedule": "0 3 1 * 1"}, "restricts both day-of-month and day-of-week"),
    ],
)
def test_bad_platform_config_is_refused(overrides: dict[str, str], message: str):
    with pytest.raises(StackConfigError, match=message.replace("(", r"\(").replace("*", r"\*")):
        _platform(overrides=overrides)


def test_a_deploy_role_of_the_environments_own_account_is_accepted():
    role = f"arn:aws:iam::{ENVIRONMENTS['preprod'].account_id}:role/platform/deployer"
    key = one(_platform(overrides={"deployRoleArn": role}), "aws:kms/key:Key")
    assert statements(key)["DeployRoleAdministers"]["Principal"] == {"AWS": role}


def test_an_update_of_preprod_without_the_github_token_is_refused_naming_the_dispatch_token():
    expected = r"githubToken is missing.*`make up` sets it from DISPATCH_TOKEN, the secret of the preprod GitHub Env"
    with pytest.raises(StackConfigError, match=expected):
        _platform(secrets={})


def test_a_preview_without_the_github_token_keeps_the_deployed_connection():
    """A pull request's preview has no DISPATCH_TOKEN: the connection is previewed unchanged, not refused."""

    def platform() -> None:
        runpy.run_path(str(stacks.INFRA / "platform" / "__main__.py"), run_name="__main__")

    write_definition()
    with pipeline_build_dir(BUILD_DIR):
        config, account = stacks.stack_config("platform", "preprod"), ENVIRONMENTS["preprod"].account_id
        graph = run_program(platform, stacks.project_name("platform"), "preprod", config, account, preview=True)
    assert one(graph, CONNECTION).ignore_changes == ("authParameters",)
    assert one(_platform(), CONNECTION).ignore_changes == (), "an update with the token applies it"


def test_a_plain_text_github_token_is_refused():
    with pytest.raises(StackConfigError, match="githubToken is stored in plain text"):
        _platform(overrides=GITHUB_TOKEN, secrets={})


def test_a_missing_pipeline_definition_says_to_run_make_definition(tmp_path):
    with pipeline_build_dir(tmp_path), pytest.raises(StackConfigError, match="run `make definition` first"):
        stacks.run_stack("platform", "preprod", secrets=GITHUB_TOKEN)


def test_prod_needs_neither_a_definition_nor_a_token(tmp_path):
    with pipeline_build_dir(tmp_path):
        assert stacks.run_stack("platform", "prod").of_type("aws:kms/key:Key")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"modelPackageArn": OTHER_GROUP},
            f"modelPackageArn='{OTHER_GROUP}' is invalid: it must be a version ARN of the",
        ),
        (
            {"modelPackageArn": example_package_arn(2), "previousModelPackageArn": example_package_arn(2)},
            "it must differ from modelPackageArn",
        ),
        (
            {"deploymentStrategy": "big-bang"},
            "deploymentStrategy='big-bang' is invalid: it must be one of canary, linear, all-at-once",
        ),
        (
            {"minInstances": "3", "maxInstances": "2"},
            "maxInstances=2 is invalid: it must be at least minInstances \\(3\\)",
        ),
        ({"dataCapturePercent": "101"}, "dataCapturePercent=101 is invalid: it must be between 0 and 100"),
    ],
)
def test_bad_serving_config_is_refused(overrides: dict[str, str], message: str):
    with pytest.raises(StackConfigError, match=message):
        stacks.run_stack("serving", "prod", overrides)


def test_an_unknown_stack_is_refused_with_the_valid_names():
    def serving() -> None:
        runpy.run_path(str(stacks.INFRA / "serving" / "__main__.py"), run_name="__main__")

    with pytest.raises(ValueError, match="Unknown environment 'staging': expected one of preprod, prod"):
        run_program(serving, stacks.project_name("serving"), "staging")


@pytest.mark.parametrize(
    ("posix", "eventbridge"),
    [
        ("0 3 * * 1", "cron(0 3 ? * 2 *)"),
        ("30 2 1,15 * *", "cron(30 2 1,15 * ? *)"),
        ("0 4 * * 1-5/2", "cron(0 4 ? * 2-6/2 *)"),
        ("15 6 * * MON", "cron(15 6 ? * MON *)"),
    ],
)
def test_the_schedule_becomes_eventbridge_cron(posix: str, eventbridge: str):
    assert aws_cron(posix) == eventbridge


def test_the_platform_program_runs_without_the_sagemaker_sdk():
    """`pulumi up` reads the built definition; the 1 GB SDK is not needed (nor imported) to deploy."""
    probe = (
        "import sys, stack_runs; stack_runs.platform('preprod'); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sagemaker'))"
    )
    paths = os.pathsep.join([str(stacks.INFRA), str(Path(__file__).parent)])
    run = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env={**os.environ, "PYTHONPATH": paths}
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip().splitlines()[-1] == "[]"


def test_a_finished_output_left_by_an_earlier_run_does_not_break_the_next():
    loop = asyncio.new_event_loop()
    leftover = loop.create_task(asyncio.sleep(0))
    loop.run_until_complete(leftover)
    loop.close()  # as a run's loop closes before the task's done-callbacks (which untrack it) have run
    settings: Any = SETTINGS
    settings.outputs.add(leftover)
    assert stacks.run_stack("serving", "prod").outputs["endpointName"]  # without the reset: "Event loop is closed"
