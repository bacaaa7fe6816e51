{% raw %}"""The job player's own rules, checked fast and directly: expressions, `$GITHUB_OUTPUT` parsing, workflow triggers,
needs and permissions, and a tiny synthetic workflow played with a fake runner (no git, no AWS, no GitHub)."""

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .harness.expressions import Evaluator, ExpressionError, condition, interpolate
from .harness.player import Job, JobResult, parse_outputs, play_job
from .harness.workflow import Event, Workflow

CONTEXTS: dict[str, Any] = {
    "github": {"event_name": "push", "ref": "refs/heads/main", "event": {"pull_request": {"number": 7}}},
    "env": {"NAME": "Ada", "EMPTY": ""},
    "steps": {"build": {"outputs": {"version": "1.2.0"}, "outcome": "success"}},
}


def evaluate(text: str, status: str = "success", contexts: dict[str, Any] | None = None) -> Any:
    return Evaluator(contexts or CONTEXTS, status_of(status)).evaluate(text)


def status_of(status: str) -> Callable[[str], bool]:
    return lambda name: {"success": status == "success", "failure": status == "failure", "always": True,
                         "cancelled": False}[name]  # fmt: skip


# --- expressions -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("'' || 'fallback'", "fallback"),  # || returns the first truthy operand, not a boolean
        ("'first' || 'second'", "first"),
        ("0 || false", False),  # ... or the last one when none is truthy
        ("'a' && 'b'", "b"),  # && returns the last operand when all are truthy
        ("null && 'b'", None),  # ... or the first falsy one
        ("env.EMPTY && 'b'", ""),
        ("github.event_name == 'push' && 'deploy' || 'skip'", "deploy"),  # the ternary idiom
        ("github.event_name == 'schedule' && 'deploy' || 'skip'", "skip"),
    ],
)
def test_or_and_return_an_operand(text: str, expected: Any) -> None:
    assert evaluate(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("'ABC' == 'abc'", True),  # strings compare case-insensitively
        ("env.NAME == 'ADA'", True),
        ("'abc' != 'ABD'", True),
        ("1 == '1'", True),  # mixed types compare as numbers
        ("'' == 0", True),
        ("null == 0", True),
        ("true == 1", True),
        ("'abc' == 0", False),  # NaN equals nothing
        ("2 > 1.5", True),
        ("'b' > 'A'", True),
    ],
)
def test_equality_is_loose_and_case_insensitive(text: str, expected: bool) -> None:
    assert evaluate(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("!''", True), ("!'x'", False), ("!null", True), ("!0", True), ("!!'x'", True), ("!(1 == 2)", True)],
)
def test_not_negates_truthiness(text: str, expected: bool) -> None:
    assert evaluate(text) is expected


def test_property_access_reads_contexts_and_a_missing_property_is_null() -> None:
    assert evaluate("github.event.pull_request.number") == 7
    assert evaluate("github['event_name']") == "push"
    assert evaluate("steps.build.outputs.version") == "1.2.0"
    assert evaluate("steps.missing.outputs.version") is None  # null all the way down, no error
    assert evaluate("github.event.pull_request.number.deeper") is None
    assert evaluate("fromJSON('[10, 20]')[1]") == 20  # arrays index by number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("contains('Hello World', 'world')", True),  # substring, case-insensitive
        ("contains(fromJSON('[\"push\", \"schedule\"]'), 'PUSH')", True),  # array item, loose equality
        ("contains(fromJSON('[\"push\"]'), 'pu')", False),  # an item, not a substring of one
        ("startsWith(github.ref, 'REFS/heads/')", True),
        ("startsWith(github.ref, 'refs/tags/')", False),
        ("endsWith(github.ref, '/MAIN')", True),
        ("format('{0}-{1}-{0}', 'a', 2)", "a-2-a"),
        ("join(fromJSON('[\"a\", \"b\"]'), '+')", "a+b"),
        ('fromJSON(\'{"a": {"b": 3}}\').a.b', 3),
        ("fromJSON('true')", True),
    ],
)
def test_functions(text: str, expected: Any) -> None:
    assert evaluate(text) == expected


