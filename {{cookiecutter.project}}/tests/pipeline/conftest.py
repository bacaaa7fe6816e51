"""A socket guard (tests that must work offline fail loudly on any attempt to reach the network), and the pipeline
definition the SDK builds behind it."""

import json
import socket
from collections.abc import Iterator
from typing import Any

import pytest

from {{ cookiecutter.package_name }} import environments
from {{ cookiecutter.package_name }}.pipeline import offline

LOCAL_HOSTS = {"127.0.0.1", "::1", "localhost"}


class NetworkBlocked(RuntimeError):
    pass


def _guarded_connect(original):
    def connect(self: socket.socket, address, *args, **kwargs):
        host = address[0] if isinstance(address, tuple) else address
        if host not in LOCAL_HOSTS:
            raise NetworkBlocked(f"A test tried to reach {address!r}: the network is blocked here.")
        return original(self, address, *args, **kwargs)

    return connect


@pytest.fixture(scope="module")
def no_network() -> Iterator[None]:
    """Blocks every connection except to this machine, and name lookups, for the module's tests."""

    def refuse_lookup(host, *args, **kwargs):
        if host not in LOCAL_HOSTS:
            raise NetworkBlocked(f"A test tried to resolve {host!r}: the network is blocked here.")
        return original_lookup(host, *args, **kwargs)

    original_lookup = socket.getaddrinfo
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", _guarded_connect(socket.socket.connect))
        patch.setattr(socket.socket, "connect_ex", _guarded_connect(socket.socket.connect_ex))
        patch.setattr(socket, "getaddrinfo", refuse_lookup)
        yield


@pytest.fixture(scope="module")
def build(no_network) -> Iterator[Any]:
    """definition_json as a dict; the SDK's process variables are restored after the module."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in offline.OFFLINE_VARIABLES.items():
            patch.setenv(name, value)
        from {{ cookiecutter.package_name }}.pipeline import definition

        yield lambda env, **options: json.loads(definition.definition_json(env, **options))


@pytest.fixture(scope="module")
def preprod(build) -> dict[str, Any]:
    return build(environments.environment("preprod"))
