"""The names the hook checks against AWS limits are the names the generated project really creates."""

import importlib.util

from naming import ENVIRONMENTS, NAMES


def load_environments(project):
    path = next(project.glob("src/*/environments.py"))
    spec = importlib.util.spec_from_file_location("generated_environments", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def names_created(module) -> set[str]:
    found = {module.PIPELINE_NAME}
    for env in module.ENVIRONMENTS.values():
        found |= {
            env.artifacts_bucket,
            env.access_logs_bucket,
            env.execution_role_name,
            env.events_role_name,
            env.endpoint_config_name("0123456789abcdef"),
            env.api_destination_name,
            env.workload_boundary_arn.split("/")[-1],
            env.deploy_role_arn.split("/")[-1],
            env.preview_role_arn.split("/")[-1],
        }
    return found


def names_checked(answers: dict[str, str]) -> set[str]:
    return {
        template.format(env=env, account=answers[f"{env}_account_id"], **answers)
        for _, template, _, _ in NAMES
        for env in ENVIRONMENTS
    }


def test_hook_and_generated_project_agree_on_every_name(render):
    answers = {"project": "a-project-at-the-length-limit", "github_repo": "a-repository-at-the-limit-of-names"}
    project = render(**answers)
    module = load_environments(project)
    defaults = {
        "preprod_account_id": module.ENVIRONMENTS["preprod"].account_id,
        "prod_account_id": module.ENVIRONMENTS["prod"].account_id,
    }
    assert names_created(module) == names_checked({**defaults, **answers})
