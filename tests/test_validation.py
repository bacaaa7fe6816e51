"""Every validation rule, shown rejecting a bad answer through the real cookiecutter run, and passing good ones."""

import json
import subprocess
import sys

import pytest
from conftest import KIT
from cookiecutter.exceptions import FailedHookException
from derived import UNDERIVED
from validation import problems

DEFAULTS = json.loads((KIT / "cookiecutter.json").read_text())

# (answers, the words the one-sentence message must contain)
BAD_ANSWERS = [
    (
        {"project_name": 'Project "Phoenix"'},
        "Invalid project_name 'Project \"Phoenix\"': it must be a value that is one",
    ),
    ({"project_name": "   "}, "not only spaces"),
    ({"project_name": "x" * 51}, "at most 50 characters"),
    ({"project": "x"}, "Invalid project 'x': it must be a value that is at least 2 lowercase"),
    ({"project": "Churn"}, "Invalid project 'Churn'"),
    ({"project": "churn-"}, "not ending with a hyphen"),
    ({"project": "a-very-long-project-name-for-s3"}, "keeps the S3 bucket name"),
    ({"package_name": "Churn-Model"}, "Invalid package_name 'Churn-Model': it must be a value that is a lowercase"),
    ({"package_name": "json"}, "does not shadow a keyword, a standard-library module or a dependency"),
    ({"package_name": "sagemaker"}, "does not shadow"),
    ({"description": 'says "hi"'}, "Invalid description"),
    ({"author": ""}, "Invalid author ''"),
    ({"aws_region": "eu-west-9"}, "Invalid aws_region 'eu-west-9': it must be a value that is an AWS region"),
    ({"preprod_account_id": "123"}, "Invalid preprod_account_id '123': it must be a value that is an AWS account id"),
    ({"prod_account_id": "12345678901a"}, "Invalid prod_account_id '12345678901a'"),
    ({"github_owner": "-acme"}, "Invalid github_owner '-acme'"),
    ({"github_repo": "my repo"}, "Invalid github_repo 'my repo'"),
    ({"github_repo": "a-repository-name-that-makes-the-iam-role-too-long-x"}, "keeps the IAM role name"),
    ({"pulumi_backend_url": "file://~/.pulumi"}, "Invalid pulumi_backend_url 'file://~/.pulumi'"),
    ({"pulumi_secrets_kms_alias": "alias/aws/s3"}, "outside the reserved alias/aws/ prefix"),
    ({"preprod_instance_type": "m5.large"}, "Invalid preprod_instance_type 'm5.large'"),
    ({"prod_instance_type": "ml.m5.huge"}, "Invalid prod_instance_type 'ml.m5.huge'"),
    ({"prod_instance_type": "ml.g5.xlarge"}, "is a CPU instance type when model_framework is scikit-learn"),
    ({"ct_schedule": "0 3 * *"}, "it has 4 fields, not the 5"),
    ({"ct_schedule": "*/5 * * * *"}, "minute field must be a single number"),
    ({"ct_schedule": "0 3 1 * MON"}, "EventBridge cannot restrict both day-of-month and day-of-week"),
    ({"ct_schedule": "0 25 * * *"}, "its hour field has '25', outside 0-23"),
    ({"ct_schedule": "0 3 * JAN-XYZ *"}, "its month field has 'XYZ'"),
    ({"alarm_email": "oncall"}, "Invalid alarm_email 'oncall': it must be a value that is empty or an e-mail"),
]
GOOD_ANSWERS = [
    {},
    {"project_name": "2024 Détection de fraude (v2)!"},
    {"prod_account_id": DEFAULTS["preprod_account_id"]},
    {"model_framework": "xgboost", "prod_instance_type": "ml.g5.xlarge"},
    {"ct_schedule": "30 2 1,15 * *"},
    {"ct_schedule": "0 */6 * * MON-FRI"},
    {"alarm_email": "ml-oncall@example.com", "github_repo": "Churn.Model_2"},
]


def answers(**overrides: str) -> dict[str, str]:
    rendered = {
        "project": "customer-churn",
        "package_name": "customer_churn",
        "github_repo": "customer-churn",
        "pulumi_backend_url": "s3://acme-pulumi-state-111111111111",
    }
    base = {key: value[0] if isinstance(value, list) else value for key, value in DEFAULTS.items()}
    return {**{k: v for k, v in base.items() if not k.startswith("_")}, **rendered, **overrides}


@pytest.mark.parametrize("overrides", GOOD_ANSWERS, ids=str)
def test_good_answers_pass(overrides):
    assert problems(answers(**overrides)) == []


@pytest.mark.parametrize(("overrides", "message"), BAD_ANSWERS, ids=str)
def test_each_rule_names_the_question_the_value_and_the_rule(overrides, message):
    found = problems(answers(**overrides))
    assert len(found) == 1, found
    assert message in found[0]
    assert found[0].count(".") >= 1 and "\n" not in found[0]


@pytest.mark.parametrize(("overrides", "message"), BAD_ANSWERS, ids=str)
def test_cookiecutter_refuses_bad_answers_and_writes_nothing(render, tmp_path, capfd, overrides, message):
    with pytest.raises(FailedHookException):
        render(output_dir=tmp_path / "out", **overrides)
    assert message in capfd.readouterr().err
    assert list((tmp_path / "out").iterdir()) == []


def test_the_command_line_exits_non_zero_with_one_sentence(tmp_path):
    """The exact command of the kit's acceptance criteria: two bad answers, the first reported, nothing written."""
    command = [
        sys.executable,
        "-m",
        "cookiecutter",
        "--no-input",
        "-o",
        str(tmp_path),
        str(KIT),
        "project=x",
        "preprod_account_id=123",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert [line for line in result.stderr.splitlines() if line.startswith("Invalid ")] == [
        "Invalid project 'x': it must be a value that is at least 2 lowercase letters, digits and single hyphens, "
        "starting with a letter and not ending with a hyphen (it becomes part of DNS and S3 names)."
    ]
    assert list(tmp_path.iterdir()) == []


def test_a_name_without_a_slug_asks_for_project_in_one_sentence():
    """project_name yields no slug: project, package_name and github_repo all follow from the placeholder, and the
    one sentence asks for the answer to give, project."""
    derived = {"project": UNDERIVED, "package_name": UNDERIVED.replace("-", "_"), "github_repo": UNDERIVED}
    found = problems(answers(project_name="顧客離反", **derived))
    assert found == [
        f"Invalid project {UNDERIVED!r}: a slug could not be derived from project_name '顧客離反', which has no ASCII "
        "letter or digit even once accents are transliterated, so project must be given (for example "
        "project=customer-churn), as a value that is at least 2 lowercase letters, digits and single hyphens, "
        "starting with a letter and not ending with a hyphen (it becomes part of DNS and S3 names)."
    ]
    assert problems(answers(project_name='"', **derived))[0].startswith("Invalid project_name '\"'")


def test_every_accepted_region_is_a_sagemaker_region_known_to_botocore():
    import boto3
    from validation import REGIONS

    assert set(boto3.session.Session().get_available_regions("sagemaker")) >= REGIONS
