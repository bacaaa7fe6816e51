"""The Environment guard and its setup against the stand-in GitHub API (real HTTP, GitHub's routes and answers)."""

import pytest
from journeys.harness.github_api import GitHubApi

from {{ cookiecutter.package_name }}.cli import main
from {{ cookiecutter.package_name }}.ops import protection


@pytest.fixture
def github(monkeypatch):
    api = GitHubApi()
    monkeypatch.setenv("GITHUB_API_URL", api.url)
    yield api
    api.close()


def test_protected_environments_pass_the_guard_and_each_missing_protection_is_named(github):
    person = github.token_for("person", {"administration": "write", "members": "read"})
    job = github.token_for("deploy", {"actions": "read"})
    assert protection.problems("prod", job) == [
        "the prod Environment does not exist, so GitHub would create it unprotected"
    ]
    reviewers = [protection.reviewer(person, team="ml-approvers")]
    for env in ("preprod", "prod"):
        protection.protect(env, person, reviewers)
    assert protection.problems("preprod", job) == [] and protection.problems("prod", job) == []
    assert github.records.environments["prod"]["branches"] == ["main"]
    github.records.environments["prod"]["deployment_branch_policy"] = None
    github.records.environments["prod"]["protection_rules"] = []
    assert protection.problems("prod", job) == [
        "the prod Environment admits deployments from any branch, not only main",
        "the prod Environment has no required reviewers, so nobody approves its deploys",
    ]


def test_a_prod_environment_is_never_protected_without_a_reviewer(github):
    person = github.token_for("person", {"administration": "write"})
    with pytest.raises(ValueError, match="the prod Environment needs at least one reviewer"):
        protection.protect("prod", person, [])


def test_a_token_without_actions_read_is_refused_in_one_sentence(github, monkeypatch, capsys):
    monkeypatch.setenv("GITHUB_TOKEN", github.token_for("deploy", {"contents": "read"}))
    assert main(["ops", "guard", "--env", "prod"]) == 1
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("error: GitHub answered 403 to GET /repos/") and line.endswith("/environments/prod")


def test_an_unprotected_environment_stops_the_job_with_the_way_out(github, monkeypatch, capsys):
    monkeypatch.setenv("GITHUB_TOKEN", github.token_for("deploy", {"actions": "read"}))
    assert main(["ops", "guard", "--env", "preprod"]) == 1
    assert "run `make environments`, docs/runbooks/deploy.md" in capsys.readouterr().err


def test_setting_up_without_a_team_is_refused_in_one_sentence(github, monkeypatch, capsys):
    monkeypatch.setenv("GITHUB_TOKEN", github.token_for("person", {"administration": "write"}))
    assert main(["ops", "protect-environments", "--team", ""]) == 1
    assert capsys.readouterr().err.strip() == (
        "error: TEAM is empty: name the team that approves prod deploys (make environments TEAM=<slug>)"
    )
    assert github.records.environments == {}, "nothing half-applied"
