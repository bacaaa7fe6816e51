"""The bootstrap's outputs become cookiecutter answers, and the generated project names the very roles created."""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from bootstrap.answers import AnswersError, answers, main
from bootstrap_stack import KIT_ROOT, PREPROD, PROD, PROD_ACCOUNT, bootstrap

REPOSITORY = "acme/customer-churn"


def _outputs(tmp_path: Path) -> tuple[Path, Path]:
    preprod, prod = tmp_path / "preprod.json", tmp_path / "prod.json"
    preprod.write_text(json.dumps(bootstrap(PREPROD).outputs))
    prod.write_text(json.dumps(bootstrap(PROD, account=PROD_ACCOUNT, stack="prod").outputs))
    return preprod, prod


def _load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("generated_environments", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_generated_project_assumes_exactly_the_roles_the_bootstrap_created(tmp_path: Path, capsys):
    preprod, prod = _outputs(tmp_path)
    assert main(["--preprod", str(preprod), "--prod", str(prod), "--repository", REPOSITORY]) == 0
    config_file = tmp_path / "answers.yaml"
    config_file.write_text(capsys.readouterr().out)
    cookiecutter = Path(sys.executable).parent / "cookiecutter"
    command = [
        str(cookiecutter),
        "--no-input",
        "--config-file",
        str(config_file),
        "-o",
        str(tmp_path / "out"),
        str(KIT_ROOT),
    ]
    subprocess.run(command, check=True, capture_output=True)
    environments = _load(tmp_path / "out/customer-churn/src/customer_churn/environments.py")
    for outputs in (json.loads(preprod.read_text()), json.loads(prod.read_text())):
        roles = outputs["repositories"][REPOSITORY]
        for env, arn in roles["deploy_role_arns"].items():
            assert environments.environment(env).deploy_role_arn == arn
        for env, arn in roles["preview_role_arns"].items():
            assert environments.environment(env).preview_role_arn == arn
    assert '"s3://acme-pulumi-state-111111111111"' in (tmp_path / "answers.yaml").read_text()


def test_an_unregistered_repository_gets_a_clear_refusal(tmp_path: Path, capsys):
    preprod, prod = _outputs(tmp_path)
    assert main(["--preprod", str(preprod), "--prod", str(prod), "--repository", "acme/other"]) == 1
    assert "repository = 'acme/other' has no preprod deploy role" in capsys.readouterr().err


def test_single_account_mode_answers_the_same_account_twice():
    outputs = bootstrap(PREPROD | {"environments": ["preprod", "prod"]}).outputs
    values = answers(outputs, outputs, REPOSITORY)
    assert values["preprod_account_id"] == values["prod_account_id"]
    with pytest.raises(AnswersError, match="no prod deploy role"):
        answers(bootstrap(PREPROD).outputs, bootstrap(PREPROD).outputs, REPOSITORY)
