"""Print the bootstrap's stack outputs as the template's answers: a cookiecutter `--config-file` (YAML).

pulumi stack output --json --stack preprod > preprod.json   # in infra/, per account
pulumi stack output --json --stack prod > prod.json         # single-account mode: omit --prod
python -m bootstrap.answers --preprod preprod.json --prod prod.json --repository acme/customer-churn > answers.yaml
cookiecutter --config-file answers.yaml <kit>
"""

import argparse
import json
import sys
from pathlib import Path
from typing import Any


class AnswersError(ValueError):
    """The outputs cannot answer for this repository (not registered, or an environment's role is missing)."""


def answers(preprod: dict[str, Any], prod: dict[str, Any], repository: str) -> dict[str, str]:
    """The template questions the bootstrap answers, checked against what each account really holds."""
    for environment, outputs in (("preprod", preprod), ("prod", prod)):
        entry = outputs.get("repositories", {}).get(repository)
        if entry is None or environment not in entry.get("deploy_role_arns", {}):
            raise AnswersError(
                f"repository = {repository!r} has no {environment} deploy role in that account's bootstrap outputs: "
                f"add it with environments [{environment}] to the bootstrap's `repositories` and run `pulumi up`."
            )
    owner, repo = repository.split("/", 1)
    return {
        "project": preprod["repositories"][repository]["project"],
        "aws_region": preprod["aws_region"],
        "preprod_account_id": preprod["account_id"],
        "prod_account_id": prod["account_id"],
        "github_owner": owner,
        "github_repo": repo,
        "pulumi_backend_url": preprod["pulumi_backend_url"],
        "pulumi_secrets_kms_alias": preprod["pulumi_secrets_kms_alias"],
    }


def as_config_file(values: dict[str, str]) -> str:
    """YAML for `cookiecutter --config-file`: JSON strings are valid YAML double-quoted scalars."""
    lines = [f"  {key}: {json.dumps(value)}" for key, value in values.items()]
    return "default_context:\n" + "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bootstrap.answers", description="bootstrap outputs → answers")
    parser.add_argument("--preprod", type=Path, required=True, help="`pulumi stack output --json` of preprod")
    parser.add_argument("--prod", type=Path, help="the same for prod (omit in single-account mode)")
    parser.add_argument("--repository", required=True, help="<owner>/<repo> registered in the bootstrap config")
    args = parser.parse_args(argv)
    preprod = json.loads(args.preprod.read_text())
    prod = json.loads(args.prod.read_text()) if args.prod else preprod
    try:
        print(as_config_file(answers(preprod, prod, args.repository)), end="")
    except AnswersError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
