"""The platform stack's rules, fed AWS's documented sample events: what reaches GitHub, and one run per trigger."""

import json
from pathlib import Path

import pytest
import yaml
from components.naming import scoped
from components.training_triggers import BATCH_MARKER, TRAINING_DATA_PREFIX

from {{ cookiecutter.package_name }}.environments import ENVIRONMENTS, MODEL_PACKAGE_GROUP

from .harness import events, samples  # relative, so the imports sort the same whatever the package is called

APPROVAL, RETRAIN = "J3", "J4"  # the journeys: an approval reaches the cd workflow; each trigger retrains once
PREPROD = ENVIRONMENTS["preprod"]
WORKFLOWS = Path(__file__).resolve().parents[2] / ".github" / "workflows"
BATCH = [f"{TRAINING_DATA_PREFIX}part-{number:04d}.csv" for number in range(1, 6)]


@pytest.fixture(scope="module")
def graph():
    return events.platform_graph("preprod")


def triggers_of(workflow: str) -> dict:
    return yaml.safe_load((WORKFLOWS / workflow).read_text())[True]  # YAML 1.1 reads the key `on` as True


def dispatch_problem(graph, event) -> str | None:
    """Why `event` does not bring GitHub the dispatch the cd workflow expects for its package; None when it does."""
    arn = event["detail"]["ModelPackageArn"]
    expected = {"event_type": "model-approved", "client_payload": {"model_package_arn": arn}}
    try:
        body = events.dispatch_body(graph, event)
    except ValueError as error:
        return f"no valid repository_dispatch body: {error}"
    return None if body == expected else f"GitHub would receive {body}, not {expected}"


def silence_problem(graph, event) -> str | None:
    """Which rules `event` sets off, when it should set off none; None when it sets off none."""
    fired = events.firings(graph, event)
    return f"the rules {[firing.rule for firing in fired]} fired" if fired else None


def batch_problem(graph) -> str | None:
    """Why one batch (its data files, then its marker) does not start exactly one training run; None when it does."""
    uploads = [samples.object_created_event(key) for key in [*BATCH, BATCH_MARKER]]
    runs = len(events.pipeline_starts(graph, uploads))
    return None if runs == 1 else f"{len(BATCH)} files and a marker started {runs} runs"


def test_an_approval_of_this_group_sends_its_package_arn_to_github(graph):
    event = samples.model_package_event("Approved")
    print(f"{APPROVAL}: SageMaker's documented event: package {event['detail']['ModelPackageArn']} is Approved")
    fired = events.firings(graph, event)
    print(f"{APPROVAL}: the rules it matches (moto's matcher): {[firing.rule for firing in fired]}")
    assert [firing.rule for firing in fired] == [scoped(PREPROD, "model-approved")]
    print(f"{APPROVAL}: the input transformer gives GitHub: {fired[0].input}")
    assert dispatch_problem(graph, event) is None
    assert "model-approved" in triggers_of("cd.yml")["repository_dispatch"]["types"]
    print(f"{APPROVAL}: cd.yml's repository_dispatch takes the type model-approved")


@pytest.mark.parametrize(
    ("what", "status", "group"),
    [
        ("an approval in another group", "Approved", "another-model"),
        ("a package waiting for review", "PendingManualApproval", MODEL_PACKAGE_GROUP),
        ("a rejection", "Rejected", MODEL_PACKAGE_GROUP),
    ],
)
def test_nothing_else_in_the_registry_reaches_github(graph, what, status, group):
    print(f"{APPROVAL}: {what}: {status} in {group}")
    assert silence_problem(graph, samples.model_package_event(status, group)) is None
    print(f"{APPROVAL}: no rule fires")


def test_a_batch_of_files_and_its_marker_start_one_run(graph):
    print(f"{RETRAIN}: a producer uploads {len(BATCH)} CSV files under {TRAINING_DATA_PREFIX}, then {BATCH_MARKER}")
    assert batch_problem(graph) is None
    print(f"{RETRAIN}: S3 sends {len(BATCH) + 1} Object Created events; one run starts, on the marker")


@pytest.mark.parametrize(
    ("bucket", "key"),
    [
        (PREPROD.artifacts_bucket, "data/other-batch/_SUCCESS"),
        (PREPROD.artifacts_bucket, f"{TRAINING_DATA_PREFIX}2024-06-01/_SUCCESS"),
        (PREPROD.access_logs_bucket, BATCH_MARKER),
        (ENVIRONMENTS["prod"].artifacts_bucket, BATCH_MARKER),
    ],
)
def test_a_marker_elsewhere_starts_nothing(graph, bucket, key):
    print(f"{RETRAIN}: a marker at s3://{bucket}/{key}, which the pipeline does not read")
    assert events.pipeline_starts(graph, [samples.object_created_event(key, bucket)]) == []


