"""The AWS API calls `pulumi up`, `refresh` and `destroy` make for a stack's resources, as requests IAM must allow.

`provider_calls.yaml` lists, per Pulumi type, each call the Pulumi AWS provider makes (read from the
terraform-provider-aws source that pulumi-aws bridges; each type names the files and commits it was read at) and
the phases that reach it. Here a declared resource graph becomes one request per (resource, phase, call): the IAM
action, the resource ARN rendered from the resource's inputs, and the condition keys the request carries.

A replacement is a create of the new resource then a delete of the old (Pulumi's default, create-before-delete:
pulumi/pulumi docs "Resource options: deleteBeforeReplace"), so `replace` is the union of the two.
"""

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from policy.graph import Graph, Resource

TABLE = Path(__file__).with_name("provider_calls.yaml")
PHASES = ("create", "read", "update", "replace", "delete")
_FIELD = re.compile(r"\{([^}]+)\}")
_INPUT = re.compile(r"!?[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)*")


class TableError(ValueError):
    """The table names something a resource cannot supply."""


@dataclass(frozen=True)
class Call:
    api: str
    action: str
    phases: tuple[str, ...]
    creates: bool = False  # the call that brings the resource into existence: it has no tags of its own yet
    tags: str = ""  # "request": the call sends the resource's tags (tag on create)
    when: str = ""  # the input without which the provider does not make this call
    resource: str = ""  # the ARN template when it is not the resource's own
    context: Mapping[str, str] = field(default_factory=dict)
    doc: str = ""

    def reached_by(self, phase: str) -> bool:
        return phase in self.phases or (phase == "replace" and bool({"create", "delete"} & set(self.phases)))


@dataclass(frozen=True)
class TypeCalls:
    token: str
    terraform: str
    sources: tuple[str, ...]
    arn: str
    calls: tuple[Call, ...]


@dataclass(frozen=True)
class Request:
    """One call to authorise: which resource and phase make it, and what IAM is asked."""

    resource: str  # the resource's logical name
    type: str
    phase: str
    api: str
    action: str
    arn: str
    context: Mapping[str, str]
    owner: str = ""  # the account that owns the resource, where its ARN does not say (an S3 bucket in another account)

    def describe(self) -> str:
        return f"{self.type} {self.resource!r} {self.phase}: {self.api} needs {self.action} on {self.arn}"


def load(path: Path = TABLE) -> dict[str, TypeCalls]:
    table = {}
    for token, entry in yaml.safe_load(path.read_text()).items():
        calls = tuple(Call(**{**c, "phases": tuple(c["phases"])}) for c in entry["calls"])
        table[token] = TypeCalls(token, entry["terraform"], tuple(entry["sources"]), entry["arn"], calls)
    return table


def requests(graph: Graph, account: str, region: str, table: Mapping[str, TypeCalls],
             neighbours: Sequence[Graph] = ()) -> list[Request]:  # fmt: skip
    """Every request the graph's AWS resources make, in every phase; a type missing from the table is refused.

    `neighbours` are the environment's other stacks: a call on one of their resources (the platform's key, named
    by its alias in the serving stack) carries that resource's tags, as AWS evaluates them."""
    where = {"account": account, "region": region}
    catalog = _Catalog.of([graph, *neighbours], table, where)
    found = []
    for resource in _aws_resources(graph):
        if resource.type not in table:
            raise TableError(f"{resource.type} ({resource.name}) is not in {TABLE.name}: add the calls it makes")
        found += list(_requests(_Fields(graph, resource, where), table[resource.type], catalog))
    return found


def _aws_resources(graph: Graph) -> list[Resource]:
    return [r for r in graph.resources if r.custom and r.type.startswith("aws:")]


def _requests(fields: "_Fields", entry: TypeCalls, catalog: "_Catalog") -> Iterator[Request]:
    own_arn, resource = fields.render(entry.arn), fields.resource
    for call in entry.calls:
        if not fields.made(call.when):
            continue
        arn = catalog.resolve(fields.render(call.resource)) if call.resource else own_arn
        context = {"aws:SecureTransport": "true", **fields.context(call.context)}
        if call.tags == "request":
            context |= _tag_keys(fields.tags(), "RequestTag")
        if not (call.creates and arn == own_arn):
            context |= _tag_keys(catalog.tags(arn), "ResourceTag")
        for phase in PHASES:
            if call.reached_by(phase):
                yield Request(resource.name, resource.type, phase, call.api, call.action, arn, context)


