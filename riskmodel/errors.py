"""Domain errors that carry a catalog key, so every message can be shown in the user's language.

Raise these at the edges (files, forms, imports, workflow steps); the UI and the command line catch
``RiskModelError`` and show ``exc.message(lang)`` — never a traceback.
"""

from __future__ import annotations

from typing import Any


class RiskModelError(Exception):
    """Base of all errors a user may see. ``key`` names a catalog entry, ``params`` fill it."""

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(self.message())

    def message(self, lang: str | None = None) -> str:
        from riskmodel.i18n import t

        return t(self.key, lang, **self.params)

    def __str__(self) -> str:  # str() follows the current default language
        return self.message()


class ValidationError(RiskModelError, ValueError):
    """Bad input: a malformed file, a cell out of range, a non-reciprocal matrix. Subclass of ValueError."""


class DomainError(RiskModelError):
    """An illegal workflow step (rating in a closed round, issuing a verdict while a round is open…)."""


class NotFoundError(RiskModelError, LookupError):
    """An id or name that does not exist (project, assessment, user, questionnaire)."""


class PermissionDenied(RiskModelError, PermissionError):
    """A role trying an action of another role."""


class ConfigurationError(RiskModelError):
    """The deployment is missing a setting it needs (a secret key, a database URL)."""
