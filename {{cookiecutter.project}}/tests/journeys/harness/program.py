"""A Pulumi project's real program, run under the project's own mocks (infra/policy/mocks.py), as `pulumi up` or
`pulumi preview` would run it: config from Pulumi.yaml's defaults and the stack file, secrets decrypted.

What this cannot know: anything the provider or AWS decides (real resource ids and ARNs, server-side validation,
eventual consistency). The mocks echo inputs back, with AWS-shaped ARNs in the caller's account.
"""

import hashlib
import json
import runpy
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class ProgramRun:
    resources: list[dict[str, Any]]
    outputs: dict[str, Any]


def project_file(directory: Path) -> dict[str, Any]:
    path = directory / "Pulumi.yaml"
    if not path.is_file():
        raise FileNotFoundError(f"no Pulumi.yaml project file found in {directory}")
    return yaml.safe_load(path.read_text())


def run(directory: Path, stack: str, config: dict[str, str], secret_keys: list[str], preview: bool,
        account: str) -> ProgramRun:  # fmt: skip
    infra = directory.resolve().parent
    sys.path[:0] = [str(infra)]  # the programs import `components` and `policy` from infra/, as they do themselves
    from policy.mocks import run_program

    def program() -> None:
        runpy.run_path(str(directory / "__main__.py"), run_name="__main__")

    name = project_file(directory)["name"]
    graph = run_program(program, name, stack, config, account_id=account, secrets=secret_keys, preview=preview)
    resources = [{"urn": r.urn, "type": r.type, "name": r.name, "custom": r.custom, "inputs": plain(r.inputs),
                  "ignoreChanges": list(r.ignore_changes), "dependencies": list(r.dependencies)}
                 for r in graph.resources]  # fmt: skip
    return ProgramRun(resources, plain(dict(graph.outputs)))


def keep_ignored(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`ignore_changes`: an ignored input keeps its deployed value (Pulumi's resource options docs)."""
    old = {r["urn"]: r for r in before}
    for resource in after:
        for key in resource.get("ignoreChanges", []):
            if resource["urn"] in old and key in old[resource["urn"]]["inputs"]:
                resource["inputs"][key] = old[resource["urn"]]["inputs"][key]
    return after


def plain(value: Any) -> Any:
    """Inputs as the state file keeps them: assets by their content's hash (as Pulumi compares them)."""
    return json.loads(json.dumps(value, default=_asset))


def _asset(value: Any) -> dict[str, str]:
    path = getattr(value, "path", None)
    if path is None:
        raise TypeError(f"the Pulumi stand-in cannot store a {type(value).__name__}")
    return {"asset": Path(path).name, "sha256": hashlib.sha256(Path(path).read_bytes()).hexdigest()}
