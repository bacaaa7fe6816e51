"""The quality gate and what follows it: register a good model for manual approval, fail loudly on a weak one."""

# Same reason as in stages.py: the SDK's annotations name same-named classes from other modules and its step
# properties resolve at runtime; tests/pipeline/test_definition.py checks the built definition instead.
# pyright: reportAttributeAccessIssue=false, reportArgumentType=false

from sagemaker.core.model_metrics import MetricsSource, ModelMetrics
from sagemaker.core.workflow.conditions import ConditionGreaterThanOrEqualTo
from sagemaker.core.workflow.execution_variables import ExecutionVariables
from sagemaker.core.workflow.functions import Join, JsonGet
from sagemaker.core.workflow.properties import PropertyFile
from sagemaker.mlops.workflow.condition_step import ConditionStep
from sagemaker.mlops.workflow.fail_step import FailStep
from sagemaker.mlops.workflow.model_step import ModelStep
from sagemaker.mlops.workflow.steps import ProcessingStep, TrainingStep
from sagemaker.serve.model_builder import ModelBuilder

from ..environments import ENVIRONMENTS, MODEL_PACKAGE_GROUP, PIPELINE_NAME
from ..models import FRAMEWORK, FRAMEWORK_VERSION
from . import code, policies
from .context import Context
from .quality import METRIC_JSON_PATH, failure_message_parts
from .stages import DataManifest

# The serving container loads the handler that training copied into the model (see steps/train.py), installed as
# code.OFFLINE_PIP says.
SERVING_ENV = {
    "SAGEMAKER_PROGRAM": "inference.py",
    "SAGEMAKER_SUBMIT_DIRECTORY": "/opt/ml/model/code",
    **code.OFFLINE_PIP,
}

ENDPOINT_INSTANCE_TYPES = sorted({env.instance_type for env in ENVIRONMENTS.values()})


def register_step(context: Context, train: TrainingStep, evaluate: ProcessingStep, manifest: DataManifest) -> ModelStep:
    evaluation_uri = Join(
        on="/",
        values=[evaluate.properties.ProcessingOutputConfig.Outputs["evaluation"].S3Output.S3Uri, "evaluation.json"],
    )
    builder = ModelBuilder(
        s3_model_data_url=train.properties.ModelArtifacts.S3ModelArtifacts,
        image_uri=context.image_uri,
        env_vars=dict(SERVING_ENV),  # the builder adds its own entries
        role_arn=context.env.execution_role_arn,
        sagemaker_session=context.session,
    )
    step_args = builder.register(
        model_package_group_name=MODEL_PACKAGE_GROUP,
        content_types=["text/csv", "application/json"],
        response_types=["application/json", "text/csv"],
        # Preprod's pipeline registers what both environments' endpoints serve, each on its own instance type.
        inference_instances=ENDPOINT_INSTANCE_TYPES,
        transform_instances=ENDPOINT_INSTANCE_TYPES,
        approval_status="PendingManualApproval",
        model_metrics=ModelMetrics(
            model_statistics=MetricsSource(content_type="application/json", s3_uri=evaluation_uri)
        ),
        description=f"{FRAMEWORK} {FRAMEWORK_VERSION} model trained by {PIPELINE_NAME}",
        # Lineage for the deployment record (ops registry): the execution that produced this package, the data it
        # was trained on.
        customer_metadata_properties={
            "pipeline_execution_arn": ExecutionVariables.PIPELINE_EXECUTION_ARN,
            "data_manifest_sha256": manifest.sha256,
            "data_manifest_uri": manifest.uri,
        },
    )
    return ModelStep(name="Register", step_args=step_args, retry_policies=[policies.SERVICE_RETRY])


def quality_gate_step(
    context: Context, evaluate: ProcessingStep, report: PropertyFile, register: ModelStep
) -> ConditionStep:
    metric = JsonGet(step_name=evaluate.name, property_file=report, json_path=METRIC_JSON_PATH)
    threshold = context.parameters.quality_threshold
    message = Join(on=" ", values=failure_message_parts(metric, threshold))
    too_low = FailStep(name="QualityTooLow", error_message=message)
    return ConditionStep(
        name="CheckQuality",
        conditions=[ConditionGreaterThanOrEqualTo(left=metric, right=threshold)],
        if_steps=[register],
        else_steps=[too_low],
    )
