"""The policy gate: checkov over exported plans, plus the coverage rule; exits non-zero on any failure or gap.

    python -m policy.gate --config infra/checkov.yaml --uncovered infra/policy-uncovered.txt \
        [--waivers infra/policy-waivers.txt] build/policy/*.json

The checkov command comes from `--checkov`, else the POLICY_CHECKOV environment variable, else the pinned default.
"""

import argparse
import os
import sys
from pathlib import Path

from policy.coverage import Coverage, UncoveredFileError, coverage, plan_types, read_uncovered
from policy.scanner import COMMAND_VARIABLE, DEFAULT_COMMAND, CheckovError, PlanReport, run_checkov
from policy.waivers import WaiverFileError, read_waivers


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        uncovered, waivers = read_uncovered(args.uncovered), read_waivers(args.waivers)
        reports, registry = run_checkov(args.checkov, args.config, args.plans)
    except (UncoveredFileError, WaiverFileError, CheckovError, OSError) as error:
        print(f"policy gate: {error}", file=sys.stderr)
        return 2
    return judge(reports, registry, uncovered, waivers, args.uncovered)


def judge(reports: dict[Path, PlanReport], registry: dict[str, set[str]], uncovered: dict[str, str],
          waivers: dict[tuple[str, str], str], uncovered_file: Path) -> int:  # fmt: skip
    """Print each plan's findings and the coverage; 1 on an unwaived failure or an unexplained gap, else 0."""
    failures = sum(_print_plan(plan, report, waivers) for plan, report in reports.items())
    exported = set().union(*(plan_types(plan) for plan in reports))
    gaps = _print_coverage(coverage(exported, registry, uncovered), uncovered_file)
    return 1 if failures or gaps else 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m policy.gate", description="checkov over plans, plus coverage")
    parser.add_argument("--config", type=Path, required=True, help="checkov config file (skips, each with a reason)")
    parser.add_argument("--uncovered", type=Path, required=True, help="resource types no check covers, with reasons")
    parser.add_argument("--waivers", type=Path, help="failures one resource may have: <check> <address> <reason>")
    parser.add_argument("--checkov", default=os.environ.get(COMMAND_VARIABLE, DEFAULT_COMMAND), help="command")
    parser.add_argument("plans", type=Path, nargs="+", help="terraform-plan JSON files exported by policy.plan")
    return parser


def _print_plan(plan: Path, report: PlanReport, waivers: dict[tuple[str, str], str]) -> int:
    """Print one plan's tally, its failures and waived failures; return how many problems it has."""
    failed = report.unwaived(waivers)
    waived = [finding for finding in report.failed if finding not in failed]
    tally = f"{len(report.passed)} passed / {len(failed)} failed / {len(report.skipped)} skipped / {len(waived)} waived"
    print(f"{plan}: {tally}")
    for finding in sorted(failed, key=lambda f: (f.check_id, f.resource)):
        print(f"  FAILED {finding.check_id} {finding.resource}: {finding.check_name}")
    for finding in sorted(waived, key=lambda f: (f.check_id, f.resource)):
        print(f"  WAIVED {finding.check_id} {finding.resource}: {waivers[(finding.check_id, finding.resource)]}")
    for error in report.parsing_errors:
        print(f"  UNREADABLE {error}: checkov could not parse the plan")
    if not (report.passed or report.failed or report.skipped):
        print("  EMPTY: no check evaluated any resource of this plan")
        return 1
    return len(failed) + len(report.parsing_errors)


def _print_coverage(result: Coverage, uncovered_file: Path) -> int:
    total = len(result.checked) + len(result.listed) + len(result.missing)
    print(f"coverage: {total} resource types, {len(result.checked)} checked, {len(result.listed)} listed as uncovered")
    for resource_type in sorted(result.missing):
        print(f"  NOT COVERED {resource_type}: checkov has no check for it and {uncovered_file} does not list it")
    for resource_type in sorted(result.stale):
        print(f"  NOTE {resource_type} is listed in {uncovered_file} but checkov has checks for it: the entry can go")
    return len(result.missing)


if __name__ == "__main__":
    sys.exit(main())
