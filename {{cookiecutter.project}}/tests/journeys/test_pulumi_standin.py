"""The Pulumi stand-in CLI against the emulated AWS, one Pulumi behaviour per test, on a tiny project of its own.

Each test runs `python -m journeys.harness.pulumi_cli` as the workflows do, with the credentials of a seeded role,
in a project that declares no AWS resources (so only the state backend and the secrets provider are exercised).
The Pulumi sources cited are pulumi/pulumi's, as noted next to each behaviour in harness/pulumi_cli.py,
pulumi_workspace.py, state_backend.py and secrets.py.
"""

import base64
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from {{ cookiecutter.package_name }}.environments import ENVIRONMENTS, PROJECT, REGION
from {{ cookiecutter.package_name }}.ops.stack import SECRETS_PROVIDER

from .harness.aws import EmulatedAws
from .harness.moto_admin import admin_client
from .harness.secrets import decrypt

PROJECT_DIR = Path(__file__).resolve().parents[2]
PREPROD = ENVIRONMENTS["preprod"]
# A deploy role may write only its own environment's stacks of this repository's two Pulumi projects: the stand-in's
# test project borrows the serving project's name.
NAME = f"{PROJECT}-serving"
STATE = f".pulumi/stacks/{NAME}/preprod.json"
PROGRAM = """import pulumi

config = pulumi.Config()
pulumi.export("greeting", config.get("greeting"))
pulumi.export("answer", 42)
"""
# One resource of a type harness.provisioner creates in the emulated AWS, for the test that none is created.
GROUP = f"""
import pulumi_aws

pulumi_aws.sagemaker.ModelPackageGroup("group", model_package_group_name="{NAME}")
"""


@dataclass
class Cli:
    """`pulumi ...` in the stand-in project, as `role_arn` (the preprod deploy role unless told)."""

    aws: EmulatedAws
    directory: Path
    home: Path
    credentials: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def bucket(self) -> str:
        return self.aws.seed.state_bucket

    def __call__(self, *args: str, stdin: str | None = None, role_arn: str = PREPROD.deploy_role_arn,
                 ok: bool = True) -> subprocess.CompletedProcess[str]:  # fmt: skip
        command = [sys.executable, "-m", "journeys.harness.pulumi_cli", *args, "--cwd", str(self.directory),
                   "--non-interactive"]  # fmt: skip
        done = subprocess.run(command, cwd=self.directory, env=self.env(role_arn), input=stdin, capture_output=True,
                              text=True, timeout=120, check=False)  # fmt: skip
        assert (done.returncode == 0) is ok, f"pulumi {' '.join(args)}: {done.returncode}\n{done.stdout}{done.stderr}"
        return done

    def env(self, role_arn: str) -> dict[str, str]:
        if role_arn not in self.credentials:
            sts = admin_client(role_arn.split(":")[4], "sts", REGION)  # moto maps the keys to the role assumed
            self.credentials[role_arn] = sts.assume_role(RoleArn=role_arn, RoleSessionName="standin")["Credentials"]
        keys = self.credentials[role_arn]
        return {
            "PATH": os.environ["PATH"], "HOME": str(self.home), "LANG": "C.UTF-8",
            "AWS_ENDPOINT_URL": self.aws.url, "AWS_REGION": REGION, "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_ACCESS_KEY_ID": keys["AccessKeyId"], "AWS_SECRET_ACCESS_KEY": keys["SecretAccessKey"],
            "AWS_SESSION_TOKEN": keys["SessionToken"], "STANDIN_STATE_ACCOUNT": self.aws.seed.state_account,
            "PYTHONPATH": os.pathsep.join([str(PROJECT_DIR / "tests"), str(PROJECT_DIR / "src")]),
        }  # fmt: skip

    def login(self) -> None:
        self("login", f"s3://{self.bucket}")

    def create(self) -> None:
        self.login()
        self("stack", "select", "--create", "preprod", "--secrets-provider", SECRETS_PROVIDER)

    def objects(self) -> list[str]:
        return self.aws.state_objects()

    def read(self, key: str) -> str:
        s3 = self.aws.admin(self.aws.seed.state_account, "s3")
        return s3.get_object(Bucket=self.bucket, Key=key)["Body"].read().decode()

    def stack_file(self) -> dict[str, Any]:
        return yaml.safe_load((self.directory / "Pulumi.preprod.yaml").read_text())


