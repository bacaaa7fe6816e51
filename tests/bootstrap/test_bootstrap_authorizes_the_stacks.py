"""Every AWS call `pulumi up`, `refresh` and `destroy` of the four generated stacks make is allowed to the deploy role
the bootstrap creates, decided by the IAM evaluator on the bootstrap's rendered policies and the stacks' own key and
bucket policies: create, read, update, replace and delete, in the two-account and the single-account layout.

The calls come from the template's provider-call table (`infra/policy/provider_calls.yaml`), rendered against the
resources the stacks declare under the project's own mocks.
"""

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
import service_reference
from bootstrap import actions
from bootstrap_stack import KIT_ROOT, PREPROD, PREPROD_ACCOUNT, PROD, PROD_ACCOUNT, SINGLE, bootstrap, inline_policy
from cookiecutter.main import cookiecutter
from generated_stacks import report
from policy import calls
from policy.authorization import denied, principal, role_node, stack_resource_policies
from policy.calls import Request
from policy.graph import Graph

PROJECT = "customer-churn"
REQUESTS = """
import json
import stack_runs
from dataclasses import asdict
from policy import authorization, calls
from {package}.environments import ENVIRONMENTS, REGION
single = json.loads(input())
table, stacks = calls.load(), []
with stack_runs.account_layout(single):
    for env in ("preprod", "prod"):
        account = ENVIRONMENTS[env].account_id
        graphs = {"platform": stack_runs.platform(env), "serving": stack_runs.serving(env)}
        for kind, graph in graphs.items():
            others = [g for k, g in graphs.items() if k != kind]
            requests = calls.requests(graph, account, REGION, table, others)
            stacks.append({"env": env, "kind": kind, "account": account, "requests": [asdict(r) for r in requests],
                           "policies": authorization.stack_resource_policies(graph, account, REGION)})
print(json.dumps(stacks))
"""
LAYOUTS = {"two-account": False, "single-account": True}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(cookiecutter(str(KIT_ROOT), no_input=True, output_dir=str(tmp_path_factory.mktemp("calls"))))


@pytest.fixture(scope="module", params=list(LAYOUTS))
def stacks(request: pytest.FixtureRequest, generated: Path) -> tuple[str, list[dict[str, Any]]]:
    return request.param, report(generated, REQUESTS, stdin="true" if LAYOUTS[request.param] else "false")


def _deploy_role(layout: str, env: str):
    if layout == "single-account":
        graph, account = bootstrap(SINGLE), PREPROD_ACCOUNT
    elif env == "preprod":
        graph, account = bootstrap(PREPROD), PREPROD_ACCOUNT
    else:
        graph, account = bootstrap(PROD, account=PROD_ACCOUNT, stack="prod"), PROD_ACCOUNT
    return principal(graph, account, f"{PROJECT}-{env}-deploy")


def denials(layout: str, stacks: list[dict[str, Any]]) -> list[str]:
    found, nodes = [], {env: _deploy_role(layout, env) for env in ("preprod", "prod")}
    for stack in stacks:
        node = nodes[stack["env"]]
        requests = [Request(**r) for r in stack["requests"]]
        found += [f"{stack['kind']}-{stack['env']}: {line}" for line in
                  denied(node, requests, stack["policies"], stack["account"])]  # fmt: skip
    return sorted(set(found))


def test_every_call_of_every_phase_of_the_four_stacks_is_allowed(stacks):
    layout, declared = stacks
    assert {(s["kind"], s["env"]) for s in declared} == {(k, e) for k in ("platform", "serving")
                                                          for e in ("preprod", "prod")}  # fmt: skip
    assert all(s["requests"] for s in declared)
    assert denials(layout, declared) == []


def test_a_call_the_deploy_role_lacks_is_listed_with_its_type_and_phase(stacks, monkeypatch):
    layout, declared = stacks
    granted = actions.DEPLOY_ACTIONS["sagemaker"]
    monkeypatch.setitem(actions.DEPLOY_ACTIONS, "sagemaker", [a for a in granted if a != "sagemaker:List*"])
    found = denials(layout, declared)
    assert any("aws:sagemaker/endpoint:Endpoint" in line and " read: ListTags needs sagemaker:ListTags" in line
               for line in found), found  # fmt: skip


def misnamed(requests: list[dict[str, Any]]) -> list[str]:
    """Each request whose action AWS does not define, or whose resource is not a type AWS scopes the action to."""
    found = set()
    for r in requests:
        formats = service_reference.arn_formats(r["action"]) if service_reference.privilege(r["action"]) else None
        if formats is None:
            found.add(f"{r['type']}: {r['action']} is no IAM action")
        elif (r["arn"] != "*" or formats) and not any(service_reference.matches(r["arn"], f) for f in formats):
            found.add(f"{r['type']}: {r['action']} cannot be scoped to {r['arn']} (AWS: {formats or '*'})")
    return sorted(found)


def test_every_call_names_an_action_and_a_resource_type_aws_defines(stacks):
    _, declared = stacks
    assert misnamed([r for stack in declared for r in stack["requests"]]) == []


