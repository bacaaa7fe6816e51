"""Every step's arguments in the form the SageMaker API documents (tests/pipeline/api_shapes.py), as deployed."""

import copy
import json
from typing import Any

import pytest
from api_shapes import KMS_FORMS, documented_kms_forms, documented_rules, service, step_violations

from {{ cookiecutter.package_name }} import environments
from {{ cookiecutter.package_name }}.pipeline import code

PREPROD = environments.environment("preprod")
ENDPOINT_TYPES = {env.instance_type for env in environments.ENVIRONMENTS.values()}
KEY_ARN = f"arn:aws:kms:{environments.REGION}:{PREPROD.account_id}:key/1234abcd-12ab-34cd-56ef-1234567890ab"


@pytest.fixture(scope="module")
def deployed(preprod) -> dict[str, Any]:
    """The definition as the platform stack deploys it, with its key's ARN."""
    return json.loads(code.with_volume_key(json.dumps(preprod), KEY_ARN))


def step(document: dict[str, Any], name: str) -> dict[str, Any]:
    return next(step for step in document["Steps"] if step["Name"] == name)


def test_the_deployed_definition_is_valid_for_every_call_it_becomes(deployed):
    assert step_violations(deployed) == []


def test_the_offline_alias_is_not_a_form_the_training_volume_key_accepts(preprod):
    assert step_violations(preprod) == [
        f"Train (CreateTrainingJob) .ResourceConfig.VolumeKmsKeyId: '{PREPROD.kms_alias_arn}' is not in a form its "
        "documentation accepts (key id, key ARN)"
    ]


def test_the_key_forms_are_read_from_each_fields_documentation():
    model = service()
    training = model.operation_model("CreateTrainingJob").input_shape.members
    assert documented_kms_forms(training["ResourceConfig"].members["VolumeKmsKeyId"]) == ["key id", "key ARN"]
    assert documented_kms_forms(training["OutputDataConfig"].members["KmsKeyId"]) == list(KMS_FORMS)
    assert KMS_FORMS["alias ARN"].fullmatch(PREPROD.kms_alias_arn) and KMS_FORMS["key ARN"].fullmatch(KEY_ARN)


PLANTS = {
    "an instance type SageMaker does not have": (
        lambda d: d["Parameters"].__setitem__(1, {**d["Parameters"][1], "DefaultValue": "ml.m5.huge"}),
        "'ml.m5.huge' is not one of the",
    ),
    "a member the API does not have": (
        lambda d: step(d, "Evaluate")["Arguments"].__setitem__("Retries", 3),
        "ProcessingJobRequest has no such member",
    ),
    "an environment variable name the API refuses": (
        lambda d: step(d, "Train")["Arguments"]["Environment"].__setitem__("PIP-NO-INDEX", "1"),
        "does not match",
    ),
    "a value longer than the API takes": (
        lambda d: step(d, "Train")["Arguments"]["Environment"].__setitem__("PIP_NO_INDEX", "1" * 600),
        "length 600 is outside",
    ),
    "a missing required member": (
        lambda d: step(d, "Manifest")["Arguments"].pop("RoleArn"),
        "RoleArn: required by",
    ),
}


@pytest.mark.parametrize("plant, message", PLANTS.values(), ids=PLANTS.keys())
def test_a_planted_bad_value_is_named(deployed, plant, message):
    document = copy.deepcopy(deployed)
    plant(document)
    problems = step_violations(document)
    assert problems and all(message in problem for problem in problems), problems


def test_the_documented_rules_hold_with_and_without_spot_training(deployed, build):
    assert documented_rules(deployed, ENDPOINT_TYPES) == []
    assert documented_rules(build(PREPROD, spot_training=True), ENDPOINT_TYPES) == []


RULE_PLANTS = {
    "local storage with a volume key": (
        lambda d: d["Parameters"].__setitem__(2, {**d["Parameters"][2], "DefaultValue": "ml.m5d.xlarge"}),
        "ml.m5d.xlarge has local storage",
    ),
    "spot training without checkpoints": (
        lambda d: step(d, "Train")["Arguments"].update(EnableManagedSpotTraining=True),
        "without a CheckpointConfig",
    ),
    "a package that does not list prod's instance type": (
        lambda d: step(d, "CheckQuality")["Arguments"]["IfSteps"][0]["Arguments"]["InferenceSpecification"].update(
            SupportedRealtimeInferenceInstanceTypes=[]
        ),
        "its endpoints use",
    ),
}


@pytest.mark.parametrize("plant, message", RULE_PLANTS.values(), ids=RULE_PLANTS.keys())
def test_a_planted_break_of_a_documented_rule_is_named(deployed, plant, message):
    document = copy.deepcopy(deployed)
    plant(document)
    problems = documented_rules(document, ENDPOINT_TYPES)
    assert any(message in problem for problem in problems), problems
