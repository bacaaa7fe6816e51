import re
import subprocess
import sys
import tarfile
from pathlib import Path

from {{ cookiecutter.package_name }} import cli, environments
from {{ cookiecutter.package_name }}.pipeline import code

PACKAGE = "{{ cookiecutter.package_name }}"


def test_code_objects_are_content_addressed_in_the_environment_bucket(tmp_path: Path):
    env = environments.environment("prod")
    objects = code.step_code(env, build_dir=tmp_path)
    assert [obj.local_path.name for obj in objects] == ["preprocess.py", "evaluate.py", "train.tar.gz"]
    for obj in objects:
        digest = "[0-9a-f]" * 16  # the first 16 hex digits of the file's sha256
        assert re.fullmatch(f"code/{digest}/{re.escape(obj.local_path.name)}", obj.key)
        assert obj.s3_uri == f"s3://{env.artifacts_bucket}/{obj.key}"


def test_the_training_bundle_is_byte_for_byte_reproducible(tmp_path: Path):
    first = code.write_training_bundle(tmp_path / "a").read_bytes()
    second = code.write_training_bundle(tmp_path / "b").read_bytes()
    assert first == second


def test_a_changed_file_gets_a_new_key(tmp_path: Path):
    env = environments.environment("preprod")
    script = tmp_path / "preprocess.py"
    script.write_text("print('one')\n")
    before = code._code_object(env, script)
    script.write_text("print('two')\n")
    assert code._code_object(env, script).key != before.key


ISOLATED_TRAINING = """
import runpy, sys
sys.path = [entry for entry in sys.path if not entry.endswith("/src")]  # hide the editable install
sys.path.insert(0, ".")
sys.argv = ["train.py", "--max-iter", "5"]
try:
    runpy.run_path("train.py", run_name="__main__")
except SystemExit as exit:
    print(sys.modules["{package}.models"].__file__)
    sys.exit(exit.code)
"""


def test_the_bundle_trains_in_isolation_as_the_framework_container_runs_it(tmp_path: Path, split_dir: Path):
    """Only the bundle's own copy of the package is importable: it must carry everything train.py needs."""
    with tarfile.open(code.write_training_bundle(tmp_path / "build")) as bundle:
        bundle.extractall(tmp_path / "code", filter="data")
    environ = {"SM_CHANNEL_TRAIN": str(split_dir / "train"), "SM_MODEL_DIR": str(tmp_path / "model")}
    result = subprocess.run(
        [sys.executable, "-c", ISOLATED_TRAINING.format(package=PACKAGE)],
        cwd=tmp_path / "code",
        env=environ,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    imported_from = Path(result.stdout.splitlines()[-1]).resolve()
    assert imported_from == (tmp_path / "code" / PACKAGE / "models" / "__init__.py").resolve()  # the bundle's copy
    assert (tmp_path / "model" / "code" / "inference.py").exists()


def test_only_the_definition_imports_the_sagemaker_sdk():
    """The stacks (code), the command line's startup and the local run stay clear of the SDK's seconds of import."""
    modules = ", ".join(f"{PACKAGE}.{name}" for name in ("pipeline.code", "cli", "pipeline.local"))
    probe = f"import sys, {modules}; print(sorted(m for m in sys.modules if m.startswith('sagemaker')))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_code_command_lists_the_uploaded_objects(capsys):
    assert cli.main(["pipeline", "code", "--environment", "prod"]) == 0
    output = capsys.readouterr().out
    assert environments.environment("prod").artifacts_bucket in output
    assert "train.tar.gz" in output
