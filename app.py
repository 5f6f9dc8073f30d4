"""稳评工作台 — start with ``streamlit run app.py``.

Opens on the embedded SQLite database (``data/riskmodel.db``), created, migrated and seeded with the demo
portfolio on first start. A configured database (``RISKMODEL_DATABASE_URL``) that is empty starts with the
first-run page, which creates the first administrator — and no demo (unless ``RISKMODEL_DEMO=1``).
"""

from riskmodel.ui.shell import main

main()
