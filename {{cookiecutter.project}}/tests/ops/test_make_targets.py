"""The deploy targets of the Makefile hand their variables to the ops commands, quoted, and fail with them."""

import functools
import os
import subprocess
from pathlib import Path

import pytest
from journeys.harness import tool_cache

PROJECT_DIR = Path(__file__).resolve().parents[2]


@functools.cache
def failing_cli_cache() -> Path:
    """The deploy targets first install the pinned Pulumi CLI: here one that fails any command, so none reaches AWS."""
    return tool_cache.with_pulumi(PROJECT_DIR, "#!/bin/sh\nexit 9\n")


def make(*arguments: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = ["make", "--no-print-directory", *arguments]
    env = {**(env or os.environ), "RUNNER_TOOL_CACHE": str(failing_cli_cache())}
    return subprocess.run(command, cwd=PROJECT_DIR, capture_output=True, text=True, timeout=120, env=env, check=False)


def test_a_rollback_target_outside_the_rules_is_refused_before_any_aws_call():
    result = make("rollback", "ENV=prod", "TARGET=latest")
    assert result.returncode != 0
    assert "Rollback target 'latest' is not valid: expected previous, a version number or recorded." in result.stderr


def test_a_target_from_the_environment_reaches_the_command_as_data_never_as_code(tmp_path):
    """The workflows pass untrusted values through `env:`; neither make nor the shell may evaluate them."""
    marker = tmp_path / "injected"
    target = f"$(shell touch {marker})$(touch {marker})`touch {marker}`"
    result = make("rollback", "ENV=preprod", env={**os.environ, "TARGET": target})
    assert result.returncode != 0
    assert f"Rollback target {target!r} is not valid" in result.stderr
    assert not marker.exists()


def test_an_unknown_environment_is_refused():
    result = make("verify", "ENV=staging")
    assert result.returncode != 0
    assert "argument --env: invalid choice: 'staging'" in result.stderr


@pytest.mark.parametrize("target", ["preview", "up", "release", "verify", "smoke", "load", "rollback", "workflows"])
def test_each_deploy_target_is_listed_by_make_help(target):
    assert f"make {target} " in make("help").stdout
