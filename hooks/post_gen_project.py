"""Finish the generated project; the steps live in hooks/post_generation.py."""

import json
import os
import sys

KIT = json.loads(r""" {{ kit_dir() | tojson }} """)  # the kit's directory, as in pre_gen_project.py
sys.path.insert(0, os.path.join(KIT, "hooks"))

from post_generation import main  # noqa: E402

main(json.loads(r"""{{ cookiecutter | tojson }}"""), KIT)
