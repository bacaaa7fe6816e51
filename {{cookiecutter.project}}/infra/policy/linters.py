"""parliament and cloudsplaining on every policy document a graph declares, each finding justified or failing.

parliament (duo-labs) checks each statement against the Service Authorization Reference: actions that match no
resource they name, malformed statements, risky action classes. cloudsplaining (salesforce), in its strict mode
(statements with ARNs and conditions included), lists the privilege-escalation, exposure and exfiltration actions an
identity policy allows. Both run per document; parliament per statement, so that each finding names its `Sid`.

A finding is `<document> <Sid> <tool>:<issue>`: for cloudsplaining the action or the escalation method stands in
place of the Sid, so each new risky action needs its own justification. `<document>` is `<Pulumi type>:<logical
name>:<input>`, with the project and environment written `<project>` and `<env>`, so one justification covers both
environments. The justification file holds one `<document> <Sid> <tool>:<issue> <reason>` per line; a line starting
`#` is a comment.
"""

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from policy.graph import Graph

# Trust policies are left out: both tools read them as identity policies missing their Resource.
POLICY_INPUTS = ("policy", "resourcePolicy")
CLOUDSPLAINING_RISKS = ("PrivilegeEscalation", "DataExfiltration", "ResourceExposure", "CredentialsExposure")
Finding = tuple[str, str, str]


class JustificationError(ValueError):
    """A line of the justification file is not `<document> <Sid> <tool>:<issue> <reason>`."""


def documents(graph: Graph, project: str, environments: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """Document id → policy document, for every policy-like input of the graph's resources."""
    found = {}
    for resource in graph.resources:
        for attribute in POLICY_INPUTS:
            value = resource.inputs.get(attribute)
            if isinstance(value, str) and '"Statement"' in value:
                name = _generic(resource.name, project, environments)
                found[f"{resource.type.rsplit(':', 1)[-1]}:{name}:{attribute}"] = json.loads(value)
    return found


def _generic(name: str, project: str, environments: tuple[str, ...]) -> str:
    name = name.replace(project, "<project>")
    return re.sub(rf"\b({'|'.join(environments)})\b", "<env>", name)


def findings(docs: Mapping[str, dict[str, Any]]) -> set[Finding]:
    found: set[Finding] = set()
    for doc_id, document in docs.items():
        statements = document["Statement"] if isinstance(document["Statement"], list) else [document["Statement"]]
        for index, statement in enumerate(statements):
            sid = statement.get("Sid") or f"#{index}"
            found |= {(doc_id, sid, f"parliament:{issue}") for issue in _parliament(statement)}
        if _is_identity_policy(doc_id):
            found |= {(doc_id, what, f"cloudsplaining:{risk}") for risk, what in _cloudsplaining(document)}
    return found


def _parliament(statement: dict[str, Any]) -> set[str]:
    import parliament

    document = json.dumps({"Version": "2012-10-17", "Statement": [statement]})
    return {finding.issue for finding in parliament.analyze_policy_string(document).findings}


def _is_identity_policy(doc_id: str) -> bool:
    return doc_id.split(":")[0] in ("RolePolicy", "Policy") and doc_id.endswith(":policy")


def _cloudsplaining(document: dict[str, Any]) -> set[tuple[str, str]]:
    """(risk, action) for each risky action, (risk, method) for each privilege-escalation method it allows."""
    from cloudsplaining.command.scan_policy_file import scan_policy
    from cloudsplaining.shared.constants import DEFAULT_EXCLUSIONS_CONFIG

    results = scan_policy(document, DEFAULT_EXCLUSIONS_CONFIG, flag_resource_arn_statements=True,
                          flag_conditional_statements=True) or {}  # fmt: skip
    found = set()
    for risk in CLOUDSPLAINING_RISKS:
        for item in (results.get(risk) or {}).get("findings") or []:
            found.add((risk, item["type"] if isinstance(item, dict) else item))
    return found


def read_justified(path: Path) -> dict[Finding, str]:
    justified = {}
    for number, raw in enumerate(path.read_text().splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(maxsplit=3)
        if len(parts) < 4 or ":" not in parts[2]:
            raise JustificationError(f"{path}:{number}: {line!r} must be '<document> <Sid> <tool>:<issue> <reason>'")
        justified[(parts[0], parts[1], parts[2])] = parts[3]
    return justified


def unjustified(found: set[Finding], justified: Mapping[Finding, str]) -> list[str]:
    return sorted(" ".join(finding) for finding in found - set(justified))


def stale(found: set[Finding], justified: Mapping[Finding, str]) -> list[str]:
    return sorted(" ".join(finding) for finding in set(justified) - found)
