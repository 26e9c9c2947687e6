"""``pelican-posse``: clear messages and exit codes, and never a secret printed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pelican.plugins.posse import cli
from pelican.plugins.posse.ledger import Ledger, Record
from pelican.plugins.posse.networks.base import Permanent
from tests.harness.scripted import ENV, entry, install, seed_ledger, write_manifest


@pytest.fixture
def configured(monkeypatch):
    script = install(monkeypatch)
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    Path("publishconf.py").write_text('SITEURL = "https://blog.example.jp"\n')
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
    assert code == 2 and "publishconf.py" in out and "line 2" in out
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
        'SITEURL = "https://blog.example.jp"\nPOSSE_SYNDICATE = ["facebook", "x"]\n'
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
    assert results["facebook"]["detail"] == (
        "not sent (no credentials); preview: .posse/outbox/index.html"
    )
    write_manifest([entry(1), entry(2)])
    code, out = run(capsys, "publish")
    row = next(line for line in out.splitlines() if "│ Facebook" in line)
    assert "│ outbox │ not sent (no credentials)" in row  # the "where / why" column


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
    assert code == 1 and "failed" in out
    code, out = run(capsys, "status")
    assert code == 1
    assert "403 Forbidden: app is read-only" in out
    assert "give the app Read and Write" in out
    code, out = run(capsys, "publish")  # nothing new, the failure waits for retry
    assert code == 0
    configured.answers["x"] = ["ok"]
    code, out = run(capsys, "retry")
    assert code == 0 and "posted" in out
    assert run(capsys, "status")[0] == 0


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
    assert code == 1
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