def test_to_json_pretty_prints_and_round_trips() -> None:
    text = evaluate("toJSON(steps.build)")
    assert text == json.dumps(CONTEXTS["steps"]["build"], indent=2)
    assert evaluate(f"fromJSON('{json.dumps({'k': [1, 2]})}')") == {"k": [1, 2]}


@pytest.mark.parametrize(
    ("status", "success", "failure"),
    [("success", True, False), ("failure", False, True)],
)
def test_status_functions_ask_the_job(status: str, success: bool, failure: bool) -> None:
    assert evaluate("success()", status) is success
    assert evaluate("failure()", status) is failure
    assert evaluate("always()", status) is True
    assert evaluate("cancelled()", status) is False


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("secrets.TOKEN", "unknown context 'secrets'"),  # a context the job does not have
        ("nosuch.value == 'x'", "unknown context 'nosuch'"),
        ("toJson(env)", "unknown function toJson()"),  # names are exact: a typo is not a function
        ("'a' ==", "expected more"),
        ("(1 == 1", "expected )"),
        ("env.NAME env.NAME", "unexpected"),
        ("env.NAME @ 1", "cannot be parsed"),
    ],
)
def test_what_cannot_be_evaluated_raises(text: str, message: str) -> None:
    with pytest.raises(ExpressionError, match=message.replace("(", r"\(").replace(")", r"\)")):
        evaluate(text)


def test_a_condition_without_status_function_implies_success() -> None:
    ok, failed = Evaluator(CONTEXTS, status_of("success")), Evaluator(CONTEXTS, status_of("failure"))
    assert condition("github.event_name == 'push'", ok) is True
    assert condition("github.event_name == 'push'", failed) is False  # success() && (...)
    assert condition("${{ github.event_name == 'push' }}", ok) is True  # with or without ${{ }}
    assert condition("failure() && github.event_name == 'push'", failed) is True
    assert condition("${{ always() }}", failed) is True
    assert condition("'false'", ok) is True  # a non-empty string is truthy


def test_interpolate_replaces_each_expression_with_its_text() -> None:
    evaluator = Evaluator(CONTEXTS, status_of("success"))
    assert interpolate("Hi ${{ env.NAME }}, v${{steps.build.outputs.version}}!", evaluator) == "Hi Ada, v1.2.0!"
    assert interpolate("[${{ steps.missing }}] ${{ 1 == 1 }} ${{ 2.0 }}", evaluator) == "[] true 2"
    assert json.loads(interpolate("${{ github.event }}", evaluator)) == CONTEXTS["github"]["event"]
    assert interpolate("no expression", evaluator) == "no expression"


# --- $GITHUB_OUTPUT and $GITHUB_ENV ------------------------------------------------------------------------------


def test_parse_outputs_reads_key_value_lines_and_heredocs() -> None:
    text = "a=1\nb=x=y\nnotes<<EOF\nline one\nkey=inside\nEOF\nempty=\nc=a<<b\n\n"
    assert parse_outputs(text) == {"a": "1", "b": "x=y", "notes": "line one\nkey=inside", "empty": "", "c": "a<<b"}


def test_parse_outputs_heredoc_with_a_generated_delimiter() -> None:
    text = 'json<<ghadelimiter_5f2b\n{\n  "k": 1\n}\nghadelimiter_5f2b\nafter=yes\n'
    assert parse_outputs(text) == {"json": '{\n  "k": 1\n}', "after": "yes"}


# --- workflow files ----------------------------------------------------------------------------------------------

