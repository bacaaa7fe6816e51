"""The Pulumi CLI is unpacked only from an archive of the pinned sha256, played on a local mirror of the release."""

import hashlib
import io
import subprocess
import tarfile
from pathlib import Path

import pytest

from {{ cookiecutter.package_name }}.ops import pulumi_cli
from {{ cookiecutter.package_name }}.ops.aws import OpsError

VERSION = "3.253.0"
ARCHIVE = f"pulumi-v{VERSION}-linux-x64.tar.gz"


def _archive(script: str) -> bytes:
    """A release archive as Pulumi lays it out: executables under `pulumi/`."""
    data, buffer = script.encode(), io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        entry = tarfile.TarInfo("pulumi/pulumi")
        entry.size, entry.mode = len(data), 0o755
        tar.addfile(entry, io.BytesIO(data))
    return buffer.getvalue()


GENUINE = _archive(f"#!/bin/sh\necho v{VERSION}\n")
PIN = pulumi_cli.Pin(VERSION, ARCHIVE, hashlib.sha256(GENUINE).hexdigest())


@pytest.fixture
def mirror(tmp_path, monkeypatch) -> Path:
    """A release mirror (file://) and a runner's tool cache and PATH file, all empty."""
    releases = tmp_path / "releases"
    (releases / f"v{VERSION}").mkdir(parents=True)
    monkeypatch.setenv("PULUMI_RELEASES", releases.as_uri())
    monkeypatch.setenv("RUNNER_TOOL_CACHE", str(tmp_path / "toolcache"))
    monkeypatch.setenv("GITHUB_PATH", str(tmp_path / "github_path"))
    return releases / f"v{VERSION}" / ARCHIVE


def test_the_pinned_archive_is_installed_once_and_put_on_the_jobs_path(mirror, tmp_path):
    mirror.write_bytes(GENUINE)
    binary = pulumi_cli.install(PIN)
    assert subprocess.run([binary, "version"], capture_output=True, text=True).stdout == f"v{VERSION}\n"
    assert pulumi_cli.executable(PIN) == binary == tmp_path / "toolcache" / "pulumi" / VERSION / "bin" / "pulumi"
    mirror.unlink()  # installed: nothing is downloaded again
    assert pulumi_cli.install(PIN) == binary
    assert (tmp_path / "github_path").read_text() == f"{binary.parent}\n" * 2


def test_an_archive_of_another_hash_is_refused_and_nothing_is_installed(mirror, tmp_path):
    mirror.write_bytes(_archive("#!/bin/sh\necho tampered\n"))
    with pytest.raises(OpsError, match=f"{ARCHIVE} has sha256 [0-9a-f]+, but pulumi-cli.sha256 pins {PIN.sha256}"):
        pulumi_cli.install(PIN)
    assert not (tmp_path / "toolcache").exists()
    assert not (tmp_path / "github_path").exists()
    with pytest.raises(OpsError, match="not installed from its pinned archive: run `make pulumi-cli`"):
        pulumi_cli.executable(PIN)


def test_an_unreachable_release_is_one_sentence(mirror):
    with pytest.raises(OpsError, match=f"^Could not download .*/{ARCHIVE}: .*\\.$"):
        pulumi_cli.install(PIN)


def test_a_cli_installed_from_another_pin_is_not_used(mirror):
    mirror.write_bytes(GENUINE)
    pulumi_cli.install(PIN)
    with pytest.raises(OpsError, match="not installed from its pinned archive"):
        pulumi_cli.executable(pulumi_cli.Pin(VERSION, ARCHIVE, "0" * 64))


def test_the_pins_name_one_version_for_linux_runners_and_refuse_other_platforms():
    lines = pulumi_cli.PINS.read_text().splitlines()
    assert all(len(line.split("  ")[0]) == 64 and line.endswith(".tar.gz") for line in lines)
    pins = {pulumi_cli.pin_for("Linux", machine) for machine in ("x86_64", "aarch64")}
    assert {pin.version for pin in pins} == {pulumi_cli.pin_for().version} and len(pins) == 2
    with pytest.raises(OpsError, match="pins no Pulumi CLI archive for windows-x64: add that archive's sha256 line"):
        pulumi_cli.pin_for("Windows", "AMD64")


def test_the_cli_is_the_version_of_the_pulumi_sdk():
    pyproject = (pulumi_cli.PROJECT / "pyproject.toml").read_text()
    assert f'"pulumi=={pulumi_cli.pin_for().version}"' in pyproject