def test_a_call_with_an_unknown_action_or_a_foreign_resource_type_is_caught():
    endpoint = "arn:aws:sagemaker:eu-west-1:111111111111:endpoint/customer-churn-preprod"
    planted = [{"type": "t", "action": "sagemaker:DescribeEndpoints", "arn": endpoint},
               {"type": "t", "action": "sagemaker:DescribeModel", "arn": endpoint},
               {"type": "t", "action": "kms:ListAliases", "arn": "arn:aws:kms:eu-west-1:111111111111:key/k"},
               {"type": "t", "action": "sagemaker:DescribeEndpoint", "arn": endpoint}]  # fmt: skip
    found = misnamed(planted)
    assert found[0] == "t: kms:ListAliases cannot be scoped to arn:aws:kms:eu-west-1:111111111111:key/k (AWS: *)"
    assert found[1] == "t: sagemaker:DescribeEndpoints is no IAM action"
    assert found[2].startswith(f"t: sagemaker:DescribeModel cannot be scoped to {endpoint} (AWS: ['arn:")
    assert len(found) == 3


ADMIN = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
BOOTSTRAPS = {"preprod-account": (PREPROD, PREPROD_ACCOUNT, "preprod"), "prod-account": (PROD, PROD_ACCOUNT, "prod"),
              "single-account": (SINGLE, PREPROD_ACCOUNT, "preprod")}  # fmt: skip


def bootstrap_requests(mode: str) -> tuple[Graph, str, list[Request]]:
    config, account, stack = BOOTSTRAPS[mode]
    graph = bootstrap(config, account=account, stack=stack)
    table = calls.load() | calls.load(KIT_ROOT / "infra" / "bootstrap" / "provider_calls.yaml")
    return graph, account, calls.requests(graph, account, "eu-west-1", table)


def bootstrap_denials(mode: str) -> list[str]:
    """What the bootstrap's own key and bucket policies would deny the administrator who runs it (a lock-out)."""
    graph, account, requests = bootstrap_requests(mode)
    admin = role_node(f"arn:aws:iam::{account}:role/administrator", {"administrator": ADMIN})
    return denied(admin, requests, stack_resource_policies(graph, account, "eu-west-1"), account)


@pytest.mark.parametrize("mode", BOOTSTRAPS)
def test_every_call_of_the_bootstrap_itself_is_allowed_to_its_administrator(mode: str):
    assert bootstrap_denials(mode) == []


def test_a_key_policy_that_locks_out_the_account_is_caught(monkeypatch):
    from bootstrap import state_backend

    original = state_backend._key_policy

    def without_the_account(*args, **kwargs):
        document = json.loads(original(*args, **kwargs))
        kept = [s for s in document["Statement"] if "root" not in json.dumps(s.get("Principal", ""))]
        return json.dumps({**document, "Statement": kept})

    monkeypatch.setattr(state_backend, "_key_policy", without_the_account)
    assert any("aws:kms/key:Key" in line and "kms:" in line for line in bootstrap_denials("preprod-account"))


@pytest.mark.parametrize("mode", BOOTSTRAPS)
def test_every_call_of_the_bootstrap_names_an_action_and_a_resource_type_aws_defines(mode: str):
    assert misnamed([asdict(r) for r in bootstrap_requests(mode)[2]]) == []


def _without_key_arns(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The statements, less the key ARNs that only a bootstrap run knows (the rendered copy names keys by alias)."""
    return [s | {"Resource": "keys"} if s["Sid"] == "StateKey" else s for s in document["Statement"]]


def test_a_generated_repository_carries_the_policies_the_bootstrap_grants_it(generated: Path):
    grants = json.loads((generated / "infra" / "policy" / "bootstrap_grants.json").read_text())
    for config, account, env in ((PREPROD, PREPROD_ACCOUNT, "preprod"), (PROD, PROD_ACCOUNT, "prod")):
        graph = bootstrap(config, account=account, stack=env)
        for kind, document in grants[env]["roles"].items():
            rendered = inline_policy(graph, f"{PROJECT}-{env}-{kind}")
            assert _without_key_arns(document) == _without_key_arns(rendered), (env, kind)
        [boundary] = graph.of_type("aws:iam/policy:Policy")
        assert grants[env]["workload_boundary"] == json.loads(boundary.inputs["policy"])
    assert set(grants["prod"]["roles"]) == {"deploy"}, "nothing previews prod"


RECORDED = """
import json, sys
sys.path.insert(0, "../tests")
from dataclasses import asdict
from journeys.harness import recorded
samples = json.loads(input())
role = "arn:aws:iam::111111111111:role/customer-churn-preprod-deploy"
calls = [{"service": s, "operation": o, "region": "eu-west-1", "role": role,
          "params": {k: v for k, v in samples.items() if "{" + k + "}" in t}}
         for (s, o), t in recorded.RESOURCES.items()]
print(json.dumps([asdict(recorded.request(c)) | {"type": c["service"]} for c in calls]))
"""
# A value for each parameter the harness's table of recorded operations names, as the ops commands send them.
SAMPLES = {
    "EndpointName": "customer-churn-preprod", "EndpointConfigName": "customer-churn-preprod-0123456789",
    "ModelName": "customer-churn-preprod-0123456789", "ModelPackageGroupName": "customer-churn",
    "ModelPackageName": "arn:aws:sagemaker:eu-west-1:111111111111:model-package/customer-churn/3",
    "PipelineName": "customer-churn-training", "ProcessingJobName": "pipelines-abc123-evaluate",
    "PipelineExecutionArn": "arn:aws:sagemaker:eu-west-1:111111111111:pipeline/customer-churn-training/execution/x1",
}  # fmt: skip


def test_every_operation_the_journeys_record_maps_to_an_action_and_resource_type_aws_defines(generated: Path):
    requests = report(generated, RECORDED, stdin=json.dumps(SAMPLES))
    assert {r["action"] for r in requests} >= {"sagemaker:InvokeEndpoint", "sagemaker:StartPipelineExecution"}
    assert misnamed(requests) == []
