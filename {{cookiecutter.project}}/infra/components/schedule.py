"""The continuous-training schedule, from the 5-field cron GitHub uses to EventBridge Scheduler's dialect."""

import re

from components.config_values import StackConfigError

_DAY_OF_WEEK_NUMBER = re.compile(r"[0-6]")


def aws_cron(expression: str) -> str:
    """`0 3 * * 1` → `cron(0 3 ? * 2 *)`: EventBridge numbers Sunday 1 (not 0), wants a year, and `?` in one day field.

    The kit already checked the expression when the project was generated; this refuses what a later edit broke.
    """
    fields = expression.split()
    if len(fields) != 5 or not fields[0].isdigit():
        raise StackConfigError(
            f"Stack config trainingSchedule={expression!r} is invalid: it must be 5-field cron with a single minute."
        )
    minute, hour, day_of_month, month, day_of_week = fields
    if day_of_week == "*":
        return f"cron({minute} {hour} {day_of_month} {month} ? *)"
    if day_of_month != "*":
        raise StackConfigError(
            f"Stack config trainingSchedule={expression!r} is invalid: it restricts both day-of-month and day-of-week."
        )
    shifted = ",".join(_sunday_is_one(item) for item in day_of_week.split(","))
    return f"cron({minute} {hour} ? {month} {shifted} *)"


def _sunday_is_one(item: str) -> str:
    """Shift the day numbers of one list item, not its step (`1-5/2` → `2-6/2`)."""
    days, slash, step = item.partition("/")
    return _DAY_OF_WEEK_NUMBER.sub(lambda digit: str(int(digit.group()) + 1), days) + slash + step
