"""The gate against real checkov (seconds): a good bucket passes, planted faults and silent coverage gaps fail."""

from pathlib import Path

import pytest
from policy.gate import main
from policy.mocks import run_program
from policy.plan import write_plan
from policy_programs import CHECKOV_CONFIG, bucket_program

UNCOVERED = "# every exported type has a check\n"
DASHBOARD_UNCOVERED = "aws_cloudwatch_dashboard a dashboard only displays metrics\n"


def _gate(tmp_path: Path, capsys: pytest.CaptureFixture[str], uncovered: str = UNCOVERED, waivers: str = "", **faults):
    plan = write_plan(
        run_program(bucket_program(**faults), "demo", "preprod", {"bucket_name": "b"}), tmp_path / "p.json"
    )
    (tmp_path / "checkov.yaml").write_text(CHECKOV_CONFIG)
    (tmp_path / "uncovered.txt").write_text(uncovered)
    (tmp_path / "waivers.txt").write_text(waivers)
    options = ["--config", str(tmp_path / "checkov.yaml"), "--uncovered", str(tmp_path / "uncovered.txt")]
    options += ["--waivers", str(tmp_path / "waivers.txt")]
    code = main([*options, str(plan)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_a_good_bucket_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    code, out = _gate(tmp_path, capsys)
    assert code == 0, out
    assert " 0 failed " in out


def test_planted_faults_fail_with_the_check_and_resource_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    code, out = _gate(tmp_path, capsys, encrypted=False, public_access_blocked=False)
    assert code == 1
    assert "FAILED CKV_AWS_145 aws_s3_bucket.artifacts" in out  # no KMS default encryption
    assert "FAILED CKV2_AWS_6 aws_s3_bucket.artifacts" in out  # no public access block


def test_an_unlisted_uncovered_type_fails_and_a_listed_one_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    # checkov --list names CKV2_AWS_37/75 for dashboards too, yet they judge only CodeCommit and Lambda: no coverage.
    code, out = _gate(tmp_path, capsys, dashboard=True)
    assert code == 1
    assert "NOT COVERED aws_cloudwatch_dashboard" in out
    code, out = _gate(tmp_path, capsys, uncovered=DASHBOARD_UNCOVERED, dashboard=True)
    assert code == 0, out


def test_an_uncovered_entry_without_a_reason_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    code, out = _gate(tmp_path, capsys, uncovered="aws_made_up_thing\n")
    assert code == 2
    assert "'aws_made_up_thing' must be '<terraform type> <reason>'" in out


def test_a_waiver_excuses_one_check_on_one_resource_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    waiver = "CKV2_AWS_6 aws_s3_bucket.artifacts the example has no public access block\n"
    code, out = _gate(tmp_path, capsys, waivers=waiver, public_access_blocked=False)
    assert code == 0, out
    assert "WAIVED CKV2_AWS_6 aws_s3_bucket.artifacts: the example has no public access block" in out
    code, out = _gate(tmp_path, capsys, waivers="CKV2_AWS_6 aws_s3_bucket.other reason\n", public_access_blocked=False)
    assert code == 1


def test_a_checkov_that_cannot_start_is_reported_not_mistaken_for_a_pass(tmp_path: Path, capsys):
    plan = write_plan(run_program(bucket_program(), "demo", "preprod", {"bucket_name": "b"}), tmp_path / "p.json")
    (tmp_path / "uncovered.txt").write_text(UNCOVERED)
    options = ["--config", str(tmp_path / "none.yaml"), "--uncovered", str(tmp_path / "uncovered.txt")]
    assert main([*options, "--checkov", str(tmp_path / "no-such-checkov"), str(plan)]) == 2
    assert "cannot start checkov" in capsys.readouterr().err
