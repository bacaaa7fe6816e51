"""The calls SageMaker makes as the execution role, as requests IAM must allow, by the rows of execution_calls.yaml.

An `Activity` is one thing SageMaker does as one role: Pipelines starting a step as the pipeline's role, a job
running as its step's role, an endpoint serving as its model's role. It names the table's kinds it does (a job runs
a container, reads and writes storage, and does what only a job does) and lists, per `for:` name, the items it acts
on (`policy.pipeline_activities` reads them from the pipeline definition; `endpoint_activities` below from the
serving stack). Each row of each of its kinds becomes one request per item, described by the row's kind; a row
that names a field the item lacks is a call the activity does not make (no `{key}` on a bucket without a KMS
default key: no KMS call).

Where the items point comes from the stacks (`Place`): which account owns each bucket, each bucket's default key,
and the key each alias names: a key named by its alias is authorised as that key (AWS KMS Developer Guide, "Using
aliases to control access").
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from policy.calls import Request, TableError
from policy.graph import Graph

TABLE = Path(__file__).with_name("execution_calls.yaml")
ENDPOINT_CONFIG = "aws:sagemaker/endpointConfiguration:EndpointConfiguration"
JOB, ENDPOINT = ("container", "storage", "job"), ("container", "storage", "endpoint")
Item = Mapping[str, str]
_FIELD = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class Row:
    for_: str
    action: str
    resource: str
    context: Mapping[str, str]
    doc: str


def load(path: Path = TABLE) -> dict[str, tuple[Row, ...]]:
    return {
        kind: tuple(Row(row["for"], row["action"], row["resource"], row.get("context", {}), row["doc"]) for row in rows)
        for kind, rows in yaml.safe_load(path.read_text()).items()
    }


@dataclass(frozen=True)
class Activity:
    kinds: tuple[str, ...]  # keys of the table
    name: str  # the step or endpoint, for the report
    role: str  # the ARN of the role SageMaker acts as
    items: Mapping[str, Sequence[Item]] = field(default_factory=dict)


def requests(activities: Iterable[Activity], table: Mapping[str, Sequence[Row]],
             region: str) -> dict[str, list[Request]]:  # fmt: skip
    """Each role's requests: one per activity, row of each of its kinds and item of the row's `for:` list."""
    found: dict[str, list[Request]] = {}
    for activity in activities:
        caller = {"region": region, "account": activity.role.split(":")[4]}
        for kind in activity.kinds:
            if kind not in table:
                raise TableError(f"{kind} ({activity.name}) is not in {TABLE.name}: add the calls it makes")
            for row in table[kind]:
                for item in activity.items.get(row.for_, ()):
                    fields = {**caller, **item}
                    if all(name in fields for name in _FIELD.findall(row.resource + "".join(row.context.values()))):
                        found.setdefault(activity.role, []).append(_request(kind, activity, row, fields))
    return found


def _request(kind: str, activity: Activity, row: Row, fields: Mapping[str, str]) -> Request:
    def render(template: str) -> str:
        return _FIELD.sub(lambda match: fields[match.group(1)], template)

    context = {"aws:SecureTransport": "true", **{key: render(value) for key, value in row.context.items()}}
    api = row.action.split(":")[1]
    return Request(activity.name, kind, "run", api, row.action, render(row.resource), context,
                   fields.get("owner", ""))  # fmt: skip


@dataclass(frozen=True)
class Place:
    """What the stacks of every environment say about the buckets and keys the activities use."""

    region: str
    bucket_accounts: Mapping[str, str]
    bucket_keys: Mapping[str, str]
    aliases: Mapping[str, str]

    @classmethod
    def of(cls, graphs: Iterable[tuple[str, Graph]], region: str) -> "Place":
        """`graphs`: (account, graph) of each stack."""
        accounts, keys, aliases = {}, {}, {}
        for account, graph in graphs:
            accounts |= {bucket.inputs["bucket"]: account for bucket in graph.of_type("aws:s3/bucket:Bucket")}
            for encryption in graph.of_type(
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"
            ):
                default = encryption.inputs["rules"][0]["applyServerSideEncryptionByDefault"]
                if default.get("kmsMasterKeyId"):
                    keys[encryption.inputs["bucket"]] = default["kmsMasterKeyId"]
            for alias in graph.of_type("aws:kms/alias:Alias"):
                arn = f"arn:aws:kms:{region}:{account}:"
                aliases[arn + alias.inputs["name"]] = arn + f"key/{alias.inputs['targetKeyId']}"
        return cls(region, accounts, keys, aliases)

    def key(self, named: str) -> str:
        return self.aliases.get(named, named)

    def s3(self, uri: str, written: bool, named_key: str = "") -> dict[str, str]:
        """The fields of an S3 location a job reads (a key prefix or an object) or writes under."""
        bucket, _, path = uri.removeprefix("s3://").partition("/")
        if bucket not in self.bucket_accounts:
            raise TableError(f"{uri} is not in a bucket the stacks declare")
        obj = f"{path.rstrip('/')}/object" if written or path.endswith("/") or not path else path
        item = {"bucket": f"arn:aws:s3:::{bucket}", "prefix": path, "object": f"arn:aws:s3:::{bucket}/{obj}",
                "owner": self.bucket_accounts[bucket]}  # fmt: skip
        key = self.key(named_key) if named_key else self.bucket_keys.get(bucket, "")
        return item | ({"key": key, "named_key": named_key or key} if key else {})


def ecr_item(image: str) -> dict[str, str]:
    """`<account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>` as the repository's ARN."""
    registry, _, repository = image.partition("/")
    account, _, _, region = registry.split(".")[:4]
    return {"repository": f"arn:aws:ecr:{region}:{account}:repository/{repository.split(':')[0].split('@')[0]}"}


