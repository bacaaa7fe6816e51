"""A smoke test of a model server that follows the SageMaker container contract (local or any reachable URL)."""

import json
import urllib.error
import urllib.request

import pandas as pd


def _call(url: str, body: bytes | None = None, content_type: str = "text/csv") -> tuple[int, bytes]:
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": content_type, "Accept": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def smoke_test(base_url: str, features: pd.DataFrame) -> list[float]:
    """Ping, score `features` as CSV, and check a malformed request is refused; the churn probabilities."""
    status, _ = _call(f"{base_url}/ping")
    if status != 200:
        raise RuntimeError(f"Smoke test failed: GET /ping answered {status}, expected 200.")
    status, body = _call(f"{base_url}/invocations", features.to_csv(header=False, index=False).encode())
    if status != 200:
        raise RuntimeError(f"Smoke test failed: POST /invocations answered {status}: {body.decode()[:200]}")
    probabilities = [item["churn_probability"] for item in json.loads(body)["predictions"]]
    if len(probabilities) != len(features) or not all(0.0 <= p <= 1.0 for p in probabilities):
        raise RuntimeError(f"Smoke test failed: expected {len(features)} probabilities in [0, 1], got {probabilities}.")
    status, _ = _call(f"{base_url}/invocations", b"not,a,number,row", "text/csv")
    if not 400 <= status < 500:
        raise RuntimeError(f"Smoke test failed: a malformed request answered {status}, expected a 4xx client error.")
    return probabilities
