"""What a pipeline definition makes SageMaker do, as `policy.execution_calls.Activity`s, read from the definition
the platform deploys (the SDK's JSON, pipeline definition schema 2020-12-01).

Values are resolved as an execution would see them: parameters at their defaults, execution variables as a
placeholder execution, another step's property as the value it names (an output's S3Uri; a training job's model
at `<S3OutputPath>/<job name>/output/model.tar.gz`, botocore:ModelArtifacts.S3ModelArtifacts). A value or a step
type this module cannot resolve is refused, as is a definition that asks Pipelines to create experiments.
"""

import re
from collections.abc import Iterator, Mapping
from typing import Any

from policy.calls import TableError
from policy.execution_calls import JOB, Activity, Item, Place, ecr_item

EXECUTION_ID = "execution-id"
# Pipelines names a step's job `pipelines-<execution id>-<first 20 characters of the step>-<token>` (Pipelines "IAM
# access management"), and SageMaker's ARNs carry resource names in lower case.
_JOB = "arn:aws:sagemaker:{region}:{account}:{kind}/pipelines-{execution}-{step}-token"
_INDEXED = re.compile(r"(\w+)\['([^']+)'\]")
_JOBS = {"Processing": ("processing-job", "ProcessingJobs"), "Training": ("training-job", "TrainingJobs")}


def activities(definition: Mapping[str, Any], pipeline_role: str, place: Place) -> list[Activity]:
    if definition.get("PipelineExperimentConfig"):
        raise TableError("the definition asks Pipelines to create experiments, whose calls no AWS page documents: "
                         "build it with pipeline_experiment_config=None")  # fmt: skip
    resolve = _Resolver(definition)
    readers = {"Processing": _job_step, "Training": _job_step, "RegisterModel": _register_step,
               "Condition": lambda *_: [], "Fail": lambda *_: []}  # fmt: skip
    found = []
    for step in resolve.steps.values():
        if step["Type"] not in readers:
            raise TableError(f"step {step['Name']} is a {step['Type']} step, which the execution calls do not cover")
        found += readers[step["Type"]](step, pipeline_role, resolve, place)
        found += _property_file_reads(step, pipeline_role, resolve, place)
    return found


def _job_step(step: Mapping[str, Any], pipeline_role: str, resolve: "_Resolver", place: Place) -> list[Activity]:
    kind, name, args = step["Type"], step["Name"], step["Arguments"]
    job = _JOB.format(region=place.region, account=pipeline_role.split(":")[4], kind=_JOBS[kind][0],
                      execution=EXECUTION_ID, step=name[:20]).lower()  # fmt: skip
    started = {"job": [{"job": job, "role": args["RoleArn"]}]}
    return [
        Activity((f"pipeline-{kind.lower()}-step",), name, pipeline_role, started),
        Activity(JOB, name, args["RoleArn"], _job_items(kind, args, resolve, place)),
    ]


def _register_step(step: Mapping[str, Any], pipeline_role: str, _: "_Resolver", place: Place) -> list[Activity]:
    args, account = step["Arguments"], pipeline_role.split(":")[4]
    package = f"arn:aws:sagemaker:{place.region}:{account}:model-package/{args['ModelPackageGroupName']}/1"
    item = {"package": package, "status": args["ModelApprovalStatus"]}
    return [Activity(("pipeline-register-step",), step["Name"], pipeline_role, {"package": [item]})]


def _property_file_reads(
    step: Mapping[str, Any], pipeline_role: str, resolve: "_Resolver", place: Place
) -> list[Activity]:
    """Pipelines reads each property file a step's own arguments JsonGet from (a condition's branches are steps)."""
    own = {name: value for name, value in step.get("Arguments", {}).items() if name not in ("IfSteps", "ElseSteps")}
    files = [place.s3(resolve.property_file(get["PropertyFile"]), False) for get in _json_gets(own)]
    return [Activity(("pipeline-json-get",), step["Name"], pipeline_role, {"property-file": files})] if files else []


def registered_contents(definition: Mapping[str, Any]) -> tuple[str, str]:
    """The image and model data of the package the definition registers, for the endpoints that serve it."""
    resolve = _Resolver(definition)
    [container] = [
        container
        for step in resolve.steps.values()
        if step["Type"] == "RegisterModel"
        for container in step["Arguments"]["InferenceSpecification"]["Containers"]
    ]
    return resolve(container["Image"]), resolve(container["ModelDataUrl"])


