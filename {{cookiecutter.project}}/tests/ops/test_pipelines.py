"""Training runs: moto starts executions; Stubber plays the step listings moto lacks (list_pipeline_execution_steps)."""

import json

import pytest
from botocore.stub import ANY, Stubber

from {{ cookiecutter.package_name }} import cli
from {{ cookiecutter.package_name }}.environments import PIPELINE_NAME
from {{ cookiecutter.package_name }}.ops import pipelines
from {{ cookiecutter.package_name }}.ops.aws import OpsError, client
from {{ cookiecutter.package_name }}.ops.outcome import ERROR, GATE_FAILED, REGISTERED, outcome

EXECUTION = f"arn:aws:sagemaker:eu-west-1:111111111111:pipeline/{PIPELINE_NAME}/execution/abc"
PACKAGE = "arn:aws:sagemaker:eu-west-1:111111111111:model-package/customer-churn/4"
EVALUATE_JOB = "arn:aws:sagemaker:eu-west-1:111111111111:processing-job/pipelines-abc-evaluate"


def step(name: str, status: str, **metadata) -> dict:
    return {"StepName": name, "StepStatus": status, "Metadata": metadata}


def stub_steps(stubber: Stubber, *listings: list[dict]) -> None:
    for listing in listings:
        stubber.add_response(
            "list_pipeline_execution_steps", {"PipelineExecutionSteps": listing}, {"PipelineExecutionArn": EXECUTION}
        )


def stub_evaluation(stubber: Stubber, s3, metrics: dict) -> None:
    s3.create_bucket(Bucket="artifacts", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    s3.put_object(Bucket="artifacts", Key="runs/abc/evaluation/evaluation.json", Body=json.dumps(metrics))
    output = {
        "OutputName": "evaluation",
        "S3Output": {"S3Uri": "s3://artifacts/runs/abc/evaluation", "LocalPath": "/o", "S3UploadMode": "EndOfJob"},
    }
    job = {
        "ProcessingJobName": "pipelines-abc-evaluate",
        "ProcessingJobArn": EVALUATE_JOB,
        "ProcessingJobStatus": "Completed",
        "ProcessingResources": {
            "ClusterConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.large", "VolumeSizeInGB": 30}
        },
        "AppSpecification": {"ImageUri": "image"},
        "RoleArn": "arn:aws:iam::111111111111:role/execution",
        "CreationTime": "2026-01-01T00:00:00Z",
        "ProcessingOutputConfig": {"Outputs": [output]},
    }
    stubber.add_response("describe_processing_job", job, {"ProcessingJobName": "pipelines-abc-evaluate"})


def test_start_runs_the_project_pipeline_with_parameters(sagemaker):
    sagemaker.create_pipeline(
        PipelineName=PIPELINE_NAME,
        PipelineDefinition=json.dumps({"Version": "2020-12-01", "Steps": []}),
        RoleArn="arn:aws:iam::111111111111:role/execution",
    )
    arn = pipelines.start(sagemaker, {"TrainInstanceType": "ml.m5.xlarge"}, "a test")
    assert sagemaker.describe_pipeline_execution(PipelineExecutionArn=arn)["PipelineExecutionStatus"] == "Succeeded"


def test_starting_a_pipeline_that_does_not_exist_says_what_to_deploy(sagemaker):
    with pytest.raises(OpsError, match=f"Pipeline {PIPELINE_NAME} cannot start: .*is the platform stack deployed"):
        pipelines.start(sagemaker, {}, "a test")


def test_waiting_reports_each_step_change(aws, capsys):
    sagemaker = client("sagemaker")
    stubber = Stubber(sagemaker)
    for status, listing in (
        ("Executing", [step("Preprocess", "Executing")]),
        ("Executing", [step("Preprocess", "Succeeded"), step("Train", "Executing")]),
        ("Succeeded", [step("Preprocess", "Succeeded"), step("Train", "Succeeded")]),
    ):
        stubber.add_response("describe_pipeline_execution", {"PipelineExecutionStatus": status})
        stub_steps(stubber, listing)
    with stubber:
        assert pipelines.wait(sagemaker, EXECUTION, poll=1, sleep=lambda _: None) == "Succeeded"
    progress = capsys.readouterr().err.splitlines()
    assert progress[:4] == [
        "step Preprocess: Executing",
        "step Preprocess: Succeeded",
        "step Train: Executing",
        "step Train: Succeeded",
    ]