@pytest.fixture
def cli(emulated_aws: EmulatedAws, tmp_path: Path) -> Cli:
    """AWS as the bootstrap left it (a state bucket holding only its `.pulumi/meta.yaml`) and a project in
    infra/<name>/ beside infra/policy, whose mocks program.py imports from the project directory's parent, as the
    real programs do."""
    emulated_aws.reset()
    directory = tmp_path / "infra" / "standin"
    directory.mkdir(parents=True)
    (tmp_path / "infra" / "policy").symlink_to(PROJECT_DIR / "infra" / "policy", target_is_directory=True)
    project = {"name": NAME, "runtime": "python", "config": {"greeting": {"type": "string", "default": "hello"}}}
    (directory / "Pulumi.yaml").write_text(yaml.safe_dump(project, sort_keys=False))
    (directory / "__main__.py").write_text(PROGRAM)
    (tmp_path / "home").mkdir()
    return Cli(emulated_aws, directory, tmp_path / "home")


def without_kms_encrypt(aws: EmulatedAws, role_arn: str) -> None:
    """The role's inline policies less kms:Encrypt (kms:GenerateDataKey and kms:Decrypt stay)."""
    iam, role = aws.admin(role_arn.split(":")[4], "iam"), role_arn.split("/")[-1]
    for name in iam.list_role_policies(RoleName=role)["PolicyNames"]:
        document = iam.get_role_policy(RoleName=role, PolicyName=name)["PolicyDocument"]
        for statement in document["Statement"]:
            actions = statement.get("Action")
            if isinstance(actions, list):
                statement["Action"] = [action for action in actions if action != "kms:Encrypt"]
        iam.put_role_policy(RoleName=role, PolicyName=name, PolicyDocument=json.dumps(document))


