"""Tags on everything that takes them, in all four stacks: cost and ownership reports group by them."""

import importlib
import inspect
from functools import cache

import pytest
from stack_runs import aws_resources, platform, serving
from stacks import STACKS

from {{ cookiecutter.package_name }}.environments import GITHUB_REPOSITORY, PROJECT

RUNS = {"platform": platform, "serving": serving}


@cache
def takes_tags(token: str) -> bool:
    """Whether pulumi-aws's class for `token` (`aws:s3/bucket:Bucket` → pulumi_aws.s3.Bucket) has a `tags` input."""
    module, class_name = token.split(":")[1].split("/")[0], token.split(":")[2]
    resource_class = getattr(importlib.import_module(f"pulumi_aws.{module}"), class_name)
    return "tags" in inspect.signature(resource_class._internal_init).parameters


@pytest.mark.parametrize("project", RUNS)
@pytest.mark.parametrize("stack", STACKS)
def test_every_taggable_resource_carries_the_standard_tags(project: str, stack: str):
    expected = {"project": PROJECT, "environment": stack, "managed-by": "pulumi", "repository": GITHUB_REPOSITORY}
    taggable = [r for r in aws_resources(RUNS[project](stack)) if takes_tags(r.type)]
    assert len(taggable) >= 5
    untagged = [r.name for r in taggable if r.inputs.get("tags") != expected]
    assert not untagged, f"{project}/{stack}: without the standard tags: {untagged}"


def test_the_tag_check_knows_which_types_take_tags():
    assert takes_tags("aws:s3/bucket:Bucket") and not takes_tags("aws:s3/bucketPolicy:BucketPolicy")
