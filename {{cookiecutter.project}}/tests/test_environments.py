import pytest

from {{ cookiecutter.package_name }} import environments


def test_each_environment_has_its_own_account_scoped_names():
    preprod, prod = environments.ENVIRONMENTS["preprod"], environments.ENVIRONMENTS["prod"]
    assert preprod.artifacts_bucket != prod.artifacts_bucket
    assert preprod.artifacts_bucket.endswith(preprod.account_id)
    assert prod.deploy_role_arn.startswith(f"arn:aws:iam::{prod.account_id}:role/")
    assert (preprod.account_id == prod.account_id) == environments.SINGLE_ACCOUNT


def test_endpoint_config_names_change_with_their_contents():
    env = environments.environment("prod")
    assert env.endpoint_config_name("a" * 64) != env.endpoint_config_name("b" * 64)


def test_an_unknown_environment_is_refused_with_the_valid_names():
    with pytest.raises(ValueError, match="expected one of preprod, prod"):
        environments.environment("staging")