def _tag_keys(tags: Mapping[str, str], kind: str) -> dict[str, str]:
    return {f"aws:{kind}/{key}": value for key, value in tags.items()}


@dataclass(frozen=True)
class _Catalog:
    """The tags of an environment's tagged resources by ARN, and its KMS aliases by the key each names."""

    tags_by_arn: Mapping[str, Mapping[str, str]]
    aliases: Mapping[str, str]

    @classmethod
    def of(cls, graphs: Sequence[Graph], table: Mapping[str, TypeCalls], where: Mapping[str, str]) -> "_Catalog":
        tags, aliases = {}, {}
        for graph in graphs:
            for resource in _aws_resources(graph):
                if resource.type not in table:
                    continue
                arn = _Fields(graph, resource, where).render(table[resource.type].arn)
                if resource.inputs.get("tags"):  # sub-resources share their parent's ARN and have no tags
                    tags.setdefault(arn, resource.inputs["tags"])
                if resource.type == "aws:kms/alias:Alias":
                    aliases[arn] = arn.split(":alias/")[0] + f":key/{resource.inputs['targetKeyId']}"
        return cls(tags, aliases)

    def resolve(self, arn: str) -> str:
        """A key named by its alias is authorised as the key (AWS KMS guide, "Using aliases to control access")."""
        return self.aliases.get(arn, arn)

    def tags(self, arn: str) -> Mapping[str, str]:
        return self.tags_by_arn.get(arn, {})


@dataclass(frozen=True)
class _Fields:
    """The values a template names: `{input}`, `{nested.input}`, `{input|default}`, `{id}`, `{account}`,
    `{region}`, and `{role.permissionsBoundary}` for an input of the resource that names another resource."""

    graph: Graph
    resource: Resource
    where: Mapping[str, str]

    def render(self, template: str) -> str:
        return _FIELD.sub(lambda match: self.value(match.group(1)), template)

    def context(self, keys: Mapping[str, str]) -> dict[str, str]:
        """The condition keys the request carries; one whose value the resource lacks is not sent."""
        sent = {}
        for key, template in keys.items():
            try:
                sent[key] = self.render(template)
            except TableError:
                continue
        return sent

    def made(self, when: str) -> bool:
        """Whether the provider makes a call whose `when` is: empty (always), an input it needs (`input`, dotted
        for nested ones), one whose absence makes it (`!input`), inputs all (`a && b`) or any (`a || b`) of which
        it needs, or a resource type the stack must declare (`declares <type>`)."""
        if not when:
            return True
        if when.startswith("declares "):
            return any(r.type == when.removeprefix("declares ") for r in self.graph.resources)
        if " || " in when:
            return any(self.made(part) for part in when.split(" || "))
        if " && " in when:
            return all(self.made(part) for part in when.split(" && "))
        if not _INPUT.fullmatch(when):
            raise TableError(f"{self.resource.type}: 'when: {when}' is not an input, !input, a && b, a || b or "
                             "'declares <type>'")  # fmt: skip
        present = self._lookup(self.resource.inputs, when.lstrip("!")) not in (None, "", [], {})
        return present != when.startswith("!")

    def tags(self) -> Mapping[str, str]:
        return self.resource.inputs.get("tags") or {}

    def value(self, name: str) -> str:
        path, _, default = name.partition("|")
        path, _, part = path.partition("/")  # `{resourceId/1}`: the second "/"-separated part of the value
        if part:
            return self.value(path).split("/")[int(part)]
        if path in self.where:
            return self.where[path]
        if path == "id":  # the offline mocks give every resource its logical name as its id
            return self.resource.name
        found = self._lookup(self.resource.inputs, path)
        if found is None:
            found = self._through_reference(path) or default or None
        if found is None:
            raise TableError(f"{self.resource.type} {self.resource.name!r} has no input {path!r} its calls name")
        return str(found)

    def _through_reference(self, path: str) -> Any:
        reference, _, attribute = path.partition(".")
        named = self.resource.inputs.get(reference)
        # Names are unique per type, not per graph (a model and its endpoint config share one): take the one
        # that has the attribute.
        found = [o.inputs.get(attribute) for o in self.graph.resources if named in (o.inputs.get("name"), o.name)]
        return next((value for value in found if value is not None), None) if named is not None else None

    @staticmethod
    def _lookup(inputs: Mapping[str, Any], path: str) -> Any:
        value: Any = inputs
        for part in path.split("."):
            value = value.get(part) if isinstance(value, Mapping) else None
        return value
