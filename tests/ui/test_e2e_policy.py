"""The browser-test policy: skip with a reason locally when chromium is missing, fail under CI=true."""

from __future__ import annotations

import pytest

from tests.ui.e2e import conftest as e2e


def test_missing_chromium_skips_locally(monkeypatch):
    monkeypatch.setattr(e2e, "CHROMIUM", "/nonexistent/chromium")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="chromium not found"):
        e2e._require_browser()


def test_missing_chromium_fails_under_ci(monkeypatch):
    monkeypatch.setattr(e2e, "CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        e2e._require_browser()
