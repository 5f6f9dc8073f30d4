"""稳评工作台 — start with ``streamlit run app.py``.

Opens on the embedded SQLite database (``data/riskmodel.db``, or ``RISKMODEL_DATABASE_URL``); an empty
database is created, migrated and seeded with the demo portfolio on first start.
"""

from riskmodel.ui.shell import main

main()