def test_the_drift_alarm_starts_one_run_when_it_goes_into_alarm(graph):
    alarms = graph.of_type("aws:cloudwatch/metricAlarm:MetricAlarm")
    (drift,) = [alarm for alarm in alarms if alarm.inputs["metricName"] == "DataDrift"]
    alarm = (drift.inputs["name"], events.arn_of(drift))
    print(f"{RETRAIN}: CloudWatch's documented alarm event, for {alarm[0]}, going OK → ALARM, then back")
    assert len(events.pipeline_starts(graph, [samples.alarm_event(*alarm, "ALARM")])) == 1
    assert events.pipeline_starts(graph, [samples.alarm_event(*alarm, "OK")]) == []
    other = samples.alarm_event("another-alarm", events.arn_of(drift).replace(alarm[0], "another-alarm"))
    assert events.pipeline_starts(graph, [other]) == []
    print(f"{RETRAIN}: one run on the way into ALARM; none on the way back, none for another alarm")


def test_the_schedule_has_one_owner_the_platform_stack(graph):
    schedules = graph.of_type("aws:scheduler/schedule:Schedule")
    print(f"{RETRAIN}: EventBridge Scheduler schedules in the platform stack: {[s.inputs['name'] for s in schedules]}")
    assert [s.inputs["target"]["arn"] for s in schedules] == [graph.outputs["pipelineArn"]]
    assert not [rule for rule in graph.of_type(events.RULE) if rule.inputs.get("scheduleExpression")]
    triggers = triggers_of("ct.yml")
    print(f"{RETRAIN}: ct.yml's triggers: {sorted(triggers)}")
    assert set(triggers) == {"workflow_dispatch", "repository_dispatch"}
    assert triggers["repository_dispatch"] == {"types": ["data-arrived"]}


@pytest.mark.parametrize(
    "transformer",
    [
        {"inputPaths": {"arn": "$.detail.ModelPackageARN"}},  # a misspelt path: the variable is never defined
        {"inputTemplate": '{"event_type": "model-approved", "client_payload": {"model_package_arn": <arn>}'},
        {"inputTemplate": '{"event_type": "model_approved", "client_payload": {"model_package_arn": <arn>}}'},
    ],
)
def test_a_broken_input_transformer_is_caught(graph, transformer):
    target = events.targets_of(graph, events.rule_named(graph, scoped(PREPROD, "model-approved")))[0]
    planted = events.with_inputs(graph, target, inputTransformer={**target.inputs["inputTransformer"], **transformer})
    problem = dispatch_problem(planted, samples.model_package_event("Approved"))
    print(f"{APPROVAL}: planted {transformer}: {problem}")
    assert problem is not None


def test_an_approval_rule_without_the_group_filter_is_caught(graph):
    rule = events.rule_named(graph, scoped(PREPROD, "model-approved"))
    pattern = json.loads(rule.inputs["eventPattern"])
    del pattern["detail"]["ModelPackageGroupName"]
    planted = events.with_inputs(graph, rule, eventPattern=json.dumps(pattern))
    problem = silence_problem(planted, samples.model_package_event("Approved", "another-model"))
    print(f"{APPROVAL}: planted a pattern without ModelPackageGroupName: {problem}")
    assert problem is not None


def test_a_new_data_rule_on_every_file_is_caught(graph):
    rule = events.rule_named(graph, scoped(PREPROD, "train-on-new-data"))
    pattern = json.loads(rule.inputs["eventPattern"])
    pattern["detail"]["object"]["key"] = [{"prefix": TRAINING_DATA_PREFIX}]  # what the rule matched before batches
    problem = batch_problem(events.with_inputs(graph, rule, eventPattern=json.dumps(pattern)))
    print(f"{RETRAIN}: planted a prefix match on every file: {problem}")
    assert problem == f"{len(BATCH)} files and a marker started {len(BATCH) + 1} runs"


@pytest.mark.parametrize(
    ("template", "expected"),
    [  # the EventBridge User Guide's "Input transform examples", on its EC2 sample event
        ('{"instance" : <instance>, "state": <state>}', {"instance": "i-0123456789", "state": "RUNNING"}),
        (
            '{"instance" : <instance>, "state": [ 9, <state>, true ]}',
            {"instance": "i-0123456789", "state": [9, "RUNNING", True]},
        ),
        ('{"status": "instance \\"<instance>\\" is in <state>"}', {"status": 'instance "i-0123456789" is in RUNNING'}),
    ],
)
def test_the_transformer_gives_the_documented_outputs(template, expected):
    paths = {"instance": "$.detail.instance-id", "state": "$.detail.state"}
    print(f"{APPROVAL}: the harness's transformer, on the EventBridge User Guide's example {template}")
    assert json.loads(events.transform(paths, template, samples.sample("ec2-instance-state-change"))) == expected
