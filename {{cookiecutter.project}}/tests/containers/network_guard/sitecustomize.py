"""Started with this directory on PYTHONPATH, a Python process and every Python process it starts (pip included)
reach nothing but this machine, as in a SageMaker container with network isolation: a name lookup fails as DNS
does there, a connection as an unreachable network does. Each attempt is appended to $NETWORK_GUARD_LOG. The job's
own host names ($NETWORK_GUARD_JOB_HOSTS, SageMaker's algo-1...) resolve to this machine, as the container's
/etc/hosts resolves them (the training toolkit waits until they do).

Not covered: sockets of gevent's own class after it monkey-patches a gunicorn worker (the handler makes no calls).
"""

import errno
import os
import socket

LOCAL_HOSTS = {"127.0.0.1", "::1", "localhost", "0.0.0.0"}
JOB_HOSTS = set(filter(None, os.environ.get("NETWORK_GUARD_JOB_HOSTS", "").split(",")))
_connect, _connect_ex = socket.socket.connect, socket.socket.connect_ex
_getaddrinfo, _gethostbyname = socket.getaddrinfo, socket.gethostbyname


def _record(what: str) -> None:
    with open(os.environ["NETWORK_GUARD_LOG"], "a") as log:
        log.write(f"{os.getpid()} {what}\n")


def _is_local(address) -> bool:
    return not isinstance(address, tuple) or address[0] in LOCAL_HOSTS


def _guarded(original):
    def connect(self, address, *args):
        if not _is_local(address):
            _record(f"connect {address[0]}:{address[1]}")
            raise OSError(errno.ENETUNREACH, f"network isolation: {address[0]} is unreachable")
        return original(self, address, *args)

    return connect


def _resolvable(host) -> str | None:
    """The name to resolve in place of `host`; a host off this machine is recorded and refused."""
    if host is None or str(host) in LOCAL_HOSTS:
        return host
    if host in JOB_HOSTS:
        return "127.0.0.1"
    _record(f"resolve {host}")
    raise socket.gaierror(socket.EAI_NONAME, f"network isolation: {host} cannot be resolved")


def _lookup(host, *args, **kwargs):
    return _getaddrinfo(_resolvable(host), *args, **kwargs)


def _by_name(host: str) -> str:
    return _gethostbyname(_resolvable(host) or host)


if os.environ.get("NETWORK_GUARD_LOG"):
    socket.socket.connect, socket.socket.connect_ex = _guarded(_connect), _guarded(_connect_ex)
    socket.getaddrinfo, socket.gethostbyname = _lookup, _by_name
