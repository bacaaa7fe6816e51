"""The rules every cookiecutter answer must follow, each the one AWS, GitHub or Python imposes.

`problems(answers)` returns one sentence per broken rule, naming the question, the value and the rule; the
pre-generation hook (`main`) prints the first and aborts before anything is written. Stdlib only: hooks run before the
generated project's environment exists.
"""

import keyword
import re
import sys

from cron import CRON_DETAILS, CronError, check_cron
from derived import UNDERIVED
from naming import NAME_RULES, name_problems

# fmt: off
REGIONS = frozenset((
    "us-east-1 us-east-2 us-west-1 us-west-2 af-south-1 ap-east-1 ap-south-1 ap-south-2 ap-southeast-1 "
    "ap-southeast-2 ap-southeast-3 ap-southeast-4 ap-southeast-5 ap-southeast-7 ap-northeast-1 ap-northeast-2 "
    "ap-northeast-3 ca-central-1 ca-west-1 eu-central-1 eu-central-2 eu-west-1 eu-west-2 eu-west-3 eu-south-1 "
    "eu-south-2 eu-north-1 il-central-1 me-south-1 me-central-1 mx-central-1 sa-east-1"
).split())
# Packages the generated project imports; a package of the same name would shadow them.
DEPENDENCIES = frozenset("boto3 botocore numpy pandas pulumi pulumi_aws sagemaker sklearn xgboost moto".split())
# fmt: on
GPU_FAMILIES = ("ml.p", "ml.g", "ml.inf", "ml.trn")

# (question, pattern, the rule in words)
PATTERNS = (
    (
        "project_name",
        r"(?=.*\S)[^\x00-\x1f\x7f-\x9f\u2028\u2029\"\\]{1,50}",
        "is one line of at most 50 characters, not only spaces, without double quotes or backslashes",
    ),
    (
        "project",
        r"[a-z](?:[a-z0-9]|-(?=[a-z0-9]))+",
        "is at least 2 lowercase letters, digits and single hyphens, "
        "starting with a letter and not ending with a hyphen (it becomes part of DNS and S3 names)",
    ),
    ("package_name", r"[a-z][a-z0-9_]*", "is a lowercase Python identifier"),
    ("description", r"[^\n\"\\]{1,200}", "is one line of at most 200 characters without double quotes or backslashes"),
    ("author", r"[^\n\"\\]{1,100}", "is one line of at most 100 characters without double quotes or backslashes"),
    ("preprod_account_id", r"\d{12}", "is an AWS account id of exactly 12 digits"),
    ("prod_account_id", r"\d{12}", "is an AWS account id of exactly 12 digits"),
    (
        "github_owner",
        r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}",
        "is a GitHub user or organisation name: "
        "at most 39 letters, digits or single hyphens, not starting or ending with a hyphen",
    ),
    (
        "github_repo",
        r"(?!\.\.?$)[A-Za-z0-9._-]{1,100}",
        "is a GitHub repository name: letters, digits, '.', '-' or '_'",
    ),
    (
        "pulumi_backend_url",
        r"s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/[\w./-]*)?(\?[\w=&.-]*)?",
        "is an s3:// URL of a valid bucket name, like the one the account bootstrap prints",
    ),
    (
        "pulumi_secrets_kms_alias",
        r"alias/(?!aws/)[A-Za-z0-9/_-]{1,250}",
        "is a KMS alias like alias/pulumi-secrets, outside the reserved alias/aws/ prefix",
    ),
    (
        "preprod_instance_type",
        r"ml\.[a-z0-9]+\.(?:medium|large|\d*xlarge)",
        "is a SageMaker instance type such as ml.m5.large",
    ),
    (
        "prod_instance_type",
        r"ml\.[a-z0-9]+\.(?:medium|large|\d*xlarge)",
        "is a SageMaker instance type such as ml.m5.xlarge",
    ),
    ("alarm_email", r"(?:[^@\s]+@[^@\s]+\.[A-Za-z]{2,})?", "is empty or an e-mail address"),
)


