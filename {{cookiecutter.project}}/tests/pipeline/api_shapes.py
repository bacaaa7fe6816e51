"""The pipeline definition's step arguments checked against the botocore service model of the call each becomes.

A processing step's arguments are a CreateProcessingJob request, a training step's a CreateTrainingJob request and a
register step's a CreateModelPackage request, less the job name Pipelines gives (pipeline definition schema
2020-12-01). Each value is checked for what the model says of its member: required members, unknown members, type,
enum, pattern (a full match, as the service's Java patterns are meant), length and range. A parameter is checked at
its default; any other pipeline expression is resolved only at run time and is skipped. botocore's own validator
(botocore.validate) checks types, required members and minimums only, hence this one.

Beyond shapes, the rules the members' documentation states: a KMS key field takes only the forms its documentation
lists (read from the same model, KMS_FORMS); `documented_rules` checks the rest across steps and environments.
"""

import re
from collections.abc import Iterator, Mapping
from typing import Any

import botocore.session

STEP_CALLS = {
    "Processing": ("CreateProcessingJob", "ProcessingJobName"),
    "Training": ("CreateTrainingJob", "TrainingJobName"),
    "RegisterModel": ("CreateModelPackage", None),
}
# The service's patterns are Java regular expressions: the two constructs Python spells differently are rewritten;
# a pattern still unreadable here (\p{...} classes) is reported by `unreadable_patterns`, not silently passed.
# Shapes are typed Any: botocore's stubs type their members as cached properties.
_JAVA = {r"\uD800\uDC00-\uDBFF\uDFFF": r"\U00010000-\U0010FFFF", r"\p{Alnum}": "a-zA-Z0-9"}
KMS_FORMS = {
    "key id": re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32}"),
    "key ARN": re.compile(r"arn:aws[\w-]*:kms:[\w-]+:\d{12}:key/[\w-]+"),
    "alias": re.compile(r"alias/[\w/+=,.@-]+"),
    "alias ARN": re.compile(r"arn:aws[\w-]*:kms:[\w-]+:\d{12}:alias/[\w/+=,.@-]+"),
}
_DOCUMENTED_FORM = {  # the documentation's two spellings of each form
    "key id": r"Key ID",
    "key ARN": r"(ARN\)? of a KMS Key\b|Key ARN)",
    "alias": r"(KMS Key Alias|Alias name:)",
    "alias ARN": r"(ARN\)? of a KMS Key Alias|Alias name ARN)",
}
_EXPRESSIONS = ("Get", "Std:Join", "Std:JsonGet")
# Instance types with local NVMe instance storage: the families with a "d" (m5d, g4dn, m6id, ...) and the GPU and
# Trainium families that all carry it (EC2 User Guide, "Instance store volumes"; the VolumeKmsKeyId documentation
# points there).
LOCAL_STORAGE = re.compile(r"ml\.([a-z]+\d+[a-z]*d[a-z]*|g5|g6|g6e|p4de?|p5e?|trn1n?)\.\w+")


def service() -> Any:
    return botocore.session.get_session().get_service_model("sagemaker")


def step_violations(definition: Mapping[str, Any]) -> list[str]:
    """One sentence per value the service would refuse, naming the step, the member, the value and the rule."""
    defaults = {parameter["Name"]: parameter.get("DefaultValue") for parameter in definition["Parameters"]}
    model, found = service(), []
    for step in _steps(definition["Steps"]):
        if step["Type"] in STEP_CALLS:
            operation, named_by_pipelines = STEP_CALLS[step["Type"]]
            request = _at_defaults(step["Arguments"], defaults)
            if named_by_pipelines:
                request[named_by_pipelines] = "pipelines-named"
            shape = model.operation_model(operation).input_shape
            found += [f"{step['Name']} ({operation}) {problem}" for problem in violations(shape, request, "")]
    return found


