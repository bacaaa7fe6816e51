import json
from pathlib import Path

import pandas as pd
import pytest

from {{ cookiecutter.package_name }}.serving import inference
from {{ cookiecutter.package_name }}.steps.preprocess import FEATURES


@pytest.fixture(scope="module")
def model(model_dir: Path) -> inference.LoadedModel:
    return inference.model_fn(str(model_dir))


@pytest.fixture(scope="module")
def rows(split_dir: Path) -> pd.DataFrame:
    return pd.read_csv(split_dir / "test" / "test.csv").iloc[:4, 1:]


def predict(model: inference.LoadedModel, body: str | bytes, content_type: str, accept: str = "application/json"):
    return inference.serialise(inference.score(inference.parse(body, content_type), model), accept)


def test_csv_rows_get_one_probability_each(model, rows):
    body, content_type = predict(model, rows.to_csv(header=False, index=False), "text/csv")
    probabilities = [item["churn_probability"] for item in json.loads(body)["predictions"]]
    assert content_type == "application/json" and len(probabilities) == len(rows)
    assert all(0.0 <= p <= 1.0 for p in probabilities)


def test_json_objects_lists_and_csv_answers_agree(model, rows):
    as_objects = json.dumps({"instances": rows.to_dict(orient="records")})
    as_lists = json.dumps(rows.to_numpy().tolist())
    by_objects, _ = predict(model, as_objects, "application/json; charset=utf-8", accept="text/csv")
    by_lists, content_type = predict(model, as_lists.encode(), "application/json", accept="text/csv")
    assert by_objects == by_lists and content_type == "text/csv"
    assert len(by_objects.splitlines()) == len(rows)


MALFORMED = {
    "too few values": ("1,2,3\n", "text/csv", "must have 4 values", 400),
    "not a number": ("3,70.5,two,1\n", "text/csv", "feature 'support_calls': 'two' is not a finite number", 400),
    "not finite": ("3,nan,2,1\n", "text/csv", "is not a finite number", 400),
    "empty body": ("", "text/csv", "has no instances", 400),
    "broken JSON": ('{"instances": [', "application/json", "not valid JSON", 400),
    "wrong JSON shape": ('{"rows": []}', "application/json", '{"instances": [...]}', 400),
    "missing feature": ('{"instances": [{"tenure_months": 3}]}', "application/json", "lacks feature", 400),
    "boolean value": ("[[true, 70.5, 2, 1]]", "application/json", "True is not a finite number", 400),
    "unsupported type": ("<xml/>", "application/xml", "is not supported", 415),
}


@pytest.mark.parametrize("body, content_type, message, status", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_requests_are_answered_as_client_errors_with_a_message(model, body, content_type, message, status):
    reply = inference.transform_fn(model, body, content_type, "application/json")
    assert (reply.status, reply.content_type) == (status, "application/json")
    assert message in json.loads(reply.body)["error"]


def test_an_unsupported_accept_type_is_refused(model, rows):
    reply = inference.transform_fn(model, rows.to_csv(header=False, index=False), "text/csv", "image/png")
    assert reply.status == 406 and "Accept type 'image/png' is not supported" in json.loads(reply.body)["error"]


def test_a_good_request_is_answered_with_its_predictions(model, rows):
    reply = inference.transform_fn(model, rows.to_csv(header=False, index=False), "text/csv", "text/csv")
    assert reply.status == 200 and reply.content_type == "text/csv" and len(reply.body.splitlines()) == len(rows)


def test_the_handler_reads_features_in_the_trained_order(model):
    assert model.features == list(FEATURES)