def test_a_registered_package_is_reported_with_its_metrics(aws):
    sagemaker, s3 = client("sagemaker"), client("s3")
    stubber = Stubber(sagemaker)
    listing = [
        step("Evaluate", "Succeeded", ProcessingJob={"Arn": EVALUATE_JOB}),
        step("Register", "Succeeded", RegisterModel={"Arn": PACKAGE}),
    ]
    stub_steps(stubber, listing)
    stub_evaluation(stubber, s3, {"metrics": {"auc": {"value": 0.91}, "accuracy": {"value": 0.85}}})
    with stubber:
        result = outcome(sagemaker, s3, EXECUTION, "Succeeded")
    assert (result.decision, result.detail) == (REGISTERED, PACKAGE)
    assert result.metrics == {"metrics.auc.value": 0.91, "metrics.accuracy.value": 0.85}
    assert "| metrics.auc.value | 0.9100 |" in result.markdown(EXECUTION)


def test_a_failed_gate_is_a_decision_not_an_error(aws, monkeypatch, tmp_path):
    sagemaker, s3 = client("sagemaker"), client("s3")
    stubber = Stubber(sagemaker)
    gate = step("QualityGateFailed", "Failed", Fail={"ErrorMessage": "AUC 0.61 is below the threshold 0.75"})
    stubber.add_response(
        "start_pipeline_execution",
        {"PipelineExecutionArn": EXECUTION},
        {"PipelineName": PIPELINE_NAME, "PipelineExecutionDescription": ANY, "PipelineParameters": []},
    )
    stubber.add_response("describe_pipeline_execution", {"PipelineExecutionStatus": "Failed"})
    stub_steps(stubber, [gate], [gate])
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setattr(
        "{{ cookiecutter.package_name }}.ops.commands_registry.client", lambda service: {"sagemaker": sagemaker, "s3": s3}[service]
    )
    with stubber:
        assert cli.main(["ops", "run-pipeline", "--reason", "test"]) == 0
    assert f"Training run: {GATE_FAILED}" in summary.read_text()
    assert "AUC 0.61 is below the threshold 0.75" in summary.read_text()


def test_unreadable_metrics_leave_the_decision_and_say_why(aws):
    sagemaker, s3 = client("sagemaker"), client("s3")
    stubber = Stubber(sagemaker)
    stub_steps(
        stubber,
        [
            step("Evaluate", "Succeeded", ProcessingJob={"Arn": EVALUATE_JOB}),
            step("Register", "Succeeded", RegisterModel={"Arn": PACKAGE}),
        ],
    )
    stubber.add_client_error("describe_processing_job", "AccessDeniedException", "not authorized")
    with stubber:
        result = outcome(sagemaker, s3, EXECUTION, "Succeeded")
    assert (result.decision, result.metrics) == (REGISTERED, {})
    assert "- metrics: unavailable (" in result.markdown(EXECUTION)


def test_an_execution_that_broke_is_an_error(aws):
    sagemaker, s3 = client("sagemaker"), client("s3")
    stubber = Stubber(sagemaker)
    broken = {**step("Train", "Failed"), "FailureReason": "ClientError: out of memory"}
    stub_steps(stubber, [broken])
    with stubber:
        result = outcome(sagemaker, s3, EXECUTION, "Failed")
    assert (result.decision, result.detail) == (ERROR, "Train: ClientError: out of memory")


def test_a_malformed_pipeline_parameter_is_refused(capsys):
    assert cli.main(["ops", "run-pipeline", "--parameter", "no-equals-sign"]) == 1
    assert "Pipeline parameter 'no-equals-sign' is malformed: expected NAME=VALUE." in capsys.readouterr().err
