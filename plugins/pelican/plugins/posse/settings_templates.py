"""``POSSE_TEMPLATES``: each post template checked (its fields, the link once)
before a build or a command uses it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .settings_words import SettingProblem, problem

# Networks whose post gets the article's link beside its text, not in it.
LINK_BESIDE_TEXT = ("facebook", "threads")

# Fields a POSSE_TEMPLATES template may use (issue 3, see compose.py).
TEMPLATE_FIELDS = ("title", "summary", "url", "hashtags", "author", "site")


def template_problem(template: str, *, url_required: bool = False) -> str | None:
    """What is wrong with one POSSE_TEMPLATES template, or None."""
    import string  # noqa: PLC0415

    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as err:
        return problem("template.invalid", template=repr(template), error=err)
    fields = [name for _, name, _, _ in parsed if name is not None]
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if name in TEMPLATE_FIELDS and (spec or conversion):
            field = "{" + name + "}"
            return problem("template.format", field=field, template=repr(template))
        if name not in TEMPLATE_FIELDS:
            return problem(
                "template.unknown_field",
                field="{" + name + "}",
                template=repr(template),
                fields=", ".join("{" + f + "}" for f in TEMPLATE_FIELDS),
            )
    if fields.count("url") > 1:
        return problem("template.url_twice", template=repr(template))
    if url_required and "url" not in fields:
        return problem("template.no_url", template=repr(template))
    return None


def read_templates(
    value: Any, networks: tuple[str, ...]
) -> tuple[dict[str, Any], list[SettingProblem]]:
    """POSSE_TEMPLATES: {network or "default": template or {language: template}}.

    Returns the usable entries and a problem for each unusable one, which is
    left out so that the next template in line (or the built-in one) is used.
    """
    name = "POSSE_TEMPLATES"
    if not isinstance(value, Mapping):
        return {}, [
            SettingProblem(
                name,
                problem(
                    "setting.not_valid",
                    value=repr(value),
                    expected=problem("expected.templates"),
                ),
            )
        ]
    known = (*networks, "default")
    usable: dict[str, Any] = {}
    problems: list[SettingProblem] = []
    for network, entry in value.items():
        if network not in known:
            problems.append(
                SettingProblem(
                    f"{name}[{network!r}]",
                    problem("setting.template_network", known=", ".join(known)),
                )
            )
            continue
        # Facebook and Threads get the link beside the text (a parameter, a link
        # attachment); every other post must carry it.
        url_required = network not in LINK_BESIDE_TEXT
        items = entry.items() if isinstance(entry, Mapping) else [(None, entry)]
        kept: dict[str, str] = {}
        for lang, template in items:
            where = f"{name}[{network!r}]" + (f"[{lang!r}]" if lang is not None else "")
            if not isinstance(template, str) or not isinstance(lang, str | None):
                problems.append(SettingProblem(where, problem("setting.template_kind")))
                continue
            wrong = template_problem(template, url_required=url_required)
            if wrong:
                problems.append(SettingProblem(where, wrong))
            elif lang is None:
                usable[network] = template
            else:
                kept[lang.strip().lower()] = template
        if kept:
            usable[network] = kept
    return usable, problems
