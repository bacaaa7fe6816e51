"""The processing scripts run in the image's package set, as the processing jobs run them, with the network blocked.

A processing job runs its one script as `python3 <script>` (the step's ContainerEntrypoint) in the framework image,
so here each runs under .venv-container's python on sample data, its SageMaker paths given as options.
"""

import json
import subprocess
from pathlib import Path

from {{ cookiecutter.package_name }} import sample_data
from {{ cookiecutter.package_name }}.pipeline import code

from . import toolkit


def run(script: Path, arguments: list[str], root: Path) -> subprocess.CompletedProcess:
    environ = toolkit.container_environ({}, root / "ml", root / "network.log")
    command = [str(toolkit.CONTAINER_PYTHON), str(script), *arguments]
    return subprocess.run(command, env=environ, capture_output=True, text=True, timeout=300, check=False)


def test_each_processing_job_runs_its_one_script_with_python3(pipeline_steps):
    for step, script in (("Manifest", "preprocess.py"), ("Preprocess", "preprocess.py"), ("Evaluate", "evaluate.py")):
        entrypoint = pipeline_steps[step]["Arguments"]["AppSpecification"]["ContainerEntrypoint"]
        assert entrypoint == ["python3", f"/opt/ml/processing/input/code/{script}"]


def test_manifest_preprocess_and_evaluate_run_in_the_image(model_dir: Path, tmp_path: Path):
    steps, raw, split, report = (code.PACKAGE_DIR / "steps", tmp_path / "raw", tmp_path / "split", tmp_path / "report")
    sample_data.write(raw, rows=400)
    manifest = ["--input-dir", str(raw), "--output-dir", str(tmp_path), "--manifest-only"]
    listed = run(steps / "preprocess.py", manifest, tmp_path)
    assert listed.returncode == 0, listed.stderr
    digest = json.loads((tmp_path / "manifest" / "manifest.json").read_text())["sha256"]
    arguments = ["--input-dir", str(raw), "--output-dir", str(split), "--expected-manifest", digest]
    preprocess = run(steps / "preprocess.py", arguments, tmp_path)
    assert preprocess.returncode == 0, preprocess.stderr
    arguments = ["--model-dir", str(model_dir), "--test-dir", str(split / "test"), "--output-dir", str(report)]
    evaluate = run(steps / "evaluate.py", arguments, tmp_path)
    assert evaluate.returncode == 0, evaluate.stderr
    assert "auc" in json.dumps(json.loads((report / "evaluation.json").read_text()))
    assert not (tmp_path / "network.log").exists()


def test_a_script_importing_a_library_the_image_lacks_fails_there(tmp_path: Path):
    script = tmp_path / "deploy.py"
    script.write_text("import pulumi\n")
    result = run(script, [], tmp_path)
    assert result.returncode != 0 and "No module named 'pulumi'" in result.stderr
