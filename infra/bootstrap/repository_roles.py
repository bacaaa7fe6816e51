"""One registered repository's roles in this account: per environment, a deploy role trusted only by the
repository's GitHub Environment of that name, in preprod a read-only preview role trusted only by its pull requests
(nothing previews prod, so no pull request can assume anything there), and the
permissions boundary the environment's workload roles must carry (`bootstrap.workloads`)."""

from collections.abc import Callable
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from bootstrap.config import Repository
from bootstrap.permissions import Scope, deploy_policy, preview_policy
from bootstrap.trust import deploy_subject, preview_subject, trust_policy
from bootstrap.workloads import boundary_name, boundary_policy

SESSION_SECONDS = 3600


@dataclass(frozen=True)
class RepositoryRolesArgs:
    repository: Repository
    environments: tuple[str, ...]  # the repository's environments hosted in this account
    provider_arn: pulumi.Input[str]
    account_id: pulumi.Input[str]
    region: str
    state_bucket: str
    kms_key_arns: pulumi.Input[list[str]]


class RepositoryRoles(pulumi.ComponentResource):
    """Exposes `deploy_role_arns` and `preview_role_arns`, each environment → role ARN."""

    def __init__(self, name: str, args: RepositoryRolesArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("bootstrap:github:RepositoryRoles", name, None, opts)
        self.deploy_role_arns: dict[str, pulumi.Output[str]] = {}
        self.preview_role_arns: dict[str, pulumi.Output[str]] = {}
        for environment in args.environments:
            repository = args.repository
            self._boundary(args, environment)
            deploy = deploy_subject(repository, environment)
            self.deploy_role_arns[environment] = self._role(args, environment, "deploy", deploy, deploy_policy)
            if "preview" in repository.role_kinds(environment):
                preview = preview_subject(repository)
                self.preview_role_arns[environment] = self._role(args, environment, "preview", preview, preview_policy)
        self.register_outputs({"deploy": self.deploy_role_arns, "preview": self.preview_role_arns})

    def _boundary(self, args: RepositoryRolesArgs, environment: str) -> None:
        project, name = args.repository.project, boundary_name(args.repository.project, environment)
        document = pulumi.Output.from_input(args.account_id).apply(
            lambda account: boundary_policy(project, environment, account, args.region)
        )
        aws.iam.Policy(name, name=name, description=f"The most any {project} {environment} workload role may do",
                       policy=document, tags={"project": project, "environment": environment},
                       opts=pulumi.ResourceOptions(parent=self))  # fmt: skip

    def _role(
        self, args: RepositoryRolesArgs, environment: str, kind: str, subject: str, policy: Callable[[Scope], str]
    ) -> pulumi.Output[str]:
        role_name = args.repository.role_name(environment, kind)
        role = aws.iam.Role(
            role_name,
            name=role_name,
            description=f"GitHub Actions {kind} role of {args.repository.full_name} ({environment})",
            assume_role_policy=pulumi.Output.from_input(args.provider_arn).apply(
                lambda arn: trust_policy(arn, subject)
            ),
            max_session_duration=SESSION_SECONDS,
            tags={"project": args.repository.project, "environment": environment},
            opts=pulumi.ResourceOptions(parent=self),
        )
        project, region, bucket = args.repository.project, args.region, args.state_bucket
        document = pulumi.Output.all(args.account_id, args.kms_key_arns).apply(
            lambda values: policy(Scope(project, environment, values[0], region, bucket, tuple(values[1])))
        )
        aws.iam.RolePolicy(role_name, role=role.id, name=f"{kind}-{args.repository.project}", policy=document,
                           opts=pulumi.ResourceOptions(parent=self))  # fmt: skip
        return role.arn
