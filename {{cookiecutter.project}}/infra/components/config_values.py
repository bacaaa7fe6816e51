"""Reading stack config with the one-sentence errors the standards ask for: field, value, rule."""

import re

import pulumi


class StackConfigError(ValueError):
    """A stack config value the program refuses, before any resource is declared."""


def bounded_int(config: pulumi.Config, key: str, default: int, low: int, high: int) -> int:
    """The integer at `key` (or `default`), which must lie within [low, high]."""
    raw = config.get(key)
    if raw is None:
        return default
    if not re.fullmatch(r"-?[0-9]+", raw.strip()):
        raise StackConfigError(f"Stack config {key}={raw!r} is invalid: it must be a whole number.")
    value = int(raw)
    if not low <= value <= high:
        raise StackConfigError(f"Stack config {key}={value} is invalid: it must be between {low} and {high}.")
    return value


def flag(config: pulumi.Config, key: str, default: bool) -> bool:
    """A true/false value; anything else is refused rather than read as false."""
    raw = config.get(key)
    if raw is None:
        return default
    if raw.strip().lower() not in ("true", "false"):
        raise StackConfigError(f"Stack config {key}={raw!r} is invalid: it must be true or false.")
    return raw.strip().lower() == "true"


def choice(config: pulumi.Config, key: str, default: str, allowed: tuple[str, ...]) -> str:
    value = config.get(key) or default
    if value not in allowed:
        raise StackConfigError(f"Stack config {key}={value!r} is invalid: it must be one of {', '.join(allowed)}.")
    return value


def matching(config: pulumi.Config, key: str, pattern: str, rule: str) -> str | None:
    """The value at `key` if set; it must match `pattern` in full, `rule` saying what that means to a person."""
    value = config.get(key)
    if value is None or value == "":
        return None
    if not re.fullmatch(pattern, value):
        raise StackConfigError(f"Stack config {key}={value!r} is invalid: it must be {rule}.")
    return value


def role_arn(config: pulumi.Config, key: str, account_id: str, default: str) -> str:
    """An IAM role ARN in `account_id`; the default is the role the kit's account bootstrap created."""
    value = matching(config, key, rf"arn:aws:iam::{account_id}:role/[\w+=,.@/-]+", f"a role ARN in {account_id}")
    return value or default
