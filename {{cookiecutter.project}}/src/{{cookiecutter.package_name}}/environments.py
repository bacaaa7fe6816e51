"""The two environments and every AWS name derived from the answers, computed here once.

The pipeline, the stacks, the ops commands and the workflows all take their names from this module, so a rename is
one change. The kit checks these names against AWS's length limits when the project is generated.
"""

from dataclasses import dataclass

PROJECT = "{{ cookiecutter.project }}"
REGION = "{{ cookiecutter.aws_region }}"
GITHUB_REPOSITORY = "{{ cookiecutter.github_owner }}/{{ cookiecutter.github_repo }}"
MODEL_FRAMEWORK = "{{ cookiecutter.model_framework }}"
DEPLOYMENT_STRATEGY = "{{ cookiecutter.deployment_strategy }}"
PIPELINE_NAME = f"{PROJECT}-training"
MODEL_PACKAGE_GROUP = PROJECT


@dataclass(frozen=True)
class Environment:
    """One deployment target; the registry and the training pipeline live in preprod."""

    name: str
    account_id: str
    instance_type: str

    @property
    def artifacts_bucket(self) -> str:
        return f"{PROJECT}-{self.name}-artifacts-{self.account_id}"

    @property
    def access_logs_bucket(self) -> str:
        return f"{PROJECT}-{self.name}-access-logs-{self.account_id}"

    @property
    def kms_alias(self) -> str:
        """The environment's customer-managed key, which encrypts its buckets, endpoints and pipeline outputs."""
        return f"alias/{PROJECT}-{self.name}"

    @property
    def kms_alias_arn(self) -> str:
        """The key by its alias, as the jobs and endpoints of this environment name it."""
        return f"arn:aws:kms:{REGION}:{self.account_id}:{self.kms_alias}"

    @property
    def execution_role_name(self) -> str:
        return f"{PROJECT}-{self.name}-sagemaker-execution"

    @property
    def execution_role_arn(self) -> str:
        return self._role_arn(self.execution_role_name)

    @property
    def events_role_name(self) -> str:
        return f"{PROJECT}-{self.name}-events-invoke"

    @property
    def workload_boundary_arn(self) -> str:
        """The permissions boundary the kit's account bootstrap defines; the execution and events roles carry it."""
        return f"arn:aws:iam::{self.account_id}:policy/{PROJECT}-{self.name}-workload-boundary"

    @property
    def deploy_role_arn(self) -> str:
        """Created by the kit's account bootstrap, trusted only by this repository's `{name}` Environment."""
        return self._role_arn(f"{{ cookiecutter.github_repo }}-{self.name}-deploy")

    @property
    def preview_role_arn(self) -> str:
        """Created by the kit's account bootstrap in preprod only (pull requests preview preprod), read-only, trusted
        by this repository's pull requests."""
        return self._role_arn(f"{{ cookiecutter.github_repo }}-{self.name}-preview")

    @property
    def endpoint_name(self) -> str:
        return f"{PROJECT}-{self.name}"

    def endpoint_config_name(self, digest: str) -> str:
        """Endpoint configs are immutable: each release gets a new one, named by a digest of its contents."""
        return f"{PROJECT}-{self.name}-{digest[:10]}"

    @property
    def model_package_group_arn(self) -> str:
        return f"arn:aws:sagemaker:{REGION}:{self.account_id}:model-package-group/{MODEL_PACKAGE_GROUP}"

    def model_package_arn(self, version: int | str) -> str:
        """The package `version` of the group (`*` for all of them, in a policy)."""
        return f"arn:aws:sagemaker:{REGION}:{self.account_id}:model-package/{MODEL_PACKAGE_GROUP}/{version}"

    @property
    def api_destination_name(self) -> str:
        return f"{PROJECT}-{self.name}-github-dispatch"

    def _role_arn(self, role_name: str) -> str:
        return f"arn:aws:iam::{self.account_id}:role/{role_name}"


ENVIRONMENTS = {
    "preprod": Environment("preprod", "{{ cookiecutter.preprod_account_id }}", "{{ cookiecutter.preprod_instance_type }}"),
    "prod": Environment("prod", "{{ cookiecutter.prod_account_id }}", "{{ cookiecutter.prod_instance_type }}"),
}
SINGLE_ACCOUNT = ENVIRONMENTS["preprod"].account_id == ENVIRONMENTS["prod"].account_id


def environment(name: str) -> Environment:
    """The environment called `name`, or a ValueError that lists the valid names."""
    try:
        return ENVIRONMENTS[name]
    except KeyError:
        raise ValueError(f"Unknown environment {name!r}: expected one of {', '.join(ENVIRONMENTS)}.") from None
