"""One small builder per pipeline step; pipeline/definition.py wires them (import it, not this, first)."""

# The SDK resolves step properties at runtime (Properties.__getattr__), types ModelTrainer's pydantic fields
# loosely and annotates some parameters with same-named classes from other modules, so pyright cannot follow
# this file; tests/pipeline/test_definition.py builds the definition with the SDK and checks it instead.
# pyright: reportAttributeAccessIssue=false, reportArgumentType=false, reportCallIssue=false

import json
from dataclasses import dataclass

from sagemaker.core.shapes import CheckpointConfig, OutputDataConfig, ProcessingInput, StoppingCondition
from sagemaker.core.training.configs import Compute, InputData
from sagemaker.core.workflow.functions import Join, JsonGet
from sagemaker.core.workflow.properties import PropertyFile
from sagemaker.mlops.workflow.steps import CacheConfig, ProcessingStep, TrainingStep
from sagemaker.train.model_trainer import ModelTrainer

from ..environments import PIPELINE_NAME
from ..steps.preprocess import MANIFEST_FILE
from . import code, policies
from .context import Context, processing_input, processing_output

HYPERPARAMETERS = {"seed": 42, "max-iter": 200, "learning-rate": 0.1}
# Caching skips a step whose cache-key attributes (its job's inputs, arguments and environment: "Default cache key
# attributes by pipeline step type", SageMaker Developer Guide) match an earlier run's, values resolved. It never
# looks inside S3: the code URIs name their content, and the data prefix is keyed by the Manifest step's digest.
CACHE = CacheConfig(enable_caching=True, expire_after="P30D")


@dataclass(frozen=True)
class DataManifest:
    """The Manifest step and what it publishes: the digest of the input data, and where its file list is."""

    step: ProcessingStep
    file: PropertyFile

    @property
    def sha256(self) -> JsonGet:
        return JsonGet(step_name=self.step.name, property_file=self.file, json_path="sha256")

    @property
    def uri(self) -> Join:
        output = self.step.properties.ProcessingOutputConfig.Outputs["manifest"].S3Output.S3Uri
        return Join(on="/", values=[output, MANIFEST_FILE])


def data_input(context: Context) -> ProcessingInput:
    return processing_input("data", context.parameters.input_data, "/opt/ml/processing/input/data")


def manifest_step(context: Context) -> DataManifest:
    """Lists the data on every run (never cached): a new batch under the same prefix is new data."""
    step_args = context.processor("manifest").run(
        code=code.code_uri(context.env, "preprocess.py"),
        inputs=[data_input(context)],
        outputs=[processing_output(context, "Manifest", "manifest", "/opt/ml/processing/output/manifest")],
        arguments=["--manifest-only"],
    )
    file = PropertyFile(name="DataManifest", output_name="manifest", path=MANIFEST_FILE)
    step = ProcessingStep(
        name="Manifest", step_args=step_args, property_files=[file], retry_policies=policies.JOB_RETRIES
    )
    return DataManifest(step, file)


def preprocess_step(context: Context, manifest: DataManifest) -> ProcessingStep:
    step_args = context.processor("preprocess").run(
        code=code.code_uri(context.env, "preprocess.py"),
        inputs=[data_input(context)],
        outputs=[
            processing_output(context, "Preprocess", name, f"/opt/ml/processing/output/{name}")
            for name in ("train", "test")
        ],
        arguments=["--expected-manifest", manifest.sha256],
    )
    return ProcessingStep(
        name="Preprocess", step_args=step_args, cache_config=CACHE, retry_policies=policies.JOB_RETRIES
    )


def train_step(context: Context, preprocess: ProcessingStep, spot_training: bool) -> TrainingStep:
    bundle = code.code_uri(context.env, code.TRAINING_BUNDLE)
    checkpoints = CheckpointConfig(s3_uri=context.output_uri("Train", "checkpoints"))
    trainer = ModelTrainer(
        training_image=context.image_uri,
        role=context.env.execution_role_arn,
        compute=Compute(
            instance_type=context.parameters.training_instance_type,
            instance_count=1,
            volume_kms_key_id=context.env.kms_alias_arn,
            enable_managed_spot_training=spot_training,
        ),
        # The framework container's script mode: it fetches the bundle, runs train.py with the other
        # hyperparameters as command-line options. JSON-encoded, as the training toolkit decodes them.
        hyperparameters={
            "sagemaker_program": json.dumps("train.py"),
            "sagemaker_submit_directory": json.dumps(bundle),
            **{name: json.dumps(value) for name, value in HYPERPARAMETERS.items()},
        },
        environment=dict(code.OFFLINE_PIP),
        input_data_config=[
            InputData(
                channel_name="train",
                data_source=preprocess.properties.ProcessingOutputConfig.Outputs["train"].S3Output.S3Uri,
                content_type="text/csv",
            )
        ],
        output_data_config=OutputDataConfig(
            s3_output_path=context.output_uri("Train", "model"), kms_key_id=context.env.kms_alias_arn
        ),
        # An interrupted spot job restarts; SageMaker syncs /opt/ml/checkpoints with this prefix so a resumable
        # program can pick up (CreateTrainingJob, EnableManagedSpotTraining).
        checkpoint_config=checkpoints if spot_training else None,
        stopping_condition=StoppingCondition(
            max_runtime_in_seconds=3600, max_wait_time_in_seconds=7200 if spot_training else None
        ),
        base_job_name=f"{PIPELINE_NAME}-train",
        sagemaker_session=context.session,
    )
    return TrainingStep(
        name="Train", step_args=trainer.train(), cache_config=CACHE, retry_policies=policies.JOB_RETRIES
    )


def evaluate_step(
    context: Context, preprocess: ProcessingStep, train: TrainingStep
) -> tuple[ProcessingStep, PropertyFile]:
    report = PropertyFile(name="EvaluationReport", output_name="evaluation", path="evaluation.json")
    test_data = preprocess.properties.ProcessingOutputConfig.Outputs["test"].S3Output.S3Uri
    step_args = context.processor("evaluate").run(
        code=code.code_uri(context.env, "evaluate.py"),
        inputs=[
            processing_input("model", train.properties.ModelArtifacts.S3ModelArtifacts, "/opt/ml/processing/model"),
            processing_input("test", test_data, "/opt/ml/processing/test"),
        ],
        outputs=[processing_output(context, "Evaluate", "evaluation", "/opt/ml/processing/evaluation")],
    )
    step = ProcessingStep(
        name="Evaluate",
        step_args=step_args,
        property_files=[report],
        cache_config=CACHE,
        retry_policies=policies.JOB_RETRIES,
    )
    return step, report
