"""Median time of the offline stack check `make policy` runs: the four stacks under mocks, exported, judged by checkov.

    .venv/bin/python benchmarks/stacks.py [--runs 3]      # after `make definition`

Each run does all of it again (a fresh export directory, one checkov scan over the four plans); goal: under 30 s.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "infra"))  # before this directory: `stacks` is infra/stacks.py, not this file

from components.serving_settings import example_package_arn  # noqa: E402
from policy.scanner import DEFAULT_COMMAND, run_checkov  # noqa: E402
from policy.waivers import read_waivers  # noqa: E402
from stacks import INFRA, export_all  # noqa: E402


def one_check() -> tuple[float, float]:
    """Seconds to run and export the four stacks, and seconds for checkov to judge them."""
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        plans = export_all(Path(out), example_package_arn())
        exported = time.perf_counter()
        reports, _ = run_checkov(DEFAULT_COMMAND, INFRA / "checkov.yaml", plans)
        judged = time.perf_counter()
    waivers = read_waivers(INFRA / "policy-waivers.txt")
    if any(report.unwaived(waivers) for report in reports.values()):
        raise SystemExit("A stack fails a checkov check: run `make policy` to see which.")
    return exported - started, judged - exported


def main() -> None:
    parser = argparse.ArgumentParser(description="Median time of the offline stack check (`make policy`).")
    parser.add_argument("--runs", type=int, default=3)
    runs = [one_check() for _ in range(parser.parse_args().runs)]
    total = statistics.median(mocks + checkov for mocks, checkov in runs)
    mocks, checkov = (statistics.median(part) for part in zip(*runs, strict=True))
    print(f"offline stack check, 4 stacks, median of {len(runs)}: {total:.1f} s")
    print(f"  of which mocks + export {mocks:.1f} s, checkov {checkov:.1f} s (medians of each part)")


if __name__ == "__main__":
    main()
