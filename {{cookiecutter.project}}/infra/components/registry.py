"""The model registry: one package group, readable by the prod account when prod is another account."""

from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.policy_documents import allow, document
from {{ cookiecutter.package_name }}.environments import MODEL_PACKAGE_GROUP, PROJECT, Environment

READ_ACTIONS = ["sagemaker:DescribeModelPackage", "sagemaker:DescribeModelPackageGroup", "sagemaker:ListModelPackages"]


@dataclass(frozen=True)
class ModelRegistryArgs:
    env: Environment
    tags: dict[str, str]
    reader_account_ids: Sequence[str]  # the other accounts that deploy these models


class ModelRegistry(pulumi.ComponentResource):
    group: aws.sagemaker.ModelPackageGroup

    def __init__(self, name: str, args: ModelRegistryArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlops:platform:ModelRegistry", name, None, opts)
        self.group = aws.sagemaker.ModelPackageGroup(
            name,
            model_package_group_name=MODEL_PACKAGE_GROUP,
            model_package_group_description=f"{PROJECT} models; CD deploys only packages approved here",
            tags=args.tags,
            opts=pulumi.ResourceOptions(parent=self),
        )
        if args.reader_account_ids:
            aws.sagemaker.ModelPackageGroupPolicy(
                name,
                model_package_group_name=self.group.model_package_group_name,
                resource_policy=reader_policy(args.env, args.reader_account_ids),
                opts=pulumi.ResourceOptions(parent=self),
            )
        self.register_outputs({"modelPackageGroupArn": self.group.arn})


def reader_policy(env: Environment, reader_account_ids: Sequence[str]) -> str:
    """The deploying accounts may read the group's packages (IAM there decides which of their roles may)."""
    resources = [env.model_package_group_arn, env.model_package_arn("*")]
    grant = allow("DeployingAccountReadsPackages", READ_ACTIONS, resources)
    grant["Principal"] = {"AWS": [f"arn:aws:iam::{account}:root" for account in reader_account_ids]}
    return document([grant])
