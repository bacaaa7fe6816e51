"""Continuous training really retrains: replayed with Pipelines' step caching (tests/pipeline/step_caching.py), a
new batch under the same prefix misses the cache, an unchanged one may hit it, and the package names its data."""

import copy
from pathlib import Path
from typing import Any, cast

import pytest
from step_caching import Pipelines, StepFailed, in_order

from {{ cookiecutter.package_name }} import sample_data
from {{ cookiecutter.package_name }}.steps import preprocess

TRAINED = {"Preprocess", "Train", "Evaluate"}  # what a run reuses when it trains nothing new


def prefix(pipelines: Pipelines) -> Path:
    return pipelines.path(pipelines.defaults["InputDataUri"])


def replay(definition: dict[str, Any], root: Path) -> Pipelines:
    pipelines = Pipelines(definition, root)
    sample_data.write(prefix(pipelines), rows=300)
    return pipelines


def change_one_row(pipelines: Pipelines) -> None:
    """Same key, same size, one customer's support calls changed: what a new batch under the same name looks like."""
    path = prefix(pipelines) / sample_data.SAMPLE_FILE_NAME
    header, first, *rest = path.read_text().splitlines(keepends=True)
    calls = header.split(",").index("support_calls")
    fields = first.split(",")
    fields[calls] = "9" if fields[calls] != "9" else "8"
    path.write_text("".join([header, ",".join(fields), *rest]))


def planted(definition: dict[str, Any], name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A copy of the definition, and its step `name` to plant a mistake in."""
    document = copy.deepcopy(definition)
    [step] = [step for step in in_order(document["Steps"]) if step["Name"] == name]
    return document, cast(dict[str, Any], step)


def registered(execution) -> dict[str, str]:
    return execution.runs["Register"].arguments["CustomerMetadataProperties"]


def test_unchanged_data_may_reuse_the_model_and_a_new_batch_under_the_same_prefix_retrains(preprod, tmp_path: Path):
    pipelines = replay(preprod, tmp_path)
    first, again = pipelines.execute(), pipelines.execute()
    assert (first.reused, again.reused) == (set(), TRAINED)
    assert registered(again)["data_manifest_sha256"] == registered(first)["data_manifest_sha256"]
    change_one_row(pipelines)
    changed = pipelines.execute()
    assert changed.reused == set()
    assert registered(changed)["data_manifest_sha256"] == preprocess.manifest(prefix(pipelines))["sha256"]
    assert registered(changed)["data_manifest_sha256"] != registered(first)["data_manifest_sha256"]


def test_the_package_points_at_the_manifest_of_the_data_it_was_trained_on(preprod, tmp_path: Path):
    pipelines = replay(preprod, tmp_path)
    execution = pipelines.execute()
    listed = pipelines.path(registered(execution)["data_manifest_uri"]).read_text()
    assert f'"name": "{sample_data.SAMPLE_FILE_NAME}"' in listed
    assert registered(execution)["data_manifest_sha256"] in listed


def test_data_changed_between_the_manifest_and_preprocess_stops_the_run(preprod, tmp_path: Path, capsys):
    pipelines = replay(preprod, tmp_path)
    with pytest.raises(StepFailed, match="Preprocess failed"):
        pipelines.execute(before={"Preprocess": lambda: change_one_row(pipelines)})
    assert "changed after the Manifest step listed it" in capsys.readouterr().err


def test_planted_preprocess_keyed_on_the_prefix_alone_hands_back_the_old_model(preprod, tmp_path: Path):
    document, step = planted(preprod, "Preprocess")
    del step["Arguments"]["AppSpecification"]["ContainerArguments"]
    pipelines = replay(document, tmp_path)
    pipelines.execute()
    change_one_row(pipelines)
    assert pipelines.execute().reused == TRAINED


def test_planted_cache_on_the_manifest_step_hands_back_the_old_model(preprod, tmp_path: Path):
    document, step = planted(preprod, "Manifest")
    step["CacheConfig"] = {"Enabled": True, "ExpireAfter": "P30D"}
    pipelines = replay(document, tmp_path)
    pipelines.execute()
    change_one_row(pipelines)
    assert pipelines.execute().reused == {"Manifest", *TRAINED}
