"""What every step builder shares: the pipeline parameters, the session, images, KMS key and output locations.

Every step runs the project's framework container, so the model is trained, evaluated and served by the same
library version the project pins. Step outputs live under the execution's own prefix, and every job encrypts its
volumes and outputs with the environment's KMS key.
"""

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from sagemaker.core import image_uris
from sagemaker.core.network import NetworkConfig
from sagemaker.core.processing import ScriptProcessor
from sagemaker.core.shapes import ProcessingInput, ProcessingOutput, ProcessingS3Input, ProcessingS3Output
from sagemaker.core.workflow.execution_variables import ExecutionVariables
from sagemaker.core.workflow.functions import Join
from sagemaker.core.workflow.parameters import ParameterFloat, ParameterString

from ..environments import PIPELINE_NAME, REGION, Environment
from ..models import FRAMEWORK, FRAMEWORK_VERSION

IMAGE_LOOKUP_INSTANCE = "ml.m5.large"  # any CPU instance: the framework's CPU image serves them all


@dataclass(frozen=True)
class Parameters:
    input_data: ParameterString
    processing_instance_type: ParameterString
    training_instance_type: ParameterString
    quality_threshold: ParameterFloat

    @classmethod
    def create(cls, env: Environment, quality_threshold: float) -> "Parameters":
        return cls(
            input_data=ParameterString("InputDataUri", default_value=f"s3://{env.artifacts_bucket}/data/training/"),
            processing_instance_type=ParameterString("ProcessingInstanceType", default_value="ml.m5.large"),
            training_instance_type=ParameterString("TrainingInstanceType", default_value="ml.m5.large"),
            quality_threshold=ParameterFloat("QualityThreshold", default_value=quality_threshold),
        )

    def all(self) -> list[Any]:
        return [self.input_data, self.processing_instance_type, self.training_instance_type, self.quality_threshold]


@dataclass(frozen=True)
class Context:
    env: Environment
    session: Any
    parameters: Parameters

    @cached_property  # every step and the registered model use it; each lookup reads the SDK's image tables
    def image_uri(self) -> str:
        return image_uris.retrieve(FRAMEWORK, REGION, FRAMEWORK_VERSION, "py3", IMAGE_LOOKUP_INSTANCE)

    def output_uri(self, step: str, output: str) -> Join:
        """s3://<bucket>/pipelines/<pipeline>/<execution id>/<step>/<output>: executions never share outputs."""
        prefix = f"s3://{self.env.artifacts_bucket}/pipelines/{PIPELINE_NAME}"
        return Join(on="/", values=[prefix, ExecutionVariables.PIPELINE_EXECUTION_ID, step, output])

    def processor(self, job: str) -> ScriptProcessor:
        return ScriptProcessor(
            role=self.env.execution_role_arn,
            image_uri=self.image_uri,
            command=["python3"],
            instance_count=1,
            instance_type=self.parameters.processing_instance_type,
            volume_kms_key=self.env.kms_alias_arn,
            output_kms_key=self.env.kms_alias_arn,
            base_job_name=f"{PIPELINE_NAME}-{job}",
            # SageMaker itself moves the inputs and outputs; the scripts never need a network.
            network_config=NetworkConfig(enable_network_isolation=True),
            sagemaker_session=self.session,
        )


def processing_input(name: str, source: Any, destination: str) -> ProcessingInput:
    return ProcessingInput(
        input_name=name,
        s3_input=ProcessingS3Input(
            s3_uri=source, local_path=destination, s3_data_type="S3Prefix", s3_input_mode="File"
        ),
    )


def processing_output(context: Context, step: str, name: str, source: str) -> ProcessingOutput:
    return ProcessingOutput(
        output_name=name,
        s3_output=ProcessingS3Output(
            s3_uri=context.output_uri(step, name), local_path=source, s3_upload_mode="EndOfJob"
        ),
    )
