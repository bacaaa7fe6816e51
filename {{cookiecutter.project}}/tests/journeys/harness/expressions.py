{% raw %}"""GitHub Actions expressions (`${{ ... }}`), evaluated as the runner does, for the job player.

Follows GitHub's "Evaluate expressions in workflows and actions" reference: literals, `.`/`[]` property access,
`!`, `==`, `!=`, `<`, `>`, `&&`, `||` (which return an operand, not a boolean), loose equality, and the functions
`contains`, `startsWith`, `endsWith`, `format`, `join`, `toJSON`, `fromJSON`, `success`, `failure`, `always`,
`cancelled`. A missing property is null, as on GitHub; an unknown context, function or syntax error raises
ExpressionError, so a typo in a workflow fails the replay instead of passing as an empty string.
"""

import json
import re
from collections.abc import Callable, Mapping
from typing import Any

_TOKEN = re.compile(
    r"\s*(?:(?P<number>-?\d+(?:\.\d+)?)|(?P<string>'(?:[^']|'')*')|(?P<op>==|!=|<=|>=|&&|\|\||[!<>().,\[\]*])"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_-]*))"
)
_TEMPLATE = re.compile(r"\$\{\{(.*?)\}\}", re.S)


class ExpressionError(ValueError):
    """An expression the player cannot evaluate: the replay stops here."""


def tokens(text: str) -> list[tuple[str, str]]:
    found, position = [], 0
    while position < len(text.rstrip()):
        match = _TOKEN.match(text, position)
        if not match or match.end() == position:
            raise ExpressionError(f"Expression {text!r} cannot be parsed at {text[position:]!r}.")
        kind = match.lastgroup or ""
        found.append((kind, match.group(kind)))
        position = match.end()
    return found


class Evaluator:
    """Evaluates one expression against `contexts` (github, env, steps, ...) and the job's status functions."""

    def __init__(self, contexts: Mapping[str, Any], status: Callable[[str], bool]) -> None:
        self.contexts, self.status = contexts, status

    def evaluate(self, text: str) -> Any:
        self.items, self.index, self.text = tokens(text), 0, text
        value = self._or()
        if self.index != len(self.items):
            raise ExpressionError(f"Expression {text!r} has unexpected {self.items[self.index][1]!r}.")
        return value

    def _peek(self) -> str | None:
        return self.items[self.index][1] if self.index < len(self.items) else None

    def _take(self, expected: str | None = None) -> tuple[str, str]:
        if self.index >= len(self.items) or (expected and self.items[self.index][1] != expected):
            raise ExpressionError(f"Expression {self.text!r}: expected {expected or 'more'}.")
        self.index += 1
        return self.items[self.index - 1]

    def _or(self) -> Any:
        return self._chain("||", self._and, lambda left, right: left if truthy(left) else right)

    def _and(self) -> Any:
        return self._chain("&&", self._comparison, lambda left, right: right if truthy(left) else left)

    def _chain(self, operator: str, operand: Callable[[], Any], combine: Callable[[Any, Any], Any]) -> Any:
        """`operand (operator operand)*`: `||` and `&&` yield one of their operands, not a boolean."""
        value = operand()
        while self._peek() == operator:
            self._take()
            value = combine(value, operand())
        return value

    def _comparison(self) -> Any:
        value = self._unary()
        while self._peek() in ("==", "!=", "<", ">", "<=", ">="):
            operator = self._take()[1]
            value = compare(operator, value, self._unary())
        return value

    def _unary(self) -> Any:
        if self._peek() == "!":
            self._take()
            return not truthy(self._unary())
        return self._postfix(self._primary())

    def _primary(self) -> Any:
        kind, text = self._take()
        if kind == "number":
            return float(text) if "." in text else int(text)
        if kind == "string":
            return text[1:-1].replace("''", "'")
        if text == "(":
            value = self._or()
            self._take(")")
            return value
        if kind != "name":
            raise ExpressionError(f"Expression {self.text!r}: unexpected {text!r}.")
        if self._peek() == "(":
            return self._call(text)
        return literal_or_context(text, self.contexts, self.text)

    def _call(self, name: str) -> Any:
        self._take("(")
        arguments = []
        while self._peek() != ")":
            arguments.append(self._or())
            if self._peek() == ",":
                self._take()
        self._take(")")
        if name in ("success", "failure", "always", "cancelled"):
            return self.status(name)
        if name not in FUNCTIONS:
            raise ExpressionError(f"Expression {self.text!r} calls unknown function {name}().")
        return FUNCTIONS[name](*arguments)

    def _postfix(self, value: Any) -> Any:
        while self._peek() in (".", "["):
            if self._take()[1] == ".":
                key: Any = self._take()[1]
            else:
                key = self._or()
                self._take("]")
            value = _index(value, key)
        return value


