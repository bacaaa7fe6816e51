"""Names of the minor resources (alarms, rules, topics) that ops commands never look up.

Every name an operator or a workflow uses comes from the package's `environments` module; these only add a suffix
to the environment's prefix, so all of a stack's resources sort together in the console.
"""

from {{ cookiecutter.package_name }}.environments import PROJECT, Environment


def scoped(env: Environment, what: str) -> str:
    """`<project>-<environment>-<what>`, e.g. `customer-churn-prod-5xx-errors`."""
    return f"{PROJECT}-{env.name}-{what}"


VARIANT_NAME = "AllTraffic"  # the endpoint's one production variant; its metrics carry this dimension
