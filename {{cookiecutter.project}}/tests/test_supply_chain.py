"""What `make install` installs is exactly the lock: every pin of pyproject.toml, each archive by sha256, no index."""

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from pip._internal.models.index import PyPI, TestPyPI

PROJECT = Path(__file__).resolve().parents[1]
REQUIREMENTS = PROJECT / "requirements"
# The index and file hosts pip installs from by default (pip's own model of them): a file naming one would steer
# an install to an index of its choosing, or hold a lock that records where archives came from.
REGISTRY_HOSTS = {index.netloc for index in (PyPI, TestPyPI)} | {PyPI.file_storage_domain}
NOT_SHIPPED = {".venv", ".venv-container", "build", ".git", "work", "__pycache__", ".pytest_cache", ".ruff_cache"}


def locked(path: Path) -> dict[str, tuple[str, list[str]]]:
    """name → (version, sha256 hashes) of a `uv pip compile --generate-hashes` file."""
    entries = re.split(r"\n(?=[A-Za-z0-9])", path.read_text())
    pins = {}
    for entry in entries:
        if match := re.match(r"([A-Za-z0-9._-]+)==([^\s;\\]+)", entry):
            pins[match[1].lower().replace("_", "-")] = (match[2], re.findall(r"--hash=sha256:([0-9a-f]{64})", entry))
    return pins


def declared() -> list[Requirement]:
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"].values()
    return [Requirement(text) for text in [*project["dependencies"], *(pin for extra in extras for pin in extra)]]


def test_every_declared_pin_is_locked_at_its_version():
    pins = locked(REQUIREMENTS / "project.txt")
    for requirement in declared():
        version = str(requirement.specifier).removeprefix("==")
        assert pins.get(requirement.name.lower()) is not None, f"{requirement.name} is not in the lock: `make lock`"
        assert pins[requirement.name.lower()][0] == version, f"{requirement} is locked at another version: `make lock`"


def test_every_locked_archive_is_pinned_by_hash():
    for lock in ("project.txt", "uv.txt"):
        pins = locked(REQUIREMENTS / lock)
        assert pins and all(hashes for _, hashes in pins.values()), f"{lock} holds an entry without a hash"
        options = [line for line in (REQUIREMENTS / lock).read_text().splitlines() if line.startswith("-")]
        assert options == [], f"{lock} sets installer options (an index or link): {options}"


def test_the_build_backend_is_locked_so_the_project_builds_without_an_index():
    build = tomllib.loads((PROJECT / "pyproject.toml").read_text())["build-system"]["requires"]
    pins = locked(REQUIREMENTS / "project.txt")
    for requirement in map(Requirement, build):
        assert pins[requirement.name][0] == str(requirement.specifier).removeprefix("==")


def test_no_file_names_a_package_registry():
    for path in PROJECT.rglob("*"):
        if path.is_file() and not NOT_SHIPPED & set(path.relative_to(PROJECT).parts):
            named = [host for host in REGISTRY_HOSTS if host in path.read_text(errors="ignore")]
            assert not named, f"{path.relative_to(PROJECT)} names {named}"