def documented_rules(definition: Mapping[str, Any], endpoint_instance_types: set[str]) -> list[str]:
    """What the API documents across members, one sentence per break, for every step at the parameters' defaults."""
    defaults = {parameter["Name"]: parameter.get("DefaultValue") for parameter in definition["Parameters"]}
    found = []
    for step in _steps(definition["Steps"]):
        arguments = _at_defaults(step.get("Arguments", {}), defaults)
        breaks = [*_local_storage(arguments), *_spot(arguments), *_instance_types(arguments, endpoint_instance_types)]
        found += [f"{step['Name']}: {problem}" for problem in breaks]
    return found


def _local_storage(arguments: Mapping[str, Any]) -> Iterator[str]:
    """ProcessingClusterConfig and ResourceConfig VolumeKmsKeyId: none on an instance type with local storage."""
    cluster = arguments.get("ProcessingResources", {}).get("ClusterConfig") or arguments.get("ResourceConfig") or {}
    if LOCAL_STORAGE.fullmatch(str(cluster.get("InstanceType"))) and cluster.get("VolumeKmsKeyId"):
        yield f"{cluster['InstanceType']} has local storage, which takes no VolumeKmsKeyId"


def _spot(arguments: Mapping[str, Any]) -> Iterator[str]:
    """CreateTrainingJob EnableManagedSpotTraining: checkpoints, and a wait at least as long as the run."""
    if not arguments.get("EnableManagedSpotTraining"):
        return
    if not arguments.get("CheckpointConfig", {}).get("S3Uri"):
        yield "spot training without a CheckpointConfig restarts from nothing when interrupted"
    stopping = arguments.get("StoppingCondition", {})
    if stopping.get("MaxWaitTimeInSeconds", 0) < stopping.get("MaxRuntimeInSeconds", 86400):
        yield "spot training needs MaxWaitTimeInSeconds of at least MaxRuntimeInSeconds"


def _instance_types(arguments: Mapping[str, Any], used: set[str]) -> Iterator[str]:
    """InferenceSpecification.SupportedRealtimeInferenceInstanceTypes: those the endpoints serve the package on."""
    listed = arguments.get("InferenceSpecification", {}).get("SupportedRealtimeInferenceInstanceTypes")
    if listed is not None and not used <= set(listed):
        yield f"the package lists {sorted(listed)}, not {sorted(used)} its endpoints use"


def violations(shape: Any, value: Any, path: str) -> Iterator[str]:
    if isinstance(value, Mapping) and set(value) & set(_EXPRESSIONS):
        return  # resolved at run time
    checks = {"structure": _structure, "list": _list, "map": _map, "string": _string}
    if shape.type_name in checks:
        yield from checks[shape.type_name](shape, value, path)
    elif shape.type_name in ("integer", "long", "float", "double"):
        yield from _number(shape, value, path)
    elif shape.type_name == "boolean" and not isinstance(value, bool):
        yield f"{path}: {value!r} is not a boolean"


def _structure(shape: Any, value: Any, path: str) -> Iterator[str]:
    if not isinstance(value, Mapping):
        yield f"{path}: {value!r} is not a {shape.name} structure"
        return
    missing = [name for name in shape.required_members if name not in value]
    yield from (f"{path}.{name}: required by {shape.name}, missing" for name in missing)
    for name, item in value.items():
        if name not in shape.members:
            yield f"{path}.{name}: {shape.name} has no such member"
        else:
            yield from violations(shape.members[name], item, f"{path}.{name}")
            if "KmsKeyId" in name:
                yield from kms_form(shape.members[name], item, f"{path}.{name}")


def _list(shape: Any, value: Any, path: str) -> Iterator[str]:
    if not isinstance(value, list):
        yield f"{path}: {value!r} is not a list"
        return
    yield from _length(shape, value, path)
    for index, item in enumerate(value):
        yield from violations(shape.member, item, f"{path}[{index}]")


