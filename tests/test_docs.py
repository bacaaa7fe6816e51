"""The documentation site builds in strict mode, and its questions reference covers every question."""

import json
import os
import shutil
import subprocess
import sys

from conftest import KIT

SITE_FILES = ["docs", "hooks", "mkdocs.yml", "README.md", "cookiecutter.json"]


def build(root, site):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=False)


def test_site_builds_strict_with_every_question(tmp_path):
    result = build(KIT, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "questions" / "index.html").read_text()
    questions = [key for key in json.loads((KIT / "cookiecutter.json").read_text()) if not key.startswith("_")]
    assert all(f"<code>{key}</code>" in page for key in questions)
    assert "exactly 12 digits" in page  # rules come from hooks/validation.py


def test_a_broken_link_fails_the_strict_build(tmp_path):
    for name in SITE_FILES:
        copy = shutil.copytree if (KIT / name).is_dir() else shutil.copy
        copy(KIT / name, tmp_path / name)
    with (tmp_path / "docs" / "updating.md").open("a") as page:
        page.write("\nSee [the missing page](missing.md).\n")
    result = build(tmp_path, tmp_path / "site")
    assert result.returncode != 0
    assert "missing.md" in result.stderr
