"""pytest fixtures for the fakes: ``pytest_plugins = ["tests.fakes.fixtures"]``.

Each test gets fresh servers with distinctive credentials (so a leak is easy to
find) and the environment a client needs to talk to them.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .credentials import FB_PAGE_ID, FB_PAGE_TOKEN, X_CREDENTIALS
from .fake_graph import FakeGraph
from .fake_mastodon import FakeMastodon
from .fake_threads import FakeThreads
from .fake_x import FakeX


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


@pytest.fixture
def fake_mastodon() -> Iterator[FakeMastodon]:
    with FakeMastodon() as server:
        yield server


@pytest.fixture
def fake_threads() -> Iterator[FakeThreads]:
    with FakeThreads() as server:
        yield server


@pytest.fixture
def fresh_sessions() -> Iterator[None]:
    """No Bluesky session or Mastodon account id left over from another test
    (the network modules keep them for a run)."""
    from pelican.plugins.posse.publish.networks import bluesky, mastodon

    bluesky._SESSIONS.clear()
    mastodon._ACCOUNTS.clear()
    yield
    bluesky._SESSIONS.clear()


@pytest.fixture
def fake_misskey():
    from .fake_misskey import FakeMisskey

    with FakeMisskey() as server:
        yield server
