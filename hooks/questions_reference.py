"""mkdocs hook: writes the questions reference from cookiecutter.json and the validation rules, so the page can
never drift from what the kit asks and checks."""

import json
import sys
from pathlib import Path

KIT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(KIT / "hooks"))

from derived import SLUG_RULE, UNDERIVED  # noqa: E402
from validation import rules  # noqa: E402

PLACEHOLDER = "<!-- questions -->"
SLUG_PLACEHOLDERS = {"<!-- slug rule -->": SLUG_RULE, "<!-- no slug -->": f"`{UNDERIVED}`"}


def _default(value: object) -> str:
    if isinstance(value, list):
        return " / ".join(f"`{choice}`" for choice in value) + " (first is the default)"
    if "{{" in str(value):
        return "derived: `" + str(value).replace("cookiecutter.", "") + "`"
    return f"`{value}`" if value else "empty"


def questions_table() -> str:
    questions = json.loads((KIT / "cookiecutter.json").read_text())
    prompts, rules_of = questions.pop("__prompts__"), rules()
    rows = ["| question | asks | default | accepted when the value |", "|---|---|---|---|"]
    for key, value in questions.items():
        if not key.startswith("_"):
            accepted = "; ".join(rules_of.get(key, ["is one of the choices"]))
            rows.append(f"| `{key}` | {prompts[key]} | {_default(value)} | {accepted} |")
    return "\n".join(rows)


def on_page_markdown(markdown: str, page, **_) -> str:
    for placeholder, text in SLUG_PLACEHOLDERS.items():
        markdown = markdown.replace(placeholder, text)
    return markdown.replace(PLACEHOLDER, questions_table()) if PLACEHOLDER in markdown else markdown
