"""Clients for the emulated AWS, as the harness itself (not as the job): moto maps the keys of an assumed role to
the role's account, so assuming any role name in an account gives the harness a client there."""

import os
from typing import Any

import boto3


def endpoint_url() -> str:
    url = os.environ.get("AWS_ENDPOINT_URL")
    if not url:
        raise RuntimeError("AWS_ENDPOINT_URL is not set: the stand-ins only talk to the emulated AWS.")
    return url


def admin_client(account: str, service: str, region: str) -> Any:
    sts = boto3.client("sts", endpoint_url=endpoint_url(), region_name=region, aws_access_key_id="harness",
                       aws_secret_access_key="harness", aws_session_token=None)  # fmt: skip
    keys = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/journeys-harness", RoleSessionName="harness")
    credentials = keys["Credentials"]
    return boto3.client(service, endpoint_url=endpoint_url(), region_name=region,
                        aws_access_key_id=credentials["AccessKeyId"],
                        aws_secret_access_key=credentials["SecretAccessKey"],
                        aws_session_token=credentials["SessionToken"])  # fmt: skip
