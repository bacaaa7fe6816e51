"""The model of the chosen framework ({{ cookiecutter.model_framework }}); the generator removed the other one."""

from .{{ "xgboost" if cookiecutter.model_framework == "xgboost" else "sklearn" }}_model import (
    FRAMEWORK,
    FRAMEWORK_VERSION,
    build_model,
)

__all__ = ["FRAMEWORK", "FRAMEWORK_VERSION", "build_model"]
