"""Reject bad answers before anything is written; the rules live in hooks/validation.py."""

import json
import os
import sys

# This script runs from a temporary copy inside the new project. The kit is `_repo_dir` (relative to where
# cookiecutter started); cruft passes none, but the parent process then has the kit as its working directory.
KIT = "{{ cookiecutter.get('_repo_dir', '') }}" or os.readlink(f"/proc/{os.getppid()}/cwd")  # noqa: SIM222
sys.path.insert(0, os.path.join(os.environ.get("PWD", ""), KIT, "hooks"))

from validation import problems  # noqa: E402

answers = json.loads(r"""{{ cookiecutter | tojson }}""")
found = problems({key: str(value) for key, value in answers.items() if not key.startswith("_")})
if found:
    print("\n".join(found), file=sys.stderr)
    sys.exit(1)
