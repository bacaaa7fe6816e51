"""Hand results to GitHub Actions: step outputs as `key=value` lines, and markdown for the job summary."""

import os
import sys
from collections.abc import Mapping
from pathlib import Path

from ..environments import ENVIRONMENTS, REGION
from .stack import BACKEND_URL, SECRETS_PROVIDER


def print_outputs(values: Mapping[str, str]) -> None:
    """`key=value` lines on stdout, ready for `>> "$GITHUB_OUTPUT"`; a value never spans lines."""
    for key, value in values.items():
        if "\n" in value:
            raise ValueError(f"Output {key!r} holds a line break, which GitHub would read as a new output.")
        print(f"{key}={value}")


def summarize(markdown: str) -> None:
    """Append to the job summary when running in GitHub Actions; print to stderr for people at a terminal."""
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with Path(summary).open("a", encoding="utf-8") as file:
            file.write(markdown + "\n")
    print(markdown, file=sys.stderr)


def workflow_settings() -> dict[str, str]:
    """The AWS and Pulumi settings every workflow needs, from environments.py and the project's answers."""
    settings = {"aws_region": REGION, "pulumi_backend_url": BACKEND_URL, "pulumi_secrets_provider": SECRETS_PROVIDER}
    settings["preview_role_arn"] = ENVIRONMENTS["preprod"].preview_role_arn
    for env in ENVIRONMENTS.values():
        settings[f"{env.name}_deploy_role_arn"] = env.deploy_role_arn
    return settings
