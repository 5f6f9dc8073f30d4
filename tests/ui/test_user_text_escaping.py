"""User text is shown as text on every page (issue 13, item 8): no link, image or Streamlit directive
written into a name, a description, a measure or a reason is rendered as Markdown for another user.

The scenario database gets hostile text in every free-text field a page shows; every page of every
role is then opened (assessment pages once per assessment) and every element that Streamlit renders as
Markdown — titles, headers, markdown, captions, alerts and widget labels — is checked: the hostile link
and image may appear only escaped (``\\[`` … ``\\]\\(``), never as live Markdown.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from riskmodel.ui import shell
from tests.ui.conftest import assert_clean

EVIL = "evil.example"
IMAGE = f"![px](http://{EVIL}/p.png)"
LINK = f"[点此](https://{EVIL}/phish)"
DIRECTIVE = ":red[假通知] :material/warning:"
HOSTILE = f"{IMAGE}{LINK}{DIRECTIVE}**粗体**"

MARKDOWN_KINDS = ("title", "header", "subheader", "markdown", "caption", "info", "success", "warning", "error")
LABELLED_KINDS = (
    "button",
    "text_input",
    "text_area",
    "selectbox",
    "multiselect",
    "radio",
    "checkbox",
    "number_input",
    "date_input",
    "expander",
    "tabs",
)
USERS = {"organizer": "t-organizer", "leader": "t-leader", "expert": "t-expert1", "admin": "t-admin"}
ASSESSMENT_PAGES = {"organizer_assessment.py", "leader_assessment.py", "expert_rating.py"}


def _poison(store) -> None:
    """Hostile text in every free-text column the pages show (bypassing the services on purpose)."""
    with store.engine.begin() as c:
        c.execute(
            text("UPDATE projects SET name = name || :h, description = :h, region = region || :h"), {"h": HOSTILE}
        )
        c.execute(text("UPDATE assessments SET title = title || :h, panel_override_reason = :h"), {"h": HOSTILE})
        c.execute(
            text("UPDATE measures SET measure = measure || :h, responsible = :h, assisting = :h, deadline = :h"),
            {"h": HOSTILE},
        )
        c.execute(text("UPDATE users SET display_name = display_name || :h, organization = :h"), {"h": HOSTILE})


def _live_markdown(value: str) -> list[str]:
    """The hostile constructs that would render: an unescaped image, link or colour directive."""
    found = []
    for needle in (f"](http://{EVIL}", f"](https://{EVIL}", ":red[", "**粗体**"):
        if needle in value:
            found.append(needle)
    return found


def _rendered(at) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for kind in MARKDOWN_KINDS:
        out.extend((kind, str(e.value)) for e in getattr(at, kind))
    for kind in LABELLED_KINDS:
        for widget in getattr(at, kind, []):
            label = getattr(widget, "label", None)
            if label is not None:
                out.append((f"{kind} label", str(label)))
    return out


def _assessment_ids(store) -> list[int]:
    with store.engine.connect() as c:
        return [row[0] for row in c.execute(text("SELECT id FROM assessments ORDER BY id"))]


@pytest.mark.parametrize("role", sorted(USERS))
def test_hostile_user_text_is_never_rendered_as_markdown(ui, role):
    _poison(ui.store)
    at = ui.login(USERS[role])
    assert_clean(at)
    problems: list[str] = []
    visited = 0
    for spec in shell.pages_for(role):
        targets = _assessment_ids(ui.store) if spec.file in ASSESSMENT_PAGES else [None]
        for aid in targets:
            if aid is not None:
                at.query_params["a"] = str(aid)
            at.switch_page(spec.app_relative).run()
            assert_clean(at)
            visited += 1
            for kind, value in _rendered(at):
                for needle in _live_markdown(value):
                    problems.append(f"{spec.file} a={aid} {kind}: {needle!r} in {value[:160]!r}")
    assert visited >= 2
    assert not problems, "\n".join(sorted(set(problems)))


DEMO_USERS = {"organizer": "demo-organizer", "leader": "demo-leader", "expert": "demo-expert1"}


@pytest.mark.parametrize("role", sorted(DEMO_USERS))
def test_hostile_text_in_the_demo_portfolio_is_shown_as_text(demo_ui, role):
    """The demo adds what the scenario lacks: networks, verdicts with rationales, measures in every state."""
    _poison(demo_ui.store)
    at = demo_ui.login(DEMO_USERS[role])
    assert_clean(at)
    problems: list[str] = []
    for spec in shell.pages_for(role):
        targets = _assessment_ids(demo_ui.store)[:4] if spec.file in ASSESSMENT_PAGES else [None]
        for aid in targets:
            if aid is not None:
                at.query_params["a"] = str(aid)
            at.switch_page(spec.app_relative).run()
            assert_clean(at)
            for kind, value in _rendered(at):
                for needle in _live_markdown(value):
                    problems.append(f"{spec.file} a={aid} {kind}: {needle!r} in {value[:160]!r}")
    assert not problems, "\n".join(sorted(set(problems)))


def test_md_escapes_every_markup_character_and_keeps_the_text_as_typed():
    import re

    from riskmodel.ui.components.text import md

    typed = f"{HOSTILE} <img src=x> $x^2$ 1. 列表 # 标题 \\ 反斜杠 `code` ~~删~~ 中文，全角！"
    escaped = md(typed)
    assert re.sub(r"\\(.)", r"\1", escaped) == typed  # nothing lost: unescaping gives the text back
    bare = re.sub(r"\\.", "", escaped)  # what is left once every escaped pair is taken out
    assert not re.search(r"[!-/:-@\[-`{-~]", bare), bare  # no markup character stands unescaped
    assert "中文，全角！" in escaped  # CJK text and full-width punctuation untouched


def _error_script(how: str, hostile: str) -> None:
    from riskmodel.errors import ValidationError
    from riskmodel.ui import errors
    from riskmodel.ui.components import feedback

    def refuse() -> None:  # a domain error that echoes a file name the user uploaded
        raise ValidationError("security.files.encoding", file=hostile)

    if how == "run_action":
        feedback.run_action(refuse)
    elif how == "try_action":
        feedback.try_action(refuse)
    else:
        errors.guarded(refuse)


@pytest.mark.parametrize("how", ["run_action", "try_action", "guarded"])
def test_an_error_message_echoing_what_the_user_gave_shows_it_as_text(how):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_error_script, args=(how, HOSTILE)).run()
    [error] = at.error
    assert not _live_markdown(error.value), error.value
    import re

    assert HOSTILE in re.sub(r"\\(.)", r"\1", error.value)  # the name is all there, as typed
