"""Render every combination of the matrix and check what comes out: the exact file set, no leftover template
markup, and every file valid for its kind (Python compiles and passes ruff, YAML/TOML/JSON parse)."""

import json
import re
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml
from conftest import KIT
from matrix import combinations

TEMPLATE = KIT / "{{cookiecutter.project}}"
# Files only one option value keeps; the hook removes the others.
OPTION_FILES = {
    ("model_framework", "scikit-learn"): {"src/{package}/models/sklearn_model.py"},
    ("model_framework", "xgboost"): {"src/{package}/models/xgboost_model.py"},
}
GENERATED_BY_HOOK = {".cruft.json"}
LEFTOVER = re.compile(r"cookiecutter\.|\{%|(?<!\$)\{\{")
MATRIX = combinations()


def expected_files(answers: dict[str, str]) -> set[str]:
    template_files = {
        str(path.relative_to(TEMPLATE)).replace("{{cookiecutter.package_name}}", "{package}")
        for path in TEMPLATE.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    for (question, value), files in OPTION_FILES.items():
        if answers[question] != value:
            template_files -= files
    return {name.format(package="customer_churn") for name in template_files | GENERATED_BY_HOOK}


@pytest.fixture(scope="module", params=MATRIX, ids=[name for name, _ in MATRIX])
def rendered(request, tmp_path_factory):
    from cookiecutter.main import cookiecutter

    name, answers = request.param
    output = tmp_path_factory.mktemp(name)
    return answers, Path(cookiecutter(str(KIT), no_input=True, output_dir=str(output), extra_context=answers))


def files_of(project: Path) -> dict[str, Path]:
    return {str(path.relative_to(project)): path for path in project.rglob("*") if path.is_file()}


def test_exact_file_set(rendered):
    answers, project = rendered
    assert set(files_of(project)) == expected_files(answers)


def test_no_template_markup_is_left(rendered):
    _, project = rendered
    leftovers = [name for name, path in files_of(project).items() if LEFTOVER.search(path.read_text())]
    assert leftovers == []


def test_every_file_parses_for_its_kind(rendered):
    _, project = rendered
    parsers = {
        ".py": lambda text, name: compile(text, name, "exec"),
        ".json": lambda text, _: json.loads(text),
        ".toml": lambda text, _: tomllib.loads(text),
        ".yml": lambda text, _: yaml.safe_load(text),
        ".yaml": lambda text, _: yaml.safe_load(text),
    }
    for name, path in files_of(project).items():
        if path.suffix in parsers:
            parsers[path.suffix](path.read_text(), name)


def test_github_expressions_survive_rendering(rendered):
    _, project = rendered
    for workflow in (project / ".github" / "workflows").glob("*.yml"):
        assert "${{" in workflow.read_text(), workflow.name


def test_python_passes_ruff_with_the_generated_config(rendered):
    _, project = rendered
    ruff = str(KIT / ".venv" / "bin" / "ruff")
    for command in ([ruff, "check", "--no-cache", "."], [ruff, "format", "--check", "--no-cache", "."]):
        result = subprocess.run(command, cwd=project, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout + result.stderr


def test_answers_are_recorded_for_cruft_update(rendered):
    answers, project = rendered
    state = json.loads((project / ".cruft.json").read_text())
    assert state["template"] == str(KIT)
    assert state["context"]["cookiecutter"].items() >= answers.items()
