"""The Jinja extension cookiecutter.json names in `_extensions`: cookiecutter and cruft import it from the kit's root.

The functions it hands to Jinja live in hooks/derived.py, where the hooks and the kit's tests use them too.
"""

import importlib.util
from pathlib import Path

from jinja2.ext import Extension

_spec = importlib.util.spec_from_file_location("kit_derived", Path(__file__).parent / "hooks" / "derived.py")
derived = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(derived)


class KitExtension(Extension):
    """`{{ name | project_default }}` in cookiecutter.json, `{{ kit_dir() }}` in the hooks."""

    def __init__(self, environment):
        super().__init__(environment)
        environment.filters["project_default"] = derived.project_default
        environment.globals["kit_dir"] = derived.kit_dir
