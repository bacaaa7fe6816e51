"""A generated project records its answers so that `cruft update` brings in a newer kit, hooks included."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import KIT

CRUFT = str(KIT / ".venv" / "bin" / "cruft")
# infra/: the template renders the bootstrap's grants from its code (hooks/grants.py)
KIT_FILES = ["cookiecutter.json", "local_extensions.py", "hooks", "infra", "templates", "{{cookiecutter.project}}"]


def git(cwd, *args: str) -> str:
    command = ["git", "-c", "user.name=kit", "-c", "user.email=kit@example.com", *args]
    return subprocess.run(command, cwd=cwd, check=True, capture_output=True, text=True).stdout


def hosted_kit(tmp_path: Path) -> Path:
    """A git copy of the kit, as a team would host it."""
    repo = tmp_path / "kit"
    repo.mkdir()
    for name in KIT_FILES:
        copy = shutil.copytree if (KIT / name).is_dir() else shutil.copy
        copy(
            KIT / name,
            repo / name,
            **({"ignore": shutil.ignore_patterns("__pycache__")} if copy is shutil.copytree else {}),
        )
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "kit v1")
    return repo


@pytest.fixture
def kit_repo(tmp_path):
    return hosted_kit(tmp_path)


def cruft(project, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([CRUFT, *args], cwd=project, capture_output=True, text=True, check=False)


def test_cruft_sees_and_applies_a_newer_kit(render, kit_repo, tmp_path):
    project = render(output_dir=tmp_path / "out", template=kit_repo, model_framework="xgboost")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "generated")
    assert cruft(project, "check").returncode == 0

    changelog = kit_repo / "{{cookiecutter.project}}" / "CHANGELOG.md"
    changelog.write_text(changelog.read_text() + "\n## Unreleased\n")
    git(kit_repo, "commit", "-qam", "kit v2")
    assert cruft(project, "check").returncode != 0

    result = cruft(project, "update", "--skip-apply-ask", "--allow-untracked-files")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "## Unreleased" in (project / "CHANGELOG.md").read_text()
    assert not (project / "src" / "customer_churn" / "models" / "sklearn_model.py").exists()  # the hook ran again
    assert list(project.rglob("*.rej")) == []  # cruft writes .cruft.json itself; the hook leaves it alone then
    assert cruft(project, "check").returncode == 0


def test_a_kit_given_by_a_relative_path_is_recorded_by_its_absolute_path(kit_repo, tmp_path):
    """`cookiecutter kit` from the kit's parent: `cruft update`, run in the project, must still find the kit."""
    command = [str(KIT / ".venv" / "bin" / "cookiecutter"), "--no-input", "--default-config", "-o", "out", "kit"]
    subprocess.run(command, cwd=tmp_path, check=True, capture_output=True)
    state = json.loads((tmp_path / "out" / "customer-churn" / ".cruft.json").read_text())
    assert state["template"] == str(kit_repo.resolve())
    assert state["commit"] == git(kit_repo, "rev-parse", "HEAD").strip()
