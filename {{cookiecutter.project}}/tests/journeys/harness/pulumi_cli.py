"""The Pulumi stand-in CLI: `pulumi` for the journeys, since the real CLI cannot be installed here.

It runs the real programs (harness.program) with state in the emulated S3 backend (harness.state_backend) and
secrets under the emulated KMS key (harness.secrets), and implements what the workflows and ops commands use:
`version`, `login`, `stack init|select|ls|output`, `config set [--secret]`, `preview` and `up`, with their failure
modes.
It cannot know what real provisioning would do (harness.provisioner applies only the types the journeys read back)
or what the provider validates server-side.
"""

import argparse
import json
import os
import sys
from datetime import UTC, datetime
from typing import Any

from botocore.exceptions import ClientError

from . import program, provisioner
from .pulumi_workspace import CliError, Workspace, pulumi_home
from .secrets import KmsSecrets, encrypt
from .state_backend import Caller, Denied, StateBackend


def login(args: argparse.Namespace) -> None:
    """diy backend.go Login: opening the backend ensures `.pulumi/meta.yaml` (meta.go), then the URL is stored as
    the current account (`~/.pulumi/credentials.json`, workspace.StoreAccount)."""
    url = args.url or os.environ.get("PULUMI_BACKEND_URL")
    if not url:
        raise CliError("the stand-in logs in only to an s3:// backend URL")
    StateBackend(url, Caller.current(os.environ.get("AWS_REGION", "us-east-1"))).ensure_meta()
    (pulumi_home()).mkdir(parents=True, exist_ok=True)
    (pulumi_home() / "credentials.json").write_text(json.dumps({"current": url}))
    print(f"Logged in to {url}")


def stack_init(ws: Workspace, name: str, provider: str | None) -> None:
    """pkg/cmd/pulumi/stack/io.go CreateStack: the secrets manager first (cloud.NewCloudSecretsManager makes a new
    data key when the stack file has none, or names another provider), so a caller KMS refuses creates nothing; then
    the backend's stack (diy backend.go CreateStack: under the stack's lock, released on the way out, refused if it
    exists); then the stack file with `secretsprovider` and `encryptedkey`; then the stack becomes current."""
    if ws.checkpoint(name) is not None:
        raise CliError(f"stack '{name}' already exists")
    ws.stack = name
    settings = ws.settings()
    provider = provider or settings.get("secretsprovider")
    if provider and (not settings.get("encryptedkey") or settings.get("secretsprovider") != provider):
        settings = {**settings, "secretsprovider": provider,
                    "encryptedkey": KmsSecrets(provider, ws.caller).new_data_key()[1]}  # fmt: skip
    lock = ws.backend.lock(ws.name, name)
    try:
        ws.backend.write(ws.state_key(name), json.dumps({"stack": name, "secrets_provider": provider,
                                                         "resources": [], "outputs": {}}))  # fmt: skip
    finally:
        ws.backend.delete(lock)  # backend.go CreateStack: `defer b.Unlock`
    if provider:
        ws.save_settings(settings)
    ws.select(name)
    print(f"Created stack '{name}'")


def stack(args: argparse.Namespace, ws: Workspace) -> None:
    if args.action == "init":
        stack_init(ws, args.name, args.secrets_provider)
    elif args.action == "select":
        # pkg/cmd/pulumi/stack/stack_select.go: an existing stack becomes current; a missing one is created with
        # --create (InitStack, with --secrets-provider), else StackNotFoundError.
        if ws.checkpoint(args.name) is not None:
            ws.select(args.name)
        elif args.create:
            stack_init(ws, args.name, args.secrets_provider)
        else:
            raise CliError(f"no stack named '{args.name}' found")
    elif args.action == "ls":
        names = [key.rsplit("/", 1)[1].removesuffix(".json") for key in ws.backend.list(f".pulumi/stacks/{ws.name}/")
                 if key.endswith(".json")]  # fmt: skip
        print(json.dumps([{"name": name, "current": name == ws.stack} for name in names]))
    elif args.action == "output":
        outputs = ws.existing()["outputs"]
        print(json.dumps(outputs, indent=2) if args.json else "\n".join(f"{k}  {v}" for k, v in outputs.items()))


def config_set(args: argparse.Namespace, ws: Workspace) -> None:
    """pkg/cmd/pulumi/config/config.go newConfigSetCmd and configSetCmd.Run: the stack must exist (RequireStack);
    without a value argument the value is read from stdin with one trailing newline removed
    (cmdutil.RemoveTrailingNewline); `--secret` stores `secure: <ciphertext>` from the stack's encrypter; the
    value lands in the stack file. Not modelled: `--path`, `--type`, and the refusal of a plaintext value that
    looks like a secret (looksLikeSecret)."""
    ws.existing()
    key = args.key if ":" in args.key else f"{ws.name}:{args.key}"
    args.value = sys.stdin.read().removesuffix("\n") if args.value is None else args.value
    value: Any = {"secure": encrypt(ws.secrets()[1], args.value)} if args.secret else args.value
    settings = ws.settings()
    ws.save_settings({**settings, "config": {**(settings.get("config") or {}), key: value}})


def run_program(ws: Workspace, preview: bool) -> program.ProgramRun:
    config, secret_keys = ws.config()
    result = program.run(ws.directory, ws.require_stack(), config, secret_keys, preview, ws.caller.account)
    program.keep_ignored(ws.existing()["resources"], result.resources)
    for provider in (r for r in result.resources if r["type"] == "pulumi:providers:aws"):
        allowed = provider["inputs"].get("allowedAccountIds")
        allowed = json.loads(allowed) if isinstance(allowed, str) else allowed
        if allowed and ws.caller.account not in allowed:  # the provider's own check when it is configured
            raise CliError(f"AWS account ID not allowed: {ws.caller.account}")
    return result


