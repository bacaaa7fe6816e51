"""Median wall time of `make check` and of each target it runs, warm (the environment installed, nothing cached).

    .venv/bin/python benchmarks/check.py [--runs 3] [--targets lint test definition policy containers journeys check]

Each run calls `make <target>` as CI does. `make check` runs lint beside the policy gate (both single-threaded),
then the tests, the container checks and the journeys (each on two workers), so its time is less than the sum of
its parts.
"""

import argparse
import statistics
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = ("lint", "test", "definition", "policy", "containers", "journeys", "check")


def seconds(target: str) -> float:
    started = time.perf_counter()
    result = subprocess.run(["make", "-C", str(ROOT), target], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"make {target} failed: run it to see why.\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description="Median time of each target of `make check`.")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--targets", nargs="+", default=list(TARGETS), choices=TARGETS)
    args = parser.parse_args()
    for target in args.targets:
        median = statistics.median(seconds(target) for _ in range(args.runs))
        print(f"make {target:<10} median {median:6.1f} s over {args.runs} runs", flush=True)


if __name__ == "__main__":
    main()
