"""pytest fixtures for the fakes: ``pytest_plugins = ["tests.fakes.fixtures"]``.

Each test gets fresh servers with distinctive credentials (so a leak is easy to
find) and the environment a client needs to talk to them.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .fake_graph import FakeGraph
from .fake_x import FakeX

# Distinctive values: a secrets test searches every output for them.
X_CREDENTIALS = {
    "consumer_key": "xck-SECRET-7f3a9c",
    "consumer_secret": "xcs-SECRET-b81e44",
    "access_token": "1234567890-xat-SECRET-5d2c71",
    "access_token_secret": "xats-SECRET-0e9f62",
}
FB_PAGE_ID = "104857600123456"
FB_PAGE_TOKEN = "EAAG-fbtok-SECRET-9c4d1e7a"

SECRETS = (*X_CREDENTIALS.values(), FB_PAGE_TOKEN)


@pytest.fixture
def fake_x() -> Iterator[FakeX]:
    with FakeX(**X_CREDENTIALS) as server:
        yield server


@pytest.fixture
def fake_graph() -> Iterator[FakeGraph]:
    with FakeGraph(FB_PAGE_ID, FB_PAGE_TOKEN) as server:
        yield server


@pytest.fixture
def fakes_env(fake_x: FakeX, fake_graph: FakeGraph) -> dict[str, str]:
    """Both fakes' environment, as `python -m tests.fakes` prints it."""
    return {**fake_x.env(), **fake_graph.env()}
