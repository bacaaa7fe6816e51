"""Median time of the Docker-free local run end to end, and of the project's whole `make test`.

    .venv/bin/python benchmarks/local.py [--runs 5] [--test-runs 3]     # after `make install`

A local run is timed as a developer sees it: a fresh process (imports included) running preprocess, train,
evaluate, the quality gate, registration and the served smoke request in a fresh work directory. Goal: under 30 s
on 2 cores. `--test-runs 0` skips the (much longer) `make test` measurement.
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMAND = str(Path(sys.executable).with_name("{{ cookiecutter.package_name }}"))


def timed(command: list[str]) -> float:
    """Seconds `command` takes; a failure stops the benchmark with the command's own output."""
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return elapsed


def local_run() -> float:
    with tempfile.TemporaryDirectory() as work_dir:
        return timed([COMMAND, "pipeline", "run", "--local", "--work-dir", work_dir])


def report(name: str, seconds: list[float]) -> None:
    spread = f"min {min(seconds):.1f} s, max {max(seconds):.1f} s"
    print(f"{name}, median of {len(seconds)}: {statistics.median(seconds):.1f} s ({spread})")


def main() -> None:
    parser = argparse.ArgumentParser(description="Median local end-to-end and `make test` times.")
    parser.add_argument("--runs", type=int, default=5, help="local end-to-end runs (default %(default)s)")
    parser.add_argument("--test-runs", type=int, default=3, help="`make test` runs (default %(default)s)")
    args = parser.parse_args()
    report("local end-to-end (pipeline run --local)", [local_run() for _ in range(args.runs)])
    if args.test_runs > 0:
        report("make test", [timed(["make", "test"]) for _ in range(args.test_runs)])


if __name__ == "__main__":
    main()
