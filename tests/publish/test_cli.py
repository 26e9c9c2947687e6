"""``pelican-posse``: clear messages and exit codes, and never a secret printed."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from pelican.plugins.posse import cli
from pelican.plugins.posse.ledger import Ledger, Record
from pelican.plugins.posse.publish.networks.base import Permanent
from tests.harness.scripted import ENV, entry, install, seed_ledger, write_manifest


@pytest.fixture
def configured(monkeypatch):
    script = install(monkeypatch)
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    Path("publishconf.py").write_text(
        'SITEURL = "https://blog.example.jp"\nPOSSE_MAX_AGE = None\n'
    )
    return script


def run(capsys, *argv: str) -> tuple[int, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    for secret in ENV.values():
        assert secret not in out + err
    return code, out + err


def test_no_settings_file_is_a_usage_error(capsys):
    code, out = run(capsys, "plan")
    assert code == 2 and "no settings file" in out and "Traceback" not in out


def test_broken_settings_file_names_file_and_line(capsys):
    Path("publishconf.py").write_text('SITEURL = "https://a.example"\nPOSSE_X = (\n')
    code, out = run(capsys, "plan")
    said = " ".join(out.split())  # a long temporary path wraps the line anywhere
    assert code == 2 and "publishconf.py" in said and "line 2" in said
    assert "Traceback" not in out


def test_bad_posse_setting_is_named(capsys):
    Path("pelicanconf.py").write_text("POSSE_MAX_POSTS_PER_RUN = 'three'\n")
    code, out = run(capsys, "plan")
    assert code == 2 and "POSSE_MAX_POSTS_PER_RUN" in out and "'three'" in out


def test_missing_manifest_says_to_build_first(configured, capsys):
    code, out = run(capsys, "publish")
    assert code == 2 and "pelican content -s publishconf.py" in out


def test_corrupt_ledger_stops_with_file_and_line(configured, capsys):
    write_manifest([entry(1)])
    Path("posse-ledger.json").write_text('{\n  "articles": {\n    "a.md": {,\n')
    code, out = run(capsys, "publish")
    assert code == 2 and "posse-ledger.json, line 3" in out
    assert configured.calls == []


def test_hand_edited_state_stops_with_file_and_line(configured, capsys):
    write_manifest([entry(1)])
    seed_ledger()
    path = Path("posse-ledger.json")
    path.write_text(path.read_text().replace('"baseline"', '"sent"', 1))
    code, out = run(capsys, "status")
    assert code == 2 and "posse-ledger.json, line" in out and "'sent'" in out


def test_plan_json_lists_networks_costs_and_reasons(configured, capsys):
    seed_ledger()
    write_manifest([entry(1), entry(2, held="draft")])
    code, out = run(capsys, "plan", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["networks"]["x"]["destination"] == "network"
    assert data["x"] == {"calls": 1, "total_usd": 0.2}
    x_item = next(
        i for i in data["items"] if i["network"] == "x" and i["action"] == "post"
    )
    assert x_item["x_billed_as"] == "post with URL" and x_item["length"] == 30
    held = next(i for i in data["items"] if i["article_id"] == "posts/0002.md")
    assert held["reason"] == "draft" and "draft" in held["detail"]
    assert configured.calls == []


def test_plan_shows_outbox_for_missing_credentials(configured, capsys, monkeypatch):
    monkeypatch.delenv("POSSE_FB_TOKEN")
    seed_ledger()
    write_manifest([entry(1)])
    code, out = run(capsys, "plan")
    assert code == 0
    assert "missing: POSSE_FB_TOKEN" in out and "local outbox" in out
    assert "$0.200" in out


def _rows(out: str) -> list[str]:
    """'posts/0001.md → X' for each post line of `plan`."""
    return [
        line.split()[1] + " → " + line.split("→ ")[1].split(" (")[0]
        for line in out.splitlines()
        if "→" in line
    ]


def test_plan_lists_x_before_facebook_as_the_networks_table_does(configured, capsys):
    seed_ledger()
    write_manifest([entry(1), entry(2)])
    code, out = run(capsys, "plan")
    assert code == 0
    assert _rows(out) == [
        "posts/0001.md → X",
        "posts/0001.md → Facebook",
        "posts/0002.md → X",
        "posts/0002.md → Facebook",
    ]
    # The order is POSSE_SYNDICATE's: a site that lists Facebook first sees it first.
    Path("publishconf.py").write_text(
        'SITEURL = "https://blog.example.jp"\nPOSSE_MAX_AGE = None\n'
        'POSSE_SYNDICATE = ["facebook", "x"]\n'
    )
    assert _rows(run(capsys, "plan")[1])[:2] == [
        "posts/0001.md → Facebook",
        "posts/0001.md → X",
    ]


def test_publish_says_where_an_outbox_post_went_and_why(
    configured, capsys, monkeypatch
):
    monkeypatch.delenv("POSSE_FB_TOKEN")
    seed_ledger()
    write_manifest([entry(1)])
    code, out = run(capsys, "publish", "--json")
    results = {r["network"]: r for r in json.loads(out)["results"]}
    assert code == 0 and results["x"]["outcome"] == "posted"
    assert results["facebook"]["outcome"] == "outbox"
    assert results["facebook"]["detail"] == "not sent (no credentials)"
    assert results["facebook"]["preview"] == ".posse/outbox/index.html"
    write_manifest([entry(1), entry(2)])
    code, out = run(capsys, "publish")
    row = next(line for line in out.splitlines() if "│ Facebook" in line)
    assert "│ outbox │ not sent (no credentials)" in row  # the "where / why" column
    assert "preview:" not in row  # said once, under the table
    assert out.count("outbox preview (1 new): open") == 1


def test_retry_of_an_outbox_preview_says_it_was_not_a_failed_delivery(
    configured, capsys, monkeypatch
):
    monkeypatch.delenv("POSSE_X_TOKEN")
    seed_ledger()
    write_manifest([entry(1)])
    run(capsys, "publish")  # X: a preview in the outbox; Facebook: posted
    code, out = run(capsys, "retry", "posts/0001.md", "--json")
    assert code == 0 and configured.posted("x") == []
    assert json.loads(out)["notes"][0] == (
        "posts/0001.md on X had only been previewed in the outbox; it was not a "
        "failed delivery. X still has no credentials: previewed again, not sent."
    )
    monkeypatch.setenv("POSSE_X_TOKEN", ENV["POSSE_X_TOKEN"])
    code, out = run(capsys, "retry", "posts/0001.md")
    said = " ".join(out.split())  # as one line, whatever the wrapping
    assert code == 0 and configured.posted("x") == ["posts/0001.md"]
    assert "on X had only been previewed in the outbox; it was not a failed" in said
    assert "Sent to X now, as asked." in said


def test_publish_exit_codes_and_status_remedies(configured, capsys):
    seed_ledger()
    write_manifest([entry(1)])
    configured.answers["x"] = [
        Permanent(
            "x", "403 Forbidden: app is read-only", remedy="give the app Read and Write"
        )
    ]
    code, out = run(capsys, "publish")
    assert code == 3 and "failed" in out  # failed for good: waits for a person
    code, out = run(capsys, "status")
    assert code == 1
    assert "403 Forbidden: app is read-only" in out
    assert "give the app Read and Write" in out
    code, out = run(capsys, "publish")  # nothing new, the failure waits for retry
    # Every run stays red, and the failed post is not tried again by publish.
    assert code == 3 and configured.posted("x") == ["posts/0001.md"]
    configured.answers["x"] = ["ok"]
    code, out = run(capsys, "retry")
    assert code == 0 and "posted" in out
    assert run(capsys, "status")[0] == 0
    assert run(capsys, "publish")[0] == 0


def test_dry_run_sends_nothing(configured, capsys):
    seed_ledger()
    write_manifest([entry(1)])
    code, out = run(capsys, "publish", "--dry-run")
    assert code == 0 and "Dry run" in out and configured.calls == []
    assert not Path(".posse/outbox").exists()


def test_refusal_is_exit_2_with_both_ways_on(configured, capsys):
    write_manifest([entry(1)])
    code, out = run(capsys, "publish")
    assert code == 2 and "baseline" in out and "POSSE_SINCE" in out
    code, out = run(capsys, "baseline", "--json")
    assert code == 0 and json.loads(out)["baselined"] == 1


def test_resolve_and_its_usage_errors(configured, capsys):
    seed_ledger()
    ledger = Ledger.load(Path("posse-ledger.json"))
    ledger.set("posts/0001.md", "x", Record(state="uncertain", attempts=1))
    ledger.save()
    write_manifest([entry(1)])
    code, out = run(capsys, "status")
    assert code == 1 and "resolve posts/0001.md x" in out
    code, out = run(capsys, "resolve", "posts/0001.md", "x", "--posted", "x.com/1")
    assert code == 2 and "https://" in out
    code, out = run(capsys, "resolve", "nope.md", "x", "--not-posted")
    assert code == 2 and "no record" in out
    code, out = run(
        capsys, "resolve", "posts/0001.md", "x", "--posted", "https://x.com/h/status/1"
    )
    assert code == 0
    assert (
        Ledger.load(Path("posse-ledger.json")).record("posts/0001.md", "x").url
        == "https://x.com/h/status/1"
    )


def test_usage_errors_exit_2(capsys):
    assert cli.main(["frobnicate"]) == 2
    assert cli.main(["--help"]) == 0
    Path("pelicanconf.py").write_text("")
    write_manifest([entry(1)])
    assert cli.main(["publish", "--wait-live", "-5"]) == 2


def test_verbose_and_json_output_never_show_a_secret(configured, capsys, caplog):
    seed_ledger()
    write_manifest([entry(1), entry(2)])
    secret = ENV["POSSE_X_TOKEN"]
    configured.answers["x"] = [
        Permanent("x", f"401 for token {secret}", remedy=f"replace {secret}")
    ]
    configured.answers["facebook"] = [RuntimeError(f"crash {ENV['POSSE_FB_TOKEN']}")]
    caplog.set_level("DEBUG")
    code, _ = run(capsys, "-v", "publish", "--json")
    assert code == 3
    code, status_out = run(capsys, "-v", "status", "--json")
    assert "401 for token ***" in status_out
    for value in ENV.values():
        assert value not in caplog.text


@pytest.mark.parametrize(
    "argv",
    [
        ("-s", "site/prod.py", "plan"),
        ("plan", "-s", "site/prod.py"),
        ("plan", "--settings", "site/prod.py", "-v"),
    ],
)
def test_settings_option_works_before_or_after_the_command(capsys, argv):
    # CI scripts write `pelican-posse publish -s publishconf.py`; both orders work.
    Path("site").mkdir()
    Path("site/prod.py").write_text("POSSE_MAX_POSTS_PER_RUN = 'three'\n")
    code, out = run(capsys, *argv)
    assert code == 2 and "POSSE_MAX_POSTS_PER_RUN" in out, out


def test_options_before_the_command_are_not_undone_by_the_command(capsys):
    Path("site").mkdir()
    Path("site/prod.py").write_text("POSSE_MAX_POSTS_PER_RUN = 'three'\n")
    args = cli._parser().parse_args(["-s", "site/prod.py", "-v", "status"])
    assert args.settings == "site/prod.py" and args.verbose is True
    args = cli._parser().parse_args(["status"])
    assert args.settings is None and args.verbose is False


# --- resolve settles uncertain posts only --------------------------------------
def _ledger_with(state: str, url: str | None = None) -> None:
    seed_ledger()
    ledger = Ledger.load(Path("posse-ledger.json"))
    for network in ("x", "facebook"):
        ledger.set("posts/0001.md", network, Record(state=state, attempts=1, url=url))
    ledger.save()
    write_manifest([entry(1)])


def _record(network: str = "x") -> Record:
    return Ledger.load(Path("posse-ledger.json")).record("posts/0001.md", network)


def test_resolve_refuses_a_posted_record_so_nothing_is_posted_twice(configured, capsys):
    _ledger_with("posted", url="https://x.example/p/1")
    code, out = run(capsys, "resolve", "posts/0001.md", "x", "--not-posted")
    said = " ".join(out.split())
    assert code == 2 and "Traceback" not in out
    assert "posts/0001.md on X is recorded as posted at https://x.example/p/1" in said
    assert "not uncertain" in said and "add --force" in said
    assert "next `pelican-posse publish` sends it" not in said
    assert _record().state == "posted"
    assert _rows(run(capsys, "plan")[1]) == []  # not listed again
    code, out = run(
        capsys,
        "resolve",
        "posts/0001.md",
        "facebook",
        "--posted",
        "https://evil.example/x",
    )
    assert code == 2 and "recorded as posted" in out
    assert _record("facebook").url == "https://x.example/p/1"  # not overwritten


def test_resolve_says_what_to_do_instead_for_each_state(configured, capsys):
    _ledger_with("outbox")
    code, out = run(capsys, "resolve", "posts/0001.md", "x", "--not-posted")
    said = " ".join(out.split())
    assert code == 2 and "is recorded as outbox, not uncertain" in said
    assert "to send it now: `pelican-posse retry posts/0001.md`" in said
    assert _record().state == "outbox"
    _ledger_with("failed")
    code, out = run(capsys, "resolve", "posts/0001.md", "x", "--posted", "https://x/1")
    said = " ".join(out.split())
    assert code == 2 and "fix the cause" in said and "retry posts/0001.md" in said


def test_resolve_force_changes_any_record_and_says_so(configured, capsys):
    _ledger_with("posted", url="https://x.example/p/1")
    code, out = run(capsys, "resolve", "posts/0001.md", "x", "--not-posted", "--force")
    assert code == 0 and "posts/0001.md on X: recorded as not posted" in out
    assert (_record().state, _record().url) == ("pending", None)
    assert _rows(run(capsys, "plan")[1]) == ["posts/0001.md → X"]  # sent again
    code, out = run(capsys, "resolve", "--help")
    said = " ".join(out.split())
    assert "--force" in said and "not uncertain" in said


def test_resolve_names_an_unknown_network_and_the_known_ones(configured, capsys):
    _ledger_with("uncertain")
    code, out = run(capsys, "resolve", "posts/0001.md", "twitter", "--not-posted")
    assert code == 2
    assert "unknown network 'twitter'; known: x, facebook, mastodon, bluesky" in out
    assert "no record" not in out
    # As people write it ("X") is the network too.
    code, out = run(capsys, "resolve", "posts/0001.md", "X", "--posted", "https://x/1")
    assert code == 0 and "posts/0001.md on X: recorded as posted at https://x/1" in out


def test_resolve_of_an_unknown_article_suggests_close_ids(configured, capsys):
    _ledger_with("uncertain")
    code, out = run(capsys, "resolve", "posts/001.md", "x", "--not-posted")
    said = " ".join(out.split())
    assert code == 2 and "no record of 'posts/001.md' on X" in said
    assert "Did you mean posts/0001.md?" in said


# --- retry ARTICLE of an outbox preview -------------------------------------------
def _previewed_on_x(capsys, monkeypatch, *, with_text: bool) -> None:
    """posts/0001.md: X only previewed in the outbox, Facebook posted."""
    monkeypatch.delenv("POSSE_X_TOKEN")
    seed_ledger()
    write_manifest([entry(1)])
    run(capsys, "publish")
    monkeypatch.setenv("POSSE_X_TOKEN", ENV["POSSE_X_TOKEN"])
    # The next build's manifest: the text for X, whose record is `outbox` (as
    # manifest.py writes it), or, from an older build, no text at all.
    article = entry(1)
    article["texts"] = {"x": article["texts"]["x"]} if with_text else {}
    write_manifest([article])


def test_retry_sends_an_outbox_preview_when_the_manifest_has_its_text(
    configured, capsys, monkeypatch
):
    _previewed_on_x(capsys, monkeypatch, with_text=True)
    page = Path(".posse/outbox/index.html")
    preview = 'data-network="x" data-article="posts/0001.md"'
    assert preview in page.read_text()
    code, out = run(capsys, "retry", "posts/0001.md")
    said = " ".join(out.split())
    assert code == 0 and configured.posted("x") == ["posts/0001.md"]
    assert "Sent to X now, as asked." in said
    assert _record().state == "posted"
    # The page says nothing on it was sent: the post sent now is no longer on it.
    assert preview not in page.read_text()


def test_retry_of_a_preview_without_text_says_what_to_run(
    configured, capsys, monkeypatch
):
    _previewed_on_x(capsys, monkeypatch, with_text=False)
    code, out = run(capsys, "retry", "posts/0001.md")
    said = " ".join(out.split())
    assert code == 1 and configured.posted("x") == []
    assert (
        "posts/0001.md on X was only previewed in the outbox, and it was not sent "
        "now: the manifest .posse/manifest.json has no text for it. To send it, "
        "rebuild the site with `pelican content -s publishconf.py`, then run "
        "`pelican-posse retry posts/0001.md` again." in said
    )
    assert "Nothing was due" not in said and "now due" not in said
    assert "no text in the manifest" not in said
    assert _record().state == "outbox"  # left as it was: not sent by a later publish


def test_retry_of_an_article_with_nothing_to_retry_says_its_states(configured, capsys):
    seed_ledger()
    write_manifest([entry(1)])
    run(capsys, "publish")
    code, out = run(capsys, "retry", "posts/0001.md")
    assert code == 0
    assert "posts/0001.md: nothing to retry (X posted, Facebook posted)." in out


# --- ids: where they are, and a close one for a typo -------------------------------
def test_retry_of_an_unknown_article_suggests_ids_and_where_they_are(
    configured, capsys
):
    seed_ledger()
    write_manifest([entry(1), entry(2), entry(30)])
    code, out = run(capsys, "retry", "0002.md")
    said = " ".join(out.split())
    assert code == 2 and "Traceback" not in out
    assert "no article '0002.md' in the manifest .posse/manifest.json." in said
    assert "Did you mean posts/0002.md?" in said
    assert "`pelican-posse status --articles` lists the ids" in said
    assert "`pelican-posse status` lists the ids" not in said
    code, out = run(capsys, "retry", "old")  # an id only the ledger knows
    assert "Did you mean old.md?" in " ".join(out.split())
    code, out = run(capsys, "retry", "old.md")  # in the ledger, not in the build
    said = " ".join(out.split())
    assert code == 2 and "'old.md' is in the ledger posse-ledger.json but not" in said
    assert "`posse_id: old.md`" in said


def test_status_articles_lists_every_id_with_its_states(configured, capsys):
    seed_ledger()
    write_manifest([entry(1)])
    configured.answers["facebook"] = [
        Permanent("facebook", "code 190", remedy="new token")
    ]
    run(capsys, "publish")
    code, out = run(capsys, "status", "--articles")
    rows = {
        line.split("│")[1].strip(): line for line in out.splitlines() if "│" in line
    }
    assert "posts/0001.md" in rows and "old.md" in rows
    assert "posted" in rows["posts/0001.md"] and "failed" in rows["posts/0001.md"]
    code, out = run(capsys, "status", "--articles", "--json")
    assert code == 1  # the failure needs a person
    assert json.loads(out)["articles"]["posts/0001.md"] == {
        "x": "posted",
        "facebook": "failed",
    }
    assert "articles" not in json.loads(run(capsys, "status", "--json")[1])


# --- settings, names, headings, --help ----------------------------------------------
def test_each_settings_problem_is_on_its_own_line(capsys):
    Path("pelicanconf.py").write_text(
        "POSSE_MAX_POSTS_PER_RUN = 'three'\nPOSSE_MAX_WAIT = 'soon'\n"
    )
    code, out = run(capsys, "plan")
    lines = out.splitlines()
    assert code == 2 and "pelicanconf.py: 2 problems:" in lines[0]
    assert any("POSSE_MAX_POSTS_PER_RUN" in line for line in lines[1:])
    assert any("POSSE_MAX_WAIT" in line for line in lines[1:])
    assert not any(
        "POSSE_MAX_WAIT" in line and "POSSE_MAX_POSTS" in line for line in lines
    )


def test_a_directory_given_as_settings_is_named_as_one(capsys):
    Path("content").mkdir()
    code, out = run(capsys, "-s", "content", "plan")
    assert code == 2 and "content is a directory" in out
    assert "-s expects your Pelican settings file" in out and "not found" not in out


def test_people_read_network_names_as_written(configured, capsys, caplog):
    write_manifest([entry(1)])
    code, out = run(capsys, "publish")  # no ledger: refuses
    assert code == 2 and "credentials for X, Facebook are set" in " ".join(out.split())
    seed_ledger()
    configured.answers["facebook"] = [
        Permanent("facebook", "code 190: bad token", remedy="new token")
    ]
    code, out = run(capsys, "publish")
    # The warning logged to stderr as it fails, beside the table.
    assert code == 3 and "posts/0001.md on Facebook: failed" in caplog.text
    assert " on facebook" not in caplog.text + out and " on x" not in caplog.text + out
    code, out = run(capsys, "publish", "--json")  # machines keep the keys
    assert all(i["network"] in ("x", "facebook") for i in json.loads(out)["items"])


def test_an_outbox_only_run_is_headed_previewed(configured, capsys, monkeypatch):
    monkeypatch.delenv("POSSE_X_TOKEN")
    monkeypatch.delenv("POSSE_FB_TOKEN")
    write_manifest([entry(1)])
    code, out = run(capsys, "publish")
    assert code == 0 and "Previewed in the outbox (nothing was sent)" in out
    assert "Published" not in out


def test_outbox_page_shows_times_in_the_sites_timezone(configured, capsys, monkeypatch):
    monkeypatch.delenv("POSSE_X_TOKEN")
    monkeypatch.delenv("POSSE_FB_TOKEN")
    Path("publishconf.py").write_text(
        'SITEURL = "https://blog.example.jp"\nTIMEZONE = "Asia/Tokyo"\n'
        "POSSE_MAX_AGE = None\n"
    )
    write_manifest([entry(1)])
    assert run(capsys, "publish")[0] == 0
    html = Path(".posse/outbox/index.html").read_text()
    assert "+09:00</div>" in html and " UTC</div>" not in html


def test_help_describes_every_option_and_version_is_the_installed_one(capsys):
    import importlib.metadata

    for command in ("plan", "publish", "baseline", "status", "retry", "resolve"):
        assert cli.main([command, "--help"]) == 0
        out = capsys.readouterr().out
        said = " ".join(out.split())
        if command != "resolve":
            assert "--json machine-readable output" in said, command
    assert "article the article id" in said and "network the network: x," in said
    assert cli.main(["--version"]) == 0
    version = importlib.metadata.version("pelican-posse")
    assert capsys.readouterr().out == f"pelican-posse {version}\n"


def test_retry_of_a_preview_the_network_refuses_says_so_plainly(
    configured, capsys, monkeypatch
):
    _previewed_on_x(capsys, monkeypatch, with_text=True)
    configured.answers["x"] = [Permanent("x", "HTTP 402: no credits", remedy="add")]
    code, out = run(capsys, "retry", "posts/0001.md")
    said = " ".join(out.split())
    assert code == 3 and "Nothing was published" in said
    assert (
        "Sending it to X now did not work: HTTP 402: no credits. It is recorded as "
        "failed: refused by the network; fix the cause, then `pelican-posse retry`."
    ) in said
    assert "Nothing was due" not in said and "now due" not in said


def test_status_before_any_build_says_why_nothing_is_known_to_be_due(
    configured, capsys
):
    seed_ledger()  # a ledger, but no manifest: the site was never built here
    code, out = run(capsys, "status")
    assert code == 0
    assert "waiting: unknown. .posse/manifest.json: no manifest" in " ".join(
        out.split()
    )


def test_an_old_new_article_is_one_line_and_a_github_warning(
    configured, capsys, monkeypatch
):
    # Drafted for weeks under an old Date:, then published: held, and said so.
    Path("publishconf.py").write_text(
        'SITEURL = "https://blog.example.jp"\nPOSSE_MAX_AGE = 14\n'
    )
    seed_ledger()
    write_manifest([entry(1, date=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))])
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, out = run(capsys, "plan")
    assert code == 0
    lines = [line for line in out.splitlines() if line.startswith("::warning")]
    assert len(lines) == 1
    assert "posts/0001.md" in lines[0] and "posse: send" in lines[0]
    assert "pelican-posse send posts/0001.md" in lines[0]
    # Sent on purpose, with the one documented command.
    code, out = run(capsys, "send", "posts/0001.md")
    assert code == 0
    assert configured.posted() == ["posts/0001.md", "posts/0001.md"]


def test_give_up_stops_a_failure_from_keeping_ci_red(configured, capsys):
    seed_ledger()
    configured.answers["x"] = [Permanent("x", "HTTP 401", remedy="new keys"), "ok"]
    write_manifest([entry(1)])
    assert run(capsys, "publish")[0] == 3
    code, out = run(capsys, "publish")
    assert code == 3 and "posts/0001.md on X (failed)" in " ".join(out.split())
    code, out = run(capsys, "resolve", "posts/0001.md", "x", "--give-up")
    assert code == 0 and "given up" in out
    assert run(capsys, "publish")[0] == 0
    assert configured.posted("x") == ["posts/0001.md"]


def test_send_says_why_nothing_was_sent(configured, capsys):
    seed_ledger()
    write_manifest([entry(1, held="hidden")])
    code, out = run(capsys, "send", "posts/0001.md")
    text = " ".join(out.split())
    assert code == 0
    assert "not sent to X: hidden (Status: hidden)" in text
    assert "not sent to Facebook: hidden (Status: hidden)" in text
    assert configured.calls == []
