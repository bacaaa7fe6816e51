"""Journey J0: a team generates a project with `cruft create` and later takes a kit change with `cruft update`, on a
machine without /proc (macOS, where most people run cookiecutter); and any project name they might type either
yields valid derived names or one sentence asking for the one answer that cannot be derived."""

import json
import os
import subprocess
import sys

import pytest
from conftest import KIT
from cookiecutter.exceptions import FailedHookException
from derived import kit_dir, project_slug
from test_cruft_update import CRUFT, git, hosted_kit
from validation import problems

# Loaded by every Python that cruft and its hooks start: /proc answers like a path that does not exist, as on macOS,
# and each attempt to use it is logged, so the test can show nothing needed it.
HIDE_PROC = """
import builtins, os

_LOG = os.environ["HIDDEN_PROC_LOG"]


def _hidden(function):
    def call(path, *args, **kwargs):
        if isinstance(path, (str, bytes, os.PathLike)) and os.fsdecode(path).startswith("/proc"):
            with open(_LOG, "a") as log:
                log.write(f"{function.__name__}({os.fsdecode(path)!r})\\n")
            raise FileNotFoundError(2, "No such file or directory (hidden, as on macOS)", path)
        return function(path, *args, **kwargs)

    return call


builtins.open = _hidden(builtins.open)
for _name in ("readlink", "stat", "lstat", "listdir", "scandir"):
    setattr(os, _name, _hidden(getattr(os, _name)))
"""


@pytest.fixture
def no_proc(tmp_path):
    """The environment for a subprocess, and the log of its attempts to use /proc."""
    site = tmp_path / "hide-proc"
    site.mkdir()
    (site / "sitecustomize.py").write_text(HIDE_PROC)
    log = site / "attempts.log"
    log.touch()
    env = {**os.environ, "PYTHONPATH": str(site), "HIDDEN_PROC_LOG": str(log)}
    probe = [sys.executable, "-c", "import os; os.readlink(f'/proc/{os.getppid()}/cwd')"]
    assert "hidden, as on macOS" in subprocess.run(probe, env=env, capture_output=True, text=True).stderr
    log.write_text("")
    return env, log


