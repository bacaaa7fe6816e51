"""The generated projects' hash-pinned locks are exactly what their own `make lock` resolves (keeping the pins
that fit, the rest as PyPI stood at LOCKED_AT), for every framework and Python version; and uv, as `make install`
runs it, refuses an archive whose hash the lock does not name. Both need PyPI, as `make install` does."""

import re
import subprocess
import sys

import pytest
from conftest import KIT

UV = KIT / ".venv" / "bin" / "uv"


def lock_entry(lock: str, name: str) -> str:
    """One package's lines of a lock: `name==version \\` and its `--hash=` lines."""
    return re.search(rf"^{name}==.*?(?=\n\S)", lock, re.MULTILINE | re.DOTALL)[0]


def make_lock(project) -> str:
    """The project's own `make lock`, the kit's uv (the version requirements/uv.txt pins) standing in for its .venv."""
    result = subprocess.run(["make", "-C", str(project), "lock", f"BIN={UV.parent}"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    return (project / "requirements" / "project.txt").read_text()


@pytest.mark.slow
@pytest.mark.parametrize("framework", ["scikit-learn", "xgboost"])
@pytest.mark.parametrize("python", ["3.11", "3.12"])
def test_the_lock_is_what_the_projects_make_lock_resolves(render, framework, python):
    project = render(model_framework=framework, python_version=python)
    shipped = (project / "requirements" / "project.txt").read_text()
    assert make_lock(project) == shipped, "`make locks` in the kit renews it"


@pytest.mark.slow
def test_a_lock_that_lacks_a_package_the_project_needs_is_not_what_make_lock_resolves(render):
    project = render()
    lock = project / "requirements" / "project.txt"
    shipped = lock.read_text()
    planted = shipped.replace(lock_entry(shipped, "six") + "\n", "")
    lock.write_text(planted)
    assert planted != shipped
    assert make_lock(project) == shipped


def test_the_kit_resolves_with_the_uv_the_projects_pin():
    pinned = (KIT / "{{cookiecutter.project}}" / "requirements" / "uv.txt").read_text()
    version = subprocess.run([UV, "--version"], capture_output=True, text=True, check=True).stdout.split()[1]
    assert f"\nuv=={version} " in pinned


@pytest.mark.parametrize("planted", [False, True], ids=["as-locked", "hash-replaced"])
def test_an_archive_of_another_hash_is_refused(tmp_path, planted):
    lock = (KIT / "templates" / "requirements" / "scikit-learn.txt").read_text()
    entry = lock_entry(lock, "six")
    if planted:
        entry = re.sub(r"sha256:[0-9a-f]{64}", "sha256:" + "0" * 64, entry)
    (tmp_path / "requirements.txt").write_text(entry + "\n")
    subprocess.run([UV, "venv", "--quiet", "--python", sys.executable, tmp_path / "venv"], check=True)
    install = [UV, "pip", "install", "--python", tmp_path / "venv" / "bin" / "python", "--require-hashes"]
    result = subprocess.run([*install, "-r", tmp_path / "requirements.txt"], capture_output=True, text=True)
    assert (result.returncode != 0) == planted, result.stderr
    if planted:
        assert "Hash mismatch" in result.stderr