def _job_items(kind: str, args: Mapping[str, Any], resolve: "_Resolver", place: Place) -> dict[str, list[Item]]:
    if kind == "Processing":
        image, resources = args["AppSpecification"]["ImageUri"], args["ProcessingResources"]["ClusterConfig"]
        output = args["ProcessingOutputConfig"]
        inputs = [i["S3Input"]["S3Uri"] for i in args["ProcessingInputs"]]
        outputs = [o["S3Output"]["S3Uri"] for o in output["Outputs"]]
    else:
        image, resources = args["AlgorithmSpecification"]["TrainingImage"], args["ResourceConfig"]
        output = args["OutputDataConfig"]
        inputs = [c["DataSource"]["S3DataSource"]["S3Uri"] for c in args["InputDataConfig"]]
        inputs.append(_json_string(args.get("HyperParameters", {}).get("sagemaker_submit_directory", '""')))
        outputs = [output["S3OutputPath"]]
    output_key, volume_key = output.get("KmsKeyId", ""), resources.get("VolumeKmsKeyId", "")
    account, logs = args["RoleArn"].split(":")[4], _JOBS[kind][1]
    return {
        "image": [ecr_item(resolve(image))],
        "input": [place.s3(resolve(uri), False) for uri in inputs if resolve(uri)],
        "output": [place.s3(resolve(uri), True, output_key) for uri in outputs],
        "output-key": [{"key": place.key(output_key)}] if output_key else [],
        "volume-key": [{"key": place.key(volume_key)}] if volume_key else [],
        "logs": [{"group": f"arn:aws:logs:{place.region}:{account}:log-group:/aws/sagemaker/{logs}",
                  "stream": "job/algo-1", "namespace": f"/aws/sagemaker/{logs}"}],
    }  # fmt: skip


def _json_string(value: str) -> str:
    """The SDK writes hyperparameters JSON-encoded: `"\\"s3://...\\""`."""
    return value.strip('"')


def _json_gets(node: Any) -> Iterator[Mapping[str, Any]]:
    if isinstance(node, Mapping):
        if "Std:JsonGet" in node:
            yield node["Std:JsonGet"]
        for value in node.values():
            yield from _json_gets(value)
    elif isinstance(node, list):
        for value in node:
            yield from _json_gets(value)


class _Resolver:
    def __init__(self, definition: Mapping[str, Any]) -> None:
        self.parameters = {p["Name"]: p.get("DefaultValue") for p in definition.get("Parameters", [])}
        self.steps: dict[str, Mapping[str, Any]] = {}
        self._index(definition["Steps"])

    def _index(self, steps: list[Mapping[str, Any]]) -> None:
        for step in steps:
            self.steps[step["Name"]] = step
            self._index(step.get("Arguments", {}).get("IfSteps", []) + step.get("Arguments", {}).get("ElseSteps", []))

    def __call__(self, value: Any) -> str:
        if isinstance(value, str):
            return value
        if "Std:Join" in value:
            return value["Std:Join"]["On"].join(self(part) for part in value["Std:Join"]["Values"])
        reference = value.get("Get", "")
        if reference.startswith("Parameters."):
            return str(self.parameters[reference.removeprefix("Parameters.")])
        if reference.startswith("Execution."):
            return EXECUTION_ID
        if reference.startswith("Steps."):
            return self._property(*reference.removeprefix("Steps.").split(".", 1))
        raise TableError(f"cannot resolve {value} in the pipeline definition")

    def _property(self, step: str, path: str) -> str:
        args = self.steps[step]["Arguments"]
        if path == "ModelArtifacts.S3ModelArtifacts":  # the job's name is Pipelines' own
            job = f"pipelines-{EXECUTION_ID}-{step}"
            return f"{self(args['OutputDataConfig']['S3OutputPath'])}/{job}/output/model.tar.gz"
        node: Any = args
        for part in path.split("."):
            indexed = _INDEXED.fullmatch(part)
            if indexed:
                name, wanted = indexed.groups()
                node = next(entry for entry in node[name] if wanted in entry.values())
            else:
                node = node[part]
        return self(node)

    def property_file(self, reference: Mapping[str, str]) -> str:
        """`{"Get": "Steps.<step>.PropertyFiles.<name>"}` as the S3 object Pipelines reads."""
        step, _, name = reference["Get"].removeprefix("Steps.").partition(".PropertyFiles.")
        [file] = [f for f in self.steps[step]["PropertyFiles"] if f["PropertyFileName"] == name]
        outputs = self.steps[step]["Arguments"]["ProcessingOutputConfig"]["Outputs"]
        [uri] = [o["S3Output"]["S3Uri"] for o in outputs if o["OutputName"] == file["OutputName"]]
        return f"{self(uri)}/{file['FilePath']}"
