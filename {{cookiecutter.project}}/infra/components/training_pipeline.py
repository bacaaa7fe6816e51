"""The SageMaker pipeline: its definition as `make definition` built it, and the step code it points at."""

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pulumi
import pulumi_aws as aws

from {{ cookiecutter.package_name }}.environments import PIPELINE_NAME, Environment
from {{ cookiecutter.package_name }}.pipeline.code import CodeObject, with_volume_key


@dataclass(frozen=True)
class TrainingPipelineArgs:
    env: Environment
    definition_path: Path
    step_code: Sequence[CodeObject]
    bucket: pulumi.Input[str]
    kms_key_arn: pulumi.Input[str]
    role_arn: pulumi.Input[str]
    tags: dict[str, str]


class TrainingPipeline(pulumi.ComponentResource):
    pipeline: aws.sagemaker.Pipeline

    def __init__(self, name: str, args: TrainingPipelineArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlops:platform:TrainingPipeline", name, None, opts)
        # A key names its content's digest: a changed script is a new object, the old one stays for old executions.
        uploads = [
            aws.s3.BucketObjectv2(
                f"{name}-{code.key}",
                bucket=args.bucket,
                key=code.key,
                source=pulumi.FileAsset(str(code.local_path)),
                server_side_encryption="aws:kms",
                kms_key_id=args.kms_key_arn,
                tags=args.tags,
                opts=pulumi.ResourceOptions(parent=self),
            )
            for code in args.step_code
        ]
        definition = args.definition_path.read_text()
        self.pipeline = aws.sagemaker.Pipeline(
            name,
            pipeline_name=PIPELINE_NAME,
            pipeline_display_name=PIPELINE_NAME,
            pipeline_description=f"Trains, evaluates and registers the {args.env.name} model",
            pipeline_definition=pulumi.Output.from_input(args.kms_key_arn).apply(
                lambda key_arn: with_volume_key(definition, key_arn)
            ),
            role_arn=args.role_arn,
            tags=args.tags,
            opts=pulumi.ResourceOptions(parent=self, depends_on=uploads),
        )
        self.register_outputs({"pipelineArn": self.pipeline.arn})
