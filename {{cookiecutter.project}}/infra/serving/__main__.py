"""The serving stack of one environment: the approved model, its endpoint config, the endpoint, alarms, scaling.

Wiring only: each concern is a component in `infra/components`. Without an approved package in the stack config
(`modelPackageArn`) there is nothing to serve, so the stack declares no endpoint and says so.
"""

import sys
from pathlib import Path

# Pulumi runs this file as a script from infra/serving; put infra/ on the path so `components` imports as in pytest.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pulumi
from components.endpoint import ServingEndpoint, ServingEndpointArgs
from components.endpoint_alarms import EndpointAlarms, EndpointAlarmsArgs
from components.provider import environment_provider, standard_tags
from components.served_model import ServedModel, ServedModelArgs
from components.serving_settings import load_serving_settings

settings = load_serving_settings()
env, tags = settings.env, standard_tags(settings.env)
pulumi.export("endpointName", env.endpoint_name)
pulumi.export("previousModelPackageArn", settings.previous_model_package_arn)

if settings.model_package_arn is None:
    pulumi.log.warn(
        f"No endpoint in {env.name}: the stack config has no modelPackageArn. Approve a model package in the registry "
        "(the cd workflow then sets it), or run `pulumi config set modelPackageArn <approved package ARN>`."
    )
else:
    on_aws = pulumi.ResourceOptions(provider=environment_provider(env))
    alarms = EndpointAlarms("alarms", EndpointAlarmsArgs(env, settings.alarms, tags), on_aws)
    served_args = ServedModelArgs(
        env=env,
        model_package_arn=settings.model_package_arn,
        initial_instances=settings.capacity.min_instances,
        data_capture_percent=settings.data_capture_percent,
        tags=tags,
    )
    served = ServedModel("model", served_args, on_aws)
    endpoint_args = ServingEndpointArgs(
        env=env,
        endpoint_config_name=served.endpoint_config.name,
        strategy=settings.strategy,
        rollback_alarms=[alarms.errors.name, alarms.latency.name],
        capacity=settings.capacity,
        tags=tags,
    )
    kept = pulumi.ResourceOptions.merge(on_aws, pulumi.ResourceOptions(protect=settings.protect))
    ServingEndpoint("endpoint", endpoint_args, kept)
    pulumi.export("endpointConfigName", served.endpoint_config.name)
    pulumi.export("modelPackageArn", settings.model_package_arn)
