"""A socket guard: tests that must work offline fail loudly on any attempt to reach the network."""

import socket
from collections.abc import Iterator

import pytest

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
