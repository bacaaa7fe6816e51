"""Make the kit's bootstrap (`bootstrap`) and the template's offline policy machinery (`policy`) importable."""

import sys
from pathlib import Path

KIT = Path(__file__).resolve().parents[2]
# Importing from the template must leave no __pycache__ in it: cookiecutter would copy those into every project.
sys.dont_write_bytecode = True
sys.path.insert(0, str(KIT / "infra"))
sys.path.append(str(KIT / "{{cookiecutter.project}}" / "infra"))  # appended, so it shadows nothing