def _map(shape: Any, value: Any, path: str) -> Iterator[str]:
    if not isinstance(value, Mapping):
        yield f"{path}: {value!r} is not a map"
        return
    yield from _length(shape, value, path)
    for key, item in value.items():
        yield from violations(shape.key, key, f"{path} key {key!r}")
        yield from violations(shape.value, item, f"{path}[{key!r}]")


def _string(shape: Any, value: Any, path: str) -> Iterator[str]:
    if not isinstance(value, str):
        yield f"{path}: {value!r} is not a string"
        return
    if shape.enum and value not in shape.enum:
        yield f"{path}: {value!r} is not one of the {len(shape.enum)} values of {shape.name}"
    yield from _length(shape, value, path)
    pattern = _readable(shape.metadata.get("pattern"))
    if pattern and not re.fullmatch(pattern, value):
        yield f"{path}: {value!r} does not match {shape.name}'s pattern {shape.metadata['pattern']}"


def _number(shape: Any, value: Any, path: str) -> Iterator[str]:
    if isinstance(value, bool) or not isinstance(value, int | float):
        yield f"{path}: {value!r} is not a number"
    elif not shape.metadata.get("min", value) <= value <= shape.metadata.get("max", value):
        low, high = shape.metadata.get("min", ""), shape.metadata.get("max", "")
        yield f"{path}: {value!r} is outside {shape.name}'s range {low}..{high}"


def _length(shape: Any, value: Any, path: str) -> Iterator[str]:
    low, high = shape.metadata.get("min", 0), shape.metadata.get("max", len(value))
    if not low <= len(value) <= high:
        yield f"{path}: length {len(value)} is outside {shape.name}'s {low}..{high}"


def kms_form(shape: Any, value: Any, path: str) -> Iterator[str]:
    """A KMS key field's value in a form its documentation lists (no check where it lists none)."""
    documented = documented_kms_forms(shape)
    if isinstance(value, str) and documented and not any(KMS_FORMS[form].fullmatch(value) for form in documented):
        yield f"{path}: {value!r} is not in a form its documentation accepts ({', '.join(documented)})"


def documented_kms_forms(shape: Any) -> list[str]:
    text = re.sub(r"<[^>]+>", " ", shape.documentation or "")
    return [form for form, phrase in _DOCUMENTED_FORM.items() if re.search(phrase, text)]


def unreadable_patterns(shape: Any, seen: set[str] | None = None) -> set[str]:
    """The patterns under `shape` that Python cannot read even rewritten, so `violations` does not check them."""
    seen = set() if seen is None else seen
    if shape.name in seen:
        return set()
    seen.add(shape.name)
    pattern = shape.metadata.get("pattern")
    found = {pattern} if pattern and not _readable(pattern) else set()
    children = list(getattr(shape, "members", {}).values())
    children += [getattr(shape, name) for name in ("member", "key", "value") if hasattr(shape, name)]
    for child in children:
        found |= unreadable_patterns(child, seen)
    return found


def _readable(pattern: str | None) -> str | None:
    if pattern is None:
        return None
    for java, python in _JAVA.items():
        pattern = pattern.replace(java, python)
    try:
        return re.compile(pattern).pattern
    except re.error:
        return None


def _at_defaults(value: Any, defaults: Mapping[str, Any]) -> Any:
    if isinstance(value, list):
        return [_at_defaults(item, defaults) for item in value]
    if isinstance(value, Mapping):
        reference = value.get("Get")
        if isinstance(reference, str) and reference.startswith("Parameters."):
            return defaults[reference.removeprefix("Parameters.")]
        return {name: _at_defaults(item, defaults) for name, item in value.items()}
    return value


def _steps(steps: list[Mapping[str, Any]]) -> Iterator[Mapping[str, Any]]:
    for step in steps:
        yield step
        for branch in ("IfSteps", "ElseSteps"):
            yield from _steps(step.get("Arguments", {}).get(branch, []))
