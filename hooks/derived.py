"""What cookiecutter.json and the hooks compute rather than ask: `project`'s default, the slug derived from
`project_name`, and the kit's own directory while a hook is rendered. `local_extensions.py` (at the kit's root, named by
cookiecutter.json's `_extensions`) hands both to Jinja. Stdlib only.
"""

import re
import unicodedata
from pathlib import Path

# Letters NFKD leaves whole (they have no decomposition), spelled as their languages write them in ASCII.
LETTERS = str.maketrans(
    {
        "ß": "ss",
        "ẞ": "SS",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "TH",
        "\u0131": "i",  # dotless i
    }
)
APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc]")  # dropped, typographic ones too: "ACME's" gives acmes, not acme-s
DIGIT_PREFIX = "ml-"  # a slug must start with a letter: "2024 Forecast" gives ml-2024-forecast
# The default of `project` when no slug can be derived. Not empty: cookiecutter names the project directory after
# `project` before the pre-generation hook runs, and an empty name means the output directory itself (it refuses an
# existing one with "directory already exists"). The prompt shows it, and validation answers it with one sentence.
UNDERIVED = "NO-SLUG-FROM-PROJECT-NAME"
SLUG_RULE = (
    "lowercased, accents transliterated to ASCII (é → e, ß → ss, ø → o), apostrophes dropped, every run of "
    "characters other than a-z and 0-9 made one hyphen, hyphens at the ends stripped, and "
    f"{DIGIT_PREFIX!r} put in front of a slug that starts with a digit"
)


def project_slug(name: str) -> str:
    """The `project` slug derived from a human-readable name; empty when the name has no ASCII letter or digit,
    even after transliteration (a name written only in CJK characters, say), so no slug can be derived."""
    decomposed = unicodedata.normalize("NFKD", name.translate(LETTERS))
    ascii_text = "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", APOSTROPHES.sub("", ascii_text)).strip("-")
    return DIGIT_PREFIX + slug if slug[:1].isdigit() else slug


def project_default(name: str) -> str:
    """`project`'s default in cookiecutter.json: the slug, or UNDERIVED when there is none."""
    return project_slug(name) or UNDERIVED


def kit_dir() -> str:
    """The kit's directory, for the hooks to import their modules from.

    cookiecutter renders and runs each hook inside `work_in(repo_dir)` (cookiecutter/hooks.py,
    run_hook_from_repo_dir), also when cruft drives it on its temporary clone; the rendered script itself runs from a
    temporary file with the new project as its working directory, so it cannot find the kit on its own.
    """
    here = Path.cwd()
    if not ((here / "cookiecutter.json").is_file() and (here / "hooks").is_dir()):
        raise RuntimeError(f"kit_dir() is only meaningful while cookiecutter renders a hook; the cwd is {here}")
    return str(here)
