"""排查研判: 12345 work orders, 信访 and grid events as plain Python (no Streamlit, no database).

Reading and checking an export (``profiles``, ``reader``, ``rows``), de-identification (``deid``),
classification (``classify``), linking to projects (``linking``), merging near-duplicates into 件
(``merge``), metrics (``metrics``), signals (``signals``) and the working-rhythm documents
(``documents``). ``riskmodel.services.feeds`` stores the results.
"""
