"""The pipeline definition, built by the SageMaker SDK with the network blocked."""

import json
from typing import Any

import pytest

from {{ cookiecutter.package_name }} import cli, environments
from {{ cookiecutter.package_name }}.models import FRAMEWORK_VERSION
from {{ cookiecutter.package_name }}.pipeline import code, quality

PREPROD, PROD = environments.environment("preprod"), environments.environment("prod")


def steps_by_name(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found = {}
    for step in document["Steps"]:
        found[step["Name"]] = step
        for branch in ("IfSteps", "ElseSteps"):
            found.update({inner["Name"]: inner for inner in step.get("Arguments", {}).get(branch, [])})
    return found


def test_steps_run_in_pipeline_order_with_the_gate_branching(preprod):
    names = [step["Name"] for step in preprod["Steps"]]
    assert names == ["Manifest", "Preprocess", "Train", "Evaluate", "CheckQuality"]
    gate = steps_by_name(preprod)["CheckQuality"]["Arguments"]
    assert [step["Name"] for step in gate["IfSteps"]] == ["Register"]
    assert [step["Name"] for step in gate["ElseSteps"]] == ["QualityTooLow"]
    train = steps_by_name(preprod)["Train"]["Arguments"]
    assert train["InputDataConfig"][0]["DataSource"]["S3DataSource"]["S3Uri"] == {
        "Get": "Steps.Preprocess.ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri"
    }


def test_runtime_settings_are_pipeline_parameters(preprod):
    parameters = {parameter["Name"]: parameter for parameter in preprod["Parameters"]}
    assert set(parameters) == {"InputDataUri", "ProcessingInstanceType", "TrainingInstanceType", "QualityThreshold"}
    assert parameters["QualityThreshold"] == {
        "Name": "QualityThreshold",
        "Type": "Float",
        "DefaultValue": quality.DEFAULT_QUALITY_THRESHOLD,
    }
    assert parameters["InputDataUri"]["DefaultValue"].startswith(f"s3://{PREPROD.artifacts_bucket}/")


def test_the_condition_compares_the_evaluated_metric_with_the_threshold(preprod):
    (condition,) = steps_by_name(preprod)["CheckQuality"]["Arguments"]["Conditions"]
    assert condition["Type"] == "GreaterThanOrEqualTo"
    assert condition["LeftValue"]["Std:JsonGet"]["Path"] == quality.METRIC_JSON_PATH
    assert condition["LeftValue"]["Std:JsonGet"]["PropertyFile"] == {
        "Get": "Steps.Evaluate.PropertyFiles.EvaluationReport"
    }
    assert condition["RightValue"] == {"Get": "Parameters.QualityThreshold"}
    (report,) = steps_by_name(preprod)["Evaluate"]["PropertyFiles"]
    assert report == {"PropertyFileName": "EvaluationReport", "OutputName": "evaluation", "FilePath": "evaluation.json"}


def test_a_good_model_is_registered_for_manual_approval_with_its_metrics(preprod):
    register = steps_by_name(preprod)["Register"]["Arguments"]
    assert register["ModelPackageGroupName"] == environments.MODEL_PACKAGE_GROUP
    assert register["ModelApprovalStatus"] == "PendingManualApproval"
    statistics = register["ModelMetrics"]["ModelQuality"]["Statistics"]
    assert statistics["S3Uri"]["Std:Join"]["Values"][-1] == "evaluation.json"
    (container,) = register["InferenceSpecification"]["Containers"]
    assert container["ModelDataUrl"] == {"Get": "Steps.Train.ModelArtifacts.S3ModelArtifacts"}
    assert container["Environment"]["SAGEMAKER_SUBMIT_DIRECTORY"] == "/opt/ml/model/code"
    lineage = register["CustomerMetadataProperties"]
    assert lineage["pipeline_execution_arn"] == {"Get": "Execution.PipelineExecutionArn"}
    manifest = {"Get": "Steps.Manifest.PropertyFiles.DataManifest"}
    assert lineage["data_manifest_sha256"] == {"Std:JsonGet": {"Path": "sha256", "PropertyFile": manifest}}


def test_preprocess_is_keyed_on_the_manifest_which_is_listed_on_every_run(preprod):
    steps = steps_by_name(preprod)
    assert "CacheConfig" not in steps["Manifest"] and steps["Preprocess"]["CacheConfig"]["Enabled"] is True
    assert steps["Manifest"]["Arguments"]["AppSpecification"]["ContainerArguments"] == ["--manifest-only"]
    for name in ("Manifest", "Preprocess"):
        inputs = {item["InputName"]: item["S3Input"]["S3Uri"] for item in steps[name]["Arguments"]["ProcessingInputs"]}
        assert inputs["data"] == {"Get": "Parameters.InputDataUri"}
    flag, digest = steps["Preprocess"]["Arguments"]["AppSpecification"]["ContainerArguments"]
    assert (flag, digest["Std:JsonGet"]["Path"]) == ("--expected-manifest", "sha256")


def test_a_weak_model_fails_with_the_metric_and_threshold_named(preprod):
    message = steps_by_name(preprod)["QualityTooLow"]["Arguments"]["ErrorMessage"]["Std:Join"]["Values"]
    assert quality.QUALITY_METRIC in message[0]
    assert message[1]["Std:JsonGet"]["Path"] == quality.METRIC_JSON_PATH
    assert message[-1] == {"Get": "Parameters.QualityThreshold"}


def test_every_step_runs_the_pinned_framework_container(preprod):
    steps = steps_by_name(preprod)
    jobs = ("Manifest", "Preprocess", "Evaluate")
    images = [steps[name]["Arguments"]["AppSpecification"]["ImageUri"] for name in jobs]
    images.append(steps["Train"]["Arguments"]["AlgorithmSpecification"]["TrainingImage"])
    images.append(steps["Register"]["Arguments"]["InferenceSpecification"]["Containers"][0]["Image"])
    assert len(set(images)) == 1
    assert images[0].endswith(f":{FRAMEWORK_VERSION}") or f":{FRAMEWORK_VERSION}-" in images[0]
    assert f".dkr.ecr.{environments.REGION}.amazonaws.com/" in images[0]


def test_steps_use_the_uploaded_code_and_the_environment_role_and_key(preprod):
    uris = {obj.local_path.name: obj.s3_uri for obj in code.step_code(PREPROD)}
    steps = steps_by_name(preprod)
    for name, script in (("Manifest", "preprocess.py"), ("Preprocess", "preprocess.py"), ("Evaluate", "evaluate.py")):
        inputs = {item["InputName"]: item["S3Input"]["S3Uri"] for item in steps[name]["Arguments"]["ProcessingInputs"]}
        assert inputs["code"] == uris[script]
        assert steps[name]["Arguments"]["ProcessingOutputConfig"]["KmsKeyId"].endswith(PREPROD.kms_alias)
        assert steps[name]["Arguments"]["NetworkConfig"]["EnableNetworkIsolation"] is True
    hyperparameters = steps["Train"]["Arguments"]["HyperParameters"]
    assert json.loads(hyperparameters["sagemaker_submit_directory"]) == uris["train.tar.gz"]
    assert steps["Train"]["Arguments"]["OutputDataConfig"]["KmsKeyId"].endswith(PREPROD.kms_alias)
    for name in ("Preprocess", "Train", "Evaluate"):
        assert steps[name]["Arguments"]["RoleArn"] == PREPROD.execution_role_arn
        assert steps[name]["CacheConfig"] == {"Enabled": True, "ExpireAfter": "P30D"}
        assert {kind for policy in steps[name]["RetryPolicies"] for kind in policy["ExceptionType"]} >= {
            "Step.THROTTLING",
            "SageMaker.CAPACITY_ERROR",
        }


def test_a_changed_threshold_and_spot_training_show_up_in_the_definition(build):
    document = build(PREPROD, quality_threshold=0.9, spot_training=True)
    threshold = next(p for p in document["Parameters"] if p["Name"] == "QualityThreshold")
    assert threshold["DefaultValue"] == 0.9
    train = steps_by_name(document)["Train"]["Arguments"]
    assert train["EnableManagedSpotTraining"] is True
    assert train["StoppingCondition"]["MaxWaitTimeInSeconds"] >= train["StoppingCondition"]["MaxRuntimeInSeconds"]


def test_an_impossible_threshold_is_refused(build):
    with pytest.raises(ValueError, match=r"Quality threshold 1\.2 is invalid"):
        build(PREPROD, quality_threshold=1.2)


def test_each_environment_gets_its_own_names(build, preprod):
    prod = build(PROD)
    assert steps_by_name(prod)["Train"]["Arguments"]["RoleArn"] == PROD.execution_role_arn
    assert PROD.artifacts_bucket in json.dumps(prod) and PREPROD.artifacts_bucket not in json.dumps(prod)
    assert steps_by_name(preprod)["Train"]["Arguments"]["EnableManagedSpotTraining"] is False


def test_the_definition_command_writes_one_file_per_stack(build, tmp_path, capsys):
    assert cli.main(["pipeline", "definition", "--output-dir", str(tmp_path), "--quality-threshold", "0.8"]) == 0
    assert sorted(path.name for path in tmp_path.iterdir()) == ["pipeline-preprod.json", "pipeline-prod.json"]
    written = json.loads((tmp_path / "pipeline-prod.json").read_text())
    assert next(p for p in written["Parameters"] if p["Name"] == "QualityThreshold")["DefaultValue"] == 0.8
    assert "pipeline-preprod.json" in capsys.readouterr().out


def test_the_sdk_defaults_are_validated_once_and_a_bad_document_still_fails(preprod, monkeypatch):
    import inspect

    import jsonschema
    from sagemaker.core import common_utils
    from sagemaker.core.config.config_manager import SageMakerConfig

    # The fact validate_defaults_once relies on: each config lookup validates the whole document.
    assert "SageMakerConfig().validate_sagemaker_config(" in inspect.getsource(common_utils.get_sagemaker_config_value)
    checks = []
    monkeypatch.setattr(jsonschema, "validate", lambda *args, **kwargs: checks.append(args))
    document = {"SchemaVersion": "1.0", "SageMaker": {"PythonSDK": {"Modules": {"TelemetryOptOut": False}}}}
    for _ in range(3):
        SageMakerConfig().validate_sagemaker_config(document)
    assert len(checks) == 1
    monkeypatch.undo()
    with pytest.raises(jsonschema.ValidationError):
        SageMakerConfig().validate_sagemaker_config({"SchemaVersion": "2.0"})