def print_changes(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> None:
    old, new = {r["urn"]: r for r in before if r["custom"]}, {r["urn"]: r for r in after if r["custom"]}
    counts = {"create": 0, "update": 0, "delete": 0, "unchanged": 0}
    for urn, resource in new.items():
        kind = "create" if urn not in old else "update" if old[urn]["inputs"] != resource["inputs"] else "unchanged"
        counts[kind] += 1
        if kind != "unchanged":
            print(f"    {'+' if kind == 'create' else '~'} {resource['type']} {resource['name']} {kind}")
    for urn in set(old) - set(new):
        counts["delete"] += 1
        print(f"    - {old[urn]['type']} {old[urn]['name']} delete")
    print("Resources:\n" + "\n".join(f"    {n} {'to ' if k != 'unchanged' else ''}{k}" for k, n in counts.items()))


def preview(args: argparse.Namespace, ws: Workspace) -> None:
    """diy backend.go Preview: no lock, and the update runs as a dry run (backend.go apply: no snapshot persister,
    no addToHistory), so a preview writes nothing to the bucket."""
    before = ws.existing()["resources"]
    print_changes(before, run_program(ws, preview=True).resources)


def up(args: argparse.Namespace, ws: Workspace) -> None:
    """diy backend.go Update: the stack's lock for the whole update, released on the way out (`defer b.Unlock`;
    lock.go). The snapshot is persisted before the first resource changes (pkg/backend/snapshot.go: a create's
    pending operation is saved first), each save backing the old checkpoint up to `<stack>.json.bak` (state.go
    saveCheckpoint, backupTarget); so a caller that may not write the state fails before AWS is touched. After a
    non-dry-run update, state.go addToHistory writes `<stack>-<unix nanoseconds>.history.json` (and a
    `.checkpoint.json` copy, which the stand-in does not write; its stamp is a UTC date-time)."""
    state = ws.existing()
    lock = ws.backend.lock(ws.name, ws.require_stack())
    try:
        result = run_program(ws, preview=False)
        print_changes(state["resources"], result.resources)
        ws.backend.write(ws.state_key() + ".bak", json.dumps(state))
        provisioner.apply(state["resources"], result.resources, ws.region, print)
        new_state = {**state, "resources": result.resources, "outputs": result.outputs}
        ws.backend.write(ws.state_key(), json.dumps(new_state))
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")
        history = f".pulumi/history/{ws.name}/{ws.stack}/{ws.stack}-{stamp}.history.json"
        ws.backend.write(history, json.dumps({"kind": "update", "result": "succeeded"}))
    finally:
        ws.backend.delete(lock)
    print("Outputs:\n" + "\n".join(f"    {k}: {json.dumps(v)}" for k, v in result.outputs.items()))


GLOBAL_VALUED, GLOBAL_FLAGS = {"--cwd", "-C", "--stack", "-s"}, {"--non-interactive"}


def split_globals(argv: list[str]) -> tuple[dict[str, str], list[str]]:
    """The CLI's global flags may come anywhere on the line (`pulumi config set k v --stack s --cwd d`)."""
    found: dict[str, str] = {}
    rest: list[str] = []
    words = iter(argv)
    for word in words:
        name, _, inline = word.partition("=")
        if name in GLOBAL_VALUED:
            found[name.lstrip("-")[:1] if len(name) == 2 else name.lstrip("-")] = inline or next(words)
        elif word not in GLOBAL_FLAGS:
            rest.append(word)
    names = {"C": "cwd", "s": "stack"}
    return {names.get(k, k): v for k, v in found.items()}, rest


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="pulumi")
    commands = top.add_subparsers(dest="command", required=True)
    commands.add_parser("login").add_argument("url", nargs="?")
    commands.add_parser("version")
    stacks = commands.add_parser("stack").add_subparsers(dest="action", required=True)
    for action in ("init", "select", "ls", "output"):
        command = stacks.add_parser(action)
        if action in ("init", "select"):
            command.add_argument("name")
            command.add_argument("--secrets-provider")
        command.add_argument("--create", "-c", action="store_true")
        command.add_argument("--json", "-j", action="store_true")
        command.add_argument("--show-secrets", action="store_true")
    configs = commands.add_parser("config")
    configs.add_argument("action", choices=["set"])
    configs.add_argument("key")
    configs.add_argument("value", nargs="?")  # read from stdin when not given, as the CLI does
    configs.add_argument("--secret", action="store_true")
    commands.add_parser("preview").add_argument("--diff", action="store_true")
    ups = commands.add_parser("up")
    for flag in ("--yes", "--skip-preview", "--diff"):
        ups.add_argument(flag, action="store_true")
    return top


def main(argv: list[str] | None = None) -> int:
    found, rest = split_globals(list(sys.argv[1:] if argv is None else argv))
    try:
        options = parser().parse_args(rest)
    except SystemExit:
        print(f"error: the Pulumi stand-in does not implement `pulumi {' '.join(rest)}`", file=sys.stderr)
        return 2
    options.cwd, options.stack = found.get("cwd"), found.get("stack")
    try:
        if options.command == "version":
            print(f"v{os.environ['PULUMI_STANDIN_VERSION']}")
        elif options.command == "login":
            login(options)
        else:
            ws = Workspace(options)
            {"stack": stack, "config": config_set, "preview": preview, "up": up}[options.command](options, ws)
    except (CliError, Denied, ClientError, FileNotFoundError, ValueError, RuntimeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 255
    return 0


if __name__ == "__main__":
    sys.exit(main())
