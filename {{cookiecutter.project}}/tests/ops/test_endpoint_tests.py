"""Smoke and load tests of an endpoint: moto's sagemaker-runtime answers with the results we queue for it."""

import io
import time

import pytest
import requests
from botocore.response import StreamingBody
from botocore.stub import Stubber

from {{ cookiecutter.package_name }} import cli
from {{ cookiecutter.package_name }}.environments import ENVIRONMENTS, REGION, environment
from {{ cookiecutter.package_name }}.ops.aws import OpsError, client
from {{ cookiecutter.package_name }}.ops.load import LoadResult, check_budget, run_load
from {{ cookiecutter.package_name }}.ops.smoke import parse_predictions, smoke_test

RESULTS_API = "http://motoapi.amazonaws.com/moto-api/static/sagemaker/endpoint-results"


def queue_answers(*bodies: str) -> None:
    results = [{"Body": body, "ContentType": "text/csv"} for body in bodies]
    account = ENVIRONMENTS["preprod"].account_id
    requests.post(RESULTS_API, json={"results": results, "region": REGION, "account_id": account}, timeout=5)


def stubbed_runtime(answer: str, malformed_status: int | None = 400) -> tuple[object, Stubber]:
    """A runtime client answering the sample rows with `answer`, and the malformed row with a ModelError."""
    runtime = client("sagemaker-runtime")
    stubber = Stubber(runtime)
    stubber.add_response("invoke_endpoint", {"Body": StreamingBody(io.BytesIO(answer.encode()), len(answer))})
    if malformed_status is None:
        stubber.add_response("invoke_endpoint", {"Body": StreamingBody(io.BytesIO(b"0.5"), 3)})
    else:
        error_fields = {"OriginalStatusCode": malformed_status, "OriginalMessage": "Instance 0 must have 4 values"}
        stubber.add_client_error("invoke_endpoint", "ModelError", http_status_code=424, modeled_fields=error_fields)
    return runtime, stubber


def test_smoke_passes_with_one_probability_per_row_and_a_refused_bad_row(aws):
    runtime, stubber = stubbed_runtime("0.1\n0.7\n0.2\n0.9\n0.4\n")
    with stubber:
        assert "answered 5 rows with 5 probabilities and refused a bad row" in smoke_test(runtime, "churn")


@pytest.mark.parametrize(
    ("answer", "malformed_status", "message"),
    [
        ("0.1\n0.7\n", 400, "returned 2 predictions for 5 rows"),
        ("0.1\n0.7\n0.2\n0.9\n0.4\n", None, "scored a malformed row"),
        ("0.1\n0.7\n0.2\n0.9\n0.4\n", 500, "failed on a malformed row instead of refusing it"),
    ],
)
def test_smoke_fails_on_missing_predictions_or_a_scored_bad_row(aws, answer, malformed_status, message):
    runtime, stubber = stubbed_runtime(answer, malformed_status)
    with stubber, pytest.raises(OpsError, match=message):
        smoke_test(runtime, "churn")


def test_smoke_names_an_endpoint_that_cannot_be_invoked(aws):
    runtime = client("sagemaker-runtime")
    stubber = Stubber(runtime)
    stubber.add_client_error("invoke_endpoint", "ValidationError", "Endpoint churn of account 1 not found.")
    with stubber, pytest.raises(OpsError, match=r"Invoking endpoint churn failed: .*not found"):
        smoke_test(runtime, "churn")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("[0.1, 0.2]", [0.1, 0.2]),
        ('{"predictions": [{"churn_probability": 0.25}, {"churn_probability": 1}]}', [0.25, 1.0]),
        ("0.5,0.25", [0.5, 0.25]),
    ],
)
def test_predictions_are_read_from_json_or_csv(body, expected):
    assert parse_predictions(body) == expected


@pytest.mark.parametrize("body", ["<html>error</html>", "[0.1, NaN]", "[1.5]", '{"predictions": [{}]}'])
def test_answers_that_are_not_probabilities_fail(body):
    with pytest.raises(OpsError, match="The endpoint answered"):
        parse_predictions(body)


def test_load_measures_percentiles_and_counts_errors():
    calls = iter(range(1000))

    def send() -> None:
        if next(calls) % 10 == 0:
            raise RuntimeError("503")
        time.sleep(0.002)

    result = run_load(send, requests=50, concurrency=4)
    assert (result.errors, len(result.latencies_ms)) == (5, 45)
    assert 2 <= result.percentile(50) <= result.percentile(95) <= result.percentile(99)
    with pytest.raises(OpsError, match=r"Error rate 10.0% exceeds the budget of 1.0%"):
        check_budget(result, p95_budget_ms=10_000, max_error_rate=0.01)


def test_the_latency_budget_is_enforced():
    result = LoadResult(latencies_ms=[float(ms) for ms in range(1, 101)], errors=0)
    assert result.percentile(95) == 95.0
    check_budget(result, p95_budget_ms=95, max_error_rate=0)
    with pytest.raises(OpsError, match="p95 latency 95 ms exceeds the budget of 90 ms"):
        check_budget(result, p95_budget_ms=90, max_error_rate=0)


def test_load_command_writes_the_percentiles_to_the_job_summary(aws, monkeypatch, tmp_path):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    queue_answers("0.5")
    argv = ["ops", "load", "--env", "preprod", "--requests", "20", "--concurrency", "4", "--p95-ms", "5000"]
    assert cli.main(argv) == 0
    assert f"Load test of {environment('preprod').endpoint_name}" in summary.read_text()
    assert "| 20 | 0 |" in summary.read_text()
