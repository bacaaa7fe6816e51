"""The platform stack of one environment: key, buckets, roles, registry, pipeline, triggers, monitoring.

Wiring only: each concern is a component in `infra/components`. The registry, the pipeline and its triggers exist
only in preprod (the training environment); prod deploys approved packages from there, across accounts when the two
environments are separate accounts.
"""

import sys
from pathlib import Path

# Pulumi runs this file as a script from infra/platform; put infra/ on the path so `components` imports as in pytest.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pulumi
from components.data_stores import DataStores, DataStoresArgs
from components.encryption import EncryptionKey, EncryptionKeyArgs
from components.execution_role import ExecutionRoleArgs, SageMakerExecutionRole
from components.monitoring import Monitoring, MonitoringArgs
from components.platform_settings import load_platform_settings
from components.provider import environment_provider, standard_tags
from components.training import Training, TrainingArgs

settings = load_platform_settings()
env, tags = settings.env, standard_tags(settings.env)
on_aws = pulumi.ResourceOptions(provider=environment_provider(env))
kept = pulumi.ResourceOptions.merge(on_aws, pulumi.ResourceOptions(protect=settings.protect))

readers = [(reader.account_id, reader.execution_role_arn) for reader in settings.model_readers]
key_args = EncryptionKeyArgs(
    env=env,
    deploy_role_arn=settings.deploy_role_arn,
    deletion_window_days=settings.key_deletion_window_days,
    tags=tags,
    readers=readers,
)
key = EncryptionKey("key", key_args, kept)
stores = DataStores("data", DataStoresArgs(settings=settings, kms_key_arn=key.key.arn, tags=tags), kept)
role_args = ExecutionRoleArgs(
    env=env,
    kms_key_arn=key.key.arn,
    tags=tags,
    runs_pipeline=settings.training is not None,
    model_source=settings.model_source,
)
execution_role = SageMakerExecutionRole("sagemaker-execution", role_args, on_aws)
monitoring_args = MonitoringArgs(
    env=env,
    kms_key_arn=key.key.arn,
    alarm_email=settings.alarm_email,
    watches_pipeline=settings.training is not None,
    tags=tags,
)
monitoring = Monitoring("monitoring", monitoring_args, on_aws)
pulumi.export("artifactsBucket", stores.artifacts.bucket.bucket)
pulumi.export("kmsKeyArn", key.key.arn)
pulumi.export("executionRoleArn", execution_role.role.arn)
pulumi.export("alarmTopicArn", monitoring.topic.arn)

if settings.training is not None:
    training_args = TrainingArgs(
        env=env,
        settings=settings.training,
        bucket=stores.artifacts.bucket,
        kms_key_arn=key.key.arn,
        execution_role_arn=execution_role.role.arn,
        alarm_topic_arn=monitoring.topic.arn,
        readers=readers,
        tags=tags,
    )
    training = Training("training", training_args, on_aws)
    pulumi.export("modelPackageGroupName", training.registry.group.model_package_group_name)
    pulumi.export("pipelineArn", training.pipeline.pipeline.arn)
