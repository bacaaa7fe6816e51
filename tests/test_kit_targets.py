"""The kit's own targets a developer runs besides `make test`: lint and the render benchmark."""

import subprocess

from conftest import KIT


def make(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "-C", str(KIT), *args], capture_output=True, text=True, check=False)


def test_make_lint_passes_on_the_kit_code():
    result = make("lint")
    assert result.returncode == 0, result.stdout


def test_make_bench_prints_medians():
    result = make("bench", "RUNS=1")
    assert result.returncode == 0, result.stderr
    assert "one project: median" in result.stdout
    assert "whole matrix (24 projects): median" in result.stdout
