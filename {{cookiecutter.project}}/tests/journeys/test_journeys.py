"""The journeys from first push to rollback, in order, in one world: each prints its steps as it plays them."""

from pathlib import Path

import pytest

from {{ cookiecutter.package_name }}.environments import (
    ENVIRONMENTS,
    GITHUB_REPOSITORY,
    MODEL_PACKAGE_GROUP,
    PIPELINE_NAME,
    PROJECT,
    REGION,
)

from .harness import events, sagemaker_behaviour, samples
from .harness.player import JobResult
from .harness.workflow import Event
from .harness.world import Runner, git

PREPROD = ENVIRONMENTS["preprod"]
PACKAGE_1 = PREPROD.model_package_arn(1)

PUSH = Event("push", {"ref": "refs/heads/main"})
# The checks job runs `make lint test definition policy journeys`, which `make check` runs on a fresh render in the
# kit's tests; replaying it here would replay these journeys inside themselves.
CHECKS_PASSED = {"checks": JobResult("checks", "success")}


def pull_request(number: int, branch: str) -> Event:
    head = {"ref": branch, "repo": {"full_name": GITHUB_REPOSITORY}}
    payload = {"number": number, "pull_request": {"number": number, "head": head, "base": {"ref": "main"}}}
    return Event("pull_request", payload, ref=f"refs/pull/{number}/merge")


def open_branch(world: Runner, branch: str) -> None:
    """A branch of the pushed repository with one harmless change, as a pull request would bring."""
    git(world.origin, "checkout", "-q", "-b", branch)
    (world.origin / "CHANGELOG.md").write_text((world.origin / "CHANGELOG.md").read_text() + f"\n- {branch}\n")
    git(world.origin, "commit", "-qam", branch)
    git(world.origin, "checkout", "-q", "main")


def test_j1_the_first_push_to_main_deploys_the_platform_in_preprod_then_prod(story):
    print("J1: first push to main → cd.yml, on a state bucket holding only the bootstrap's meta.yaml")
    results = story.play("cd", PUSH)
    for job in ("platform-preprod", "platform-prod"):
        assert results[job].result == "success", results[job].log
    assert {results[job].result for job in ("serving-preprod", "serving-prod")} == {"skipped"}
    objects = story.aws.state_objects()
    assert ".pulumi/meta.yaml" in objects
    project = f"{PROJECT}-platform"
    assert {f".pulumi/stacks/{project}/preprod.json", f".pulumi/stacks/{project}/prod.json"} <= set(objects)
    sagemaker = story.aws.admin(ENVIRONMENTS["preprod"].account_id, "sagemaker")
    assert sagemaker.describe_pipeline(PipelineName=PIPELINE_NAME)["PipelineStatus"] == "Active"


def test_j2_the_first_pull_request_previews_both_stacks_before_any_model_was_released(story):
    print("J2: the first pull request, no model released yet → ci.yml preview job")
    open_branch(story, "first-change")
    results = story.play("ci", pull_request(1, "first-change"), jobs=["preview"], assume=CHECKS_PASSED)
    preview = results["preview"]
    assert preview.result == "success", preview.log
    assert preview.step("Preview the serving stack").outcome == "skipped"
    assert "No serving stack in preprod yet" in preview.summary
    [comment] = story.github.records.comments
    assert comment["issue"] == 1 and "preprod (infra/platform)" in comment["body"]
    assert all(f"0 to {change}" in comment["body"] for change in ("create", "update", "delete"))  # nothing changed


def test_j3_training_by_hand_registers_one_package_for_approval(story):
    print("J3: ct.yml by hand → one pipeline execution → a package waiting for approval")
    results = story.play("ct", Event("workflow_dispatch", {"inputs": {}}))
    train = results["train"]
    assert train.result == "success", train.log
    assert "### Training run: registered" in train.summary
    sagemaker = story.aws.admin(PREPROD.account_id, "sagemaker")
    assert len(sagemaker.list_pipeline_executions(PipelineName=PIPELINE_NAME)["PipelineExecutionSummaries"]) == 1
    [package] = sagemaker.list_model_packages(ModelPackageGroupName=MODEL_PACKAGE_GROUP)["ModelPackageSummaryList"]
    assert package["ModelApprovalStatus"] == "PendingManualApproval"


def approve_and_dispatch(story, version: int) -> dict:
    """A reviewer approves the package in the registry; EventBridge turns SageMaker's event into the dispatch."""
    sagemaker = story.aws.admin(PREPROD.account_id, "sagemaker")
    sagemaker.update_model_package(ModelPackageArn=PREPROD.model_package_arn(version), ModelApprovalStatus="Approved")
    event = samples.model_package_event("Approved", version=version)
    return events.dispatch_body(story.deployed("platform", "preprod"), event)


def served_package(story, env_name: str) -> str:
    sagemaker = story.aws.admin(ENVIRONMENTS[env_name].account_id, "sagemaker")
    endpoint = sagemaker.describe_endpoint(EndpointName=ENVIRONMENTS[env_name].endpoint_name)
    config = sagemaker.describe_endpoint_config(EndpointConfigName=endpoint["EndpointConfigName"])
    model = sagemaker.describe_model(ModelName=config["ProductionVariants"][0]["ModelName"])
    return model["Containers"][0]["ModelPackageName"]


