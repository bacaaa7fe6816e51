"""The role EventBridge rules and schedules assume; each trigger attaches the one permission it needs."""

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.policy_documents import document
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
            assume_role_policy=trust(args.env.account_id),
            tags=args.tags,
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.register_outputs({"arn": self.role.arn})


def trust(account_id: str) -> str:
    """EventBridge rules and EventBridge Scheduler of this account only."""
    return document(
        [
            {
                "Sid": "EventBridgeOfThisAccount",
                "Effect": "Allow",
                "Principal": {"Service": ["events.amazonaws.com", "scheduler.amazonaws.com"]},
                "Action": "sts:AssumeRole",
                "Condition": {"StringEquals": {"aws:SourceAccount": account_id}},
            }
        ]
    )
