"""Loaded by every Python a replayed job starts (the player puts this directory on PYTHONPATH): each AWS call botocore
makes is appended, as one JSON line, to the file named by JOURNEYS_CALL_LOG, with the access key that signed it.

botocore's client is patched only once something imports it (a finder on sys.meta_path), so processes that never
call AWS pay nothing. The log feeds `harness.recorded`, which decides each call with the IAM evaluator.
"""

import importlib.abc
import importlib.machinery
import json
import os
import sys


def _record(client, operation, params):
    credentials = client._request_signer._credentials  # the key that signs: which role's session made the call
    line = {
        "service": client.meta.service_model.service_name,
        "operation": operation,
        "region": client.meta.region_name,
        "access_key": credentials.access_key if credentials else None,
        "params": {k: v for k, v in params.items() if isinstance(v, str)},
    }
    with open(os.environ["JOURNEYS_CALL_LOG"], "a") as log:
        log.write(json.dumps(line) + "\n")


class _PatchBotocore(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path, target=None):
        if name != "botocore.client":
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        assert spec is not None and spec.loader is not None, "botocore.client is importable"
        self._loader = spec.loader
        spec.loader = self
        return spec

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        original = module.BaseClient._make_api_call

        def _make_api_call(client, operation_name, api_params):
            _record(client, operation_name, api_params)
            return original(client, operation_name, api_params)

        module.BaseClient._make_api_call = _make_api_call


if os.environ.get("JOURNEYS_CALL_LOG"):
    sys.meta_path.insert(0, _PatchBotocore())
