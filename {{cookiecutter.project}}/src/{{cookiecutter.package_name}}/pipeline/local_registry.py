"""A file-based model registry for local runs: the same facts SageMaker's registry keeps for a model package.

`<registry>/<group>/registry.json` lists the versions (version, metrics, artifact, approval status, time, and the
digest of the data manifest the model was trained on);
each version's model.tar.gz and evaluation.json are copied beside it, so a later run never changes an earlier one.
"""

import json
import shutil
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

PENDING_MANUAL_APPROVAL = "PendingManualApproval"


@dataclass(frozen=True)
class Training:
    """What a run hands the registry: the packed model, its evaluation, and the digest of the data it read."""

    artifact: Path
    evaluation: Path
    metrics: dict[str, float]
    data_manifest_sha256: str


@dataclass(frozen=True)
class RegisteredModel:
    group: str
    version: int
    metrics: dict[str, float]
    artifact: str
    approval_status: str
    registered_at: str
    data_manifest_sha256: str = "unknown"  # versions registered before the manifest existed


def versions(registry_dir: Path, group: str) -> list[RegisteredModel]:
    index = registry_dir / group / "registry.json"
    if not index.exists():
        return []
    return [RegisteredModel(**entry) for entry in json.loads(index.read_text())]


def register(registry_dir: Path, group: str, trained: Training) -> RegisteredModel:
    """The next version of `group`, pending manual approval as the pipeline registers it."""
    existing = versions(registry_dir, group)
    version = 1 + max((model.version for model in existing), default=0)
    version_dir = registry_dir / group / str(version)
    version_dir.mkdir(parents=True)
    shutil.copyfile(trained.artifact, version_dir / "model.tar.gz")
    shutil.copyfile(trained.evaluation, version_dir / "evaluation.json")
    model = RegisteredModel(
        group=group,
        version=version,
        metrics=trained.metrics,
        artifact=str(version_dir / "model.tar.gz"),
        approval_status=PENDING_MANUAL_APPROVAL,
        registered_at=datetime.now(UTC).isoformat(timespec="seconds"),
        data_manifest_sha256=trained.data_manifest_sha256,
    )
    index = registry_dir / group / "registry.json"
    partial = index.with_suffix(".partial")
    partial.write_text(json.dumps([asdict(entry) for entry in [*existing, model]], indent=2) + "\n")
    partial.replace(index)  # the index never shows a version whose files are missing
    return model
