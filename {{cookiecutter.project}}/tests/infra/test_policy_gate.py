"""The gate against real checkov (seconds): a good bucket passes, planted faults and silent coverage gaps fail.

checkov starts in seconds, so the example plans are scanned once together and each case judges its own plan.
"""

from pathlib import Path

import pytest
from policy.coverage import read_uncovered
from policy.gate import judge, main
from policy.mocks import run_program
from policy.plan import write_plan
from policy.scanner import DEFAULT_COMMAND, PlanReport, run_checkov
from policy.waivers import read_waivers
from policy_programs import CHECKOV_CONFIG, bucket_program

UNCOVERED = "# every exported type has a check\n"
DASHBOARD_UNCOVERED = "aws_cloudwatch_dashboard a dashboard only displays metrics\n"
# example plan → the faults planted in it
PLANS = {
    "good": {},
    "faulty": {"encrypted": False, "public_access_blocked": False},
    "open": {"public_access_blocked": False},
    "dashboard": {"dashboard": True},
}


def _plan(directory: Path, name: str, **faults: bool) -> Path:
    graph = run_program(bucket_program(**faults), "demo", "preprod", {"bucket_name": "b"})
    return write_plan(graph, directory / f"{name}.json")


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, tuple[Path, PlanReport]], dict]:
    directory = tmp_path_factory.mktemp("gate")
    (directory / "checkov.yaml").write_text(CHECKOV_CONFIG)
    paths = {name: _plan(directory, name, **faults) for name, faults in PLANS.items()}
    reports, registry = run_checkov(DEFAULT_COMMAND, directory / "checkov.yaml", list(paths.values()))
    return {name: (path, reports[path]) for name, path in paths.items()}, registry


def _judge(scanned, tmp_path: Path, capsys, plan: str, uncovered: str = UNCOVERED, waivers: str = ""):
    (tmp_path / "uncovered.txt").write_text(uncovered)
    (tmp_path / "waivers.txt").write_text(waivers)
    (path, report), registry = scanned[0][plan], scanned[1]
    lists = read_uncovered(tmp_path / "uncovered.txt"), read_waivers(tmp_path / "waivers.txt")
    code = judge({path: report}, registry, *lists, tmp_path / "uncovered.txt")
    return code, capsys.readouterr().out


def test_a_good_bucket_passes_the_gate_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    plan = _plan(tmp_path, "p")
    (tmp_path / "checkov.yaml").write_text(CHECKOV_CONFIG)
    (tmp_path / "uncovered.txt").write_text(UNCOVERED)
    options = ["--config", str(tmp_path / "checkov.yaml"), "--uncovered", str(tmp_path / "uncovered.txt")]
    code = main([*options, str(plan)])
    captured = capsys.readouterr()
    assert code == 0, captured.out + captured.err
    assert " 0 failed " in captured.out


def test_planted_faults_fail_with_the_check_and_resource_named(scanned, tmp_path: Path, capsys):
    code, out = _judge(scanned, tmp_path, capsys, "faulty")
    assert code == 1
    assert "FAILED CKV_AWS_145 aws_s3_bucket.artifacts" in out  # no KMS default encryption
    assert "FAILED CKV2_AWS_6 aws_s3_bucket.artifacts" in out  # no public access block


def test_an_unlisted_uncovered_type_fails_and_a_listed_one_passes(scanned, tmp_path: Path, capsys):
    # checkov --list names CKV2_AWS_37/75 for dashboards too, yet they judge only CodeCommit and Lambda: no coverage.
    code, out = _judge(scanned, tmp_path, capsys, "dashboard")
    assert code == 1
    assert "NOT COVERED aws_cloudwatch_dashboard" in out
    code, out = _judge(scanned, tmp_path, capsys, "dashboard", uncovered=DASHBOARD_UNCOVERED)
    assert code == 0, out


def test_a_waiver_excuses_one_check_on_one_resource_only(scanned, tmp_path: Path, capsys):
    waiver = "CKV2_AWS_6 aws_s3_bucket.artifacts the example has no public access block\n"
    code, out = _judge(scanned, tmp_path, capsys, "open", waivers=waiver)
    assert code == 0, out
    assert "WAIVED CKV2_AWS_6 aws_s3_bucket.artifacts: the example has no public access block" in out
    code, out = _judge(scanned, tmp_path, capsys, "open", waivers="CKV2_AWS_6 aws_s3_bucket.other reason\n")
    assert code == 1


def test_an_uncovered_entry_without_a_reason_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    (tmp_path / "uncovered.txt").write_text("aws_made_up_thing\n")
    options = ["--config", str(tmp_path / "none.yaml"), "--uncovered", str(tmp_path / "uncovered.txt")]
    assert main([*options, str(tmp_path / "p.json")]) == 2
    assert "'aws_made_up_thing' must be '<terraform type> <reason>'" in capsys.readouterr().err


def test_a_checkov_that_cannot_start_is_reported_not_mistaken_for_a_pass(tmp_path: Path, capsys):
    plan = _plan(tmp_path, "p")
    (tmp_path / "uncovered.txt").write_text(UNCOVERED)
    options = ["--config", str(tmp_path / "none.yaml"), "--uncovered", str(tmp_path / "uncovered.txt")]
    assert main([*options, "--checkov", str(tmp_path / "no-such-checkov"), str(plan)]) == 2
    assert "cannot start checkov" in capsys.readouterr().err
