"""The journeys' world: emulated AWS and GitHub, the repository as pushed, and a person's one-time settings."""

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from .harness import seed
from .harness.aws import EmulatedAws
from .harness.github_api import GitHubApi
from .harness.world import Runner, push

PROJECT_DIR = Path(__file__).resolve().parents[2]
# What docs/runbooks/deploy.md asks a person to create in GitHub (no AWS keys): the preprod Environment's secret
# holding the fine-grained token that lets EventBridge send approvals to this repository.
PERSON_SECRETS = {"preprod": {"DISPATCH_TOKEN": "github_pat_standin_dispatch"}}


@pytest.fixture(scope="session")
def emulated_aws() -> Iterator[EmulatedAws]:
    aws = EmulatedAws(seed.load())
    yield aws
    aws.stop()


@pytest.fixture
def new_world(emulated_aws: EmulatedAws, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runner]:
    """A fresh world: AWS as the bootstrap left it, nothing deployed, the repository just pushed."""
    yield from world_of(emulated_aws, tmp_path_factory)


@pytest.fixture(scope="module")
def story(emulated_aws: EmulatedAws, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runner]:
    """One world that the journeys of a module share, in order, as a team lives through them."""
    yield from world_of(emulated_aws, tmp_path_factory)


def protect_environments(github: GitHubApi) -> None:
    """What docs/runbooks/deploy.md asks a person to run once, with a token that administers the repository."""
    token = github.token_for("person", {"administration": "write", "members": "read"})
    env = os.environ | {"GITHUB_API_URL": github.url, "GITHUB_TOKEN": token}
    command = [str(PROJECT_DIR / ".venv" / "bin" / "{{ cookiecutter.package_name }}"), "ops", "protect-environments",
               "--team", "ml-approvers"]  # fmt: skip
    subprocess.run(command, env=env, check=True, capture_output=True, timeout=120)


def world_of(aws: EmulatedAws, factory: pytest.TempPathFactory, protected: bool = True) -> Iterator[Runner]:
    aws.reset()
    github = GitHubApi()
    if protected:
        protect_environments(github)
    origin = push(PROJECT_DIR, factory.mktemp("origin") / "repository")
    runner = Runner(origin, PROJECT_DIR / ".venv", aws, github, PERSON_SECRETS)
    yield runner
    github.close()
    # Every AWS call the world's jobs made, decided as the role that made it: the journeys pass only if IAM would
    # have allowed each one (the emulated AWS itself does not authorise).
    denials = runner.calls.denials()
    assert not denials, "IAM would deny these calls the jobs made:\n" + "\n".join(denials)
