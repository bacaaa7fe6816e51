"""The Jinja extension cookiecutter.json names in `_extensions`: cookiecutter and cruft import it from the kit's root.

The functions it hands to Jinja live in hooks/derived.py and hooks/grants.py, where the hooks and the kit's
tests use them too.
"""

import importlib.util
from pathlib import Path

from jinja2.ext import Extension


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"kit_{name}", Path(__file__).parent / "hooks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


derived, grants = _load("derived"), _load("grants")


class KitExtension(Extension):
    """`{{ name | project_default }}` in cookiecutter.json, `{{ kit_dir() }}` in the hooks, and
    `{{ cookiecutter | bootstrap_grants }}` in the template."""

    def __init__(self, environment):
        super().__init__(environment)
        environment.filters["project_default"] = derived.project_default
        environment.globals["kit_dir"] = derived.kit_dir
        environment.filters["bootstrap_grants"] = grants.bootstrap_grants
