"""Smoke test an endpoint: real rows in the training schema come back as one churn probability each, and a
malformed row is refused by the model (a 4xx from the container) rather than scored.

The serving container takes headerless CSV rows in the feature order and, asked for CSV, answers one probability
per line (`serving/inference.py`).
"""

import json
import math
from typing import Any

from botocore.exceptions import ClientError

from .aws import OpsError, error_code, with_backoff

CSV = "text/csv"
MALFORMED_ROW = b"not,a,number,row\n"


def sample_request(rows: int = 5, seed: int = 11) -> tuple[bytes, int]:
    """`rows` feature rows as headerless CSV (the serving container's input), and how many there are."""
    from ..sample_data import generate  # pandas is imported only by the commands that need rows
    from ..steps.preprocess import FEATURES

    table = generate(rows, seed)[list(FEATURES)]
    return table.to_csv(header=False, index=False).encode(), rows


def parse_predictions(body: str) -> list[float]:
    """Probabilities from CSV lines, a JSON list, or `{"predictions": [...]}` (numbers or one-number objects)."""
    try:
        decoded = json.loads(body)
    except json.JSONDecodeError:
        decoded = [cell for line in body.splitlines() for cell in line.split(",") if cell.strip()]
    if isinstance(decoded, dict):
        decoded = decoded.get("predictions", [])
    decoded = decoded if isinstance(decoded, list) else [decoded]
    try:
        values = [float(next(iter(item.values())) if isinstance(item, dict) else item) for item in decoded]
    except (TypeError, ValueError, StopIteration):
        raise OpsError(f"The endpoint answered {body[:200]!r}, which is not a list of numbers.") from None
    if not all(math.isfinite(value) and 0.0 <= value <= 1.0 for value in values):
        raise OpsError(f"The endpoint answered {body[:200]!r}, which holds a value that is not a probability.")
    return values


def invoke(runtime: Any, endpoint_name: str, body: bytes) -> str:
    """The endpoint's answer to one request, as text."""
    try:
        response = with_backoff(
            lambda: runtime.invoke_endpoint(EndpointName=endpoint_name, ContentType=CSV, Accept=CSV, Body=body)
        )
    except ClientError as error:
        raise OpsError(f"Invoking endpoint {endpoint_name} failed: {error}") from error
    return response["Body"].read().decode("utf-8", errors="replace")


def smoke_test(runtime: Any, endpoint_name: str, rows: int = 5) -> str:
    """A one-line confirmation, or an OpsError saying what the endpoint got wrong."""
    body, expected = sample_request(rows)
    predictions = parse_predictions(invoke(runtime, endpoint_name, body))
    if len(predictions) != expected:
        raise OpsError(f"Endpoint {endpoint_name} returned {len(predictions)} predictions for {expected} rows.")
    _expect_refusal(runtime, endpoint_name)
    return f"Endpoint {endpoint_name} answered {expected} rows with {expected} probabilities and refused a bad row."


def _expect_refusal(runtime: Any, endpoint_name: str) -> None:
    try:
        answer = runtime.invoke_endpoint(EndpointName=endpoint_name, ContentType=CSV, Accept=CSV, Body=MALFORMED_ROW)
    except ClientError as error:
        status = error.response.get("OriginalStatusCode", 0)
        if error_code(error) == "ModelError" and 400 <= status < 500:
            return
        raise OpsError(f"Endpoint {endpoint_name} failed on a malformed row instead of refusing it: {error}") from error
    scored = answer["Body"].read()[:200]
    raise OpsError(f"Endpoint {endpoint_name} scored a malformed row ({scored!r}) instead of refusing it with a 4xx.")