TRIGGERS = """
name: triggers
on:
  push:
    branches: [main]
  pull_request:
    branches: [main]
  repository_dispatch:
    types: [model-approved]
  workflow_dispatch:
    inputs:
      stage: {default: preprod}
      dry-run: {default: "false"}
      note: {}
permissions:
  contents: read
  id-token: write
jobs:
  first: {runs-on: ubuntu-latest, environment: preprod, steps: []}
  third: {needs: [first, second], permissions: {pull-requests: write}, steps: []}
  second: {needs: first, environment: {name: prod, url: "https://example.com"}, permissions: {}, steps: []}
  fourth: {permissions: write-all, steps: []}
  fifth: {permissions: read-all, steps: []}
"""


def load(tmp_path: Path, text: str, name: str = "workflow.yml") -> Workflow:
    path = tmp_path / name
    path.write_text(text)
    return Workflow.load(path)


def pull_request_to(base: str) -> Event:
    return Event(
        "pull_request", {"pull_request": {"base": {"ref": base}, "head": {"ref": "topic"}}}, "refs/pull/1/merge"
    )


def test_runs_on_honours_types_and_branch_filters(tmp_path: Path) -> None:
    workflow = load(tmp_path, TRIGGERS)
    assert workflow.runs_on(Event("push", ref="refs/heads/main"))
    assert not workflow.runs_on(Event("push", ref="refs/heads/topic"))
    assert workflow.runs_on(pull_request_to("main"))
    assert not workflow.runs_on(pull_request_to("release"))  # pull_request filters on the base branch
    assert workflow.runs_on(Event("repository_dispatch", {"action": "model-approved"}))
    assert not workflow.runs_on(Event("repository_dispatch", {"action": "model-rejected"}))
    assert workflow.runs_on(Event("workflow_dispatch"))
    assert not workflow.runs_on(Event("schedule"))  # not a trigger of this workflow


def test_runs_on_a_list_of_events_has_no_filters(tmp_path: Path) -> None:
    workflow = load(tmp_path, "name: listed\non: [push, repository_dispatch]\njobs: {}\n")
    assert workflow.runs_on(Event("push", ref="refs/heads/anything"))
    assert workflow.runs_on(Event("repository_dispatch", {"action": "any"}))
    assert not workflow.runs_on(Event("pull_request"))


def test_order_respects_needs(tmp_path: Path) -> None:
    order = load(tmp_path, TRIGGERS).order()
    assert order.index("first") < order.index("second") < order.index("third")
    assert sorted(order) == ["fifth", "first", "fourth", "second", "third"]


def test_order_refuses_a_cycle(tmp_path: Path) -> None:
    workflow = load(tmp_path, "name: cycle\non: push\njobs:\n  a: {needs: b}\n  b: {needs: a}\n")
    with pytest.raises(ValueError, match="cycle"):
        workflow.order()


def test_a_jobs_permissions_replace_the_workflows(tmp_path: Path) -> None:
    workflow = load(tmp_path, TRIGGERS)
    assert workflow.permission("first", "id-token") == "write"  # the workflow's block
    assert workflow.permission("first", "pull-requests") == "none"
    assert workflow.permission("third", "pull-requests") == "write"
    assert workflow.permission("third", "id-token") == "none"  # replaced, not merged
    assert workflow.permission("third", "contents") == "none"
    assert workflow.permission("second", "contents") == "none"  # `{}` grants nothing
    assert workflow.permission("fourth", "id-token") == "write"
    assert workflow.permission("fifth", "contents") == "read"


def test_environment_by_name_or_block(tmp_path: Path) -> None:
    workflow = load(tmp_path, TRIGGERS)
    assert (workflow.environment("first"), workflow.environment("second"), workflow.environment("third")) == (
        "preprod",
        "prod",
        None,
    )


def test_dispatch_inputs_take_defaults_and_refuse_undeclared_ones(tmp_path: Path) -> None:
    workflow = load(tmp_path, TRIGGERS)
    assert workflow.dispatch_inputs({}) == {"stage": "preprod", "dry-run": "false", "note": None}
    assert workflow.dispatch_inputs({"stage": "prod"})["stage"] == "prod"
    with pytest.raises(ValueError, match="declares no input 'stgae'"):
        workflow.dispatch_inputs({"stgae": "prod"})


