"""Pulumi AWS names → Terraform names: a rule that covers nearly everything, plus the exceptions, checked by tests.

Pulumi's AWS provider is generated from Terraform's, so `aws:<module>/<camelName>:<Name>` is `aws_<module>_<snake>`,
and property `camelCase` is `snake_case`, except where Pulumi renamed: a few type names, and list properties that
Pulumi pluralised (Terraform's repeated block `rule` is Pulumi's list `rules`).
"""

import re

TYPE_OVERRIDES = {
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": "aws_iam_openid_connect_provider",
    "aws:s3/bucketV2:BucketV2": "aws_s3_bucket",
}

# Pulumi property → Terraform attribute, in every resource type.
PROPERTY_OVERRIDES = {
    "clientIdLists": "client_id_list",
    "thumbprintLists": "thumbprint_list",
}

# Pulumi property → Terraform attribute, only inside the given Terraform type (at any nesting depth).
PROPERTY_OVERRIDES_BY_TYPE = {
    "aws_s3_bucket_server_side_encryption_configuration": {"rules": "rule"},
    "aws_s3_bucket_lifecycle_configuration": {
        "rules": "rule",
        "transitions": "transition",
        "noncurrentVersionTransitions": "noncurrent_version_transition",
    },
    "aws_iam_role": {"inlinePolicies": "inline_policy"},
    "aws_sagemaker_model": {"containers": "container"},
    "aws_cloudwatch_metric_alarm": {"metricQueries": "metric_query"},
}

_V2_SUFFIX = re.compile(r"V2$")


def snake_case(name: str) -> str:
    """`kmsMasterKeyId` → `kms_master_key_id`; `openIdConnectProvider` → `open_id_connect_provider`."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def terraform_type(token: str) -> str | None:
    """The Terraform type of an AWS resource token, or None for anything that is not an AWS resource."""
    if token in TYPE_OVERRIDES:
        return TYPE_OVERRIDES[token]
    package, _, rest = token.partition(":")
    if package != "aws" or rest.count(":") != 1 or "/" not in rest:
        return None
    module, _, type_name = rest.partition(":")
    service = module.split("/")[0]
    prefix = "aws" if service == "index" else f"aws_{snake_case(service)}"
    return f"{prefix}_{snake_case(_V2_SUFFIX.sub('', type_name))}"


def terraform_attribute(tf_type: str, prop: str) -> str:
    """The Terraform attribute of Pulumi property `prop` in a resource of `tf_type`."""
    by_type = PROPERTY_OVERRIDES_BY_TYPE.get(tf_type, {})
    return by_type.get(prop) or PROPERTY_OVERRIDES.get(prop) or snake_case(prop)
