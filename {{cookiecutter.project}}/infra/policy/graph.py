"""The resource graph a mocked Pulumi run declared: what the stack tests assert on and what the plan export reads."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Resource:
    """One registered resource. `inputs` are as the provider would receive them: camelCase keys, ints as floats."""

    urn: str
    type: str
    name: str
    inputs: Mapping[str, Any]
    custom: bool
    parent: str = ""
    dependencies: tuple[str, ...] = ()
    property_dependencies: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    ignore_changes: tuple[str, ...] = ()  # the `ignore_changes` option: inputs an update keeps as deployed


@dataclass(frozen=True)
class Graph:
    """Every resource in registration order and the stack outputs, resolved."""

    resources: tuple[Resource, ...]
    outputs: Mapping[str, Any]

    def of_type(self, token: str) -> list[Resource]:
        """The resources whose Pulumi type token is `token`, e.g. `aws:iam/role:Role`."""
        return [resource for resource in self.resources if resource.type == token]

    def named(self, name: str) -> Resource:
        """The one resource with logical name `name`; a KeyError lists the names there are."""
        matches = [resource for resource in self.resources if resource.name == name]
        if len(matches) != 1:
            known = ", ".join(sorted(resource.name for resource in self.resources))
            raise KeyError(f"{len(matches)} resources are named {name!r}; the names are: {known}")
        return matches[0]

    def by_urn(self, urn: str) -> Resource:
        return next(resource for resource in self.resources if resource.urn == urn)

    def children_of(self, parent: Resource) -> list[Resource]:
        return [resource for resource in self.resources if resource.parent == parent.urn]

    def depends_on(self, dependant: Resource, dependency: Resource) -> bool:
        """Whether `dependant` was declared with `dependency` among its inputs' or `depends_on` resources."""
        return dependency.urn in dependant.dependencies
