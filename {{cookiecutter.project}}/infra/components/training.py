"""The training environment's extras: registry, pipeline, what starts it, and what tells GitHub about approvals."""

from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.approval_dispatch import ApprovalDispatch, ApprovalDispatchArgs
from components.events_role import EventsRole, EventsRoleArgs
from components.platform_settings import TrainingSettings
from components.registry import ModelRegistry, ModelRegistryArgs
from components.training_pipeline import TrainingPipeline, TrainingPipelineArgs
from components.training_triggers import TrainingTriggers, TrainingTriggersArgs
from {{ cookiecutter.package_name }}.environments import Environment
from {{ cookiecutter.package_name }}.pipeline.code import step_code


@dataclass(frozen=True)
class TrainingArgs:
    env: Environment
    settings: TrainingSettings
    bucket: aws.s3.Bucket
    kms_key_arn: pulumi.Input[str]
    execution_role_arn: pulumi.Input[str]
    alarm_topic_arn: pulumi.Input[str]
    readers: Sequence[tuple[str, str]]  # (account id, role ARN) of the accounts that deploy the registry's models
    tags: dict[str, str]


class Training(pulumi.ComponentResource):
    registry: ModelRegistry
    pipeline: TrainingPipeline

    def __init__(self, name: str, args: TrainingArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlops:platform:Training", name, None, opts)
        env, tags, child = args.env, args.tags, pulumi.ResourceOptions(parent=self)
        reader_accounts = sorted({account for account, _ in args.readers})
        self.registry = ModelRegistry("registry", ModelRegistryArgs(env, tags, reader_accounts), child)
        pipeline_args = TrainingPipelineArgs(
            env,
            args.settings.definition_path,
            step_code(env),
            args.bucket.bucket,
            args.kms_key_arn,
            args.execution_role_arn,
            tags,
        )
        self.pipeline = TrainingPipeline("pipeline", pipeline_args, child)
        events_role = EventsRole("events", EventsRoleArgs(env, tags), child).role
        triggers_args = TrainingTriggersArgs(
            env,
            self.pipeline.pipeline.arn,
            env.artifacts_bucket,
            events_role,
            args.kms_key_arn,
            args.alarm_topic_arn,
            args.settings.schedule_expression,
            tags,
        )
        TrainingTriggers("triggers", triggers_args, child)
        ApprovalDispatch("approvals", ApprovalDispatchArgs(env, args.settings.github_token, events_role, tags), child)
        self.register_outputs({"pipelineArn": self.pipeline.pipeline.arn})
