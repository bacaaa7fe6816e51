import pytest
from botocore.stub import Stubber

from {{ cookiecutter.package_name }} import cli
from {{ cookiecutter.package_name }}.ops.aws import OpsError, client
from {{ cookiecutter.package_name }}.ops.registry import (
    APPROVED,
    GROUP_ARN,
    PENDING,
    REGISTRY,
    REJECTED,
    approved_packages,
    parse_arn,
    set_status,
)
from {{ cookiecutter.package_name }}.ops.targets import resolve

from .conftest import register_packages


def test_only_approved_packages_are_listed_oldest_first(sagemaker):
    arns = register_packages(sagemaker, [APPROVED, REJECTED, PENDING, APPROVED])
    assert [package.arn for package in approved_packages(sagemaker)] == [arns[0], arns[3]]


def test_latest_previous_and_numbered_targets_resolve_among_approved_packages(sagemaker):
    arns = register_packages(sagemaker, [APPROVED, APPROVED, REJECTED, APPROVED])
    assert resolve(sagemaker, "latest").arn == arns[3]
    assert resolve(sagemaker, "previous", current_arn=arns[3]).arn == arns[1]
    assert resolve(sagemaker, "2").arn == arns[1]
    assert resolve(sagemaker, arns[0]).version == 1


def test_no_approved_package_is_a_clear_error(sagemaker):
    register_packages(sagemaker, [PENDING, REJECTED])
    with pytest.raises(OpsError, match="has no approved package"):
        resolve(sagemaker, "latest")


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("3", "version 3 is Rejected, not Approved"),
        ("9", r"version 9 \(.*/9\) does not exist"),
        ("newest", "Target 'newest' is not valid"),
    ],
)
def test_a_missing_or_unapproved_target_is_refused(sagemaker, target, message):
    register_packages(sagemaker, [APPROVED, APPROVED, REJECTED])
    with pytest.raises(OpsError, match=message):
        resolve(sagemaker, target)


def test_previous_needs_an_older_approved_version(sagemaker):
    arns = register_packages(sagemaker, [REJECTED, APPROVED])
    with pytest.raises(OpsError, match="No approved package is older than the served version 2"):
        resolve(sagemaker, "previous", current_arn=arns[1])


def test_a_rejected_arn_is_refused(sagemaker):
    arns = register_packages(sagemaker, [REJECTED])
    with pytest.raises(OpsError, match="version 1 is Rejected, not Approved"):
        resolve(sagemaker, arns[0])


def test_malformed_and_foreign_arns_are_refused(sagemaker):
    with pytest.raises(OpsError, match="is malformed"):
        parse_arn("arn:aws:sagemaker:eu-west-1:123:model-package/x")
    foreign = "arn:aws:sagemaker:eu-west-1:111111111111:model-package/someone-else/1"
    with pytest.raises(OpsError, match="belongs to group 'someone-else'"):
        resolve(sagemaker, foreign)


def test_approve_and_reject_record_the_decision(sagemaker):
    arns = register_packages(sagemaker, [PENDING, PENDING])
    set_status(sagemaker, arns[0], APPROVED, "AUC 0.91 beats version 0")
    set_status(sagemaker, arns[1], REJECTED, "drifted features")
    described = sagemaker.describe_model_package(ModelPackageName=arns[0])
    assert (described["ModelApprovalStatus"], described["ApprovalDescription"]) == (
        APPROVED,
        "AUC 0.91 beats version 0",
    )
    assert [package.version for package in approved_packages(sagemaker)] == [1]
    with pytest.raises(OpsError, match="note for approved version 1 is empty"):
        set_status(sagemaker, arns[0], APPROVED, "  ")


def test_resolve_command_prints_the_package_and_its_lineage_as_outputs(sagemaker, capsys):
    arns = register_packages(sagemaker, [APPROVED])
    assert cli.main(["ops", "resolve", "latest"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert f"model_package_arn={arns[0]}" in lines
    assert "pipeline_execution_arn=execution-1" in lines
    assert "model_package_version=1" in lines
    assert "source_commit=abc123" in lines


def test_commands_report_a_bad_target_in_one_line_and_fail(sagemaker, capsys):
    register_packages(sagemaker, [PENDING])
    assert cli.main(["ops", "resolve", "latest"]) == 1
    error = capsys.readouterr().err
    assert error.startswith("error: Model package group") and "has no approved package" in error
    assert error.strip().count("\n") == 0


def test_every_page_of_the_registry_is_read(aws):
    sagemaker = client("sagemaker")
    stubber = Stubber(sagemaker)
    request = {"ModelPackageGroupName": GROUP_ARN, "ModelApprovalStatus": APPROVED, "MaxResults": 100}
    for page, (versions, token) in enumerate((([1, 2], "next"), ([3], None))):
        summaries = [
            {
                "ModelPackageArn": REGISTRY.model_package_arn(version),
                "ModelPackageStatus": "Completed",
                "ModelApprovalStatus": APPROVED,
                "CreationTime": "2026-01-01T00:00:00Z",
            }
            for version in versions
        ]
        response = {"ModelPackageSummaryList": summaries, **({"NextToken": token} if token else {})}
        stubber.add_response("list_model_packages", response, {**request, **({"NextToken": "next"} if page else {})})
    with stubber:
        assert resolve(sagemaker, "latest").version == 3


def test_a_registry_that_cannot_be_read_is_not_reported_as_a_missing_version(aws):
    sagemaker = client("sagemaker")
    stubber = Stubber(sagemaker)
    stubber.add_client_error("describe_model_package", "AccessDeniedException", "not authorized")
    with stubber, pytest.raises(OpsError, match=r"Model package version 4 .* cannot be read: .*not authorized"):
        resolve(sagemaker, "4")
