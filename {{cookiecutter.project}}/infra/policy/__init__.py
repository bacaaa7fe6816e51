"""Offline policy machinery: run a Pulumi program under mocks, export it as a Terraform plan, gate it with checkov.

API (stdlib + pulumi only; checkov runs in its own environment through a command):

- `policy.mocks.run_program(program, project, stack, config=None, account_id=..., secrets=()) -> Graph`
  `program` is a zero-arg callable that declares resources and `pulumi.export`s; `config` maps `key` (namespaced
  with `project`) or `ns:key` (e.g. `aws:region`) to a value (non-strings are passed as JSON); the config keys in
  `secrets` are marked secret, as `pulumi config set --secret` would. Each run is isolated
  (fresh contextvars + event loop). The program's own exceptions (config errors) propagate unchanged.
- `policy.graph.Graph`: `.resources` (tuple of `Resource`: urn, type token, name, inputs camelCase with ints as floats,
  custom, parent urn, dependencies, property_dependencies), `.outputs` (resolved stack outputs), `.of_type(token)`,
  `.named(name)`, `.by_urn(urn)`, `.children_of(resource)`, `.depends_on(a, b)`.
- `policy.plan.to_plan(graph) -> dict` / `write_plan(graph, path) -> path`: `terraform show -json` shape (AWS custom
  resources only; names via `policy.naming.terraform_type` / `terraform_attribute` and their override tables).
- `python -m policy.gate --config checkov.yaml --uncovered uncovered.txt [--checkov CMD] plan.json ...`
  [--waivers waivers.txt] (or `policy.gate.main(argv) -> exit code`): prints `<plan>: N passed / N failed /
  N skipped / N waived` and each failure; a waiver line `<check id> <terraform address> <reason>` excuses one check
  on one resource (checkov's own skips are global);
  exits 1 on any failed check, unreadable or empty plan, or an exported type that checkov has no check for and the
  uncovered file (`<terraform type> <reason>` per line) does not list; 2 on bad input or a checkov that won't run.
  The command defaults to `$POLICY_CHECKOV`, else `<venv>/bin/uv tool run --from checkov==3.3.30 checkov`.
- `policy/checks/`: extra checkov checks loaded with `--external-checks-dir`; CKV_KIT_1 requires a GitHub OIDC trust
  to pin `sub` with StringEquals to `repo:<owner>/<repo>:environment:<env>` or `...:pull_request` (checkov's own
  CKV_AWS_393 accepts `repo:<owner>/*`).
- IAM decisions (`policy.authorization`, principalmapper) on requests built from data: `policy.calls` (what the
  Pulumi AWS provider calls per resource and phase, `provider_calls.yaml`) and `policy.execution_calls` with
  `policy.pipeline_activities` (what SageMaker calls as the execution role for the pipeline definition's steps and
  the serving stack's endpoints, `execution_calls.yaml`, each row citing the documentation that requires it).
"""
