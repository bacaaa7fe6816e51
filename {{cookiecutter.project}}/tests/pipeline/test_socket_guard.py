import socket
import urllib.request

import pytest


def test_the_guard_stops_a_planted_network_call(no_network):
    with pytest.raises(RuntimeError, match="network is blocked"):
        urllib.request.urlopen("https://sagemaker.eu-west-1.amazonaws.com/", timeout=1)
    with pytest.raises(RuntimeError, match=r"93\.184\.215\.14"), socket.socket() as raw:
        raw.connect(("93.184.215.14", 443))


def test_the_guard_lets_this_machine_through(no_network):
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        with socket.create_connection(server.getsockname(), timeout=1):
            pass