def endpoint_activities(serving: Graph, packages: Mapping[str, tuple[str, str]], place: Place) -> list[Activity]:
    """Each endpoint of the serving stack, as each of its variants' models; `packages` maps a package ARN the
    models name to the image and model data its registration recorded."""
    configs = {c.inputs["name"]: c.inputs for c in serving.of_type(ENDPOINT_CONFIG)}
    models = {m.inputs["name"]: m.inputs for m in serving.of_type("aws:sagemaker/model:Model")}
    found = []
    for endpoint in serving.of_type("aws:sagemaker/endpoint:Endpoint"):
        config = configs[endpoint.inputs["endpointConfigName"]]
        rollback = endpoint.inputs.get("deploymentConfig", {}).get("autoRollbackConfiguration", {})
        alarms = [alarm["alarmName"] for alarm in rollback.get("alarms", [])]
        for variant in config["productionVariants"]:
            model = models[variant["modelName"]]
            served = [packages[container["modelPackageName"]] for container in model["containers"]]
            found.append(Activity(ENDPOINT, endpoint.inputs["name"], model["executionRoleArn"], {
                "image": [ecr_item(image) for image, _ in served],
                "input": [place.s3(data, written=False) for _, data in served],
                "output": _capture(config.get("dataCaptureConfig"), place),
                **_account_items(endpoint.inputs["name"], model["executionRoleArn"], variant["variantName"], alarms,
                                 place.region),
            }))  # fmt: skip
    return found


def _capture(capture: Mapping[str, str] | None, place: Place) -> list[Item]:
    return [place.s3(capture["destinationS3Uri"], True, capture.get("kmsKeyId", ""))] if capture else []


def _account_items(endpoint: str, role: str, variant: str, alarms: Sequence[str], region: str) -> dict[str, list[Item]]:
    """The endpoint's log group and metrics (SageMaker's, by endpoint name) and its rollback alarms."""
    account = role.split(":")[4]
    group = f"arn:aws:logs:{region}:{account}:log-group:/aws/sagemaker/Endpoints/{endpoint}"
    return {
        "logs": [{"group": group, "stream": f"{variant}/instance", "namespace": "/aws/sagemaker/Endpoints"}],
        "alarm": [{"alarm": f"arn:aws:cloudwatch:{region}:{account}:alarm:{name}"} for name in alarms],
    }
