"""Settings every test shares.

The audit chain is keyed with a secret from outside the database (``riskmodel.keys``). A PostgreSQL
database needs it from the environment, and a backup restored into another database must be checked with
the key it was made with — so the test session gives every database one fixed test key, unless one is
configured already. Tests of the key files themselves remove it with ``monkeypatch.delenv``.
"""

from __future__ import annotations

import os

TEST_AUDIT_KEY = "5a" * 32

os.environ.setdefault("RISKMODEL_AUDIT_KEY", TEST_AUDIT_KEY)
