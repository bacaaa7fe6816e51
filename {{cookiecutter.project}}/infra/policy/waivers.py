"""Resource-scoped waivers: a failed check that one named resource may fail, for a written reason.

checkov's own skips are per check for every resource; a waiver keeps the check on for everything else. The waivers
file holds one `<check id> <terraform address> <reason>` per line; `#` starts a comment.
"""

from pathlib import Path


class WaiverFileError(ValueError):
    """A line of the waivers file is not `<check id> <address> <reason>`."""


def read_waivers(path: Path | None) -> dict[tuple[str, str], str]:
    """(check id, resource address) → reason; a line without a reason is refused."""
    if path is None:
        return {}
    waivers = {}
    for number, raw in enumerate(path.read_text().splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split(maxsplit=2)
        if len(parts) < 3 or not parts[0].startswith("CKV") or "." not in parts[1]:
            raise WaiverFileError(
                f"{path}:{number}: {line!r} must be '<check id> <terraform address> <reason>' (for example "
                "'CKV_AWS_18 aws_s3_bucket.access_logs an access-log bucket cannot log to itself')."
            )
        waivers[(parts[0], parts[1])] = parts[2]
    return waivers
