"""Where the platform's alarms go, and what its dashboard shows."""

import pytest
import stacks
from stack_runs import one, platform
from stacks import STACKS

from {{ cookiecutter.package_name }}.environments import ENVIRONMENTS, PIPELINE_NAME


@pytest.mark.parametrize("stack", STACKS)
def test_alarms_go_to_an_encrypted_topic_and_a_dashboard_shows_the_endpoint(stack: str):
    graph, env = platform(stack), ENVIRONMENTS[stack]
    topic = one(graph, "aws:sns/topic:Topic")
    assert topic.inputs["kmsMasterKeyId"] == graph.outputs["kmsKeyArn"]
    for alarm in graph.of_type("aws:cloudwatch/metricAlarm:MetricAlarm"):
        assert alarm.inputs["alarmActions"] == [graph.outputs["alarmTopicArn"]]
    body = one(graph, "aws:cloudwatch/dashboard:Dashboard").inputs["dashboardBody"]
    assert env.endpoint_name in body and (PIPELINE_NAME in body) == (stack == "preprod")


def test_an_alarm_email_subscribes_to_the_topic():
    graph = stacks.run_stack("platform", "prod", {"alarmEmail": "ops@example.com"})
    subscription = one(graph, "aws:sns/topicSubscription:TopicSubscription")
    assert subscription.inputs["protocol"] == "email" and subscription.inputs["endpoint"] == "ops@example.com"
    assert subscription.inputs["topic"] == graph.outputs["alarmTopicArn"]
