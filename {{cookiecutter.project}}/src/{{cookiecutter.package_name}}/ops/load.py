"""A small concurrent load test: N requests from C threads, latency percentiles, and a latency/error budget."""

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from .aws import OpsError


@dataclass(frozen=True)
class LoadResult:
    latencies_ms: list[float]  # of the successful requests, sorted
    errors: int

    def percentile(self, percent: float) -> float:
        """Nearest-rank percentile of the successful requests' latency, in milliseconds."""
        if not self.latencies_ms:
            return float("inf")
        rank = max(1, round(percent / 100 * len(self.latencies_ms)))
        return self.latencies_ms[min(rank, len(self.latencies_ms)) - 1]

    @property
    def error_rate(self) -> float:
        return self.errors / (self.errors + len(self.latencies_ms))

    def markdown(self, endpoint_name: str) -> str:
        header = "| requests | errors | p50 ms | p90 ms | p95 ms | p99 ms |\n|---|---|---|---|---|---|\n"
        cells = [f"{self.percentile(p):.1f}" for p in (50, 90, 95, 99)]
        row = f"| {len(self.latencies_ms) + self.errors} | {self.errors} | {' | '.join(cells)} |\n"
        return f"### Load test of {endpoint_name}\n\n{header}{row}"


def run_load(send: Callable[[], object], requests: int, concurrency: int) -> LoadResult:
    """Call `send` `requests` times from `concurrency` threads, timing each call; exceptions count as errors."""
    if requests < 1 or concurrency < 1:
        raise OpsError(f"requests={requests}, concurrency={concurrency}: both must be at least 1.")

    def timed(_: int) -> float | None:
        start = time.perf_counter()
        try:
            send()
        except Exception:  # any failure of a request is an error of the service under test
            return None
        return (time.perf_counter() - start) * 1000

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        outcomes = list(pool.map(timed, range(requests)))
    latencies = sorted(outcome for outcome in outcomes if outcome is not None)
    return LoadResult(latencies, outcomes.count(None))


def check_budget(result: LoadResult, p95_budget_ms: float, max_error_rate: float) -> None:
    """An OpsError when the p95 latency or the error rate exceeds its budget."""
    if result.error_rate > max_error_rate:
        raise OpsError(f"Error rate {result.error_rate:.1%} exceeds the budget of {max_error_rate:.1%}.")
    if result.percentile(95) > p95_budget_ms:
        raise OpsError(f"p95 latency {result.percentile(95):.0f} ms exceeds the budget of {p95_budget_ms:.0f} ms.")
