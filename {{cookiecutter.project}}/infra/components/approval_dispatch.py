"""Registry approval → GitHub: an approved package of this group becomes a `repository_dispatch` carrying its ARN."""

import json
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.naming import scoped
from components.policy_documents import allow, document
from {{ cookiecutter.package_name }}.environments import GITHUB_REPOSITORY, MODEL_PACKAGE_GROUP, Environment

EVENT_TYPE = "model-approved"  # the cd workflow's `repository_dispatch: types`
DISPATCH_URL = f"https://api.github.com/repos/{GITHUB_REPOSITORY}/dispatches"
# EventBridge fills <arn> from the event; the rest is GitHub's repository_dispatch body.
DISPATCH_TEMPLATE = '{"event_type": "' + EVENT_TYPE + '", "client_payload": {"model_package_arn": <arn>}}'


@dataclass(frozen=True)
class ApprovalDispatchArgs:
    env: Environment
    github_token: pulumi.Output[str] | None  # None: a preview without the token, which keeps the deployed one
    events_role: aws.iam.Role
    tags: dict[str, str]


class ApprovalDispatch(pulumi.ComponentResource):
    destination: aws.cloudwatch.EventApiDestination

    def __init__(self, name: str, args: ApprovalDispatchArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("mlops:platform:ApprovalDispatch", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        token = args.github_token if args.github_token is not None else pulumi.Output.secret("unknown-in-preview")
        keep_token = [] if args.github_token is not None else ["authParameters"]
        connection = aws.cloudwatch.EventConnection(
            name,
            name=scoped(args.env, "github"),
            description="GitHub API, authenticated by the token in the stack's secret config",
            authorization_type="API_KEY",
            auth_parameters=aws.cloudwatch.EventConnectionAuthParametersArgs(
                api_key=aws.cloudwatch.EventConnectionAuthParametersApiKeyArgs(
                    key="Authorization", value=pulumi.Output.concat("Bearer ", token)
                ),
                invocation_http_parameters=aws.cloudwatch.EventConnectionAuthParametersInvocationHttpParametersArgs(
                    headers=[
                        aws.cloudwatch.EventConnectionAuthParametersInvocationHttpParametersHeaderArgs(
                            key="Accept", value="application/vnd.github+json", is_value_secret=False
                        )
                    ]
                ),
            ),
            opts=pulumi.ResourceOptions.merge(child, pulumi.ResourceOptions(ignore_changes=keep_token)),
        )
        self.destination = aws.cloudwatch.EventApiDestination(
            name,
            name=args.env.api_destination_name,
            connection_arn=connection.arn,
            invocation_endpoint=DISPATCH_URL,
            http_method="POST",
            invocation_rate_limit_per_second=1,
            opts=child,
        )
        invoke = self.destination.arn.apply(
            lambda arn: document([allow("DispatchToGitHub", ["events:InvokeApiDestination"], arn)])
        )
        aws.iam.RolePolicy(f"{name}-invoke", role=args.events_role.name, policy=invoke, opts=child)
        rule = aws.cloudwatch.EventRule(
            name,
            name=scoped(args.env, "model-approved"),
            description=f"A package of {MODEL_PACKAGE_GROUP} was approved: tell GitHub to deploy it",
            event_pattern=approval_pattern(),
            tags=args.tags,
            opts=child,
        )
        aws.cloudwatch.EventTarget(
            name,
            rule=rule.name,
            arn=self.destination.arn,
            role_arn=args.events_role.arn,
            input_transformer={"input_paths": {"arn": "$.detail.ModelPackageArn"}, "input_template": DISPATCH_TEMPLATE},
            retry_policy={"maximum_retry_attempts": 5, "maximum_event_age_in_seconds": 3600},
            opts=child,
        )
        self.register_outputs({"apiDestinationArn": self.destination.arn})


def approval_pattern() -> str:
    """Only this group's packages, and only the change to Approved (not rejections or new registrations)."""
    detail = {"ModelPackageGroupName": [MODEL_PACKAGE_GROUP], "ModelApprovalStatus": ["Approved"]}
    return json.dumps(
        {"source": ["aws.sagemaker"], "detail-type": ["SageMaker Model Package State Change"], "detail": detail}
    )
