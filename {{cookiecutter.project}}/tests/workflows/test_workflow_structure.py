"""What each workflow runs on, what it may do, which gate guards it, and that it calls only what exists."""

import re
import shlex
import tomllib

import pytest

from {{ cookiecutter.package_name }} import cli
from {{ cookiecutter.package_name }}.ops import pulumi_cli

from .conftest import NAMES, PROJECT_DIR, load

SHA_PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
MAKE_TARGETS = set(re.findall(r"^([a-z][a-z-]*):", (PROJECT_DIR / "Makefile").read_text(), re.MULTILINE))
CLI = f".venv/bin/{cli.build_parser().prog}"
SUMMARY = '>> "$GITHUB_STEP_SUMMARY"'


def jobs():
    return [(name, job_id, job) for name in NAMES for job_id, job in load(name)["jobs"].items()]


def deploy_environment(job) -> str | None:
    """The environment whose deploy role the job assumes, if any."""
    for step in job["steps"]:
        role = step.get("with", {}).get("role-to-assume", "")
        if match := re.search(r"outputs\.(\w+)_deploy_role_arn", role):
            return match.group(1)
    return None


def stack_of(runs: str) -> str:
    """What a deploy job changes, which names its concurrency group: one group per stack, shared by all workflows."""
    if "make release" in runs or "make rollback" in runs:
        return "serving"
    if "make up" in runs:
        return "platform"
    assert "ops run-pipeline" in runs, f"unexpected deploy job: {runs}"
    return "training"


def test_triggers(workflows):
    assert set(workflows["ci"]["on"]) == {"pull_request"}
    assert workflows["cd"]["on"]["push"] == {"branches": ["main"]}
    assert workflows["cd"]["on"]["repository_dispatch"] == {"types": ["model-approved"]}
    # The platform stack's EventBridge schedule is the one schedule owner: a `schedule:` here would train twice a slot.
    assert set(workflows["ct"]["on"]) == {"repository_dispatch", "workflow_dispatch"}
    assert workflows["ct"]["on"]["repository_dispatch"] == {"types": ["data-arrived"]}
    assert "workflow_dispatch" in workflows["ct"]["on"] and "workflow_dispatch" in workflows["cd"]["on"]
    assert set(workflows["rollback"]["on"]) == {"workflow_dispatch"}
    inputs = workflows["rollback"]["on"]["workflow_dispatch"]["inputs"]
    assert inputs["environment"]["options"] == ["preprod", "prod"]


@pytest.mark.parametrize(("workflow", "job_id", "job"), jobs())
def test_every_job_has_least_permissions(workflow, job_id, job):
    assert load(workflow)["permissions"] == {}, "the workflow grants nothing by default"
    assert "permissions" in job, f"{workflow}/{job_id} must declare its permissions"
    assert set(job["permissions"].values()) <= {"read", "write"}
    assumes_role = any("role-to-assume" in step.get("with", {}) for step in job["steps"])
    assert (job["permissions"].get("id-token") == "write") == assumes_role, "OIDC tokens only where a role is assumed"


@pytest.mark.parametrize(("workflow", "job_id", "job"), jobs())
def test_deploy_jobs_declare_their_environment_and_one_concurrency_group_per_stack(workflow, job_id, job):
    target = deploy_environment(job)
    runs = " ".join(step.get("run", "") for step in job["steps"])
    if "ENV=prod" in runs or target == "prod":
        assert job.get("environment") == "prod", f"{workflow}/{job_id} touches prod without the prod Environment"
    if target:
        assert job["environment"] == target, "the deploy role trusts only its own Environment"
        assert job["concurrency"] == {"group": f"{stack_of(runs)}-{target}", "cancel-in-progress": False}


def test_the_prod_jobs_are_all_gated(workflows):
    prod_jobs = [(name, job_id) for name, job_id, job in jobs() if job.get("environment") == "prod"]
    assert prod_jobs == [("cd", "platform-prod"), ("cd", "serving-prod"), ("rollback", "rollback-prod")]


@pytest.mark.parametrize(("workflow", "job_id", "job"), jobs())
def test_actions_are_pinned_and_checkouts_keep_no_credentials(workflow, job_id, job):
    for step in job["steps"]:
        if "uses" in step:
            assert SHA_PINNED.match(step["uses"]), f"{step['uses']} is not pinned to a commit SHA"
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False