def _index(value: Any, key: Any) -> Any:
    """`value[key]`: an object's property, an array's item (`fromJSON(x)[0]`), else null, as on GitHub."""
    if isinstance(value, Mapping):
        return value.get(str(key))
    if isinstance(value, list) and isinstance(key, int | float) and not isinstance(key, bool) and key == int(key):
        return value[int(key)] if 0 <= key < len(value) else None
    return None


def literal_or_context(name: str, contexts: Mapping[str, Any], text: str) -> Any:
    literals = {"true": True, "false": False, "null": None}
    if name in literals:
        return literals[name]
    if name not in contexts:
        raise ExpressionError(f"Expression {text!r} names unknown context {name!r}.")
    return contexts[name]


def truthy(value: Any) -> bool:
    return value not in (None, False, 0, "", 0.0)


def compare(operator: str, left: Any, right: Any) -> bool:
    """Loose comparison: strings compare case-insensitively, mixed types as numbers (GitHub's rule)."""
    if isinstance(left, str) and isinstance(right, str):
        left, right = left.lower(), right.lower()
    elif type(left) is not type(right):
        left, right = as_number(left), as_number(right)
    return {"==": left == right, "!=": left != right, "<": left < right, ">": left > right,
            "<=": left <= right, ">=": left >= right}[operator]  # fmt: skip


def as_number(value: Any) -> float:
    if value is None or value is False:
        return 0.0
    if value is True:
        return 1.0
    try:
        return float(value) if value != "" else 0.0
    except (TypeError, ValueError):
        return float("nan")


def as_text(value: Any) -> str:
    """How a value appears when interpolated into a string."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, Mapping | list):
        return json.dumps(value, indent=2)
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "contains": lambda haystack, needle: (
        any(compare("==", item, needle) for item in haystack)
        if isinstance(haystack, list)
        else as_text(needle).lower() in as_text(haystack).lower()
    ),
    "startsWith": lambda text, prefix: as_text(text).lower().startswith(as_text(prefix).lower()),
    "endsWith": lambda text, suffix: as_text(text).lower().endswith(as_text(suffix).lower()),
    "format": lambda template, *values: re.sub(r"\{(\d+)\}", lambda m: as_text(values[int(m[1])]), template),
    "join": lambda items, separator=",": (
        separator.join(as_text(i) for i in items) if isinstance(items, list) else as_text(items)
    ),
    "toJSON": lambda value: json.dumps(value, indent=2),
    "fromJSON": lambda text: json.loads(text),
}


def interpolate(text: str, evaluator: Evaluator) -> str:
    """`text` with every `${{ expr }}` replaced by its value, as GitHub does before a step runs."""
    return _TEMPLATE.sub(lambda match: as_text(evaluator.evaluate(match.group(1))), text)


def condition(text: str, evaluator: Evaluator) -> bool:
    """An `if:` value: with or without `${{ }}`; a condition with no status function implies success()."""
    stripped = text.strip()
    inner = stripped[3:-2] if stripped.startswith("${{") and stripped.endswith("}}") else stripped
    if not re.search(r"\b(success|failure|always|cancelled)\s*\(", inner):
        inner = f"success() && ({inner})"
    return truthy(evaluator.evaluate(inner))
{% endraw %}