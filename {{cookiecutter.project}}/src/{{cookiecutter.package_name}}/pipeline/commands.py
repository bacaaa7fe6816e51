"""`{{ cookiecutter.package_name }} pipeline ...`: build the definition, list the step code, run the pipeline locally.

The SageMaker SDK is imported only by `definition`, so `run --local` and `code` start fast.
"""

import argparse
from pathlib import Path

from .. import environments
from . import quality


def _definition(args: argparse.Namespace) -> int:
    from . import definition  # imports the SageMaker SDK: a few seconds

    for env in _selected(args.environment):
        path = definition.write_definition(env, args.output_dir, args.quality_threshold, args.spot_training)
        print(f"{env.name}: wrote {path}")
    return 0


def _code(args: argparse.Namespace) -> int:
    from .code import step_code

    for env in _selected(args.environment):
        for code in step_code(env):
            print(f"{env.name}: {code.local_path.name} -> {code.s3_uri}")
    return 0


def _run(args: argparse.Namespace) -> int:
    from . import local

    result = local.run(args.work_dir, args.quality_threshold, args.data_dir)
    print("metrics (evaluation.json): " + ", ".join(f"{name} {value:.4f}" for name, value in result.metrics.items()))
    print(f"registered {result.model.group} version {result.model.version} as {result.model.approval_status}, "
          f"trained on data manifest {result.model.data_manifest_sha256}")  # fmt: skip
    print(f"smoke request: churn probabilities {', '.join(f'{p:.4f}' for p in result.predictions)}")
    return 0


def _selected(name: str) -> list[environments.Environment]:
    return list(environments.ENVIRONMENTS.values()) if name == "all" else [environments.environment(name)]


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--quality-threshold",
        type=float,
        default=quality.DEFAULT_QUALITY_THRESHOLD,
        help=f"minimum {quality.QUALITY_METRIC} for registration (default %(default)s)",
    )


def register(groups: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    pipeline = groups.add_parser("pipeline", help="the training pipeline: definition, step code, local run")
    commands = pipeline.add_subparsers(dest="command", required=True)
    choices = [*environments.ENVIRONMENTS, "all"]

    build = commands.add_parser("definition", help="write build/pipeline-<environment>.json, offline")
    build.add_argument("--environment", choices=choices, default="all")
    build.add_argument("--output-dir", type=Path, default=Path("build"))
    build.add_argument("--spot-training", action="store_true", help="train on managed spot capacity")
    _add_common(build)
    build.set_defaults(handler=_definition)

    code = commands.add_parser("code", help="list the step code objects and their S3 URIs")
    code.add_argument("--environment", choices=choices, default="all")
    code.set_defaults(handler=_code)

    run = commands.add_parser("run", help="run preprocess, train, evaluate, gate, register and serve locally")
    run.add_argument("--local", action="store_true", required=True, help="run on this machine, without Docker")
    run.add_argument("--work-dir", type=Path, default=Path("work"))
    run.add_argument("--data-dir", type=Path, default=None, help="CSV input (default: the generated sample)")
    _add_common(run)
    run.set_defaults(handler=_run)
