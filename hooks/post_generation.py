"""What happens once the files are written: drop the files of options not chosen, record the answers for
`cruft update`, and say what to do next. Runs with the generated project as the working directory."""

import json
import subprocess
from pathlib import Path

FRAMEWORK_MODULES = {"scikit-learn": "sklearn", "xgboost": "xgboost"}


def remove_unused_framework_files(project: Path, answers: dict) -> None:
    """Each framework has its own model module; keep only the chosen one."""
    models = project / "src" / answers["package_name"] / "models"
    chosen = FRAMEWORK_MODULES[answers["model_framework"]]
    for module in FRAMEWORK_MODULES.values():
        if module != chosen:
            (models / f"{module}_model.py").unlink()


def _template_commit(repo_dir: str) -> str | None:
    result = subprocess.run(["git", "-C", repo_dir, "rev-parse", "HEAD"], capture_output=True, text=True, check=False)
    return result.stdout.strip() if result.returncode == 0 else None


def recorded_template(answers: dict, kit: str) -> str:
    """Where `cruft update` finds the kit again. cookiecutter uses a local kit in place, so its `_repo_dir` is the
    `_template` as typed (cookiecutter/repository.py, determine_repo_dir): record the kit's absolute path, not a path
    relative to wherever cookiecutter ran. Anything it cloned or unzipped: the URL as typed."""
    return kit if answers.get("_repo_dir") == answers["_template"] else answers["_template"]


def write_cruft_state(project: Path, answers: dict, kit: str) -> None:
    """Write .cruft.json so `cruft update` can replay these answers against a newer kit."""
    template = recorded_template(answers, kit)
    context = {key: value for key, value in answers.items() if not key.startswith("_")}
    context["_template"] = template
    state = {
        "template": template,
        "commit": _template_commit(kit),
        "checkout": answers.get("_checkout"),
        "context": {"cookiecutter": context},
        "directory": None,
    }
    (project / ".cruft.json").write_text(json.dumps(state, indent=2, sort_keys=True) + "\n")


def driven_by_cruft(answers: dict) -> bool:
    """cruft adds `_commit` to the context (cruft/_commands/utils/cookiecutter.py) and writes .cruft.json itself once
    the files are generated; when `cruft update` renders the old and the new kit to diff them, a .cruft.json of
    ours in both would only turn into a rejected hunk in the project."""
    return "_commit" in answers


def next_steps(answers: dict) -> str:
    return "\n".join(
        [
            f"Generated {answers['project']} ({answers['model_framework']}, {answers['deployment_strategy']}).",
            "Next:",
            f"  cd {answers['project']}",
            "  make check        # install, lint, test, pipeline definition and policy gate, all offline",
            "  make local        # train, evaluate, gate, register and serve the model on this machine",
            "Before the first deploy, run the kit's account bootstrap (docs: 'Set up your AWS accounts').",
        ]
    )


def main(answers: dict, kit: str) -> None:
    project = Path.cwd()
    remove_unused_framework_files(project, answers)
    if not driven_by_cruft(answers):
        write_cruft_state(project, answers, kit)
    print(next_steps(answers))
