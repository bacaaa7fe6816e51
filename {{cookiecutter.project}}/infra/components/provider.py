"""The AWS provider every resource of a stack goes through: one region, one account, the standard tags."""

import pulumi_aws as aws

from {{ cookiecutter.package_name }}.environments import GITHUB_REPOSITORY, PROJECT, REGION, Environment


def standard_tags(env: Environment) -> dict[str, str]:
    """The tags every taggable resource carries, so cost and ownership reports can group by them."""
    return {"project": PROJECT, "environment": env.name, "managed-by": "pulumi", "repository": GITHUB_REPOSITORY}


def environment_provider(env: Environment) -> aws.Provider:
    """A provider pinned to the environment's account: a deploy with the wrong credentials fails before any change."""
    return aws.Provider(
        f"aws-{env.name}",
        region=REGION,
        allowed_account_ids=[env.account_id],
        default_tags=aws.ProviderDefaultTagsArgs(tags=standard_tags(env)),
    )
