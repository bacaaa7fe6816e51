"""GitHub's OIDC token for a job, and AWS STS's decision on it (AssumeRoleWithWebIdentity).

Claims follow GitHub's "About security hardening with OpenID Connect": `sub` is `repo:<owner>/<repo>:environment:
<name>` for a job in an Environment, `repo:<owner>/<repo>:pull_request` for a pull-request job, else
`repo:<owner>/<repo>:ref:<ref>`; `aud` is `sts.amazonaws.com` for configure-aws-credentials. A job gets a token only
with `permissions: id-token: write`. STS admits it when the role exists, a trust statement allows
sts:AssumeRoleWithWebIdentity for the account's provider of token.actions.githubusercontent.com and its conditions
hold for the token's claims, and the session asked for is within the role's MaxSessionDuration.
"""

from typing import Any

from botocore.exceptions import ClientError

from . import iam
from .moto_admin import admin_client

HOST = "token.actions.githubusercontent.com"


class Refused(RuntimeError):
    """STS (or GitHub) would refuse the job's credentials; the message says why."""


def claims(job: Any) -> dict[str, str]:
    repository, environment = job.runner.repository, job.environment
    if environment:
        subject = f"repo:{repository}:environment:{environment}"
    elif job.event.name == "pull_request":
        subject = f"repo:{repository}:pull_request"
    else:
        subject = f"repo:{repository}:ref:{job.event.ref}"
    return {f"{HOST}:sub": subject, f"{HOST}:aud": "sts.amazonaws.com"}


def assume(job: Any, role_arn: str, duration: int) -> dict[str, Any]:
    if job.workflow.permission(job.job_id, "id-token") != "write":
        raise Refused(f"job {job.job_id} has no `id-token: write` permission, so GitHub issues it no OIDC token.")
    token = claims(job)
    account, role_name = role_arn.split(":")[4], role_arn.split("/")[-1]
    iam_client = admin_client(account, "iam", job.runner.region)
    try:
        role = iam_client.get_role(RoleName=role_name)["Role"]
    except ClientError:
        raise Refused(f"Not authorized to perform sts:AssumeRoleWithWebIdentity: no role {role_arn}.") from None
    provider = f"arn:aws:iam::{account}:oidc-provider/{HOST}"
    providers = [p["Arn"] for p in iam_client.list_open_id_connect_providers()["OpenIDConnectProviderList"]]
    trust = iam.statements(role["AssumeRolePolicyDocument"])
    if provider not in providers or not any(_admits(statement, provider, token) for statement in trust):
        raise Refused(f"Not authorized to perform sts:AssumeRoleWithWebIdentity: the trust of {role_arn} does not "
                      f"admit {token[f'{HOST}:sub']}.")  # fmt: skip
    if duration > role.get("MaxSessionDuration", 3600):
        raise Refused(f"The requested DurationSeconds {duration} exceeds the MaxSessionDuration of {role_arn}.")
    sts = admin_client(account, "sts", job.runner.region)
    answer = sts.assume_role_with_web_identity(RoleArn=role_arn, RoleSessionName=f"{job.job_id}-{job.runner.run_id}",
                                               WebIdentityToken="standin.jwt", DurationSeconds=duration)  # fmt: skip
    job.runner.calls.sessions[answer["Credentials"]["AccessKeyId"]] = role_arn
    return answer["Credentials"]


def _admits(statement: iam.Statement, provider: str, token: dict[str, str]) -> bool:
    federated = iam._listed((statement.get("Principal") or {}).get("Federated"))
    actions = iam._listed(statement.get("Action"))
    return (statement.get("Effect") == "Allow" and provider in federated
            and any(iam._like("sts:AssumeRoleWithWebIdentity", a, True) for a in actions)
            and iam.conditions_hold(statement.get("Condition") or {}, token))  # fmt: skip