def test_j4_an_approval_is_released_to_preprod_then_prod(story):
    print("J4: approval → repository_dispatch → cd.yml serving-preprod → verify → smoke → load → serving-prod")
    body = approve_and_dispatch(story, version=1)
    assert body == {"event_type": "model-approved", "client_payload": {"model_package_arn": PACKAGE_1}}
    results = story.play("cd", Event("repository_dispatch", {"action": body["event_type"], **body}))
    for job in ("serving-preprod", "serving-prod"):
        assert results[job].result == "success", results[job].log
    assert {served_package(story, env) for env in ENVIRONMENTS} == {PACKAGE_1}
    assert story.github.records.statuses("preprod") == ["success"]
    assert story.github.records.statuses("prod") == ["success"]


def train_and_approve(story) -> tuple[str, dict]:
    """ct.yml by hand, then a reviewer's approval: the new package's ARN and the dispatch it sends."""
    assert story.play("ct", Event("workflow_dispatch", {"inputs": {}}))["train"].result == "success"
    sagemaker = story.aws.admin(PREPROD.account_id, "sagemaker")
    listed = sagemaker.list_model_packages(ModelPackageGroupName=MODEL_PACKAGE_GROUP)["ModelPackageSummaryList"]
    version = max(int(package["ModelPackageArn"].rsplit("/", 1)[1]) for package in listed)
    return PREPROD.model_package_arn(version), approve_and_dispatch(story, version)


def dispatch(story, body: dict) -> dict:
    return story.play("cd", Event("repository_dispatch", {"action": body["event_type"], **body}))


def serving_outputs(story, env_name: str) -> dict:
    return story.deployed("serving", env_name).outputs


def rollback(story, env_name: str, target: str) -> dict:
    inputs = {"environment": env_name, "target": target}
    return story.play("rollback", Event("workflow_dispatch", {"inputs": inputs}, inputs=inputs))


def test_j5_a_failed_release_rolls_back_and_rollback_yml_walks_back(story):
    print("J5: a release whose container fails → automatic rollback → verify")
    broken, body = train_and_approve(story)
    sagemaker_behaviour.BROKEN.add(broken)
    preprod = dispatch(story, body)["serving-preprod"]
    assert preprod.result == "failure"
    assert preprod.step("Smoke test").outcome == "failure"
    assert preprod.step("Roll back to the package served before this release").outcome == "success"
    assert preprod.step("Verify the rollback").outcome == "success"
    assert served_package(story, "preprod") == PACKAGE_1 == serving_outputs(story, "preprod")["modelPackageArn"]
    assert served_package(story, "prod") == PACKAGE_1  # prod never saw the failed release
    assert story.github.records.statuses("preprod") == ["success", "failure"]

    print("J5: the reviewer rejects the broken package; a good one is released to both environments")
    story.aws.admin(PREPROD.account_id, "sagemaker").update_model_package(
        ModelPackageArn=broken, ModelApprovalStatus="Rejected", ApprovalDescription="fails on start"
    )
    good, body = train_and_approve(story)
    assert {job.result for name, job in dispatch(story, body).items() if name.startswith("serving")} == {"success"}
    assert {served_package(story, env) for env in ENVIRONMENTS} == {good}

    print("J5: rollback.yml previous → the newest approved package older than the served one")
    assert rollback(story, "preprod", "previous")["rollback-preprod"].result == "success"
    assert served_package(story, "preprod") == PACKAGE_1 == serving_outputs(story, "preprod")["modelPackageArn"]
    assert serving_outputs(story, "preprod")["previousModelPackageArn"] == good
    print("J5: rollback.yml previous again → nothing older than version 1: refused")
    again = rollback(story, "preprod", "previous")["rollback-preprod"]
    assert again.result == "failure" and "No approved package is older than the served version 1" in again.log
    assert served_package(story, "preprod") == PACKAGE_1
    print("J5: rollback.yml with a version number, in prod")
    assert rollback(story, "prod", "1")["rollback-prod"].result == "success"
    assert served_package(story, "prod") == PACKAGE_1 == serving_outputs(story, "prod")["modelPackageArn"]
    assert rollback(story, "preprod", good.rsplit("/", 1)[1])["rollback-preprod"].result == "success"
    assert served_package(story, "preprod") == good


@pytest.mark.parametrize(
    ("value", "sentence"),
    [
        (ENVIRONMENTS["preprod"].model_package_arn(1).replace(PREPROD.account_id, "999999999999"),
         "packages come only from the registry in account"),
        (ENVIRONMENTS["preprod"].model_package_arn(1).replace(REGION, "us-east-1"),
         "packages come only from the registry in account"),
        (ENVIRONMENTS["preprod"].model_package_arn(2), "is Rejected, not Approved"),
        (ENVIRONMENTS["preprod"].model_package_arn(1) + "\nmodel_package_arn=attacker", "is malformed"),
        ("$(touch /tmp/journeys-pwned); latest", "is not valid"),
    ],
)  # fmt: skip
def test_j6_a_hostile_dispatch_is_refused_before_anything_deploys(story, value, sentence):
    print(f"J6: repository_dispatch carrying {value!r}")
    before = {env: served_package(story, env) for env in ENVIRONMENTS}
    results = dispatch(story, {"event_type": "model-approved", "client_payload": {"model_package_arn": value}})
    preprod = results["serving-preprod"]
    assert preprod.result == "failure" and sentence in preprod.log
    assert preprod.step("Release the package to the serving stack").outcome == "skipped"
    assert results["serving-prod"].result == "skipped"
    assert {env: served_package(story, env) for env in ENVIRONMENTS} == before
    assert not Path("/tmp/journeys-pwned").exists()
