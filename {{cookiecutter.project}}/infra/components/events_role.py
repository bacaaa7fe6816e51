"""The role EventBridge rules and schedules assume; each trigger attaches the one permission it needs."""

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.policy_documents import service_trust
from {{ cookiecutter.package_name }}.environments import Environment


@dataclass(frozen=True)
class EventsRoleArgs:
    env: Environment
    tags: dict[str, str]


class EventsRole(pulumi.ComponentResource):
    role: aws.iam.Role

    def __init__(self, name: str, args: EventsRoleArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlops:platform:EventsRole", name, None, opts)
        self.role = aws.iam.Role(
            name,
            name=args.env.events_role_name,
            # EventBridge rules start the pipeline and call GitHub; EventBridge Scheduler runs the training schedule.
            assume_role_policy=service_trust(["events.amazonaws.com", "scheduler.amazonaws.com"], args.env.account_id),
            # The deploy role may write this role only while it keeps the bootstrap's boundary (docs/accounts.md).
            permissions_boundary=args.env.workload_boundary_arn,
            tags=args.tags,
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.register_outputs({"arn": self.role.arn})
