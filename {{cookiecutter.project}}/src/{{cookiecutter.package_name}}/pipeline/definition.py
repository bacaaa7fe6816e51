"""The SageMaker training pipeline of one environment, built offline with the SageMaker Python SDK v3.

    Manifest ─▶ Preprocess ─▶ Train ─▶ Evaluate ─▶ CheckQuality ─┬─ auc ≥ QualityThreshold ─▶ Register (for approval)
                                                                └─ otherwise ─────────────▶ QualityTooLow (FailStep)

Runtime settings are pipeline parameters (PARAMETERS below), so an execution can change them without a deploy.
`definition_json(env)` is what the platform stack deploys; `make definition` writes it to build/.
"""

import json
from pathlib import Path

from ..environments import PIPELINE_NAME, Environment
from . import code, offline
from .quality import DEFAULT_QUALITY_THRESHOLD, check_threshold


def build_pipeline(env: Environment, quality_threshold: float = DEFAULT_QUALITY_THRESHOLD, spot_training: bool = False):
    """The Pipeline object; `spot_training` trains on managed spot capacity (cheaper, may wait or be interrupted)."""
    session = offline.pipeline_session(env)  # first: it sets the region the SDK needs at import time
    from sagemaker.mlops.workflow.pipeline import Pipeline

    from . import context, registration, stages

    parameters = context.Parameters.create(env, check_threshold(quality_threshold))
    shared = context.Context(env=env, session=session, parameters=parameters)
    manifest = stages.manifest_step(shared)
    preprocess = stages.preprocess_step(shared, manifest)
    train = stages.train_step(shared, preprocess, spot_training)
    evaluate, report = stages.evaluate_step(shared, preprocess, train)
    register = registration.register_step(shared, train, evaluate, manifest)
    gate = registration.quality_gate_step(shared, evaluate, report, register)
    steps = [manifest.step, preprocess, train, evaluate, gate]
    # No SageMaker Experiments: the SDK's default creates them only in some regions (sagemaker/mlops/workflow/
    # pipeline.py, EUREKA_GA_REGIONS), and no AWS page documents the calls Pipelines then makes as the pipeline's role,
    # so the execution role could not be proved to allow them (infra/policy/execution_calls.yaml).
    return Pipeline(name=PIPELINE_NAME, parameters=parameters.all(), steps=steps, sagemaker_session=session,
                    pipeline_experiment_config=None)  # fmt: skip


def definition_json(
    env: Environment, quality_threshold: float = DEFAULT_QUALITY_THRESHOLD, spot_training: bool = False
) -> str:
    """The pipeline definition document, as the CreatePipeline/UpdatePipeline API takes it."""
    with offline.quiet_sdk():
        definition = build_pipeline(env, quality_threshold, spot_training).definition()
    return json.dumps(json.loads(definition), indent=2, sort_keys=True) + "\n"


def write_definition(env: Environment, output_dir: Path, quality_threshold: float, spot_training: bool = False) -> Path:
    """`output_dir`/pipeline-<env>.json, written whole or not at all."""
    document = definition_json(env, quality_threshold, spot_training)
    output_dir.mkdir(parents=True, exist_ok=True)
    path = code.definition_file(env, output_dir)
    partial = path.with_suffix(".partial")
    partial.write_text(document)
    partial.replace(path)
    return path
