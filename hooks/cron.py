"""Validation of the 5-field cron expressions GitHub Actions and EventBridge both accept.

The continuous-training schedule runs in two places: a GitHub `schedule:` trigger (POSIX cron) and an EventBridge
rule (its own cron dialect, which cannot restrict day-of-month and day-of-week at once). Only expressions valid in
both are accepted.
"""

import re

FIELDS = (
    ("minute", 0, 59, {}),
    ("hour", 0, 23, {}),
    ("day-of-month", 1, 31, {}),
    (
        "month",
        1,
        12,
        {
            m: i + 1
            for i, m in enumerate(["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"])
        },
    ),
    ("day-of-week", 0, 6, {d: i for i, d in enumerate(["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"])}),
)
CRON_DETAILS = (
    "minute hour day-of-month month day-of-week, the minute a single number (at most one run an hour), and "
    "day-of-month or day-of-week left as *"
)
_ITEM = re.compile(r"^(\*|[0-9A-Za-z]+(?:-[0-9A-Za-z]+)?)(?:/([0-9]+))?$")


class CronError(ValueError):
    """A cron expression that GitHub or EventBridge would reject."""


def _value(token: str, field: str, low: int, high: int, names: dict[str, int]) -> int:
    number = names.get(token.upper()) if not token.isdigit() else int(token)
    if number is None or not low <= number <= high:
        raise CronError(f"its {field} field has {token!r}, outside {low}-{high}")
    return number


def _check_field(text: str, field: str, low: int, high: int, names: dict[str, int]) -> None:
    for item in text.split(","):
        match = _ITEM.match(item)
        if not match:
            raise CronError(f"its {field} field has {item!r}, which is not a value, range, list or step")
        span, step = match.groups()
        if step is not None and int(step) == 0:
            raise CronError(f"its {field} field has a step of 0")
        if span != "*":
            bounds = [_value(part, field, low, high, names) for part in span.split("-")]
            if bounds != sorted(bounds):
                raise CronError(f"its {field} field has the reversed range {span!r}")


def check_cron(expression: str) -> None:
    """Raise CronError naming the rule `expression` breaks; return None if it is usable."""
    fields = expression.split()
    if len(fields) != 5:
        raise CronError(f"it has {len(fields)} fields, not the 5 of minute hour day-of-month month day-of-week")
    for text, (field, low, high, names) in zip(fields, FIELDS, strict=False):
        _check_field(text, field, low, high, names)
    if not fields[0].isdigit():
        raise CronError("its minute field must be a single number, so training runs at most once an hour")
    if fields[2] != "*" and fields[4] != "*":
        raise CronError("EventBridge cannot restrict both day-of-month and day-of-week; set one of them to *")
