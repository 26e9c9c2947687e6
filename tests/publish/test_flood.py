"""A CI run that lost its state must never flood followers with old articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from pelican.plugins.posse import cli
from tests.harness import site
from tests.harness.scripted import ENV, install


@pytest.mark.slow
def test_500_articles_no_ledger_refuses_then_baseline_then_exactly_one(
    monkeypatch, capsys
):
    script = install(monkeypatch)
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    # The second build reads the 500 unchanged articles from Pelican's cache.
    cache = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": "cache"}
    site.write_settings(Path("."), {**site.LEAN, **cache})
    site.many(Path("."), 500)
    site.build(Path("."), monkeypatch)
    capsys.readouterr()

    assert cli.main(["publish"]) == 2
    out, _ = capsys.readouterr()
    assert script.calls == []
    assert "refusing to publish" in out and "no ledger" in out
    assert "pelican-posse baseline" in out and "POSSE_SINCE" in out
    assert "500 existing article(s)" in out
    assert not Path("posse-ledger.json").exists()

    assert cli.main(["baseline"]) == 0
    assert "500 article(s) recorded" in capsys.readouterr().out
    assert cli.main(["publish"]) == 0
    assert script.calls == []

    site.article(".", "new", "新しい記事", "2026-11-01 09:00")
    site.build(Path("."), monkeypatch)
    assert cli.main(["publish"]) == 0
    assert [(p.article_id, p.network) for p in script.calls] == [
        ("new.md", "x"),
        ("new.md", "facebook"),
    ]
    assert cli.main(["publish"]) == 0
    assert len(script.calls) == 2
    for secret in ENV.values():
        assert secret not in capsys.readouterr().out
