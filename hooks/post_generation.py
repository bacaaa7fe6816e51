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


def write_cruft_state(project: Path, answers: dict, kit: str) -> None:
    """Write .cruft.json so `cruft update` can replay these answers against a newer kit."""
    template = answers["_template"]
    if Path(kit, template).exists():  # a local checkout: record where it is, not how it was typed
        template = kit
    context = {key: value for key, value in answers.items() if not key.startswith("_") or key == "_template"}
    context["_template"] = template
    state = {
        "template": template,
        "commit": _template_commit(kit),
        "checkout": answers.get("_checkout"),
        "context": {"cookiecutter": context},
        "directory": None,
    }
    (project / ".cruft.json").write_text(json.dumps(state, indent=2, sort_keys=True) + "\n")


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
    write_cruft_state(project, answers, kit)
    print(next_steps(answers))
