"""The model server started as the framework image starts it, from the packaged model, with the network blocked.

SageMaker extracts the package's ModelDataUrl (model.tar.gz) into /opt/ml/model and runs the image with `serve`,
whose single-model path is `server.start(env.ServingEnv().framework_module)` of sagemaker-containers (both images'
serving.py). `server.start` copies SAGEMAKER_SUBMIT_DIRECTORY into /opt/ml/code and runs `pip install .` there
before gunicorn starts (sagemaker_containers/_server.py, _modules.py, 2.8.6.post2). Here it runs in .venv-container
(`make container-env`: the image's package set), under the toolkit's own SAGEMAKER_BASE_DIR in place of /opt/ml,
with no pip configuration (the image has none), and with network_guard/ refusing every connection off this machine.
"""

import os
import shutil
import signal
import socket
import subprocess
import tarfile
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
CONTAINER_PYTHON = HERE.parents[1] / ".venv-container" / "bin" / "python"
SERVE = "from sagemaker_containers.beta.framework import env, server; server.start(env.ServingEnv().framework_module)"
# ENV of the images' Dockerfiles (aws/deep-learning-containers docker/sklearn/1.9-0/Dockerfile, docker/xgboost/
# Dockerfile); the serving module is this kit's stand-in for theirs (script_mode.py).
IMAGE_ENV = {
    "PYTHONDONTWRITEBYTECODE": "1",
    "PYTHONUNBUFFERED": "1",
    "LANG": "C.UTF-8",
    "LC_ALL": "C.UTF-8",
    "SM_MODEL_DIR": "/opt/ml/model",
    "TEMP": "/opt/ml/tmp",  # the images' /home/model-server/tmp, moved under the base directory
    "SAGEMAKER_SERVING_MODULE": "script_mode:main",
}


class ServerDidNotStart(AssertionError):
    pass


@dataclass(frozen=True)
class Server:
    url: str
    network_log: Path

    def attempts(self) -> list[str]:
        """What the server's processes tried to reach off this machine."""
        return self.network_log.read_text().splitlines() if self.network_log.exists() else []


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def container_environ(variables: Mapping[str, str], base: Path, network_log: Path) -> dict[str, str]:
    """A job's environment: the image's, then the job's `variables`, with /opt/ml moved to `base`."""
    environ = {name: value.replace("/opt/ml", str(base)) for name, value in {**IMAGE_ENV, **variables}.items()}
    return environ | {
        "PATH": f"{CONTAINER_PYTHON.parent}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(base / "home"),
        "PIP_CONFIG_FILE": os.devnull,  # pip reads no configuration file: this machine's must not reach the image
        "PYTHONPATH": f"{HERE / 'network_guard'}{os.pathsep}{HERE}",
        "NETWORK_GUARD_LOG": str(network_log),
        "SAGEMAKER_BASE_DIR": str(base),
    }


def _wait_until_up(process: subprocess.Popen, url: str, output: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = "\n".join(output.read_text().splitlines()[-15:])
            raise ServerDidNotStart(f"The model server exited with {process.returncode} before serving:\n{tail}")
        try:
            with urllib.request.urlopen(f"{url}/ping", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise ServerDidNotStart(f"The model server did not answer /ping within {timeout:.0f} s (output: {output})")


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM to the server's whole session (gunicorn and its workers), as SageMaker stops a container."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except ProcessLookupError:
        pass  # it had already exited
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


@contextmanager
def serving(artifact: Path, model_env: Mapping[str, str], root: Path, timeout: float = 180) -> Iterator[Server]:
    """The server of `artifact` (a model.tar.gz) with the package's environment, until the block ends."""
    if not CONTAINER_PYTHON.exists():
        raise ServerDidNotStart(f"{CONTAINER_PYTHON} does not exist: run `make container-env` first.")
    base, port = root / "ml", _free_port()
    with tarfile.open(artifact) as tar:
        tar.extractall(base / "model", filter="data")
    (base / "tmp").mkdir()
    output, network_log = root / "server.log", root / "network.log"
    environ = container_environ(model_env, base, network_log) | {
        "SAGEMAKER_BIND_TO_PORT": str(port),
        "SAGEMAKER_USE_NGINX": "false",  # nginx only proxies to gunicorn's socket, after the install; not here
    }
    with output.open("w") as log:
        process = subprocess.Popen(
            [str(CONTAINER_PYTHON), "-c", SERVE],
            env=environ,
            cwd=root,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_until_up(process, f"http://127.0.0.1:{port}", output, timeout)
        yield Server(f"http://127.0.0.1:{port}", network_log)
    finally:
        _stop(process)
        shutil.rmtree(base / "code", ignore_errors=True)
