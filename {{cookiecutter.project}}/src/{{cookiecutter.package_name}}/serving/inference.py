"""The inference handler: the SageMaker framework container imports it from the model's `code/` directory.

Self-contained (the serving container has only the model directory), it implements the container contract with
two hooks: `model_fn` loads, `transform_fn` answers one request (`parse` validates, `score` predicts, `serialise`
writes the answer). Requests are CSV rows of numbers in feature order, or JSON `{"instances": [...]}` whose items
are such rows or objects keyed by feature name. A malformed request is answered with its 4xx status and a JSON
message, so a bad request never reaches the model, nor counts as a model error.

Why one hook, not input_fn/predict_fn/output_fn: the toolkit re-raises anything those raise as its ClientError, which
its transformer does not catch, so every client error would be a 500 (sagemaker-containers 2.8.6.post2
_functions.error_wrapper, _transformer._default_transform_fn); a response transform_fn returns is served as it is.
"""

import csv
import importlib
import io
import json
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

MODEL_FILE = "model.pkl"
FEATURES_FILE = "features.json"
JSON, CSV = "application/json", "text/csv"


class RequestError(Exception):
    """A request the handler refuses; `status` is the HTTP status it is answered with."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Reply:  # not a tuple: the toolkit would serve a tuple as (body, content type) with status 200
    body: str
    content_type: str
    status: int


class LoadedModel(NamedTuple):
    estimator: Any
    features: list[str]


_features: list[str] = []  # set by model_fn, which the container calls once before any request


def model_fn(model_dir: str) -> LoadedModel:
    directory = Path(model_dir)
    with (directory / MODEL_FILE).open("rb") as file:
        estimator = pickle.load(file)  # our own training output, never user input
    _features[:] = json.loads((directory / FEATURES_FILE).read_text())
    return LoadedModel(estimator, list(_features))


def parse(request_body: bytes | str, content_type: str) -> pd.DataFrame:
    text = request_body.decode("utf-8", errors="replace") if isinstance(request_body, bytes) else request_body
    media_type = (content_type or "").split(";")[0].strip().lower()
    if media_type == CSV:
        rows: list[Any] = [row for row in csv.reader(io.StringIO(text)) if row]
    elif media_type == JSON:
        rows = _json_instances(text)
    else:
        raise RequestError(f"Content type {content_type!r} is not supported: send {CSV} or {JSON}.", status=415)
    if not rows:
        raise RequestError("The request has no instances: send at least one row of features.")
    return pd.DataFrame([_feature_row(row, index) for index, row in enumerate(rows)], columns=_features)


def _json_instances(text: str) -> list[Any]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise RequestError(f"The request body is not valid JSON: {error.msg} at character {error.pos}.") from None
    instances = document.get("instances") if isinstance(document, dict) else document
    if not isinstance(instances, list):
        raise RequestError('The JSON body must be {"instances": [...]} or a list of instances.')
    return instances


def _feature_row(row: Any, index: int) -> list[float]:
    if isinstance(row, dict):
        missing = [name for name in _features if name not in row]
        if missing:
            raise RequestError(f"Instance {index} lacks feature {missing[0]!r}: expected {', '.join(_features)}.")
        row = [row[name] for name in _features]
    if not isinstance(row, list) or len(row) != len(_features):
        raise RequestError(f"Instance {index} must have {len(_features)} values ({', '.join(_features)}).")
    return [_number(value, index, name) for value, name in zip(row, _features, strict=True)]


def _number(value: Any, index: int, name: str) -> float:
    try:
        number = float(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        number = float("nan")
    if not np.isfinite(number) or isinstance(value, bool):
        raise RequestError(f"Instance {index}, feature {name!r}: {value!r} is not a finite number.")
    return number


def score(data: pd.DataFrame, model: LoadedModel) -> np.ndarray:
    """The churn probability of each instance."""
    return model.estimator.predict_proba(data[model.features])[:, 1]


def serialise(prediction: np.ndarray, accept: str) -> tuple[str, str]:
    media_type = (accept or JSON).split(";")[0].strip().lower()
    if media_type in (JSON, "*/*"):
        return json.dumps({"predictions": [{"churn_probability": round(float(p), 6)} for p in prediction]}), JSON
    if media_type == CSV:
        return "".join(f"{float(p):.6f}\n" for p in prediction), CSV
    raise RequestError(f"Accept type {accept!r} is not supported: accept {CSV} or {JSON}.", status=406)


def answer(model: LoadedModel, request_body: bytes | str, content_type: str, accept: str) -> Reply:
    try:
        body, media_type = serialise(score(parse(request_body, content_type), model), accept)
    except RequestError as error:
        return Reply(json.dumps({"error": str(error)}), JSON, error.status)
    return Reply(body, media_type, 200)


def transform_fn(model: LoadedModel, request_body: bytes | str, content_type: str, accept: str) -> Any:
    """The request hook: in the container its worker's response, elsewhere (the local server) the Reply."""
    reply = answer(model, request_body, content_type, accept)
    try:
        worker = importlib.import_module("sagemaker_containers._worker")
    except ImportError:
        return reply
    return worker.Response(response=reply.body, status=reply.status, mimetype=reply.content_type)
