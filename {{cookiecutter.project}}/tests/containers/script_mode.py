"""The framework images' script-mode WSGI application, which the toolkit's gunicorn serves.

The images' own serving packages are built from their GitHub repositories and are not on PyPI, so this module
stands in for their single-model `main`: aws/sagemaker-scikit-learn-container
src/sagemaker_sklearn_container/serving.py (eae7b6b1) and aws/sagemaker-xgboost-container
src/sagemaker_xgboost_container/serving.py (cb8df91c), which differ only in defaults this model does not use.
Everything else it calls is the image's real sagemaker-containers: the serving environment, the user module's
import (installing it if it was not yet), the transformer and the worker.
"""

# It runs in .venv-container, which pyright does not read.
# pyright: reportMissingImports=false

import importlib

from sagemaker_containers.beta.framework import env, modules, transformer, worker

app = None


def _user_module(serving_env):
    try:  # the module that server.start installed before gunicorn forked this worker
        return importlib.import_module(serving_env.module_name)
    except ImportError:
        return modules.import_module(serving_env.module_dir, serving_env.module_name)


def _transformer(user_module) -> transformer.Transformer:
    """The images' _user_module_transformer: transform_fn alone, or the three request hooks with defaults."""
    hooks = {name: getattr(user_module, name, None) for name in ("input_fn", "predict_fn", "output_fn")}
    if getattr(user_module, "transform_fn", None) is not None:
        if any(hooks.values()):
            raise ValueError("Cannot use transform_fn implementation with input_fn, predict_fn, and/or output_fn")
        return transformer.Transformer(model_fn=user_module.model_fn, transform_fn=user_module.transform_fn)
    return transformer.Transformer(model_fn=user_module.model_fn, **{n: f for n, f in hooks.items() if f})


def main(environ, start_response):
    global app
    if app is None:
        serving_env = env.ServingEnv()
        handler = _transformer(_user_module(serving_env))
        handler.initialize()
        app = worker.Worker(transform_fn=handler.transform, module_name=serving_env.module_name)
    return app(environ, start_response)
