"""The model built from an approved package, and the immutable endpoint configuration that serves it."""

import hashlib
import json
from dataclasses import asdict, dataclass

import pulumi
import pulumi_aws as aws

from components.naming import VARIANT_NAME
from {{ cookiecutter.package_name }}.environments import Environment


@dataclass(frozen=True)
class ServedModelArgs:
    env: Environment
    model_package_arn: str
    initial_instances: int
    data_capture_percent: int
    tags: dict[str, str]

    @property
    def digest(self) -> str:
        """Names the model and the config: any change is a new config, which the endpoint rolls out blue/green."""
        contents = {**asdict(self), "env": self.env.name, "instance_type": self.env.instance_type}
        return hashlib.sha256(json.dumps(contents, sort_keys=True).encode()).hexdigest()


class ServedModel(pulumi.ComponentResource):
    model: aws.sagemaker.Model
    endpoint_config: aws.sagemaker.EndpointConfiguration

    def __init__(self, name: str, args: ServedModelArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlops:serving:ServedModel", name, None, opts)
        env, resource_name = args.env, args.env.endpoint_config_name(args.digest)
        key_arn = env.kms_alias_arn  # the platform stack's key, by its alias
        self.model = aws.sagemaker.Model(
            name,
            name=resource_name,
            execution_role_arn=env.execution_role_arn,
            containers=[aws.sagemaker.ModelContainerArgs(model_package_name=args.model_package_arn)],
            enable_network_isolation=True,  # the model container reaches nothing but its own artifacts
            tags=args.tags,
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.endpoint_config = aws.sagemaker.EndpointConfiguration(
            name,
            name=resource_name,
            kms_key_arn=key_arn,
            production_variants=[
                aws.sagemaker.EndpointConfigurationProductionVariantArgs(
                    variant_name=VARIANT_NAME,
                    model_name=self.model.name,
                    instance_type=env.instance_type,
                    initial_instance_count=args.initial_instances,
                )
            ],
            data_capture_config=aws.sagemaker.EndpointConfigurationDataCaptureConfigArgs(
                enable_capture=args.data_capture_percent > 0,
                initial_sampling_percentage=args.data_capture_percent,
                destination_s3_uri=f"s3://{env.artifacts_bucket}/data-capture/{env.endpoint_name}",
                kms_key_id=key_arn,
                capture_options=[
                    aws.sagemaker.EndpointConfigurationDataCaptureConfigCaptureOptionArgs(capture_mode=mode)
                    for mode in ("Input", "Output")
                ],
            ),
            tags=args.tags,
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.register_outputs({"modelName": self.model.name, "endpointConfigName": self.endpoint_config.name})
