"""Bad config stops the bootstrap with one sentence; an unpinned trust cannot be configured at all."""

import pytest
from bootstrap.config import ConfigError, parse_config
from bootstrap.trust import pinned
from bootstrap_stack import PREPROD, bootstrap


def _with_repository(**entry) -> dict:
    return PREPROD | {"repositories": [{"repository": "acme/customer-churn", "environments": ["preprod"]} | entry]}


@pytest.mark.parametrize("repository", ["*", "acme/*", "acme/churn:ref:refs/heads/main", "acme", "acme/churn/x"])
def test_a_wildcard_or_malformed_repository_is_refused(repository: str):
    with pytest.raises(ConfigError, match=r"repositories\[0\]\.repository = .* must be exactly <owner>/<repo>"):
        parse_config(_with_repository(repository=repository))


@pytest.mark.parametrize("environments", [["staging"], ["*"], [], "prod", ["prod", "prod"]])
def test_a_wrong_environment_is_refused(environments):
    with pytest.raises(ConfigError, match=r"repositories\[0\]\.environments = .* is refused"):
        parse_config(_with_repository(environments=environments))


@pytest.mark.parametrize("subject", ["*", "repo:acme/*", "repo:acme/churn:*", "repo:acme/churn:environment:dev",
                                     "repo:acme/churn:ref:refs/heads/main"])  # fmt: skip
def test_a_subject_that_is_not_pinned_cannot_reach_a_trust_policy(subject: str):
    with pytest.raises(ConfigError, match=r"sub = .* is refused"):
        pinned(subject)


def test_the_account_environments_state_bucket_and_project_are_validated():
    with pytest.raises(ConfigError, match=r"^environments = \['qa'\] is refused: it may only name preprod, prod\.$"):
        parse_config(PREPROD | {"environments": ["qa"]})
    with pytest.raises(ConfigError, match="state_bucket = 'Bad_Bucket' is refused"):
        parse_config(PREPROD | {"state_bucket": "Bad_Bucket"})
    with pytest.raises(ConfigError, match=r"repositories\[0\]\.project = 'Churn!' is refused"):
        parse_config(_with_repository(project="Churn!"))
    with pytest.raises(ConfigError, match="state_trusted_accounts = '222222222222' is refused: it must be a list"):
        parse_config(PREPROD | {"state_trusted_accounts": "222222222222"})
    with pytest.raises(ConfigError, match="is registered twice"):
        parse_config(PREPROD | {"repositories": [PREPROD["repositories"][0]] * 2})


@pytest.mark.parametrize(("first", "second"), [("churn", "churn-model"), ("churn", "churn")])
def test_projects_whose_names_overlap_are_refused(first: str, second: str):
    entries = [{"repository": f"acme/{name}-repo-{n}", "environments": ["preprod"], "project": name}
               for n, name in enumerate((first, second))]  # fmt: skip
    with pytest.raises(ConfigError, match=f"`{first}-\\*` would also name {second}'s resources"):
        parse_config(PREPROD | {"repositories": entries})
    parse_config(PREPROD | {"repositories": [entries[0], {**entries[1], "project": "churnmodel"}]})


def test_a_role_name_over_the_iam_limit_is_refused():
    with pytest.raises(ConfigError, match="longer than 64"):
        parse_config(_with_repository(repository="acme/" + "r" * 60))


def test_the_program_refuses_bad_config_before_declaring_anything():
    with pytest.raises(ConfigError, match="must be exactly <owner>/<repo>"):
        bootstrap(_with_repository(repository="acme/*"))
