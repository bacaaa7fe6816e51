"""The render matrix, generated from cookiecutter.json: every value of every choice question, crossed with the two
account modes (separate accounts, or one account for both environments)."""

import itertools
import json
from pathlib import Path

KIT = Path(__file__).resolve().parents[1]
QUESTIONS = json.loads((KIT / "cookiecutter.json").read_text())
CHOICES = {key: value for key, value in QUESTIONS.items() if isinstance(value, list) and not key.startswith("_")}
ACCOUNT_MODES = {"separate-accounts": {}, "single-account": {"prod_account_id": QUESTIONS["preprod_account_id"]}}


def combinations() -> list[tuple[str, dict[str, str]]]:
    """(id, extra_context) for every combination; none is invalid today, so none is filtered out."""
    found = []
    for values in itertools.product(*CHOICES.values()):
        choice = dict(zip(CHOICES, values, strict=False))
        for mode, overrides in ACCOUNT_MODES.items():
            found.append(("-".join([*values, mode]), {**choice, **overrides}))
    return found
