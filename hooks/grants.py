"""What the kit's account bootstrap grants a generated repository's roles, rendered into the repository when it is
generated (and again at every `cruft update`), so the repository's own `make check` can decide its stacks' calls
against the bootstrap's real policies rather than a copy of them. `local_extensions.py` hands it to Jinja.

It runs the bootstrap's own policy builders (`infra/bootstrap/permissions.py`, stdlib only) on the answers. The one
value only a bootstrap run knows, the ARNs of the state and secrets keys, is written as each key's alias ARN.
"""

import json
import sys
from collections.abc import Mapping
from pathlib import Path


def _bootstrap():
    """The bootstrap's modules from the kit being rendered: cookiecutter renders each file inside the template
    directory (cookiecutter/generate.py, `generate_files`: `work_in(template_dir)`), whose parent is the kit. They are
    loaded afresh and sys.modules is left as it was: cruft renders two kit versions in one process, and the kit's own
    tests import their `bootstrap` too."""
    infra = Path.cwd().parent / "infra"
    if not (infra / "bootstrap" / "permissions.py").is_file():
        raise RuntimeError(f"bootstrap_grants needs the kit's infra/bootstrap beside the template; not in {infra}")
    ours = [m for m in sys.modules if m == "bootstrap" or m.startswith("bootstrap.")]
    kept = {name: sys.modules.pop(name) for name in ours}
    sys.path.insert(0, str(infra))
    written, sys.dont_write_bytecode = sys.dont_write_bytecode, True  # leave no __pycache__ in the kit
    try:
        from bootstrap import config, permissions, workloads
    finally:
        sys.path.remove(str(infra))
        sys.dont_write_bytecode = written
        for name in [m for m in sys.modules if m == "bootstrap" or m.startswith("bootstrap.")]:
            del sys.modules[name]
        sys.modules.update(kept)
    return config, permissions, workloads


def bootstrap_grants(answers: Mapping[str, str]) -> str:
    """JSON: per environment, the deploy (and, where pull requests preview, preview) role's inline policy and the
    workload boundary, as the bootstrap renders them for this repository."""
    config, permissions, workloads = _bootstrap()
    project, region = answers["project"], answers["aws_region"]
    state_account = answers["preprod_account_id"]
    grants = {}
    for env in ("preprod", "prod"):
        account = answers[f"{env}_account_id"]
        keys = tuple(sorted({f"arn:aws:kms:{region}:{a}:{config.SECRETS_KEY_ALIAS}" for a in (state_account, account)}))
        bucket = answers["pulumi_backend_url"].removeprefix("s3://")
        scope = permissions.Scope(project, env, account, region, bucket, keys)
        roles = {"deploy": json.loads(permissions.deploy_policy(scope))}
        if env == config.PREVIEW_ENVIRONMENT:
            roles["preview"] = json.loads(permissions.preview_policy(scope))
        boundary = json.loads(workloads.boundary_policy(project, env, account, region))
        grants[env] = {"account": account, "roles": roles, "workload_boundary": boundary}
    return json.dumps(grants, indent=2, sort_keys=True)
