"""The kill tests' recording networks keep their contracts: X-shaped refuses a
copy, Graph-shaped refuses none and finds its post in the listing."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from pelican.plugins.posse.publish.networks import AlreadyPosted, Post
from tests.harness.recording import (
    ListingNetwork,
    RecordingNetwork,
    RecordingServer,
    TrustingNetwork,
)

POST = Post("posts/a.md", "x", "new https://blog.example/a/", "https://blog.example/a/")
SINCE = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


def test_the_x_shaped_network_refuses_a_copy():
    assert RecordingNetwork.copy_refusal is not None
    assert RecordingNetwork.free_reads is False
    with RecordingServer() as server:
        net = RecordingNetwork({"POSSE_RECORDING_URL": server.url}, None)
        net.post(POST)
        with pytest.raises(AlreadyPosted):
            net.post(POST)
        assert server.accepted[POST.text] == 1


def test_the_graph_shaped_network_refuses_no_copy_and_looks():
    assert ListingNetwork.copy_refusal is None
    assert TrustingNetwork.copy_refusal is None
    assert ListingNetwork.free_reads is True
    with RecordingServer(dedupe=False, visibility_delay=0.3) as server:
        net = ListingNetwork({"POSSE_RECORDING_URL": server.url}, None)
        made = net.post(POST)
        assert net.look(POST, SINCE) is None, "not listed yet"
        time.sleep(0.35)
        assert net.look(POST, SINCE) == made
        later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
        assert net.look(POST, later) is None
        net.post(POST)
        assert server.accepted[POST.text] == 2
