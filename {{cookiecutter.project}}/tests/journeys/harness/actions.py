"""Stand-ins for the actions the workflows use, each doing what the real action does that later steps rely on.

- actions/checkout: a fresh `git clone` of the repository at the event's ref: nothing git ignores is there (no
  build/, no .venv); the one shared thing is the installed environment, linked in as `.venv` and marked current.
- actions/setup-python: this interpreter, refused unless it is the version the step asks for.
- aws-actions/configure-aws-credentials: the named role's credentials from the emulated STS, refused unless the
  job may request an OIDC token (`id-token: write`), the role exists, its trust admits the job's token and the
  session fits the role's maximum (harness.oidc).
- pulumi/actions: refused unless a `pulumi` of its `pulumi-version` is on PATH (the real one would download an
  unchecked CLI); with `command:` runs it, and `comment-on-pr` posts the output.
- actions/github-script: runs `script:` in Node with a GitHub client bound to the GitHub stand-in.
"""

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from . import oidc

HARNESS = Path(__file__).resolve().parent


def checkout(job: Any, inputs: dict[str, str], env: dict[str, str]) -> bool:
    ref = job.event.payload.get("pull_request", {}).get("head", {}).get("ref") or job.event.ref
    branch = ref.removeprefix("refs/heads/")
    job.workspace.parent.mkdir(parents=True, exist_ok=True)
    clone = ["git", "clone", "--quiet", "--branch", branch, str(job.runner.origin), str(job.workspace)]
    result = subprocess.run(clone, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        job.say(result.stderr.strip())
        return False
    venv = job.workspace / ".venv"
    venv.symlink_to(job.runner.venv, target_is_directory=True)
    (job.runner.venv / ".installed").touch()  # installed from this pyproject.toml: `make install` has nothing to do
    job.say(f"    cloned {branch} at {_head(job.workspace)[:12]}")
    return True


def setup_python(job: Any, inputs: dict[str, str], env: dict[str, str]) -> bool:
    running = f"{sys.version_info.major}.{sys.version_info.minor}"
    if inputs.get("python-version") != running:
        job.say(f"    the player runs Python {running}, the step asks for {inputs.get('python-version')}")
        return False
    return True


def configure_aws_credentials(job: Any, inputs: dict[str, str], env: dict[str, str]) -> bool:
    try:
        keys = oidc.assume(job, inputs["role-to-assume"], int(inputs.get("role-duration-seconds") or 3600))
    except oidc.Refused as refusal:
        job.say(f"    Error: {refusal}")
        return False
    region = inputs["aws-region"]
    job.env |= {
        "AWS_ACCESS_KEY_ID": keys["AccessKeyId"],
        "AWS_SECRET_ACCESS_KEY": keys["SecretAccessKey"],
        "AWS_SESSION_TOKEN": keys["SessionToken"],
        "AWS_REGION": region,
        "AWS_DEFAULT_REGION": region,
    }
    job.say(f"    assumed {inputs['role-to-assume']}")
    return True


def pulumi_actions(job: Any, inputs: dict[str, str], env: dict[str, str]) -> bool:
    """The action downloads its CLI unchecked unless a `pulumi` of `pulumi-version` is already on PATH
    (pulumi/actions src/libs/pulumi-cli.ts, downloadCli): here that download is refused."""
    wanted = inputs.get("pulumi-version")
    found = shutil.which("pulumi", path=env["PATH"])
    answer = subprocess.run([found, "version"], env=env, capture_output=True, text=True) if found else None
    if not wanted or answer is None or answer.stdout.strip() != f"v{wanted}":
        job.say(f"    pulumi/actions would download Pulumi CLI {wanted or 'latest'} unchecked: none is on PATH")
        return False
    command = inputs.get("command")
    if not command:
        return True
    if command != "preview":
        raise ValueError(f"the pulumi/actions stand-in plays only `command: preview`, not {command!r}")
    work_dir = job.workspace / inputs.get("work-dir", ".")
    steps = [["login", inputs["cloud-url"]]] if inputs.get("cloud-url") else []
    if inputs.get("upsert") == "true":
        steps.append(["stack", "select", "--create", inputs["stack-name"]])
    else:
        steps.append(["stack", "select", inputs["stack-name"]])  # the action selects an existing stack
    steps.append(["preview", "--diff"] if inputs.get("diff") == "true" else ["preview"])
    output = []
    for arguments in steps:
        result = subprocess.run(["pulumi", *arguments, "--cwd", str(work_dir), "--non-interactive"], env=env,
                                capture_output=True, text=True, check=False)  # fmt: skip
        output.append(result.stdout + result.stderr)
        for line in (result.stdout + result.stderr).splitlines():
            job.say(f"    {line}")
        if result.returncode != 0:
            return False
    return _comment(job, inputs, "".join(output)) if inputs.get("comment-on-pr") == "true" else True


def _comment(job: Any, inputs: dict[str, str], text: str) -> bool:
    import requests

    token = inputs.get("github-token") or job.runner.token(job)
    number = job.event.payload["pull_request"]["number"]
    url = f"{job.runner.github.url}/repos/{job.runner.repository}/issues/{number}/comments"
    body = f"#### :tropical_drink: `preview` on {inputs['stack-name']} ({inputs.get('work-dir')})\n```\n{text}```"
    answer = requests.post(url, json={"body": body}, headers={"Authorization": f"token {token}"}, timeout=30)
    job.say(f"    comment on pull request #{number}: HTTP {answer.status_code}")
    return answer.ok


def github_script(job: Any, inputs: dict[str, str], env: dict[str, str]) -> bool:
    script = job.home / "tmp" / f"script-{len(job.steps)}.js"
    script.write_text(inputs["script"])
    shim_env = env | {"STANDIN_GITHUB_API": job.runner.github.url,
                      "STANDIN_GITHUB_TOKEN": inputs.get("github-token") or job.runner.token(job)}  # fmt: skip
    result = subprocess.run(["node", str(HARNESS / "github_script.js"), str(script)], env=shim_env,
                            capture_output=True, text=True, check=False)  # fmt: skip
    for line in (result.stdout + result.stderr).splitlines():
        job.say(f"    {line}")
    return result.returncode == 0


def _head(workspace: Path) -> str:
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=workspace, capture_output=True, text=True).stdout.strip()


STAND_INS = {
    "actions/checkout": checkout,
    "actions/setup-python": setup_python,
    "aws-actions/configure-aws-credentials": configure_aws_credentials,
    "pulumi/actions": pulumi_actions,
    "actions/github-script": github_script,
}
