"""The step code the pipeline runs, as content-addressed S3 objects (no sagemaker import: the stacks use this).

The processing steps run one self-contained script each. The training step runs `train.py` from a source bundle
that also carries the package's model module and serving handler; training copies the handler into the model, so
an endpoint serves the model with the code it was trained with. A key names its content's digest, so a changed
script is a new object and an unchanged one is never re-uploaded or re-run (step caching keys on the URIs).
"""

import gzip
import hashlib
import io
import json
import tarfile
from dataclasses import dataclass
from pathlib import Path

from ..environments import Environment

PACKAGE_DIR = Path(__file__).resolve().parent.parent
PACKAGE = PACKAGE_DIR.name
BUILD_DIR = PACKAGE_DIR.parent.parent / "build" / "code"
PROCESSING_SCRIPTS = ("preprocess.py", "evaluate.py")
TRAINING_BUNDLE = "train.tar.gz"
# Before the shipped code runs, the framework toolkits install it with `pip install .`: the model server always
# (sagemaker-containers _server.start), XGBoost's training too (_modules.run_module). The endpoint is network-isolated,
# and nothing a job runs should come unpinned from an index: pip looks for nothing, neither an index nor an isolated
# build environment (which would fetch setuptools; the image's own builds the code). pip assigns the variable to its
# build_isolation setting (pip/_internal/cli/parser.py), hence "false". Proved by tests/containers.
OFFLINE_PIP = {"PIP_NO_INDEX": "1", "PIP_NO_BUILD_ISOLATION": "false"}


@dataclass(frozen=True)
class CodeObject:
    """One file of step code: where it is here, and where the pipeline finds it in the artifacts bucket."""

    local_path: Path
    key: str
    s3_uri: str


def definition_file(env: Environment, build_dir: Path) -> Path:
    """The definition `make definition` writes and the platform stack deploys, one per environment."""
    return build_dir / f"pipeline-{env.name}.json"


def with_volume_key(definition: str, key_arn: str) -> str:
    """The definition with each training job's volume key given as `key_arn`, which the platform stack creates.

    CreateTrainingJob's ResourceConfig.VolumeKmsKeyId takes a key id or a key ARN only, not the alias the offline
    build knows (its documentation in botocore's service model; tests/pipeline/test_api_shapes.py reads it there).
    """
    document = json.loads(definition)
    for step in document["Steps"]:
        if step.get("Type") == "Training" and "VolumeKmsKeyId" in step["Arguments"]["ResourceConfig"]:
            step["Arguments"]["ResourceConfig"]["VolumeKmsKeyId"] = key_arn
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def step_code(env: Environment, build_dir: Path = BUILD_DIR) -> list[CodeObject]:
    """The processing scripts and the training bundle, addressed by content in `env`'s artifacts bucket."""
    files = [PACKAGE_DIR / "steps" / name for name in PROCESSING_SCRIPTS]
    files.append(write_training_bundle(build_dir))
    return [_code_object(env, path) for path in files]


def code_uri(env: Environment, file_name: str) -> str:
    """The S3 URI of one of `step_code(env)`'s files, by its file name."""
    return next(code.s3_uri for code in step_code(env) if code.local_path.name == file_name)


def _code_object(env: Environment, path: Path) -> CodeObject:
    key = f"code/{hashlib.sha256(path.read_bytes()).hexdigest()[:16]}/{path.name}"
    return CodeObject(local_path=path, key=key, s3_uri=f"s3://{env.artifacts_bucket}/{key}")


def training_bundle_members() -> dict[str, Path]:
    """Archive name → source file: the entry script at the root, beside the package modules it imports."""
    members = {"train.py": PACKAGE_DIR / "steps" / "train.py"}
    for relative in ("__init__.py", "models/__init__.py", "serving/__init__.py", "serving/inference.py"):
        members[f"{PACKAGE}/{relative}"] = PACKAGE_DIR / relative
    for model_module in sorted((PACKAGE_DIR / "models").glob("*_model.py")):
        members[f"{PACKAGE}/models/{model_module.name}"] = model_module
    return members


def write_training_bundle(build_dir: Path) -> Path:
    """A byte-for-byte reproducible tar.gz (fixed times, owners and order), rewritten only when it changed."""
    bundle = build_dir / TRAINING_BUNDLE
    content = _reproducible_tar_gz(training_bundle_members())
    if not bundle.exists() or bundle.read_bytes() != content:
        build_dir.mkdir(parents=True, exist_ok=True)
        partial = bundle.with_suffix(".partial")
        partial.write_bytes(content)
        partial.replace(bundle)  # atomic: a concurrent reader never sees half a bundle
    return bundle


def _reproducible_tar_gz(members: dict[str, Path]) -> bytes:
    tar_bytes = io.BytesIO()
    with tarfile.open(fileobj=tar_bytes, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for name in sorted(members):
            data = members[name].read_bytes()
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = len(data), 0o644, 0
            archive.addfile(info, io.BytesIO(data))
    compressed = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=compressed, mtime=0) as gz:
        gz.write(tar_bytes.getvalue())
    return compressed.getvalue()
