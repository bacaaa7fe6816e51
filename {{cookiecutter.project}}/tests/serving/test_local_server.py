import json
import shutil
import socket
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd
import pytest

from {{ cookiecutter.package_name }}.serving import local_server, smoke


def call(url: str, body: bytes | None = None, content_type: str = "text/csv") -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_the_server_follows_the_container_contract_and_survives_bad_requests(model_dir: Path, split_dir: Path):
    rows = pd.read_csv(split_dir / "test" / "test.csv").iloc[:2, 1:]
    with local_server.serving(model_dir) as url:
        assert call(f"{url}/ping") == (200, b"")
        status, body = call(f"{url}/invocations", b"1,2\n")
        assert status == 400 and "must have 4 values" in json.loads(body)["error"]
        assert call(f"{url}/invocations", b"x", "image/png")[0] == 415
        assert call(f"{url}/elsewhere")[0] == 404
        assert len(smoke.smoke_test(url, rows)) == 2  # still serving after the bad requests
    port = urlparse(url).port
    assert port is not None
    with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.1", port), timeout=1):
        pass  # stopped: nothing listens on the port any more


BROKEN_HANDLERS = {  # a plant in the model's own handler (code, replacement) → what the smoke test must say
    "probabilities above 1": (("[:, 1]", "[:, 1] + 1.0"), "expected 2 probabilities in"),
    "malformed rows scored": (('number = float("nan")', "number = 0.0"), "a malformed request answered 200"),
}


@pytest.mark.parametrize("plant, message", BROKEN_HANDLERS.values(), ids=BROKEN_HANDLERS.keys())
def test_the_smoke_test_fails_when_the_model_answers_wrongly(
    model_dir: Path, tmp_path: Path, split_dir: Path, plant: tuple[str, str], message: str
):
    broken = shutil.copytree(model_dir, tmp_path / "model")
    handler = broken / "code" / "inference.py"
    assert plant[0] in handler.read_text()
    handler.write_text(handler.read_text().replace(*plant))
    rows = pd.read_csv(split_dir / "test" / "test.csv").iloc[:2, 1:]
    with local_server.serving(broken) as url, pytest.raises(RuntimeError, match=message):
        smoke.smoke_test(url, rows)


def test_a_directory_without_serving_code_is_refused(tmp_path: Path):
    with pytest.raises(RuntimeError, match=r"has no code/inference\.py"):
        local_server.load_handler(tmp_path)