# --- the player, on a synthetic workflow -------------------------------------------------------------------------


class FakeRunner:
    """What play_job asks of harness.world.Runner, and nothing more: no git, no AWS, no GitHub."""

    repository = "acme/widgets"

    def __init__(self) -> None:
        self.actions = {"actions/checkout": self.checkout}
        self.lines: list[str] = []

    def checkout(self, job: Job, inputs: dict[str, str], env: dict[str, str]) -> bool:
        job.workspace.mkdir(parents=True)
        (job.workspace / "README").write_text(inputs.get("greeting", ""))
        return True

    def github_context(self, event: Event, workflow: Workflow, job_id: str) -> dict[str, Any]:
        return {"event_name": event.name, "event": event.payload, "ref": event.ref, "repository": self.repository,
                "workflow": workflow.name, "job": job_id}  # fmt: skip

    def secrets_for(self, environment: str | None, event: Event) -> dict[str, str]:
        return {"TOKEN": "preprod-token"} if environment == "preprod" else {}

    def machine_env(self, job: Job) -> dict[str, str]:
        return {"PATH": os.environ["PATH"], "HOME": str(job.home), "LANG": "C.UTF-8"}

    def say(self, line: str) -> None:
        self.lines.append(line)


PUSH = Event("push", {"ref": "refs/heads/main"})
WORKFLOW = """
name: synthetic
on: push
env:
  STAGE: preprod
  WHO: ${{ github.event_name }}
jobs:
  steps:
    runs-on: ubuntu-latest
    environment: preprod
    env:
      LEVEL: job-${{ env.STAGE }}
    outputs:
      version: ${{ steps.first.outputs.version }}
      notes: ${{ steps.first.outputs.notes }}
    steps:
      - uses: actions/checkout@v4
        with:
          greeting: hello ${{ env.STAGE }}
      - id: first
        name: Write outputs
        run: |
          echo "one" >> order.txt
          echo "version=1.2.${{ 1 == 1 && '3' || '0' }}" >> "$GITHUB_OUTPUT"
          { echo "notes<<EOF"; echo "line 1"; echo "line 2"; echo "EOF"; } >> "$GITHUB_OUTPUT"
          echo "EXPORTED=from-first" >> "$GITHUB_ENV"
      - id: second
        name: Read them back
        env:
          STEP_ONLY: step-${{ steps.first.outputs.version }}
          SECRET: ${{ secrets.TOKEN }}
        run: |
          echo "two" >> order.txt
          echo "seen=$STAGE $WHO $LEVEL $STEP_ONLY $EXPORTED $SECRET $(cat README)" >> "$GITHUB_OUTPUT"
      - name: The step env does not leak
        run: |
          echo "three" >> order.txt
          test -z "${STEP_ONLY:-}" && test "$EXPORTED" = from-first
      - name: Skipped when false
        if: steps.first.outputs.version == '9.9.9'
        run: echo "never" >> order.txt
      - id: last
        run: echo "order=$(paste -sd, order.txt)" >> "$GITHUB_OUTPUT"
  failing:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - id: boom
        run: exit 3
      - id: after
        run: echo "never"
      - id: implied
        if: steps.boom.outcome == 'failure'
        run: echo "never"
      - id: rescue
        if: failure() && steps.boom.outcome == 'failure'
        run: echo "rescued=yes" >> "$GITHUB_OUTPUT"
      - id: cleanup
        if: always()
        run: echo "cleaned=yes" >> "$GITHUB_OUTPUT"
  passing:
    runs-on: ubuntu-latest
    needs: steps
    steps:
      - uses: actions/checkout@v4
      - id: ok
        run: echo "version=${{ needs.steps.outputs.version }}" >> "$GITHUB_OUTPUT"
      - id: rescue
        if: failure()
        run: echo "never"
      - id: cleanup
        if: always()
        run: "true"
  only-on-schedule:
    if: github.event_name == 'schedule'
    runs-on: ubuntu-latest
    steps:
      - run: exit 1
  after-failing:
    needs: failing
    runs-on: ubuntu-latest
    steps:
      - run: "true"
  after-failing-always:
    needs: failing
    if: always() && needs.failing.result == 'failure'
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: "true"
  unknown-action:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: acme/not-stood-in@v1
  unresolvable:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Typo
        run: echo "${{ step.first.outputs.version }}"
"""


