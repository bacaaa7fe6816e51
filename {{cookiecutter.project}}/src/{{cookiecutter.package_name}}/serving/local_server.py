"""A local stand-in for the SageMaker serving container: `GET /ping` and `POST /invocations` on 127.0.0.1.

Like the container, it loads the handler from the model's own `code/inference.py` (not from this package), so
it proves the packaged artifact, not the working tree. It serves what the handler's transform_fn answers (a client
error with its 4xx status); an error it raises becomes a 500, and the server keeps running either way.
"""

import importlib.util
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any


def load_handler(model_dir: Path) -> ModuleType:
    """The model's own inference module, imported from its file as the container imports it."""
    handler_file = model_dir / "code" / "inference.py"
    spec = importlib.util.spec_from_file_location("model_inference", handler_file)
    if not handler_file.is_file() or spec is None or spec.loader is None:
        raise RuntimeError(f"{model_dir} has no code/inference.py: it is not this project's model artifact.")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _request_handler(handler: ModuleType, model: Any) -> type[BaseHTTPRequestHandler]:
    class Invocations(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self._reply(200, b"", "text/plain") if self.path == "/ping" else self._error(404, "Not found.")

        def do_POST(self) -> None:
            if self.path != "/invocations":
                return self._error(404, "Not found.")
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            try:
                headers = self.headers
                reply = handler.transform_fn(model, body, headers.get("Content-Type", ""), headers.get("Accept"))
            except Exception as error:  # the container answers 500 and keeps serving; so do we
                return self._error(500, f"{type(error).__name__}: {error}")
            self._reply(reply.status, reply.body.encode(), reply.content_type)

        def _error(self, status: int, message: str) -> None:
            self._reply(status, json.dumps({"error": message}).encode(), "application/json")

        def _reply(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # quiet: the runner reports progress itself
            pass

    return Invocations


@contextmanager
def serving(model_dir: Path) -> Iterator[str]:
    """Serve the model in `model_dir` on an ephemeral port; yields the base URL, stops the server on exit."""
    handler = load_handler(model_dir)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _request_handler(handler, handler.model_fn(str(model_dir))))
    thread = threading.Thread(target=server.serve_forever, name="local-model-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