@pytest.mark.parametrize(("workflow", "job_id", "job"), jobs())
def test_every_run_calls_a_make_target_or_cli_command_that_exists(workflow, job_id, job):
    for step in [step for step in job["steps"] if "run" in step]:
        assert "${{ '{{' }}" not in step["run"], "expressions reach the shell only through env variables"
        words = shlex.split(step["run"].split(">>")[0])
        if words[0] == "make":
            targets = [word for word in words[1:] if "=" not in word]
            assert targets and set(targets) <= MAKE_TARGETS, f"{step['run']!r} calls an unknown target"
        elif words[0] == "echo":
            assert len(words) == 2 and step["run"].endswith(SUMMARY), f"{step['run']!r}: echo only notes the summary"
        else:
            assert words[0] == CLI, f"{step['run']!r} is neither a make target nor the project's CLI"
            cli.build_parser().parse_args(words[1:])  # exits on an unknown command or option


def test_the_pulumi_cli_matches_the_pinned_sdk_and_its_checked_archive(workflows):
    pins = tomllib.loads((PROJECT_DIR / "pyproject.toml").read_text())["project"]["optional-dependencies"]["infra"]
    sdk = next(pin.split("==")[1] for pin in pins if pin.startswith("pulumi=="))
    versions = {
        step["with"]["pulumi-version"]
        for _, _, job in jobs()
        for step in job["steps"]
        if step.get("uses", "").startswith("pulumi/actions@")
    }
    assert versions == {sdk} == {pulumi_cli.pin_for().version}


def test_jobs_that_mint_credentials_install_only_from_pins_before_they_hold_them(workflows):
    """The project from its hash-pinned lock (`make install`) and the CLI from its checked archive (`make
    pulumi-cli`), both before the credentials step; pulumi/actions then finds that CLI and downloads nothing."""
    for name, job_id, job in jobs():
        if job.get("permissions", {}).get("id-token") != "write":
            continue
        steps = [step.get("run") or step.get("uses", "").split("@")[0] for step in job["steps"]]
        credentials = steps.index("aws-actions/configure-aws-credentials")
        assert "make install" in steps[:credentials] or "make definition" in steps[:credentials], (name, job_id)
        if any(step.startswith("pulumi/actions") or step.startswith("make") for step in steps[credentials:]):
            assert "make pulumi-cli" in steps[:credentials], f"{name}.yml {job_id} drives Pulumi without its pin"


def test_pull_request_previews_skip_forks_and_post_the_diff(workflows):
    preview = workflows["ci"]["jobs"]["preview"]
    assert preview["if"] == "github.event.pull_request.head.repo.full_name == github.repository"
    stacks = [step["with"] for step in preview["steps"] if step.get("with", {}).get("command") == "preview"]
    assert [(s["work-dir"], s["stack-name"], s["comment-on-pr"]) for s in stacks] == [
        ("infra/platform", "preprod", True),
        ("infra/serving", "preprod", True),
    ]
    steps, names = preview["steps"], [step.get("name", "") for step in preview["steps"]]
    runs = [step.get("run", "") for step in steps]
    platform, serving = names.index("Preview the platform stack"), names.index("Preview the serving stack")
    assert runs.index("make definition") < platform, "the platform program deploys build/pipeline-preprod.json"
    sync = next(index for index, step in enumerate(steps) if step.get("id") == "serving")
    assert runs[sync] == f'{CLI} ops sync-config --env preprod >> "$GITHUB_OUTPUT"', "the preview keeps the model"
    exists = next(index for index, step in enumerate(steps) if step.get("id") == "platform")
    assert runs[exists] == f'{CLI} ops stack-exists --project platform --env preprod >> "$GITHUB_OUTPUT"'
    assert exists < platform < sync < serving
    assert steps[platform]["if"] == "steps.platform.outputs.stack_exists == 'true'", "no platform stack before main"
    assert steps[serving]["if"] == "steps.serving.outputs.stack_exists == 'true'", "no serving stack before a release"
    noted = [step for step in steps if step.get("run", "").endswith(SUMMARY)]
    assert [step["if"] for step in noted] == [f"steps.{name}.outputs.stack_exists != 'true'"
                                              for name in ("platform", "serving")]  # fmt: skip
    assert "No platform stack in preprod yet" in noted[0]["run"]
    assert "No serving stack in preprod yet" in noted[1]["run"]


@pytest.mark.parametrize("environment", ["preprod", "prod"])
def test_a_failed_release_rolls_back_and_fails(workflows, environment):
    steps = workflows["cd"]["jobs"][f"serving-{environment}"]["steps"]
    names = [step.get("run", "") for step in steps]
    assert names.index(f"make release ENV={environment}") < names.index(f"make verify ENV={environment}")
    rollback = next(step for step in steps if step.get("run") == f"make rollback ENV={environment}")
    assert rollback["if"] == "failure() && steps.release.outcome != 'skipped'"
    assert rollback["env"]["TARGET"] == "recorded"