@pytest.fixture
def synthetic(tmp_path: Path) -> Workflow:
    return load(tmp_path, WORKFLOW, "synthetic.yml")


def play(workflow: Workflow, job_id: str, needs: dict[str, JobResult] | None = None) -> JobResult:
    return play_job(workflow, job_id, PUSH, FakeRunner(), needs or {})


def test_run_steps_in_order_with_env_outputs_and_exported_env(synthetic: Workflow) -> None:
    result = play(synthetic, "steps")
    assert result.result == "success", result.log
    assert [step.outcome for step in result.steps] == ["success"] * 4 + ["skipped", "success"]
    assert result.step("last").outputs == {"order": "one,two,three"}  # in order; the false `if:` never ran
    assert result.step("first").outputs == {"version": "1.2.3", "notes": "line 1\nline 2"}
    # workflow env, job env built from it, step env from an earlier step's output, $GITHUB_ENV, the Environment's
    # secret and what the action stand-in got in `with:`
    seen = "preprod push job-preprod step-1.2.3 from-first preprod-token hello preprod"
    assert result.step("Read them back").outputs == {"seen": seen}


def test_job_outputs_are_interpolated_after_the_steps(synthetic: Workflow) -> None:
    result = play(synthetic, "steps")
    assert result.outputs == {"version": "1.2.3", "notes": "line 1\nline 2"}
    passing = play(synthetic, "passing", {"steps": result})
    assert passing.step("ok").outputs == {"version": "1.2.3"}  # needs.<job>.outputs


def test_after_a_failure_only_failure_and_always_steps_run(synthetic: Workflow) -> None:
    result = play(synthetic, "failing")
    outcomes = {step.id: step.outcome for step in result.steps if step.id}
    assert outcomes == {"boom": "failure", "after": "skipped", "implied": "skipped", "rescue": "success",
                        "cleanup": "success"}  # fmt: skip
    assert result.result == "failure"  # a rescue step does not clear the failure
    assert result.step("rescue").outputs == {"rescued": "yes"}


def test_without_a_failure_a_failure_step_is_skipped_and_always_runs(synthetic: Workflow) -> None:
    result = play(synthetic, "passing", {"steps": JobResult("steps", "success", {"version": "7"})})
    assert result.result == "success"
    assert (result.step("rescue").outcome, result.step("cleanup").outcome) == ("skipped", "success")


def test_a_job_is_skipped_when_its_if_is_false_or_a_need_failed(synthetic: Workflow) -> None:
    assert play(synthetic, "only-on-schedule") == JobResult("only-on-schedule", "skipped")
    failed = {"failing": JobResult("failing", "failure")}
    assert play(synthetic, "after-failing", failed).result == "skipped"  # an implied success() at job level
    assert play(synthetic, "after-failing-always", failed).result == "success"
    skipped = {"failing": JobResult("failing", "skipped")}
    assert play(synthetic, "after-failing", skipped).result == "skipped"  # a skipped need is not a success


def test_an_action_without_a_stand_in_fails_the_replay_loudly(synthetic: Workflow) -> None:
    with pytest.raises(ExpressionError, match="acme/not-stood-in@v1 has no stand-in"):
        play(synthetic, "unknown-action")


def test_an_unresolvable_expression_fails_the_replay_with_its_step(synthetic: Workflow) -> None:
    with pytest.raises(ExpressionError, match=r"synthetic.yml job unresolvable step 'Typo'.*unknown context 'step'"):
        play(synthetic, "unresolvable")
{% endraw %}