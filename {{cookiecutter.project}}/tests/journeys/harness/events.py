"""EventBridge offline: which targets of the platform stack's rules an event reaches, and what input each receives.

Patterns are matched by moto's own implementation (`moto.events.models.EventPattern`). Input transformation is done
here, because moto puts a string value into a template as it is, where EventBridge adds quotes. The events to feed
in are AWS's documented samples (`harness.samples`).
"""

import importlib
import json
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, cast

from moto.events.models import EventPattern
from policy.graph import Graph, Resource
from policy.mocks import AwsLikeMocks

from {{ cookiecutter.package_name }}.environments import ENVIRONMENTS, REGION, Environment

INFRA_TESTS = Path(__file__).resolve().parents[2] / "infra"
RULE, TARGET = "aws:cloudwatch/eventRule:EventRule", "aws:cloudwatch/eventTarget:EventTarget"
DESTINATION = "aws:cloudwatch/eventApiDestination:EventApiDestination"
PREPROD = ENVIRONMENTS["preprod"]
_PLACEHOLDER = re.compile(r"<([A-Za-z0-9_.-]+)>")
_MISSING = object()


@dataclass(frozen=True)
class Firing:
    rule: str  # the rule's name
    target: Resource
    input: str  # what the target receives


def platform_graph(stack: str = "preprod") -> Graph:
    """The platform stack as the stack tests run it (tests/infra/stack_runs.py), sharing their cached run. That
    folder is no package: pytest puts it on sys.path only when it collects the tests there."""
    if str(INFRA_TESTS) not in sys.path:
        sys.path.insert(0, str(INFRA_TESTS))
    return importlib.import_module("stack_runs").platform(stack)


def firings(graph: Graph, event: Mapping[str, Any]) -> list[Firing]:
    """Every target of every rule in `graph` that `event` matches, with its input."""
    fired = []
    for rule in graph.of_type(RULE):
        if EventPattern.load(rule.inputs.get("eventPattern")).matches_event(cast(Any, event)):
            fired += [Firing(rule.inputs["name"], t, target_input(t, event)) for t in targets_of(graph, rule)]
    return fired


def rule_named(graph: Graph, name: str) -> Resource:
    """The rule whose AWS name is `name`."""
    (found,) = [r for r in graph.of_type(RULE) if r.inputs["name"] == name]
    return found


def targets_of(graph: Graph, rule: Resource) -> list[Resource]:
    return [target for target in graph.of_type(TARGET) if target.inputs["rule"] == rule.inputs["name"]]


def pipeline_starts(graph: Graph, events: Iterable[Mapping[str, Any]]) -> list[Firing]:
    """The firings, over all `events`, whose target is the training pipeline: one each is one run."""
    pipeline = graph.outputs["pipelineArn"]
    return [f for event in events for f in firings(graph, event) if f.target.inputs["arn"] == pipeline]


def dispatch_body(graph: Graph, event: Mapping[str, Any]) -> Any:
    """The `repository_dispatch` body GitHub receives for `event`: the input of the one target calling the GitHub API
    destination, parsed as JSON. A ValueError when no target or several do, or when that input is not JSON."""
    destinations = {destination.urn for destination in graph.of_type(DESTINATION)}
    bodies = [f.input for f in firings(graph, event) if destinations & set(f.target.dependencies)]
    if len(bodies) != 1:
        raise ValueError(f"{len(bodies)} targets call the GitHub API destination for this event, not one")
    return json.loads(bodies[0])


def target_input(target: Resource, event: Mapping[str, Any]) -> str:
    """The transformed input, or else the whole event: what EventBridge passes a target without Input, InputPath or
    InputTransformer (EventBridge User Guide, "Amazon EventBridge targets")."""
    transformer = target.inputs.get("inputTransformer")
    if transformer is None:
        return json.dumps(event)
    return transform(transformer.get("inputPaths", {}), transformer["inputTemplate"], event)


def transform(input_paths: Mapping[str, str], template: str, event: Mapping[str, Any]) -> str:
    """`template` with each `<name>` replaced by the value at `input_paths[name]`, as the EventBridge User Guide,
    "Amazon EventBridge input transformation", shows in its examples and "Common issues": outside a JSON string a
    value goes in as JSON, so a string gains quotes (`"instance": <instance>` gives `"instance": "i-0123456789"`);
    inside a string it goes in as bare text, an object or array without its inner quotes. Values are not escaped. A
    path the event lacks defines no variable, which "won't appear in the output": its placeholder comes out empty."""
    values = {name: _lookup(event, path) for name, path in input_paths.items()}
    pieces, position = [], 0
    for match in _PLACEHOLDER.finditer(template):
        if match.group(1) not in values:
            raise ValueError(f"The template's <{match.group(1)}> is not among the input paths {sorted(values)}.")
        in_string = len(re.findall(r'(?<!\\)"', template[: match.start()])) % 2 == 1
        pieces += [template[position : match.start()], _render(values[match.group(1)], in_string)]
        position = match.end()
    return "".join([*pieces, template[position:]])


def _lookup(event: Any, path: str) -> Any:
    """The value at a dot-notation path (`$.detail.key`, the only notation targets accept), or _MISSING."""
    for part in path.removeprefix("$").split(".")[1:]:
        if isinstance(event, Mapping) and part in event:
            event = event[part]
        elif isinstance(event, list) and part.isdigit() and int(part) < len(event):
            event = event[int(part)]
        else:
            return _MISSING
    return event


def _render(value: Any, in_string: bool) -> str:
    if value is _MISSING:
        return ""
    if isinstance(value, str):
        return value if in_string else f'"{value}"'
    text = json.dumps(value, separators=(",", ":"))
    return text.replace('"', "") if in_string else text


def arn_of(resource: Resource, env: Environment = PREPROD) -> str:
    """The ARN the offline mocks gave `resource` (policy/mocks.py), which its dependants in the graph hold."""
    name = str(resource.inputs.get("name") or resource.inputs.get("bucket") or resource.name)
    return AwsLikeMocks(env.account_id, REGION).arn(resource.type, name, dict(resource.inputs))


def with_inputs(graph: Graph, resource: Resource, **inputs: Any) -> Graph:
    """`graph` with some of `resource`'s inputs changed: how a test plants a fault that a check must catch."""
    changed = replace(resource, inputs={**resource.inputs, **inputs})
    return replace(graph, resources=tuple(changed if r.urn == resource.urn else r for r in graph.resources))