def cruft(cwd, env, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([CRUFT, *args], cwd=cwd, env=env, capture_output=True, text=True, check=False)


def test_j0_cruft_create_then_update_without_proc(tmp_path, no_proc):
    env, proc_log = no_proc
    kit_repo = hosted_kit(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    answers = json.dumps({"project_name": "Détection de fraude", "model_framework": "xgboost"})

    print("J0: cruft create from the kit's git repository, /proc hidden, project_name 'Détection de fraude'")
    result = cruft(out, env, "create", "--no-input", "--default-config", "--extra-context", answers, str(kit_repo))
    assert result.returncode == 0, result.stdout + result.stderr
    project = out / "detection-de-fraude"
    print("J0: the post-generation hook ran from the clone: unused framework dropped, next steps printed")
    assert (project / "src" / "detection_de_fraude" / "models" / "xgboost_model.py").exists()
    assert not (project / "src" / "detection_de_fraude" / "models" / "sklearn_model.py").exists()
    assert "Generated detection-de-fraude (xgboost, canary)." in result.stdout
    state = json.loads((project / ".cruft.json").read_text())
    assert state["template"] == str(kit_repo)
    assert state["context"]["cookiecutter"]["github_repo"] == "detection-de-fraude"

    print("J0: cruft create with a name no slug can be derived from: one sentence, no directory")
    unnamed = json.dumps({"project_name": "顧客離反"})
    refused = cruft(out, env, "create", "--no-input", "--default-config", "--extra-context", unnamed, str(kit_repo))
    assert refused.returncode != 0
    sentences = [line for line in refused.stderr.splitlines() if line.startswith("Invalid ")]
    assert len(sentences) == 1 and "a slug could not be derived from project_name '顧客離反'" in sentences[0]
    assert sorted(path.name for path in out.iterdir()) == ["detection-de-fraude"]

    print("J0: the team commits the project; cruft check finds it up to date")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "generated")
    assert cruft(project, env, "check").returncode == 0

    print("J0: the kit changes a template file and a hook step; cruft check sees the project behind")
    changelog = kit_repo / "{{cookiecutter.project}}" / "CHANGELOG.md"
    changelog.write_text(changelog.read_text() + "\n## Unreleased\n")
    steps = kit_repo / "hooks" / "post_generation.py"
    steps.write_text(
        steps.read_text().replace(
            "    print(next_steps(answers))",
            '    (project / "KIT_V2").write_text("written by the v2 hook\\n")\n    print(next_steps(answers))',
        )
    )
    git(kit_repo, "commit", "-qam", "kit v2")
    assert cruft(project, env, "check").returncode != 0

    print("J0: cruft update, /proc hidden: both kit versions render with their own hooks, the diff applies cleanly")
    result = cruft(project, env, "update", "--skip-apply-ask", "--allow-untracked-files")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "## Unreleased" in (project / "CHANGELOG.md").read_text()
    assert (project / "KIT_V2").read_text() == "written by the v2 hook\n"  # the new kit's hook, from cruft's clone
    assert not (project / "src" / "detection_de_fraude" / "models" / "sklearn_model.py").exists()
    assert list(project.rglob("*.rej")) == []
    changed = {line[3:] for line in git(project, "status", "--porcelain").splitlines()}
    assert changed == {".cruft.json", "CHANGELOG.md", "KIT_V2"}
    assert cruft(project, env, "check").returncode == 0

    print("J0: nothing tried to use /proc")
    assert proc_log.read_text() == ""


# (project_name as a team might type it, the project slug it yields, or the words of the one sentence that stops it)
NAMES = [
    ("Customer Churn", "customer-churn"),
    ("Détection de fraude", "detection-de-fraude"),
    ("Kundenabwanderung 2.0", "kundenabwanderung-2-0"),
    ("Straße & Ölpreis", "strasse-olpreis"),
    ("Prognoza sprzedaży – Łódź", "prognoza-sprzedazy-lodz"),  # noqa: RUF001 (an en dash)
    ("Ærø færge", "aero-faerge"),
    ("İstanbul Şube", "istanbul-sube"),
    ("São Paulo_Demand", "sao-paulo-demand"),
    ("ＡＩ　Ｃｈｕｒｎ", "ai-churn"),  # noqa: RUF001 (full-width letters and space)
    ("顧客離反 (Churn)", "churn"),
    ("Churn (v2)!", "churn-v2"),
    ("  Spaces  ", "spaces"),
    ("ACME's churn", "acmes-churn"),
    ("2024 Forecast", "ml-2024-forecast"),
    ("2024", "ml-2024"),
    ("顧客離反", "a slug could not be derived from project_name '顧客離反'"),
    ("客户流失", "a slug could not be derived from project_name '客户流失'"),
    ("Отток клиентов", "a slug could not be derived from project_name 'Отток клиентов'"),
    ("Ελληνικά", "a slug could not be derived from project_name 'Ελληνικά'"),
    ("!!! ???", "a slug could not be derived from project_name '!!! ???'"),
    ("X", "Invalid project 'x': it must be a value that is at least 2 lowercase"),
    ("Random", "Invalid package_name 'random': it must be a value that does not shadow"),
    ("Prévision de la demande d'électricité", "Invalid project 'prevision-de-la-demande-delectricite'"),
    ('Project "Phoenix"', "Invalid project_name 'Project \"Phoenix\"'"),
]


@pytest.mark.parametrize(("name", "outcome"), NAMES, ids=[name for name, _ in NAMES])
def test_j0_any_project_name_renders_or_asks_one_question(render, tmp_path, capfd, name, outcome):
    out = tmp_path / "out"
    if " " in outcome:
        print(f"J0: project_name {name!r} stops generation with one sentence")
        with pytest.raises(FailedHookException):
            render(output_dir=out, project_name=name)
        sentences = [line for line in capfd.readouterr().err.splitlines() if line.startswith("Invalid ")]
        assert len(sentences) == 1 and outcome in sentences[0], sentences
        assert list(out.iterdir()) == []
        return
    print(f"J0: project_name {name!r} renders as {outcome}")
    project = render(output_dir=out, project_name=name)
    answers = json.loads((project / ".cruft.json").read_text())["context"]["cookiecutter"]
    assert (answers["project"], answers["package_name"], answers["github_repo"]) == (
        outcome,
        outcome.replace("-", "_"),
        outcome,
    )
    assert problems(answers) == []  # the slug, the package and the repository name pass the kit's own rules
    assert project.name == outcome
    assert (project / "README.md").read_text().splitlines()[0] == f"# {name}"
    for path in project.rglob("*.py"):
        compile(path.read_text(), str(path), "exec")
    assert project_slug(name) == outcome


def test_kit_dir_refuses_to_guess_outside_a_kit(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(RuntimeError, match="only meaningful while cookiecutter renders a hook"):
        kit_dir()
    monkeypatch.chdir(KIT)
    assert kit_dir() == str(KIT)
