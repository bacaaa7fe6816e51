"""What starts training and what carries an approval to GitHub, in the preprod platform stack."""

import json

from components.naming import scoped
from components.training_triggers import BATCH_MARKER, TRAINING_DATA_PREFIX
from stack_runs import GITHUB_TOKEN, one, platform, statements

from {{ cookiecutter.package_name }}.environments import ENVIRONMENTS, GITHUB_REPOSITORY, MODEL_PACKAGE_GROUP
from {{ cookiecutter.package_name }}.pipeline.context import Parameters

RULE, TARGET = "aws:cloudwatch/eventRule:EventRule", "aws:cloudwatch/eventTarget:EventTarget"
PREPROD = ENVIRONMENTS["preprod"]


def _target_of(rule_name: str):
    return one(platform("preprod"), TARGET, rule=rule_name)


def test_the_schedule_starts_the_pipeline_in_eventbridge_cron():
    graph = platform("preprod")
    schedule = one(graph, "aws:scheduler/schedule:Schedule")
    assert schedule.inputs["scheduleExpression"].startswith("cron(") and schedule.inputs["scheduleExpression"].endswith(
        " *)"
    )
    assert schedule.inputs["target"]["arn"] == graph.outputs["pipelineArn"]
    assert schedule.inputs["kmsKeyArn"] == graph.outputs["kmsKeyArn"]


def test_only_the_batch_marker_in_this_bucket_starts_the_pipeline():
    rule = one(platform("preprod"), RULE, name=scoped(PREPROD, "train-on-new-data"))
    pattern = json.loads(rule.inputs["eventPattern"])
    assert pattern["detail"] == {
        "bucket": {"name": [PREPROD.artifacts_bucket]},
        "object": {"key": ["data/training/_SUCCESS"]},  # docs/runbooks/retrain.md tells data producers this key
    }
    assert _target_of(rule.inputs["name"]).inputs["arn"] == platform("preprod").outputs["pipelineArn"]
    notification = one(
        platform("preprod"), "aws:s3/bucketNotification:BucketNotification", bucket=PREPROD.artifacts_bucket
    )
    assert notification.inputs["eventbridge"] is True


def test_the_batch_marker_sits_where_the_pipeline_reads_its_training_data():
    default_input = Parameters.create(PREPROD, quality_threshold=0.75).input_data.default_value
    assert default_input == f"s3://{PREPROD.artifacts_bucket}/{TRAINING_DATA_PREFIX}"
    assert BATCH_MARKER.startswith(TRAINING_DATA_PREFIX) and not BATCH_MARKER.endswith(".csv")  # preprocess skips it


def test_the_drift_alarm_starts_the_pipeline():
    graph = platform("preprod")
    drift = one(graph, "aws:cloudwatch/metricAlarm:MetricAlarm", metricName="DataDrift")
    assert drift.inputs["dimensions"] == {"EndpointName": PREPROD.endpoint_name}
    (rule,) = [r for r in graph.of_type(RULE) if "CloudWatch Alarm State Change" in r.inputs["eventPattern"]]
    (alarm_arn,) = json.loads(rule.inputs["eventPattern"])["resources"]
    assert alarm_arn.endswith(drift.inputs["name"]) and drift.urn in rule.dependencies
    assert _target_of(rule.inputs["name"]).inputs["arn"] == graph.outputs["pipelineArn"]


def test_the_events_role_may_start_this_pipeline_and_call_this_destination_only():
    graph = platform("preprod")
    role = one(graph, "aws:iam/role:Role", name=PREPROD.events_role_name)
    trust = json.loads(role.inputs["assumeRolePolicy"])["Statement"][0]
    assert trust["Condition"] == {"StringEquals": {"aws:SourceAccount": PREPROD.account_id}}
    assert trust["Principal"] == {"Service": ["events.amazonaws.com", "scheduler.amazonaws.com"]}
    policies = [
        p for p in graph.of_type("aws:iam/rolePolicy:RolePolicy") if p.inputs["role"] == PREPROD.events_role_name
    ]
    granted = {sid: (policy, statement) for policy in policies for sid, statement in statements(policy).items()}
    assert set(granted) == {"StartTrainingPipeline", "DecryptScheduleTarget", "DispatchToGitHub"}
    assert granted["DecryptScheduleTarget"][1]["Resource"] == graph.outputs["kmsKeyArn"]
    assert granted["StartTrainingPipeline"][1]["Resource"] == graph.outputs["pipelineArn"]
    destination = one(graph, "aws:cloudwatch/eventApiDestination:EventApiDestination")
    dispatch_policy, dispatch = granted["DispatchToGitHub"]
    name = destination.inputs["name"]
    assert f":api-destination/{name}/" in dispatch["Resource"] and destination.urn in dispatch_policy.dependencies


def test_an_approval_of_this_group_dispatches_the_package_arn_to_github():
    graph = platform("preprod")
    (rule,) = [r for r in graph.of_type(RULE) if "aws.sagemaker" in r.inputs["eventPattern"]]
    pattern = json.loads(rule.inputs["eventPattern"])
    assert pattern["detail"] == {"ModelPackageGroupName": [MODEL_PACKAGE_GROUP], "ModelApprovalStatus": ["Approved"]}
    target = _target_of(rule.inputs["name"])
    transformer = target.inputs["inputTransformer"]
    assert transformer["inputPaths"] == {"arn": "$.detail.ModelPackageArn"}
    body = json.loads(transformer["inputTemplate"].replace("<arn>", '"arn:example"'))
    assert body == {"event_type": "model-approved", "client_payload": {"model_package_arn": "arn:example"}}
    destination = one(graph, "aws:cloudwatch/eventApiDestination:EventApiDestination")
    assert destination.inputs["invocationEndpoint"] == f"https://api.github.com/repos/{GITHUB_REPOSITORY}/dispatches"
    assert destination.inputs["httpMethod"] == "POST"


def test_the_github_token_reaches_the_connection_only_as_a_secret():
    connection = one(platform("preprod"), "aws:cloudwatch/eventConnection:EventConnection")
    wrapped = connection.inputs["authParameters"]
    assert wrapped["4dabf18193072939515e22adb298388d"] == "1b47061264138c4ac30d75fd1eb44270"  # Pulumi's secret marker
    assert wrapped["value"]["apiKey"] == {"key": "Authorization", "value": f"Bearer {GITHUB_TOKEN['githubToken']}"}
    assert wrapped["value"]["invocationHttpParameters"]["headers"][0]["value"] == "application/vnd.github+json"
