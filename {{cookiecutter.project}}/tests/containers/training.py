"""The training job started as the framework image starts it: the toolkit reads SageMaker's config files, fetches
and unpacks the code bundle, and runs train.py with the hyperparameters as options and the channels as SM_CHANNEL_*.

SageMaker writes /opt/ml/input/config/{hyperparameters,inputdataconfig,resourceconfig}.json and the channels' data
under /opt/ml/input/data/<channel>, then runs the image with `train`, i.e. SAGEMAKER_TRAINING_MODULE's main
(https://docs.aws.amazon.com/sagemaker/latest/dg/your-algorithms-training-algo-running-container.html). The
scikit-learn image's main is sagemaker-training's entry_point.run (aws/sagemaker-scikit-learn-container
src/sagemaker_sklearn_container/training.py, eae7b6b1); the XGBoost image's, in script mode, is sagemaker-containers'
modules.run_module (aws/sagemaker-xgboost-container src/sagemaker_xgboost_container/training.py, cb8df91c). Both
run here in .venv-container, under SAGEMAKER_BASE_DIR, with the network blocked (toolkit.container_environ).
"""

import json
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from . import toolkit

START = {  # by the SDK's framework name (models.FRAMEWORK)
    "sklearn": (
        "from sagemaker_training import entry_point, environment, runner\n"
        "env = environment.Environment()\n"
        "entry_point.run(uri=env.module_dir, user_entry_point=env.user_entry_point, args=env.to_cmd_args(),\n"
        "                env_vars=env.to_env_vars(), runner_type=runner.ProcessRunnerType)\n"
    ),
    "xgboost": (
        "import sagemaker_containers.beta.framework as framework\n"
        "env = framework.training_env()\n"
        "framework.modules.run_module(env.module_dir, env.to_cmd_args(), env.to_env_vars(), env.module_name,\n"
        "                             capture_error=False)\n"
    ),
}
RESOURCES = {"current_host": "algo-1", "hosts": ["algo-1"], "network_interface_name": "eth0"}


def _write_config(base: Path, hyperparameters: Mapping[str, str], channels: list[dict[str, Any]]) -> None:
    config = base / "input" / "config"
    config.mkdir(parents=True)
    (config / "hyperparameters.json").write_text(json.dumps(hyperparameters))
    data_config = {channel["ChannelName"]: {"ContentType": channel.get("ContentType", "")} for channel in channels}
    (config / "inputdataconfig.json").write_text(json.dumps(data_config))
    (config / "resourceconfig.json").write_text(json.dumps(RESOURCES))


def train(
    framework: str, train_step: Mapping[str, Any], bundle: Path, data: Mapping[str, Path], root: Path
) -> subprocess.CompletedProcess:
    """Run the Train step's job as the image would: its hyperparameters, with the bundle's S3 URI replaced by the
    local `bundle`, and `data` (channel → directory) in place of its S3 channels. The model is in root/ml/model."""
    base = root / "ml"
    hyperparameters = dict(train_step["HyperParameters"]) | {"sagemaker_submit_directory": json.dumps(str(bundle))}
    _write_config(base, hyperparameters, train_step["InputDataConfig"])
    for channel, directory in data.items():
        shutil.copytree(directory, base / "input" / "data" / channel)
    (base / "model").mkdir()
    environ = toolkit.container_environ(train_step.get("Environment", {}), base, root / "network.log")
    environ["NETWORK_GUARD_JOB_HOSTS"] = ",".join(RESOURCES["hosts"])
    return subprocess.run(
        [str(toolkit.CONTAINER_PYTHON), "-c", START[framework]],
        env=environ,
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
