"""The journeys from first push to rollback, in order, in one world: each prints its steps as it plays them."""

from {{ cookiecutter.package_name }}.environments import (
    ENVIRONMENTS,
    GITHUB_REPOSITORY,
    MODEL_PACKAGE_GROUP,
    PIPELINE_NAME,
    PROJECT,
)

from .harness import events, samples
from .harness.player import JobResult
from .harness.workflow import Event
from .harness.world import git

PREPROD = ENVIRONMENTS["preprod"]
PACKAGE_1 = PREPROD.model_package_arn(1)

PUSH = Event("push", {"ref": "refs/heads/main"})
# The checks job runs `make lint test definition policy`, which `make check` runs on a fresh render in the kit's
# tests; replaying it here would replay these journeys inside themselves.
CHECKS_PASSED = {"checks": JobResult("checks", "success")}


def pull_request(number: int, branch: str) -> Event:
    head = {"ref": branch, "repo": {"full_name": GITHUB_REPOSITORY}}
    payload = {"number": number, "pull_request": {"number": number, "head": head, "base": {"ref": "main"}}}
    return Event("pull_request", payload, ref=f"refs/pull/{number}/merge")


def test_j1_the_first_push_to_main_deploys_the_platform_in_preprod_then_prod(story):
    print("J1: first push to main → cd.yml, on an empty state bucket")
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
    git(story.origin, "checkout", "-q", "-b", "first-change")
    (story.origin / "CHANGELOG.md").write_text((story.origin / "CHANGELOG.md").read_text() + "\n- first change\n")
    git(story.origin, "commit", "-qam", "first change")
    git(story.origin, "checkout", "-q", "main")
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
