"""Reject bad answers before anything is written; the rules live in hooks/validation.py."""

import json
import os
import sys

# cookiecutter renders this script in the kit's directory (cruft too, in its temporary clone), then runs it from a
# temporary file with the new project as working directory: kit_dir(), from local_extensions.py, names the kit.
# (The spaces keep the JSON string's quotes apart from Python's.)
KIT = json.loads(r""" {{ kit_dir() | tojson }} """)
sys.path.insert(0, os.path.join(KIT, "hooks"))

from validation import main  # noqa: E402

main(json.loads(r"""{{ cookiecutter | tojson }}"""))
