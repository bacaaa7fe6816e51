"""`ops preview`, `ops up` and `ops sync-config` against stacks that may not exist yet, with a fake Pulumi CLI.

A serving stack exists only once a first model was released, and a pull request's preview may not create one. The
platform's GitHub token comes from the preprod Environment's DISPATCH_TOKEN secret, never from a checkout.
"""

import pytest

from {{ cookiecutter.package_name }} import cli
from {{ cookiecutter.package_name }}.ops.release import Deployed, sync_config
from {{ cookiecutter.package_name }}.ops.stack import PulumiStack

SERVED = "arn:aws:sagemaker:{{ cookiecutter.aws_region }}:{{ cookiecutter.preprod_account_id }}:model-package/{{ cookiecutter.project }}/2"
TOKEN = "github_pat_from_the_environment"


def config_sets(pulumi) -> list[list[str]]:
    return [call for call in pulumi.state()["calls"] if call[:2] == ["config", "set"]]


def test_sync_config_of_a_missing_stack_serves_nothing_and_sets_no_config(pulumi):
    pulumi.update(no_stack=True, outputs={"modelPackageArn": SERVED})  # outputs a missing stack cannot have
    assert sync_config(PulumiStack("serving", "preprod")) == Deployed(None, None)
    state = pulumi.state()
    assert config_sets(pulumi) == [] and state["config"] == {}
    assert not any(call[:2] == ["stack", "output"] for call in state["calls"]), "no outputs read from no stack"


@pytest.mark.parametrize(("no_stack", "exists"), [(True, "false"), (False, "true")])
def test_sync_config_command_tells_the_workflow_whether_the_stack_exists(pulumi, capsys, no_stack, exists):
    pulumi.update(no_stack=no_stack, outputs={"modelPackageArn": SERVED, "previousModelPackageArn": None})
    assert cli.main(["ops", "sync-config", "--env", "preprod"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert f"stack_exists={exists}" in lines  # ci.yml previews the serving stack only when this is true
    assert f"model_package_arn={'' if no_stack else SERVED}" in lines
    assert bool(config_sets(pulumi)) == (not no_stack)


@pytest.mark.parametrize("project", ["platform", "serving"])
@pytest.mark.parametrize(("no_stack", "exists"), [(True, "false"), (False, "true")])
def test_stack_exists_tells_the_workflow_and_changes_nothing(pulumi, capsys, project, no_stack, exists):
    pulumi.update(no_stack=no_stack)
    assert cli.main(["ops", "stack-exists", "--project", project, "--env", "preprod"]) == 0
    assert capsys.readouterr().out.splitlines() == [f"stack_exists={exists}"]  # ci.yml previews only what exists
    assert config_sets(pulumi) == []


@pytest.mark.parametrize("project", ["platform", "serving"])
def test_a_preview_of_a_missing_stack_has_nothing_to_preview_and_succeeds(pulumi, capsys, project):
    pulumi.update(no_stack=True)
    assert cli.main(["ops", "preview", "--project", project, "--env", "preprod"]) == 0
    assert f"Stack {project}/preprod does not exist yet: nothing to preview." in capsys.readouterr().err
    assert pulumi.state()["calls"] == [["stack", "ls", "--json"]], "a preview neither creates nor previews a stack"


def test_a_preview_of_an_existing_platform_stack_runs_pulumi_preview(pulumi):
    assert cli.main(["ops", "preview", "--project", "platform", "--env", "preprod"]) == 0
    assert pulumi.state()["calls"][-1] == ["preview", "--stack", "preprod", "--diff"]


def test_platform_up_sets_the_dispatch_token_as_a_secret_through_stdin(pulumi, monkeypatch):
    monkeypatch.setenv("DISPATCH_TOKEN", TOKEN)
    assert cli.main(["ops", "up", "--project", "platform", "--env", "preprod"]) == 0
    state = pulumi.state()
    commands = [call[:2] for call in state["calls"]]
    assert config_sets(pulumi) == [["config", "set", "--secret", "githubToken", "--stack", "preprod"]]
    assert state["config"] == {"githubToken": TOKEN} and state["secrets"] == ["githubToken"]
    assert not any(TOKEN in arg for call in state["calls"] for arg in call), "the token never reaches the argv"
    assert commands.index(["stack", "select"]) < commands.index(["config", "set"]) < commands.index(["up", "--yes"])


def test_platform_up_without_the_dispatch_token_sets_no_config(pulumi, monkeypatch):
    monkeypatch.delenv("DISPATCH_TOKEN", raising=False)
    assert cli.main(["ops", "up", "--project", "platform", "--env", "preprod"]) == 0
    assert config_sets(pulumi) == []
    assert pulumi.state()["calls"][-1][0] == "up"  # the stack's own config decides: prod needs no token


def test_the_dispatch_token_goes_to_the_platform_stack_only(pulumi, monkeypatch):
    monkeypatch.setenv("DISPATCH_TOKEN", TOKEN)
    assert cli.main(["ops", "up", "--project", "serving", "--env", "preprod"]) == 0
    assert "githubToken" not in pulumi.state()["config"] and pulumi.state()["secrets"] == []
