"""The Pulumi CLI, driven for one project (platform or serving) and one stack (preprod or prod).

State lives in the S3 backend the account bootstrap created, secrets are encrypted with its KMS key; both come from
the answers the project was generated with. The CLI is the one installed from its pinned archive (pulumi_cli);
`PULUMI` names another executable (tests use a recording fake).
"""

import json
import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

from . import pulumi_cli
from .aws import OpsError

BACKEND_URL = "{{ cookiecutter.pulumi_backend_url }}"
SECRETS_PROVIDER = "awskms://{{ cookiecutter.pulumi_secrets_kms_alias }}?region={{ cookiecutter.aws_region }}"
INFRA_DIR = Path(__file__).resolve().parents[3] / "infra"
PROJECTS = ("platform", "serving")


class PulumiStack:
    """`pulumi` commands run in infra/<project> against stack `<stack>`."""

    def __init__(self, project: str, stack: str) -> None:
        if project not in PROJECTS:
            raise OpsError(f"Pulumi project {project!r} is unknown: expected one of {', '.join(PROJECTS)}.")
        self.project, self.stack = project, stack

    def select(self) -> None:
        """Select the stack, creating it with the KMS secrets provider on first use."""
        self._run(["stack", "select", "--create", self.stack, "--secrets-provider", SECRETS_PROVIDER])

    def exists(self) -> bool:
        """Whether the backend holds the stack (a serving stack exists only once a model was released). DIY backends
        may list project-scoped stacks as `organization/<project>/<stack>`."""
        listed = json.loads(self._run(["stack", "ls", "--json"]).stdout or "[]")
        return any(entry["name"].split("/")[-1] == self.stack for entry in listed)

    def config_set(self, key: str, value: str) -> None:
        self._run(["config", "set", key, value, "--stack", self.stack])

    def config_set_secret(self, key: str, value: str) -> None:
        """Encrypted with the stack's KMS secrets provider; the value goes through stdin, never the process list."""
        self._run(["config", "set", "--secret", key, "--stack", self.stack], stdin=value)

    def preview(self) -> None:
        self._run(["preview", "--stack", self.stack, "--diff"], capture=False)

    def up(self) -> None:
        self._run(["up", "--yes", "--skip-preview", "--stack", self.stack], capture=False)

    def outputs(self) -> dict[str, str]:
        """The stack's outputs, as recorded in the state backend by its last update."""
        return json.loads(self._run(["stack", "output", "--json", "--stack", self.stack]).stdout or "{}")

    def _run(
        self, args: Sequence[str], capture: bool = True, stdin: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        executable = os.environ.get("PULUMI") or str(pulumi_cli.executable())
        command = [executable, *args, "--non-interactive", "--cwd", str(INFRA_DIR / self.project)]
        environment = {**os.environ, "PULUMI_BACKEND_URL": os.environ.get("PULUMI_BACKEND_URL", BACKEND_URL)}
        try:
            result = subprocess.run(
                command, capture_output=capture, text=True, env=environment, check=False, input=stdin
            )
        except FileNotFoundError:
            raise OpsError(f"The Pulumi CLI ({executable}) is not installed: run `make pulumi-cli`.") from None
        if result.returncode != 0:
            detail = (result.stderr or "").strip().splitlines()[-1:] or ["see the output above"]
            command_words = " ".join(arg for arg in args[:2] if not arg.startswith("-"))
            raise OpsError(f"pulumi {command_words} failed for {self.project}/{self.stack}: {detail[0]}")
        return result
