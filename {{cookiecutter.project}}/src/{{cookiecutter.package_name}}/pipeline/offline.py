"""A SageMaker SDK session that builds pipeline definitions without network access or credentials.

Building a definition needs no AWS call when the step code already has `s3://` URIs (pipeline/code.py), the
bucket is given, role validation is off and no credential provider is asked (fixed placeholder keys, instance
metadata disabled). The SDK's telemetry is opted out through its defaults config, which is validated once, not
on each of the SDK's lookups (`validate_defaults_once`). This module is the one place
that sets those process variables and the SDK's private bucket attribute; call `pipeline_session` before importing
any other `sagemaker` module, as the SDK reads the region when it is imported.
"""

import json
import logging
import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import boto3

from ..environments import REGION, Environment

OFFLINE_VARIABLES = {
    "AWS_DEFAULT_REGION": REGION,  # the SDK raises NoRegionError at import time without one
    "AWS_EC2_METADATA_DISABLED": "true",  # never wait on an instance-metadata endpoint
    "SAGEMAKER_VALIDATE_ROLE": "false",  # the role ARN comes from environments.py; don't call IAM to check it
}
SDK_DEFAULTS = {"SchemaVersion": "1.0", "SageMaker": {"PythonSDK": {"Modules": {"TelemetryOptOut": True}}}}


@contextmanager
def quiet_sdk() -> Iterator[None]:
    """Silence the SDK's INFO/WARNING chatter (config lookups, fields it leaves to execution time) while it builds.

    The SDK sets its own loggers' levels as it imports, so only a process-wide threshold holds; errors still show.
    """
    logging.disable(logging.WARNING)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Running within a PipelineSession", category=UserWarning)
            warnings.filterwarnings(
                "ignore", message="The 'dependencies' parameter is deprecated", category=DeprecationWarning
            )
            yield
    finally:
        logging.disable(logging.NOTSET)


def pipeline_session(env: Environment):  # -> PipelineSession; untyped so importing this module stays light
    """A PipelineSession that records requests instead of sending them, for `env`'s bucket."""
    os.environ.update(OFFLINE_VARIABLES)  # before the import: the SDK reads them as it loads
    from sagemaker.core.workflow.pipeline_context import PipelineSession

    validate_defaults_once()

    boto_session = boto3.Session(
        aws_access_key_id="offline-definition-build",  # placeholders: nothing is signed or sent
        aws_secret_access_key="offline-definition-build",
        region_name=REGION,
    )
    session = PipelineSession(boto_session=boto_session, sagemaker_config=SDK_DEFAULTS)
    # Preset, because default_bucket() would otherwise ask S3 whether the bucket exists (the platform stack owns it).
    session._default_bucket = env.artifacts_bucket
    return session


def validate_defaults_once() -> None:
    """Make the SDK validate each distinct defaults document once rather than on every config lookup.

    The SDK validates the session's whole defaults document on each lookup (`get_sagemaker_config_value` in
    sagemaker/core/common_utils.py: about 50 per environment's definition), and `jsonschema.validate` checks the
    SDK's schema against its metaschema every time: 5 of the 12 s a two-environment build took. A document equal
    to one that passed is let through; any other is still validated, and an invalid one still raises.
    """
    from sagemaker.core.config.config_manager import SageMakerConfig

    validate = SageMakerConfig.validate_sagemaker_config
    if getattr(validate, "remembers", False):
        return
    passed: set[str] = set()

    def once(sagemaker_config: dict | None = None) -> None:
        document = json.dumps(sagemaker_config, sort_keys=True, default=str)
        if document not in passed:
            validate(sagemaker_config)
            passed.add(document)

    once.remembers = True  # type: ignore[attr-defined]
    SageMakerConfig.validate_sagemaker_config = staticmethod(once)
