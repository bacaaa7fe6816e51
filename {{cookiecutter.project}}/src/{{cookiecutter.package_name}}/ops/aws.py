"""AWS clients for the ops commands, the one error type they raise, and retrying when AWS throttles us."""

import time
from collections.abc import Callable
from typing import Any, TypeVar

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from ..environments import REGION

T = TypeVar("T")
THROTTLING_CODES = frozenset(
    {"Throttling", "ThrottlingException", "ThrottledException", "TooManyRequestsException", "RequestLimitExceeded"}
)
# botocore already retries a few times; ours is the outer loop for long waits that poll for many minutes.
_CLIENT_CONFIG = Config(retries={"mode": "standard", "max_attempts": 5})


class OpsError(RuntimeError):
    """An expected failure of an ops command; its message is one sentence that says what to do."""


def client(service: str) -> Any:
    """A boto3 client for `service` in the project's region."""
    return boto3.client(service, region_name=REGION, config=_CLIENT_CONFIG)


def error_code(error: ClientError) -> str:
    return error.response.get("Error", {}).get("Code", "")


def with_backoff(
    call: Callable[[], T], attempts: int = 6, base_delay: float = 1.0, sleep: Callable[[float], None] = time.sleep
) -> T:
    """`call()`, retried with exponential backoff while AWS answers with a throttling error."""
    for attempt in range(attempts):
        try:
            return call()
        except ClientError as error:
            if error_code(error) not in THROTTLING_CODES:
                raise
            if attempt == attempts - 1:
                message = f"AWS kept throttling the request after {attempts} attempts: try again later."
                raise OpsError(message) from error
            sleep(base_delay * 2**attempt)
    raise AssertionError("unreachable")  # the loop always returns or raises
