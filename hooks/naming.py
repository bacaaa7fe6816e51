"""The AWS names a generated project creates, and the length limit of each.

These templates mirror the generated `environments.py` (a kit test checks the two agree): checking them here turns
a `pulumi up` that fails on a too-long name, hours later, into a clear answer at generation time.
"""

from collections.abc import Callable

ENVIRONMENTS = ("preprod", "prod")
# (kind of name, template, AWS limit, the question whose value makes it long)
NAMES = (
    ("S3 bucket", "{project}-{env}-artifacts-{account}", 63, "project"),
    ("S3 bucket", "{project}-{env}-access-logs-{account}", 63, "project"),
    ("IAM role", "{project}-{env}-sagemaker-execution", 64, "project"),
    ("IAM role", "{project}-{env}-events-invoke", 64, "project"),
    ("SageMaker endpoint configuration", "{project}-{env}-0123456789", 63, "project"),
    ("SageMaker pipeline", "{project}-training", 82, "project"),
    ("EventBridge API destination", "{project}-{env}-github-dispatch", 64, "project"),
    ("IAM policy", "{project}-{env}-workload-boundary", 128, "project"),
    ("IAM role", "{github_repo}-{env}-deploy", 64, "github_repo"),
    ("IAM role", "{github_repo}-{env}-preview", 64, "github_repo"),
)

NAME_RULES = {
    question: [
        "keeps every AWS name built from it within its limit ("
        + ", ".join(sorted({f"{kind} {limit}" for kind, _, limit, asked in NAMES if asked == question}))
        + " characters)"
    ]
    for question in ("project", "github_repo")
}


def _account(answers: dict[str, str], env: str) -> str:
    return answers[f"{env}_account_id"]


def name_problems(answers: dict[str, str], sentence: Callable[[str, object, str], str]) -> list[str]:
    """One sentence per question whose value makes some AWS name exceed its limit (the longest such name)."""
    found: dict[str, str] = {}
    for kind, template, limit, question in NAMES:
        for env in ENVIRONMENTS:
            name = template.format(env=env, account=_account(answers, env), **answers)
            if len(name) > limit and question not in found:
                rule = f"keeps the {kind} name {name!r} ({len(name)} characters) within AWS's limit of {limit}"
                found[question] = sentence(question, answers[question], rule)
    return list(found.values())
