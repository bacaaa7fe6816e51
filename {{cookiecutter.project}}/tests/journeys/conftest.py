"""The journeys' world: emulated AWS and GitHub, the repository as pushed, and a person's one-time settings."""

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


def world_of(aws: EmulatedAws, factory: pytest.TempPathFactory) -> Iterator[Runner]:
    aws.reset()
    github = GitHubApi()
    origin = push(PROJECT_DIR, factory.mktemp("origin") / "repository")
    runner = Runner(origin, PROJECT_DIR / ".venv", aws, github, PERSON_SECRETS)
    yield runner
    github.close()
    # Every AWS call the world's jobs made, decided as the role that made it: the journeys pass only if IAM would
    # have allowed each one (the emulated AWS itself does not authorise).
    denials = runner.calls.denials()
    assert not denials, "IAM would deny these calls the jobs made:\n" + "\n".join(denials)
