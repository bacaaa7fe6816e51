"""The Pulumi CLI at the version requirements/pulumi-cli.sha256 pins, installed only from an archive of that hash.

pulumi/actions downloads the CLI without checking it (pulumi/actions `src/libs/pulumi-cli.ts`, `downloadCli`), and
skips the download when a `pulumi` of the requested version is already on PATH: so every job installs it here
first, and the action finds it. On a runner it goes to the tool cache ($RUNNER_TOOL_CACHE/pulumi/<version>, where
actions/tool-cache keeps tools; GitHub docs, "Variables reference") and onto the job's PATH ($GITHUB_PATH, "Workflow
commands: Adding a system path"); elsewhere to .venv/pulumi/<version>. The archive holds `pulumi/<executables>`
(Pulumi's release layout, which pulumi/actions unpacks the same way).
Archives come from the GitHub release (`PULUMI_RELEASES` names a mirror).
"""

import hashlib
import os
import platform
import shutil
import sys
import tarfile
import tempfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .aws import OpsError

PROJECT = Path(__file__).resolve().parents[3]
PINS = PROJECT / "requirements" / "pulumi-cli.sha256"
RELEASES = "https://github.com/pulumi/pulumi/releases/download"
# Pulumi names its archives `x64`/`arm64`; Python's platform.machine() says `x86_64`/`aarch64`.
ARCHITECTURES = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}


@dataclass(frozen=True)
class Pin:
    version: str
    archive: str
    sha256: str


def pin_for(system: str | None = None, machine: str | None = None, pins: Path = PINS) -> Pin:
    """The pinned archive of this machine's platform, refused in one sentence when none is pinned."""
    system = (system or platform.system()).lower()
    arch = ARCHITECTURES.get((machine or platform.machine()).lower(), machine or platform.machine())
    for line in pins.read_text().splitlines():
        digest, _, archive = line.partition("  ")
        if archive.endswith(f"-{system}-{arch}.tar.gz"):
            return Pin(archive.removeprefix("pulumi-v").split("-")[0], archive, digest)
    raise OpsError(f"{pins.name} pins no Pulumi CLI archive for {system}-{arch}: add that archive's sha256 line.")


def home(pin: Pin) -> Path:
    cache = os.environ.get("RUNNER_TOOL_CACHE")
    return (Path(cache) if cache else PROJECT / ".venv") / "pulumi" / pin.version


def executable(pin: Pin | None = None) -> Path:
    """The verified CLI; refused when it was never installed from the pinned archive."""
    pin = pin or pin_for()
    marker = home(pin) / "archive.sha256"
    if marker.is_file() and marker.read_text() == pin.sha256:
        return marker.parent / "bin" / "pulumi"
    raise OpsError(f"The Pulumi CLI {pin.version} is not installed from its pinned archive: run `make pulumi-cli`.")


def install(pin: Pin | None = None) -> Path:
    """Download, check and unpack the pinned archive (once); the CLI's directory goes onto $GITHUB_PATH if set."""
    pin = pin or pin_for()
    try:
        binary = executable(pin)
        print(f"Pulumi CLI {pin.version} already installed from its pinned archive ({binary})", file=sys.stderr)
    except OpsError:
        binary = _unpack(pin, _download(pin))
    if path_file := os.environ.get("GITHUB_PATH"):
        with open(path_file, "a") as lines:
            lines.write(f"{binary.parent}\n")
    return binary


def _download(pin: Pin) -> Path:
    url = f"{os.environ.get('PULUMI_RELEASES', RELEASES)}/v{pin.version}/{pin.archive}"
    print(f"downloading {url}", file=sys.stderr)
    target = Path(tempfile.mkdtemp(prefix="pulumi-cli-")) / pin.archive
    digest = hashlib.sha256()
    try:
        with urllib.request.urlopen(url, timeout=120) as answer, target.open("wb") as out:
            while chunk := answer.read(1 << 20):
                digest.update(chunk)
                out.write(chunk)
    except OSError as error:  # URLError and socket errors alike
        shutil.rmtree(target.parent)
        raise OpsError(f"Could not download {url}: {getattr(error, 'reason', error)}.") from None
    if digest.hexdigest() != pin.sha256:
        shutil.rmtree(target.parent)
        raise OpsError(f"{pin.archive} has sha256 {digest.hexdigest()}, but {PINS.name} pins {pin.sha256}: refused.")
    return target


def _unpack(pin: Pin, archive: Path) -> Path:
    """Into a scratch directory beside the destination, then moved there whole: never a half-installed CLI."""
    destination = home(pin)
    destination.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".unpacking-", dir=destination.parent))
    with tarfile.open(archive) as tar:
        tar.extractall(scratch, filter="data")  # no absolute paths, links out of scratch or device files
    shutil.rmtree(archive.parent)
    (scratch / "pulumi").rename(scratch / "bin")
    (scratch / "archive.sha256").write_text(pin.sha256)
    shutil.rmtree(destination, ignore_errors=True)
    scratch.rename(destination)
    print(f"Pulumi CLI {pin.version} installed in {destination / 'bin'}", file=sys.stderr)
    return destination / "bin" / "pulumi"
