"""Run checkov on terraform-plan files in its own environment and sort its JSON report per plan file.

checkov pins an older boto3 than the project, so it never shares the project's environment: it runs through a
command such as `uv tool run --from checkov==3.3.30 checkov`, offline (`--skip-download`).
"""

import json
import shlex
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_VENV_UV = Path(sys.executable).parent / "uv"
# The project's own uv when there is one (tests run from .venv/bin/pytest without .venv/bin on PATH).
DEFAULT_COMMAND = f"{_VENV_UV if _VENV_UV.exists() else 'uv'} tool run --from checkov==3.3.30 checkov"
COMMAND_VARIABLE = "POLICY_CHECKOV"
CUSTOM_CHECKS = Path(__file__).parent / "checks"
# `checkov --list` attributes a few graph checks to every AWS type (it reads their filters loosely) although they
# judge one type only (CKV2_AWS_37: CodeCommit repositories, CKV2_AWS_75: Lambda functions): such listings are noise.
MAX_TYPES_OF_ONE_CHECK = 200


@dataclass(frozen=True)
class Finding:
    check_id: str
    check_name: str
    resource: str


@dataclass
class PlanReport:
    """What checkov concluded about one plan file."""

    passed: list[Finding] = field(default_factory=list)
    failed: list[Finding] = field(default_factory=list)
    skipped: list[Finding] = field(default_factory=list)
    parsing_errors: list[str] = field(default_factory=list)

    def unwaived(self, waivers: Mapping[tuple[str, str], str]) -> list[Finding]:
        """The failures no waiver (`(check id, resource address)` → reason) excuses."""
        return [finding for finding in self.failed if (finding.check_id, finding.resource) not in waivers]


class CheckovError(RuntimeError):
    """checkov did not produce a report (missing tool, crash, unreadable output)."""


_REGISTRIES: dict[str, dict[str, set[str]]] = {}  # command → registry: one listing per process is enough


def run_checkov(command: str, config: Path, plans: list[Path]) -> tuple[dict[Path, PlanReport], dict[str, set[str]]]:
    """One scan over all `plans` (checkov's start-up costs seconds) and, in parallel, checkov's check registry:
    the report of each plan keyed by its path, and Terraform resource type → ids of the checks that judge it."""
    scan = [*shlex.split(command), "--framework", "terraform_plan", "--skip-download", "-o", "json"]
    scan += ["--config-file", str(config), "--external-checks-dir", str(CUSTOM_CHECKS)]
    scan += [argument for plan in plans for argument in ("-f", str(plan))]
    listing = [*shlex.split(command), "--list", "--skip-download"]
    lister = None if command in _REGISTRIES else _start(listing, command)
    try:
        scan_out, scan_err = _start(scan, command).communicate()
    finally:
        list_out, list_err = lister.communicate() if lister else ("", "")
    if lister is not None:
        _REGISTRIES[command] = _registry(list_out)
    if not _REGISTRIES[command]:
        raise CheckovError(f"checkov (`{command}`) listed no Terraform checks:\n{list_err[-2000:]}")
    try:
        document = json.loads(scan_out)
    except json.JSONDecodeError:
        raise CheckovError(f"checkov (`{command}`) gave no JSON report:\n{scan_err[-2000:]}") from None
    return _per_plan(document, plans), _REGISTRIES[command]


def _start(argv: list[str], command: str) -> subprocess.Popen[str]:
    try:
        return subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    except OSError as error:
        raise CheckovError(f"cannot start checkov (`{command}`): {error}") from None


def _registry(listing: str) -> dict[str, set[str]]:
    """Parse the markdown table of `checkov --list`: | n | id | type | entity | policy | IaC | link |."""
    checks_of_type: dict[str, set[str]] = {}
    types_of_check: dict[str, set[str]] = {}
    for line in listing.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 7 and cells[2] == "resource" and cells[-2] == "Terraform":
            checks_of_type.setdefault(cells[3], set()).add(cells[1])
            types_of_check.setdefault(cells[1], set()).add(cells[3])
    noisy = {check for check, types in types_of_check.items() if len(types) > MAX_TYPES_OF_ONE_CHECK}
    return {kind: checks - noisy for kind, checks in checks_of_type.items() if checks - noisy}


def _per_plan(document: Any, plans: list[Path]) -> dict[Path, PlanReport]:
    reports = {plan: PlanReport() for plan in plans}
    by_absolute_path = {str(plan.resolve()): plan for plan in plans}
    for report in document if isinstance(document, list) else [document]:
        results = report.get("results", {}) if isinstance(report, dict) else {}
        for outcome in ("passed", "failed", "skipped"):
            for record in results.get(f"{outcome}_checks", []):
                plan = by_absolute_path[str(Path(record["file_abs_path"]).resolve())]
                finding = Finding(record["check_id"], record["check_name"], record["resource"])
                getattr(reports[plan], outcome).append(finding)
        for error in results.get("parsing_errors", []):
            plan = by_absolute_path.get(str(Path(error).resolve()))
            if plan is not None:
                reports[plan].parsing_errors.append(error)
    return reports
