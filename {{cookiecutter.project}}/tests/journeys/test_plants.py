"""Each journey shown failing when what it guards is broken: one planted mistake per test, in a world of its own."""

import json
from collections.abc import Iterator

import pytest

from {{ cookiecutter.package_name }}.environments import ENVIRONMENTS, GITHUB_REPOSITORY
from {{ cookiecutter.package_name }}.ops import pulumi_cli

from .conftest import world_of
from .harness import events, samples
from .harness.player import JobResult
from .harness.world import Runner, git
from .test_journeys import CHECKS_PASSED, PUSH, open_branch, pull_request

PREPROD = ENVIRONMENTS["preprod"]


def plant(world: Runner, path: str, old: str, new: str, branch: str = "main") -> None:
    """Commit a mistake to the pushed repository: `old` replaced by `new` in `path`, on `branch`."""
    git(world.origin, "checkout", "-q", "-B", branch)
    file = world.origin / path
    assert old in file.read_text(), f"the plant's target {old!r} is not in {path}"
    file.write_text(file.read_text().replace(old, new))
    git(world.origin, "commit", "-qam", f"plant: {path}")
    git(world.origin, "checkout", "-q", "main")


def failing_step(result) -> str:
    return next(step.name for step in result.steps if step.outcome == "failure")


def test_j1_fails_when_the_deploy_path_does_not_build_the_pipeline_definition(new_world):
    plant(new_world, "Makefile", "up: pulumi-cli $(if $(filter preprod,$(ENV)),definition)", "up: pulumi-cli")
    result = new_world.play("cd", PUSH, jobs=["platform-preprod"])["platform-preprod"]
    assert result.result == "failure" and failing_step(result) == "Apply the platform stack"
    assert "pipeline-preprod.json does not exist" in result.log


def test_j1_fails_when_the_first_deploy_is_not_given_its_secret(new_world):
    new_world.secrets = {}  # nobody created the preprod Environment's DISPATCH_TOKEN
    result = new_world.play("cd", PUSH, jobs=["platform-preprod"])["platform-preprod"]
    assert result.result == "failure" and "Stack config githubToken is missing" in result.log


def test_j1_fails_when_the_deploy_role_trusts_another_subject(new_world):
    iam = new_world.aws.admin(PREPROD.account_id, "iam")
    role_name = PREPROD.deploy_role_arn.split("/")[-1]
    trust = iam.get_role(RoleName=role_name)["Role"]["AssumeRolePolicyDocument"]
    text = json.dumps(trust).replace(f"repo:{GITHUB_REPOSITORY}:environment:preprod", "repo:acme/other:ref:main")
    iam.update_assume_role_policy(RoleName=role_name, PolicyDocument=text)
    result = new_world.play("cd", PUSH, jobs=["platform-preprod"])["platform-preprod"]
    assert result.result == "failure" and failing_step(result).startswith("aws-actions/configure-aws-credentials")
    assert "does not admit" in result.log


def test_j2_before_any_deploy_previews_nothing_and_fails_when_it_expects_a_platform_stack(new_world):
    print("J2 before J1: a pull request opened before main ever deployed → ci.yml preview job")
    open_branch(new_world, "early")
    preview = new_world.play("ci", pull_request(3, "early"), jobs=["preview"], assume=CHECKS_PASSED)["preview"]
    assert preview.result == "success", preview.log
    assert "No platform stack in preprod yet" in preview.summary and not new_world.github.records.comments
    plant(new_world, ".github/workflows/ci.yml", "        if: steps.platform.outputs.stack_exists == 'true'\n",
          "", branch="early")  # fmt: skip
    preview = new_world.play("ci", pull_request(3, "early"), jobs=["preview"], assume=CHECKS_PASSED)["preview"]
    assert preview.result == "failure" and failing_step(preview) == "Preview the platform stack"
    assert "no stack named 'preprod' found" in preview.log


# After every test with a world of its own: a new world resets the emulated AWS this one lives in.
@pytest.fixture(scope="module")
def platform_deployed(emulated_aws, tmp_path_factory) -> Iterator[Runner]:
    """One world for the plants that need the platform deployed in preprod."""
    for world in world_of(emulated_aws, tmp_path_factory):
        assert world.play("cd", PUSH, jobs=["platform-preprod"])["platform-preprod"].result == "success"
        yield world


def test_j2_fails_when_the_preview_expects_a_serving_stack(platform_deployed):
    plant(platform_deployed, ".github/workflows/ci.yml", "        if: steps.serving.outputs.stack_exists == 'true'\n",
          "", branch="planted-preview")  # fmt: skip
    results = platform_deployed.play("ci", pull_request(7, "planted-preview"), jobs=["preview"], assume=CHECKS_PASSED)
    preview = results["preview"]
    assert preview.result == "failure" and failing_step(preview) == "Preview the serving stack"
    assert "no stack named 'preprod' found" in preview.log


def test_j2_fails_when_pulumi_actions_would_install_its_own_unchecked_cli(platform_deployed):
    step, skipped = "        run: make pulumi-cli\n", "        run: echo no CLI installed\n"
    plant(platform_deployed, ".github/workflows/ci.yml", step, skipped, branch="planted-cli")
    results = platform_deployed.play("ci", pull_request(8, "planted-cli"), jobs=["preview"], assume=CHECKS_PASSED)
    preview = results["preview"]
    assert preview.result == "failure" and failing_step(preview) == "Preview the platform stack"
    assert f"would download Pulumi CLI {pulumi_cli.pin_for().version} unchecked" in preview.log


def test_j4_fails_on_an_approval_event_of_another_model_package_group(platform_deployed):
    deployed = platform_deployed.deployed("platform", "preprod")
    events.dispatch_body(deployed, samples.model_package_event("Approved"))  # this project's group: dispatched
    with pytest.raises(ValueError, match="0 targets call the GitHub API destination"):
        events.dispatch_body(deployed, samples.model_package_event("Approved", group="another-project"))


@pytest.fixture
def unprotected_world(emulated_aws, tmp_path_factory) -> Iterator[Runner]:
    """Nobody ran `make environments`: GitHub would create each Environment on first use, unprotected."""
    yield from world_of(emulated_aws, tmp_path_factory, protected=False)


def test_j1_refuses_to_deploy_from_an_environment_nobody_protected(unprotected_world):
    result = unprotected_world.play("cd", PUSH, jobs=["platform-preprod"])["platform-preprod"]
    assert result.result == "failure"
    assert failing_step(result) == "Refuse to deploy unless the preprod Environment guards it"
    assert "the preprod Environment does not exist, so GitHub would create it unprotected" in result.log
    assert not unprotected_world.aws.state_objects()[1:], "nothing deployed: only the bootstrap's meta.yaml"


def test_j1_refuses_to_deploy_prod_without_its_reviewers(new_world):
    new_world.github.records.environments["prod"]["protection_rules"] = []  # the reviewers were removed
    done = {"platform-preprod": JobResult("platform-preprod", "success")}
    result = new_world.play("cd", PUSH, jobs=["platform-prod"], assume=done)["platform-prod"]
    assert result.result == "failure"
    assert failing_step(result) == "Refuse to deploy unless the prod Environment guards it"
    assert "the prod Environment has no required reviewers, so nobody approves its deploys" in result.log
