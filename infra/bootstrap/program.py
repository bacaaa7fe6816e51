"""The bootstrap program's wiring: config → state backend → GitHub OIDC provider → each repository's roles → outputs.

The outputs are exactly what the template asks (see `bootstrap.answers`): the state URL, the secrets key alias, the
account, the region and the role ARNs of each registered repository.
"""

import pulumi
import pulumi_aws as aws

from bootstrap.config import SECRETS_KEY_ALIAS, BootstrapConfig, parse_config
from bootstrap.github_oidc import GithubOidc, GithubOidcArgs
from bootstrap.repository_roles import RepositoryRoles, RepositoryRolesArgs
from bootstrap.state_backend import StateBackend, StateBackendArgs

STRUCTURED = ("environments", "state_trusted_accounts", "repositories")
TEXT = ("state_bucket", "state_key_arn")


def load_config() -> tuple[BootstrapConfig, str | None]:
    """The validated config, and the ARN of an existing GitHub OIDC provider to reuse (if any)."""
    config = pulumi.Config()
    raw = {setting: config.get_object(setting) for setting in STRUCTURED} | {s: config.get(s) for s in TEXT}
    return parse_config(raw), config.get("github_oidc_provider_arn")


def foreign_role_arns(config: BootstrapConfig) -> tuple[str, ...]:
    """The roles that trusted accounts hold for the registered repositories' environments not hosted here."""
    return tuple(
        f"arn:aws:iam::{account}:role/{repository.role_name(environment, kind)}"
        for account in config.state_trusted_accounts
        for repository in config.repositories
        for environment in repository.environments
        if environment not in config.environments
        for kind in repository.role_kinds(environment)
    )


def main() -> None:
    config, existing_provider = load_config()
    region = pulumi.Config("aws").require("region")
    account_id = aws.get_caller_identity_output().account_id
    hosted_state = config.state_bucket if config.hosts_state else None
    backend = StateBackend("pulumi", StateBackendArgs(account_id, hosted_state, foreign_role_arns(config)))
    state_key_arn = backend.key.arn if config.state_key_arn is None else pulumi.Output.from_input(config.state_key_arn)
    key_arns = pulumi.Output.all(state_key_arn, backend.key.arn).apply(lambda arns: sorted(set(arns)))
    github = GithubOidc("github-actions", GithubOidcArgs(existing_provider))
    repositories = {}
    for repository in config.repositories:
        hosted = tuple(environment for environment in repository.environments if environment in config.environments)
        args = RepositoryRolesArgs(repository, hosted, github.provider_arn, account_id, region, config.state_bucket,
                                   key_arns)  # fmt: skip
        roles = RepositoryRoles(repository.full_name.replace("/", "-"), args)
        repositories[repository.full_name] = {
            "project": repository.project,
            "deploy_role_arns": roles.deploy_role_arns,
            "preview_role_arns": roles.preview_role_arns,
        }
    pulumi.export("aws_region", region)
    pulumi.export("account_id", account_id)
    pulumi.export("environments", list(config.environments))
    pulumi.export("pulumi_backend_url", f"s3://{config.state_bucket}")
    pulumi.export("pulumi_secrets_kms_alias", SECRETS_KEY_ALIAS)
    pulumi.export("state_key_arn", state_key_arn)
    pulumi.export("github_oidc_provider_arn", github.provider_arn)
    pulumi.export("repositories", repositories)
