"""The stand-in CLI's view of one Pulumi project directory: its project and stack files, the selected stack, and the
state backend it logs in to, with the stack's config and secrets as Pulumi resolves them."""

import argparse
import json
import os
from pathlib import Path
from typing import Any

import yaml

from . import program
from .secrets import KmsSecrets, decrypt
from .state_backend import Caller, StateBackend


class CliError(RuntimeError):
    pass


class Workspace:
    """A project directory, its stack files, the selected stack and the backend it logs in to."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.directory = Path(args.cwd or ".").resolve()
        self.project = program.project_file(self.directory)
        self.name = self.project["name"]
        self.region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
        self.caller = Caller.current(self.region)
        self.backend = StateBackend(self._backend_url(), self.caller)
        # Every command opens the backend, and opening it ensures meta.yaml (pulumi/pulumi pkg/backend/diy/backend.go
        # newDIYBackend calls meta.go ensurePulumiMeta).
        self.backend.ensure_meta()
        self.stack = args.stack or self._selected()

    def _backend_url(self) -> str:
        """PULUMI_BACKEND_URL wins, then the project's `backend.url`, then `pulumi login` (Pulumi's order:
        pkg/workspace/creds.go GetCurrentCloudURLWithSource)."""
        url = os.environ.get("PULUMI_BACKEND_URL") or (self.project.get("backend") or {}).get("url") or logged_in()
        if not url or not url.startswith("s3://"):
            raise CliError(f"the Pulumi stand-in needs an s3:// backend, not {url!r}")
        return url

    def _selected(self) -> str | None:
        path = pulumi_home() / "workspaces" / f"{self.name}.json"
        return json.loads(path.read_text()).get("stack") if path.exists() else None

    def select(self, stack: str) -> None:
        path = pulumi_home() / "workspaces" / f"{self.name}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"stack": stack}))
        self.stack = stack

    def state_key(self, stack: str | None = None) -> str:
        return f".pulumi/stacks/{self.name}/{stack or self.require_stack()}.json"

    def require_stack(self) -> str:
        if not self.stack:
            raise CliError("no stack selected; please use `pulumi stack select`")
        return self.stack

    def checkpoint(self, stack: str | None = None) -> dict[str, Any] | None:
        text = self.backend.read(self.state_key(stack))
        return json.loads(text) if text else None

    def existing(self) -> dict[str, Any]:
        """The stack's checkpoint; a missing stack is backenderr.StackNotFoundError ("no stack named '<s>' found",
        pkg/backend/backenderr/backenderr.go), what cmd/pulumi/stack/io.go RequireStack returns when it may not
        offer to create the stack (non-interactive), for `config set`, `stack output`, `preview` and `up` alike."""
        found = self.checkpoint()
        if found is None:
            raise CliError(f"no stack named '{self.stack}' found")
        return found

    def stack_file(self) -> Path:
        return self.directory / f"Pulumi.{self.require_stack()}.yaml"

    def settings(self) -> dict[str, Any]:
        path = self.stack_file()
        return (yaml.safe_load(path.read_text()) or {}) if path.exists() else {}

    def save_settings(self, settings: dict[str, Any]) -> None:
        self.stack_file().write_text(yaml.safe_dump(settings, sort_keys=False))

    def secrets(self) -> tuple[KmsSecrets, bytes]:
        """The stack's secrets manager and data key; a stack file without `encryptedkey` gets a new one."""
        settings = self.settings()
        provider = settings.get("secretsprovider") or (self.existing().get("secrets_provider"))
        if not provider:
            raise CliError(f"stack {self.stack} has no secrets provider")
        manager = KmsSecrets(provider, self.caller)
        if settings.get("encryptedkey"):
            return manager, manager.data_key(settings["encryptedkey"])
        key, encrypted = manager.new_data_key()
        self.save_settings({**settings, "secretsprovider": provider, "encryptedkey": encrypted})
        return manager, key

    def config(self) -> tuple[dict[str, str], list[str]]:
        """Pulumi.yaml defaults overlaid by the stack file, secrets decrypted; and the secret keys."""
        declared = self.project.get("config") or {}
        values = {f"{self.name}:{k}": str(v["default"]) for k, v in declared.items() if "default" in v}
        stored, secret_keys = self.settings().get("config") or {}, []
        for key, value in stored.items():
            if isinstance(value, dict) and "secure" in value:
                values[key], secret_keys = decrypt(self.secrets()[1], value["secure"]), [*secret_keys, key]
            else:
                values[key] = str(value)
        return values, secret_keys


def pulumi_home() -> Path:
    return Path(os.environ.get("PULUMI_HOME") or Path.home() / ".pulumi")


def logged_in() -> str | None:
    path = pulumi_home() / "credentials.json"
    return json.loads(path.read_text()).get("current") if path.exists() else None
