"""Releases and rollbacks through the serving stack, with a recording fake of the Pulumi CLI.

Each test starts like a CI job: a fresh checkout whose stack config names no package, and a state backend whose
outputs say what is deployed.
"""

import pytest

from {{ cookiecutter.package_name }} import cli
from {{ cookiecutter.package_name }}.ops.aws import OpsError
from {{ cookiecutter.package_name }}.ops.release import release, rollback, verify
from {{ cookiecutter.package_name }}.ops.stack import SECRETS_PROVIDER, PulumiStack

from .conftest import register_packages


def deployed(pulumi, package_arn=None, previous_arn=None) -> None:
    pulumi.update(outputs={"modelPackageArn": package_arn, "previousModelPackageArn": previous_arn})


def ups(pulumi) -> int:
    return sum(call[0] == "up" for call in pulumi.state()["calls"])


def test_a_release_records_what_the_stack_served_before(sagemaker, pulumi):
    arns = register_packages(sagemaker, ["Approved", "Approved"])
    deployed(pulumi, arns[0])
    assert release(sagemaker, PulumiStack("serving", "prod"), "latest").arn == arns[1]
    state = pulumi.state()
    assert state["outputs"] == {"modelPackageArn": arns[1], "previousModelPackageArn": arns[0]}
    assert ["stack", "select", "--create", "prod", "--secrets-provider", SECRETS_PROVIDER] in state["calls"]
    assert state["calls"][-1] == ["up", "--yes", "--skip-preview", "--stack", "prod"]


def test_releasing_the_served_package_again_keeps_the_recorded_previous(sagemaker, pulumi):
    arns = register_packages(sagemaker, ["Approved", "Approved"])
    deployed(pulumi, arns[1], arns[0])
    release(sagemaker, PulumiStack("serving", "prod"), arns[1])
    assert pulumi.state()["outputs"] == {"modelPackageArn": arns[1], "previousModelPackageArn": arns[0]}


def test_an_unapproved_package_is_never_applied(sagemaker, pulumi):
    arns = register_packages(sagemaker, ["Rejected"])
    with pytest.raises(OpsError, match="is Rejected, not Approved"):
        release(sagemaker, PulumiStack("serving", "preprod"), arns[0])
    assert ups(pulumi) == 0


def test_rollback_to_previous_walks_back_one_approved_version(sagemaker, pulumi):
    arns = register_packages(sagemaker, ["Approved", "Rejected", "Approved"])
    deployed(pulumi, arns[2], arns[0])
    package = rollback(sagemaker, PulumiStack("serving", "prod"), "previous")
    assert package is not None and package.version == 1
    assert pulumi.state()["outputs"] == {"modelPackageArn": arns[0], "previousModelPackageArn": arns[2]}


def test_rollback_undoes_a_failed_release_only_if_the_release_got_that_far(sagemaker, pulumi):
    arns = register_packages(sagemaker, ["Approved", "Approved"])
    deployed(pulumi, arns[0], arns[1])
    assert rollback(sagemaker, PulumiStack("serving", "prod"), "recorded", only_from=arns[1]) is None
    assert ups(pulumi) == 0
    deployed(pulumi, arns[1], arns[0])
    package = rollback(sagemaker, PulumiStack("serving", "prod"), "recorded", only_from=arns[1])
    assert package is not None and package.arn == arns[0]


@pytest.mark.parametrize(
    ("served", "target", "message"),
    [
        (None, "recorded", "records no previous package: this was its first release"),
        (None, "previous", "needs the package the stack serves now"),
        (None, "latest", "Rollback target 'latest' is not valid"),
        (0, "previous", "No approved package is older than the served version 1"),
        (0, "2", "version 2 is Rejected"),
        (0, "7", "version 7 .* does not exist"),
    ],
)
def test_a_rollback_target_that_is_missing_or_not_approved_is_refused(sagemaker, pulumi, served, target, message):
    arns = register_packages(sagemaker, ["Approved", "Rejected"])
    deployed(pulumi, None if served is None else arns[served])
    with pytest.raises(OpsError, match=message):
        rollback(sagemaker, PulumiStack("serving", "preprod"), target)
    assert ups(pulumi) == 0


def test_a_failed_update_fails_the_release_with_pulumis_reason(sagemaker, pulumi):
    arns = register_packages(sagemaker, ["Approved"])
    pulumi.update(fail_up=True)
    with pytest.raises(OpsError, match="pulumi up failed for serving/preprod"):
        release(sagemaker, PulumiStack("serving", "preprod"), arns[0])


def test_verify_needs_the_stack_outputs(sagemaker, pulumi):
    with pytest.raises(OpsError, match="has no output 'endpointConfigName': has it been deployed"):
        verify(sagemaker, PulumiStack("serving", "preprod"))


@pytest.mark.parametrize("command", ["preview", "up"])
def test_previews_and_updates_of_serving_keep_the_deployed_package(sagemaker, pulumi, command):
    arns = register_packages(sagemaker, ["Approved", "Approved"])
    deployed(pulumi, arns[1], arns[0])
    assert cli.main(["ops", command, "--project", "serving", "--env", "prod"]) == 0
    state = pulumi.state()
    assert state["config"] == {"modelPackageArn": arns[1], "previousModelPackageArn": arns[0]}
    assert state["calls"][-1][0] == command
    selects = any(call[:2] == ["stack", "select"] for call in state["calls"])
    assert selects == (command == "up"), "an update creates its stack on first use; a preview never does"


def test_release_command_prints_outputs_and_rollback_command_reports_errors(sagemaker, pulumi, capsys):
    arns = register_packages(sagemaker, ["Approved"])
    assert cli.main(["ops", "release", "--env", "preprod", "--target", "1"]) == 0
    assert f"model_package_arn={arns[0]}" in capsys.readouterr().out
    assert cli.main(["ops", "rollback", "--env", "preprod", "--target", "recorded"]) == 1
    assert "error: Serving stack preprod records no previous package" in capsys.readouterr().err


def test_an_unknown_pulumi_project_or_missing_cli_is_a_clear_error(monkeypatch):
    with pytest.raises(OpsError, match="Pulumi project 'network' is unknown"):
        PulumiStack("network", "preprod")
    monkeypatch.setenv("PULUMI", "/nonexistent/pulumi")
    with pytest.raises(OpsError, match="is not installed"):
        PulumiStack("serving", "preprod").select()
