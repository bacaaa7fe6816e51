"""Every SageMaker job imports only what its image or the code shipped with it provides, the model unpickles from
the image alone, and the image whose package set the check reads is the one the pipeline runs."""

import pickle
from pathlib import Path

import pytest

from {{ cookiecutter.package_name }}.environments import REGION
from {{ cookiecutter.package_name }}.models import FRAMEWORK, FRAMEWORK_VERSION
from {{ cookiecutter.package_name }}.pipeline import code
from {{ cookiecutter.package_name }}.serving import inference

from . import imports

IMAGE = imports.Image.read()
PROCESSING = {name: {name: code.PACKAGE_DIR / "steps" / name} for name in code.PROCESSING_SCRIPTS}


def model_code(model_dir: Path) -> dict[str, Path]:
    """The model's code/ directory as the serving container finds it (what training wrote)."""
    return {str(path.relative_to(model_dir / "code")): path for path in (model_dir / "code").rglob("*.py")}


def test_the_package_set_is_of_the_image_the_pipeline_runs():
    from sagemaker.core import image_uris

    from {{ cookiecutter.package_name }}.pipeline.context import IMAGE_LOOKUP_INSTANCE

    uri = image_uris.retrieve(FRAMEWORK, REGION, FRAMEWORK_VERSION, "py3", IMAGE_LOOKUP_INSTANCE)
    assert uri.rsplit("/", 1)[1] == IMAGE.name
    assert len(IMAGE.packages) > 50 and {"pandas", "numpy", "scikit-learn"} <= set(IMAGE.packages)


@pytest.mark.parametrize("job", sorted(PROCESSING))
def test_a_processing_script_imports_only_what_the_image_has(job: str):
    assert imports.unavailable_imports(job, PROCESSING[job], IMAGE) == []


def test_the_training_bundle_imports_only_what_the_image_or_the_bundle_has():
    assert imports.unavailable_imports("train", code.training_bundle_members(), IMAGE) == []


def test_the_served_code_imports_only_what_the_image_or_the_model_has(model_dir: Path):
    assert imports.unavailable_imports("endpoint", model_code(model_dir), IMAGE) == []


def test_the_model_unpickles_with_the_image_packages_alone(model_dir: Path):
    assert imports.modules_the_image_lacks((model_dir / "model.pkl").read_bytes(), IMAGE) == []


def test_a_planted_import_of_a_library_the_image_lacks_fails(tmp_path: Path):
    script = tmp_path / "evaluate.py"
    script.write_text("import pulumi\n" + PROCESSING["evaluate.py"]["evaluate.py"].read_text())
    assert imports.unavailable_imports("evaluate.py", {"evaluate.py": script}, IMAGE) == [
        f"evaluate.py: evaluate.py imports pulumi, which neither {IMAGE.name} nor its code has"
    ]


def test_a_processing_script_that_imports_the_package_fails(tmp_path: Path):
    script = tmp_path / "preprocess.py"
    script.write_text(f"from {code.PACKAGE} import sample_data\n")
    assert imports.unavailable_imports("preprocess.py", {"preprocess.py": script}, IMAGE) == [
        f"preprocess.py: preprocess.py imports {code.PACKAGE}.sample_data, which neither {IMAGE.name} nor its code has"
    ]


def test_a_training_bundle_missing_a_module_its_entry_imports_fails():
    bundle = {name: path for name, path in code.training_bundle_members().items() if "serving/inference" not in name}
    assert imports.unavailable_imports("train", bundle, IMAGE) == [
        f"train: train.py imports {code.PACKAGE}.serving.inference, which neither {IMAGE.name} nor its code has"
    ]


def test_a_model_pickle_that_needs_the_project_package_fails(model_dir: Path):
    estimator = pickle.loads((model_dir / "model.pkl").read_bytes())
    planted = pickle.dumps(inference.LoadedModel(estimator, ["tenure"]))  # the handler's own type, not the image's
    assert imports.modules_the_image_lacks(planted, IMAGE) == [f"{code.PACKAGE}.serving.inference"]
