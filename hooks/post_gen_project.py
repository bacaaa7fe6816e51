"""Finish the generated project; the steps live in hooks/post_generation.py."""

import json
import os
import sys

KIT = "{{ cookiecutter.get('_repo_dir', '') }}" or os.readlink(f"/proc/{os.getppid()}/cwd")  # noqa: SIM222 (as in pre_gen)
KIT = os.path.normpath(os.path.join(os.environ.get("PWD", ""), KIT))
sys.path.insert(0, os.path.join(KIT, "hooks"))

from post_generation import main  # noqa: E402

main(json.loads(r"""{{ cookiecutter | tojson }}"""), KIT)
