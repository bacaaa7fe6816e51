"""A runner's tool cache as `make pulumi-cli` leaves it after checking the pinned archive, with a stand-in in place
of the CLI: the archive cannot be fetched here (tests/ops/test_pulumi_cli.py plays that install on a mirror)."""

import tempfile
from pathlib import Path

from {{ cookiecutter.package_name }}.ops import pulumi_cli


def with_pulumi(project: Path, script: str) -> Path:
    """A tool cache whose Pulumi CLI, of the version `project` pins, is `script`."""
    cache = Path(tempfile.mkdtemp(prefix="toolcache-"))
    pin = pulumi_cli.pin_for(pins=project / pulumi_cli.PINS.relative_to(pulumi_cli.PROJECT))
    home = cache / "pulumi" / pin.version
    (home / "bin").mkdir(parents=True)
    (home / "archive.sha256").write_text(pin.sha256)
    (home / "bin" / "pulumi").write_text(script)
    (home / "bin" / "pulumi").chmod(0o755)
    return cache