def read_only_role(aws: EmulatedAws, writes: tuple[str, ...] = ()) -> str:
    """A role that may read the state and decrypt, and write nothing (not even a lock) but the keys `writes`."""
    iam, bucket = aws.admin(PREPROD.account_id, "iam"), f"arn:aws:s3:::{aws.seed.state_bucket}"
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "sts:AssumeRole",
                "Principal": {"AWS": f"arn:aws:iam::{PREPROD.account_id}:root"},
            }
        ],
    }
    policy = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": bucket},
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": f"{bucket}/.pulumi/*"},
        {"Effect": "Allow", "Action": ["kms:Decrypt", "kms:DescribeKey"], "Resource": "*"},
    ]}  # fmt: skip
    if writes:  # writing to the SSE-KMS bucket takes a data key too
        keys = [f"{bucket}/{key}" for key in writes]
        policy["Statement"] += [{"Effect": "Allow", "Action": "s3:PutObject", "Resource": keys},
                                {"Effect": "Allow", "Action": "kms:GenerateDataKey", "Resource": "*"}]  # fmt: skip
    arn = iam.create_role(RoleName="standin-read-only", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    iam.put_role_policy(RoleName="standin-read-only", PolicyName="read-state", PolicyDocument=json.dumps(policy))
    return arn


def without_meta_yaml(cli: Cli) -> None:
    """The state bucket as Pulumi would find it had the bootstrap not written `.pulumi/meta.yaml`: empty."""
    cli.aws.admin(cli.aws.seed.state_account, "s3").delete_object(Bucket=cli.bucket, Key=".pulumi/meta.yaml")
    assert cli.objects() == []


def test_login_on_an_empty_bucket_writes_meta_yaml(cli: Cli) -> None:
    """pkg/backend/diy/meta.go ensurePulumiMeta: a bucket with no `.pulumi/meta.yaml` gets `version: 1`."""
    without_meta_yaml(cli)
    writer = read_only_role(cli.aws, writes=(".pulumi/meta.yaml",))
    assert f"Logged in to s3://{cli.bucket}" in cli("login", f"s3://{cli.bucket}", role_arn=writer).stdout
    assert cli.objects() == [".pulumi/meta.yaml"]
    assert yaml.safe_load(cli.read(".pulumi/meta.yaml")) == {"version": 1}
    credentials = json.loads((cli.home / ".pulumi" / "credentials.json").read_text())
    assert credentials["current"] == f"s3://{cli.bucket}"  # later commands use the backend logged in to


def test_the_first_login_needs_the_right_to_write_meta_yaml(cli: Cli) -> None:
    """The same, for a role that may not write it: AWS refuses the write. No repository role may (the bootstrap
    writes it for every project), so on a bucket without it even the deploy role's first login fails."""
    without_meta_yaml(cli)
    failed = cli("login", f"s3://{cli.bucket}", role_arn=PREPROD.deploy_role_arn, ok=False)
    assert "not authorized to perform: s3:PutObject" in failed.stderr and ".pulumi/meta.yaml" in failed.stderr
    assert cli.objects() == []


def test_stack_select_of_a_missing_stack_fails(cli: Cli) -> None:
    """stack_select.go: without --create, backenderr.StackNotFoundError."""
    cli.login()
    assert "no stack named 'preprod' found" in cli("stack", "select", "preprod", ok=False).stderr
    assert cli.objects() == [".pulumi/meta.yaml"]


def test_stack_select_create_makes_the_stack_and_its_kms_data_key(cli: Cli) -> None:
    """stack_select.go --create → io.go CreateStack: cloud.NewCloudSecretsManager writes `encryptedkey`, a
    32-byte data key KMS encrypted, into the stack file; the backend's stack is created under a lock it releases."""
    cli.create()
    assert cli.objects() == [".pulumi/meta.yaml", STATE]  # no lock left behind
    settings = cli.stack_file()
    assert settings["secretsprovider"] == SECRETS_PROVIDER
    kms = cli.aws.admin(PREPROD.account_id, "kms")
    data_key = kms.decrypt(CiphertextBlob=base64.b64decode(settings["encryptedkey"]))["Plaintext"]
    assert len(data_key) == 32
    assert json.loads(cli("stack", "ls", "--json").stdout) == [{"name": "preprod", "current": True}]


def test_a_new_data_key_needs_kms_encrypt_and_a_refusal_creates_nothing(cli: Cli) -> None:
    """pkg/secrets/cloud/manager.go generateNewDataKey encrypts random bytes with the keeper (gocloud.dev awskms:
    KMS Encrypt), before io.go CreateStack asks the backend for the stack."""
    cli.login()
    without_kms_encrypt(cli.aws, PREPROD.deploy_role_arn)
    failed = cli("stack", "select", "--create", "preprod", "--secrets-provider", SECRETS_PROVIDER, ok=False)
    assert "not authorized to perform: kms:Encrypt" in failed.stderr
    assert cli.objects() == [".pulumi/meta.yaml"]  # no stack, no lock
    assert not (cli.directory / "Pulumi.preprod.yaml").exists()


def test_a_stack_the_backend_refuses_leaves_no_lock(cli: Cli) -> None:
    """diy backend.go CreateStack writes the stack under its lock and releases it on the way out (`defer
    b.Unlock`): the preview role may lock but not write the stack, and leaves nothing behind."""
    cli.login()
    failed = cli("stack", "select", "--create", "preprod", "--secrets-provider", SECRETS_PROVIDER,
                 role_arn=PREPROD.preview_role_arn, ok=False)  # fmt: skip
    assert "not authorized to perform: s3:PutObject" in failed.stderr and STATE in failed.stderr
    assert cli.objects() == [".pulumi/meta.yaml"]


def test_config_set_on_a_missing_stack_fails(cli: Cli) -> None:
    """config.go newConfigSetCmd: RequireStack, which does not offer to create it when not interactive."""
    cli.login()
    failed = cli("config", "set", "greeting", "hi", "--stack", "preprod", ok=False)
    assert "no stack named 'preprod' found" in failed.stderr
    assert not (cli.directory / "Pulumi.preprod.yaml").exists()


def test_config_set_secret_reads_stdin_and_stores_only_ciphertext(cli: Cli) -> None:
    """config.go configSetCmd.Run: the value from stdin less one trailing newline (RemoveTrailingNewline), stored
    as `secure:` by the stack's encrypter (crypt.go: `v1:<nonce>:<AES-256-GCM>` under the data key)."""
    cli.create()
    cli("config", "set", "--secret", "token", "--stack", "preprod", stdin="s3cret-value\n")
    cli("config", "set", "--secret", "notes", "--stack", "preprod", stdin="two\nlines\n\n")
    cli("config", "set", "greeting", "hi", "--stack", "preprod")
    settings = cli.stack_file()
    token = settings["config"][f"{NAME}:token"]["secure"]
    assert token.startswith("v1:") and "s3cret-value" not in (cli.directory / "Pulumi.preprod.yaml").read_text()
    assert settings["config"][f"{NAME}:greeting"] == "hi"
    kms = cli.aws.admin(PREPROD.account_id, "kms")
    data_key = kms.decrypt(CiphertextBlob=base64.b64decode(settings["encryptedkey"]))["Plaintext"]
    assert decrypt(data_key, token) == "s3cret-value"
    assert decrypt(data_key, settings["config"][f"{NAME}:notes"]["secure"]) == "two\nlines\n"
    assert cli.objects() == [".pulumi/meta.yaml", STATE]  # config lives in the stack file, not the backend


def test_stack_output_of_a_missing_stack_fails(cli: Cli) -> None:
    """stack_output.go: RequireStack with LoadOnly, so StackNotFoundError."""
    cli.login()
    assert "no stack named 'preprod' found" in cli("stack", "output", "--json", "--stack", "preprod", ok=False).stderr


def test_preview_writes_nothing_and_takes_no_lock(cli: Cli) -> None:
    """diy backend.go Preview: no Lock, a dry run (no snapshot persister, no history). A role that may write
    nothing at all, not even a lock, previews the stack, secrets decrypted."""
    cli.create()
    cli("config", "set", "--secret", "token", "--stack", "preprod", stdin="s3cret-value")
    before = {key: cli.read(key) for key in cli.objects()}
    previewed = cli("preview", "--diff", "--stack", "preprod", role_arn=read_only_role(cli.aws))
    assert "0 to create" in previewed.stdout
    assert {key: cli.read(key) for key in cli.objects()} == before


def test_up_writes_the_checkpoint_with_outputs_a_history_file_and_leaves_no_lock(cli: Cli) -> None:
    """diy backend.go Update under lock.go's lock, released after; state.go saveCheckpoint (`.json.bak` of the old
    checkpoint) and addToHistory (`<stack>-<stamp>.history.json`)."""
    cli.create()
    cli("config", "set", "greeting", "hi there", "--stack", "preprod")
    assert "Outputs:" in cli("up", "--yes", "--skip-preview", "--stack", "preprod").stdout
    objects = cli.objects()
    assert {".pulumi/meta.yaml", STATE, f"{STATE}.bak"} <= set(objects)
    history = [key for key in objects if key.startswith(f".pulumi/history/{NAME}/preprod/")]
    assert len(history) == 1 and re.fullmatch(rf".pulumi/history/{NAME}/preprod/preprod-\d+\.history\.json", history[0])
    assert not [key for key in objects if key.startswith(".pulumi/locks/")]
    assert json.loads(cli.read(STATE))["outputs"] == {"greeting": "hi there", "answer": 42}
    assert json.loads(cli.read(f"{STATE}.bak"))["outputs"] == {}  # the checkpoint before the update
    outputs = json.loads(cli("stack", "output", "--json", "--stack", "preprod").stdout)
    assert outputs == {"greeting": "hi there", "answer": 42}


def test_up_without_state_write_rights_is_refused_and_leaves_no_lock(cli: Cli) -> None:
    """The seeded preview role may lock but not write the stack: the first checkpoint save is refused by AWS, and
    the lock is released on the way out (backend.go Update: `defer b.Unlock`)."""
    cli.create()
    before = {key: cli.read(key) for key in cli.objects()}
    failed = cli("up", "--yes", "--skip-preview", "--stack", "preprod", role_arn=PREPROD.preview_role_arn, ok=False)
    assert "not authorized to perform: s3:PutObject" in failed.stderr and STATE in failed.stderr
    assert {key: cli.read(key) for key in cli.objects()} == before


def test_up_refused_by_the_state_backend_changes_nothing_in_aws(cli: Cli) -> None:
    """pkg/backend/snapshot.go: a create's pending operation is persisted (saveCheckpoint) before the resource is
    created, so a caller that may not write the state fails before AWS is touched."""
    (cli.directory / "__main__.py").write_text(PROGRAM + GROUP)
    cli.create()
    sagemaker = cli.aws.admin(PREPROD.account_id, "sagemaker")
    cli("up", "--yes", "--skip-preview", "--stack", "preprod", role_arn=PREPROD.preview_role_arn, ok=False)
    assert sagemaker.list_model_package_groups()["ModelPackageGroupSummaryList"] == []
    cli("up", "--yes", "--skip-preview", "--stack", "preprod")  # the deploy role's update does create it
    groups = sagemaker.list_model_package_groups()["ModelPackageGroupSummaryList"]
    assert [group["ModelPackageGroupName"] for group in groups] == [NAME]
