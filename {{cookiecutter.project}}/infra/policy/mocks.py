"""Run a Pulumi program offline under `pulumi.runtime.set_mocks` and return the resource graph it declared.

Each run gets a fresh `contextvars.Context` (Pulumi keeps its settings, config and root stack in context variables)
and a fresh event loop, so runs in one process never see each other's resources or config.
"""

import asyncio
import contextvars
import json
import re
from collections.abc import Callable, Collection, Mapping
from typing import Any

import pulumi
from pulumi.runtime.mocks import MockCallArgs, MockMonitor, MockResourceArgs, Mocks
from pulumi.runtime.settings import SETTINGS
from pulumi.runtime.stack import run_pulumi_func

from policy.graph import Graph, Resource

MOCK_ACCOUNT_ID = "123456789012"
MOCK_REGION = "eu-west-1"


class AwsLikeMocks(Mocks):
    """Echo the inputs back as state and add the `name`, `arn` and `id` that dependants read."""

    def __init__(self, account_id: str, region: str) -> None:
        self.account_id = account_id
        self.region = region

    def new_resource(self, args: MockResourceArgs) -> tuple[str, dict[str, Any]]:
        name = str(args.inputs.get("name") or args.inputs.get("bucket") or args.name)
        state = {"name": name, "arn": self.arn(args.typ, name, args.inputs), "id": name, **args.inputs}
        if args.typ.startswith("aws:s3/bucket") and ":Bucket" in args.typ:
            state.setdefault("bucket", name)
        if args.typ.startswith("aws:kms/key:"):
            state.setdefault("keyId", name)
        return name, state

    def arn(self, token: str, name: str, inputs: dict[str, Any]) -> str:
        """ARNs shaped as AWS shapes them, since policies and checks read them (IAM is global, S3 has no account)."""
        service, _, kind = token.partition(":")[2].partition(":")[0].partition("/")
        if token == "aws:iam/openIdConnectProvider:OpenIdConnectProvider":
            return f"arn:aws:iam::{self.account_id}:oidc-provider/{str(inputs.get('url', name)).split('://')[-1]}"
        if service == "iam":
            return f"arn:aws:iam::{self.account_id}:{kind.lower()}/{name}"
        if service == "s3":
            return f"arn:aws:s3:::{name}"
        if shaped := self._service_arn(service, kind, name):
            return shaped
        resource = re.sub(r"(?<=[a-z0-9])([A-Z])", r"-\1", kind).lower()
        return f"arn:aws:{service}:{self.region}:{self.account_id}:{resource}/{name}"

    def _service_arn(self, module: str, kind: str, name: str) -> str | None:
        """The ARNs that differ from `<module>:<region>:<account>:<kind>/<name>`, as the AWS Service Authorization
        Reference lists them ("Resource types defined by Amazon EventBridge", "… Amazon CloudWatch", "… Amazon
        SNS"): pulumi-aws keeps EventBridge in its `cloudwatch` module, alarms use a colon, topics have no type."""
        where = f"{self.region}:{self.account_id}"
        events = {"eventRule": "rule", "eventBus": "event-bus", "eventConnection": "connection",
                  "eventApiDestination": "api-destination"}  # fmt: skip
        if module == "cloudwatch" and kind in events:
            generated_id = "" if kind in ("eventRule", "eventBus") else "/00000000-0000-4000-8000-000000000000"
            return f"arn:aws:events:{where}:{events[kind]}/{name}{generated_id}"
        if module == "cloudwatch" and kind == "metricAlarm":
            return f"arn:aws:cloudwatch:{where}:alarm:{name}"
        if module == "sns" and kind == "topic":
            return f"arn:aws:sns:{where}:{name}"
        return None

    def call(self, args: MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        answers = {
            "aws:index/getCallerIdentity:getCallerIdentity": {
                "accountId": self.account_id,
                "arn": f"arn:aws:iam::{self.account_id}:user/mock",
                "userId": "mock",
            },
            "aws:index/getRegion:getRegion": {"name": self.region, "region": self.region, "id": self.region},
            "aws:index/getPartition:getPartition": {"partition": "aws", "dnsSuffix": "amazonaws.com", "id": "aws"},
        }
        if args.token not in answers:
            raise NotImplementedError(f"The offline mocks have no answer for the provider function {args.token}.")
        return answers[args.token], []


class RecordingMonitor(MockMonitor):
    """A MockMonitor that also keeps what `new_resource` never sees: parents and dependency edges."""

    def __init__(self, mocks: Mocks) -> None:
        super().__init__(mocks)
        self.recorded: list[Resource] = []

    def RegisterResource(self, request: Any) -> Any:  # the gRPC method name
        response = super().RegisterResource(request)
        if request.type != "pulumi:pulumi:Stack":
            property_dependencies = {key: tuple(deps.urns) for key, deps in request.propertyDependencies.items()}
            self.recorded.append(
                Resource(
                    urn=response.urn,
                    type=request.type,
                    name=request.name,
                    inputs=pulumi.runtime.rpc.deserialize_properties(request.object),
                    custom=bool(request.custom),
                    parent=request.parent,
                    dependencies=tuple(request.dependencies),
                    property_dependencies=property_dependencies,
                    ignore_changes=tuple(request.ignoreChanges),
                )
            )
        return response


def run_program(
    program: Callable[[], None],
    project: str,
    stack: str,
    config: Mapping[str, Any] | None = None,
    account_id: str = MOCK_ACCOUNT_ID,
    secrets: Collection[str] = (),
    preview: bool = False,
) -> Graph:
    """Run `program` as `project`/`stack` with `config` (keys `key` or `namespace:key`; those in `secrets` marked
    secret, as `pulumi config set --secret` does), as `pulumi preview` when `preview`; the program's own exception
    (a config error) propagates unchanged."""
    settings = (_namespaced(config or {}, project), [_full_key(key, project) for key in secrets], account_id, preview)
    return contextvars.Context().run(_run_isolated, program, project, stack, *settings)


def _run_isolated(
    program: Callable[[], None],
    project: str,
    stack: str,
    config: dict[str, str],
    secret_keys: list[str],
    account: str,
    preview: bool,
) -> Graph:
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        pulumi.runtime.set_all_config(config, secret_keys)
        monitor = RecordingMonitor(AwsLikeMocks(account, str(config.get("aws:region", MOCK_REGION))))
        # Pulumi tracks output tasks in one set shared by every run in the process; a task that finished as an
        # earlier run's loop closed would stay there and fail this run with "Event loop is closed".
        settings: Any = SETTINGS  # a context property, invisible to type checkers
        settings.outputs = set()
        pulumi.runtime.set_mocks(monitor.mocks, project=project, stack=stack, preview=preview, monitor=monitor)
        outputs = loop.run_until_complete(_run_and_collect(program))
        return Graph(resources=tuple(monitor.recorded), outputs=outputs)
    finally:
        _close(loop)


def _close(loop: asyncio.AbstractEventLoop) -> None:
    """After a failed program some registrations are still in flight: cancel them so no task outlives its loop."""
    pending = asyncio.all_tasks(loop)
    for task in pending:
        task.cancel()
    loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
    loop.run_until_complete(loop.shutdown_default_executor())  # Pulumi's RPCs ran on this loop's thread pool
    asyncio.set_event_loop(None)
    loop.close()


async def _run_and_collect(program: Callable[[], None]) -> dict[str, Any]:
    await run_pulumi_func(program)
    stack = pulumi.runtime.get_root_resource()
    declared = dict(getattr(stack, "outputs", {}))
    return await pulumi.Output.from_input(declared).future() or {}


def _namespaced(config: Mapping[str, Any], project: str) -> dict[str, str]:
    """Pulumi config is `namespace:key` → string; structured values travel as JSON, as `pulumi config set --path`."""
    return {_full_key(key, project): v if isinstance(v, str) else json.dumps(v) for key, v in config.items()}


def _full_key(key: str, project: str) -> str:
    return key if ":" in key else f"{project}:{key}"
