"""The bootstrap's stack config, read once and validated: a bad value stops `pulumi up` before anything is created.

Every refusal is one sentence naming the setting, its value and the rule. What cannot be configured cannot be
deployed: subjects are built from validated parts, so a `sub: *` or a foreign environment is impossible by design.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

ENVIRONMENTS = ("preprod", "prod")
# Pull requests preview preprod only (the generated ci.yml), so only preprod has a role they can assume.
PREVIEW_ENVIRONMENT = "preprod"
SECRETS_KEY_ALIAS = "alias/pulumi-secrets"
ROLE_NAME_LIMIT = 64
_OWNER_REPO = re.compile(r"^(?P<owner>[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/(?P<repo>[A-Za-z0-9._-]{1,100})$")
_SLUG = re.compile(r"^[a-z][a-z0-9-]*[a-z0-9]$")
_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,56}[a-z0-9]$")
_ACCOUNT = re.compile(r"^[0-9]{12}$")
_KEY_ARN = re.compile(r"^arn:aws:kms:[a-z0-9-]+:(?P<account>[0-9]{12}):key/[A-Za-z0-9-]+$")


class ConfigError(ValueError):
    """A stack config value breaks a rule; the message names the setting, the value and the rule."""


def refuse(setting: str, value: object, rule: str) -> ConfigError:
    return ConfigError(f"{setting} = {value!r} is refused: it {rule}.")


@dataclass(frozen=True)
class Repository:
    """A registered GitHub repository, the generated project's slug, and the environments it deploys to."""

    owner: str
    name: str
    project: str
    environments: tuple[str, ...]

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"

    def role_kinds(self, environment: str) -> tuple[str, ...]:
        """The roles the repository holds in `environment`: a deploy role, and a preview role in preprod only."""
        return ("deploy", "preview") if environment == PREVIEW_ENVIRONMENT else ("deploy",)

    def role_name(self, environment: str, kind: str) -> str:
        """The naming contract shared with the generated `environments.py`: `<repo>-<env>-deploy|preview`."""
        return f"{self.name}-{environment}-{kind}"


@dataclass(frozen=True)
class BootstrapConfig:
    environments: tuple[str, ...]
    state_bucket: str
    state_key_arn: str | None
    state_trusted_accounts: tuple[str, ...]
    repositories: tuple[Repository, ...]

    @property
    def hosts_state(self) -> bool:
        """Whether this account holds the state bucket (no `state_key_arn` of another account was given)."""
        return self.state_key_arn is None


def parse_config(raw: Mapping[str, Any]) -> BootstrapConfig:
    """Validate the raw stack config (`environments`, `state_bucket`, ...) into a frozen BootstrapConfig."""
    environments = _environments("environments", raw.get("environments"))
    state_bucket = _match(
        "state_bucket",
        raw.get("state_bucket"),
        _BUCKET,
        "is an S3 bucket name of 3-58 characters a-z 0-9 . - (its log bucket adds -logs)",
    )
    key_arn = raw.get("state_key_arn")
    if key_arn is not None:
        _match("state_key_arn", key_arn, _KEY_ARN, "is a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)")
    trusted = raw.get("state_trusted_accounts") or ()
    if isinstance(trusted, str) or not isinstance(trusted, Sequence):
        raise refuse("state_trusted_accounts", trusted, "must be a list of 12-digit AWS account ids")
    for index, account in enumerate(trusted):
        _match(f"state_trusted_accounts[{index}]", account, _ACCOUNT, "is a 12-digit AWS account id")
    repositories = _repositories(raw.get("repositories"), environments)
    return BootstrapConfig(environments, state_bucket, key_arn, tuple(trusted), repositories)


def _match(setting: str, value: Any, pattern: re.Pattern[str], rule: str) -> str:
    if not isinstance(value, str) or not pattern.match(value):
        raise refuse(setting, value, rule)
    return value


def _environments(setting: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, Sequence) or isinstance(value, str) or not value:
        raise refuse(setting, value, f"must be a non-empty list drawn from {', '.join(ENVIRONMENTS)}")
    for environment in value:
        if environment not in ENVIRONMENTS:
            raise refuse(setting, value, f"may only name {', '.join(ENVIRONMENTS)}")
    if len(set(value)) != len(value):
        raise refuse(setting, value, "names an environment twice")
    return tuple(value)


def _repositories(value: Any, hosted: tuple[str, ...]) -> tuple[Repository, ...]:
    if not isinstance(value, Sequence) or isinstance(value, str):
        raise refuse("repositories", value, "must be a list of {repository, environments, project?} entries")
    repositories = tuple(_repository(f"repositories[{index}]", entry, hosted) for index, entry in enumerate(value))
    names = [repository.full_name.lower() for repository in repositories]
    for name in names:
        if names.count(name) > 1:
            raise refuse("repositories", name, "is registered twice (one entry per repository)")
    _refuse_overlapping_projects(repositories)
    return repositories


def _refuse_overlapping_projects(repositories: tuple[Repository, ...]) -> None:
    """Each project's rights name its resources `<project>-*`, so no slug may equal another or start with one plus
    `-`: project `churn` would own every resource of project `churn-model`."""
    for index, repository in enumerate(repositories):
        for other in repositories[index + 1 :]:
            short, long = sorted((repository.project, other.project), key=len)
            if long == short or long.startswith(f"{short}-"):
                raise refuse(
                    "repositories",
                    f"{repository.full_name} (project {repository.project}) and {other.full_name} "
                    f"(project {other.project})",
                    f"must have projects whose names do not overlap: `{short}-*` would also name {long}'s resources",
                )


def _repository(setting: str, entry: Any, hosted: tuple[str, ...]) -> Repository:
    if not isinstance(entry, Mapping):
        raise refuse(setting, entry, "must be a mapping with `repository` and `environments`")
    full_name = entry.get("repository")
    match = _OWNER_REPO.match(full_name) if isinstance(full_name, str) else None
    if match is None:
        raise refuse(f"{setting}.repository", full_name, "must be exactly <owner>/<repo>: no wildcard, no branch")
    environments = _environments(f"{setting}.environments", entry.get("environments"))
    project = entry.get("project", match["repo"])
    _match(f"{setting}.project", project, _SLUG, "is the generated project's slug (a-z, 0-9 and -)")
    repository = Repository(match["owner"], match["repo"], project, environments)
    for environment in set(environments) & set(hosted):
        longest = repository.role_name(environment, "preview")
        if len(longest) > ROLE_NAME_LIMIT:
            raise refuse(f"{setting}.repository", full_name, f"makes role {longest!r} longer than {ROLE_NAME_LIMIT}")
    return repository
