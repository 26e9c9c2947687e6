"""``pelican-posse check`` names a bad API URL (the environment's value that
sends a network's calls to a fake or proxy) as itself, not as a credential."""

from __future__ import annotations

from pathlib import Path

import pytest

from pelican.plugins.posse import cli

pytest_plugins = ["tests.fakes.fixtures"]


@pytest.mark.parametrize(
    "case",
    [
        ("facebook", "POSSE_FACEBOOK_API_URL", "fake_graph", "POSSE_FACEBOOK_PAGE_ID"),
        ("threads", "POSSE_THREADS_API_URL", "fake_threads", "POSSE_THREADS_TOKEN"),
    ],
)
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_a_bad_api_url_is_named_as_itself(request, monkeypatch, capsys, case, lang):
    network, variable, fake, blamed = case
    label = {"en": "problem:", "ja": "問題："}[lang]
    server = request.getfixturevalue(fake)
    Path("pelicanconf.py").write_text(
        f'SITEURL = "https://blog.example.jp"\nPOSSE_SYNDICATE = ["{network}"]\n'
    )
    for name, value in server.env().items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv(variable, server.url.split("://", 1)[1])  # no http://
    monkeypatch.setenv("POSSE_CLI_LANG", lang)
    code = cli.main(["check"])
    out = "".join(capsys.readouterr().out.split())  # rich wraps long lines
    assert code == 2
    assert f"{label}{variable}{':' if lang == 'en' else '：'}{variable}" in out
    assert f"{label}{blamed}" not in out
    assert server.received == []  # refused before any credential was sent