def sentence(question: str, value: object, rule: str) -> str:
    return f"Invalid {question} {value!r}: it must be a value that {rule}."


def _matches(question: str, value: str) -> bool:
    return all(re.fullmatch(pattern, value) for asked, pattern, _ in PATTERNS if asked == question)


def _pattern_problems(answers: dict[str, str]) -> list[str]:
    return [
        sentence(question, answers[question], rule)
        for question, pattern, rule in PATTERNS
        if not re.fullmatch(pattern, answers[question])
    ]


SHADOW_RULE = "does not shadow a keyword, a standard-library module or a dependency"
REGION_RULE = "is an AWS region where SageMaker runs, such as eu-west-1"
CRON_RULE = "is 5-field cron that GitHub and EventBridge both accept"
CPU_RULE = "is a CPU instance type when model_framework is scikit-learn, whose serving container has no GPU build"
# Rules checked in code rather than by a pattern, for the questions reference in the docs.
CODE_RULES = {
    "package_name": [SHADOW_RULE],
    "aws_region": [REGION_RULE],
    "ct_schedule": [CRON_RULE + ": " + CRON_DETAILS],
    "preprod_instance_type": [CPU_RULE],
    "prod_instance_type": [CPU_RULE],
}


def _field_problems(answers: dict[str, str]) -> list[str]:
    found = []
    package = answers["package_name"]
    if keyword.iskeyword(package) or package in sys.stdlib_module_names or package in DEPENDENCIES:
        found.append(sentence("package_name", package, SHADOW_RULE))
    if answers["aws_region"] not in REGIONS:
        found.append(sentence("aws_region", answers["aws_region"], REGION_RULE))
    try:
        check_cron(answers["ct_schedule"])
    except CronError as error:
        found.append(sentence("ct_schedule", answers["ct_schedule"], f"{CRON_RULE} ({error})"))
    return found


def _cross_field_problems(answers: dict[str, str]) -> list[str]:
    found = []
    if answers["model_framework"] == "scikit-learn":
        for question in ("preprod_instance_type", "prod_instance_type"):
            if answers[question].startswith(GPU_FAMILIES):
                found.append(sentence(question, answers[question], CPU_RULE))
    return found


def rules() -> dict[str, list[str]]:
    """Every rule of every question, in words: the source of the questions reference."""
    found: dict[str, list[str]] = {}
    for question, _, rule in PATTERNS:
        found.setdefault(question, []).append(rule)
    for question, extra in [*CODE_RULES.items(), *NAME_RULES.items()]:
        found.setdefault(question, []).extend(extra)
    return found


def _underived_project(answers: dict[str, str]) -> list[str]:
    """A project_name with no ASCII letter or digit yields no slug: `project` is then the UNDERIVED placeholder, and
    package_name and github_repo are derived from it. One sentence asks for the one answer to give, not three."""
    name = answers["project_name"]
    if answers["project"] != UNDERIVED or not _matches("project_name", name):
        return []
    rule = next(rule for question, _, rule in PATTERNS if question == "project")
    return [
        f"Invalid project {UNDERIVED!r}: a slug could not be derived from project_name {name!r}, which has no "
        "ASCII letter or digit even once accents are transliterated, so project must be given (for example "
        f"project=customer-churn), as a value that {rule}."
    ]


def problems(answers: dict[str, str]) -> list[str]:
    """Every broken rule as one sentence; an empty list means the answers are usable."""
    found = _pattern_problems(answers)
    if found:  # names built from malformed parts would only repeat the same complaint
        return _underived_project(answers) or found
    return _field_problems(answers) + _cross_field_problems(answers) + name_problems(answers, sentence)


def main(context: dict) -> None:
    """The pre-generation hook: the first broken rule as one sentence on stderr, and a non-zero exit, which makes
    cookiecutter stop and remove the project directory before a file is written."""
    found = problems({key: str(value) for key, value in context.items() if not key.startswith("_")})
    if found:
        print(found[0], file=sys.stderr)
        raise SystemExit(1)
