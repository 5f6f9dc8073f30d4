"""Service layer: the operations the app, the command line and the exports all call.

Plain Python (no Streamlit). Every function takes the ``Store`` first and, when it changes
something, the acting user (``Actor``) second; every write runs in one retried transaction and
appends an audit entry in that same transaction. Read functions return plain dicts (JSON-able), so
pages can show them directly.

Modules: ``auth`` (users, passwords, roles), ``projects``, ``assessments`` (workflow, engine input,
results), ``questionnaires`` (stored versions), ``panels``, ``rounds``, ``ratings``, ``surveys``,
``measures``, ``verdicts``, ``portfolio``, ``audit``, ``imports`` (rating/survey files),
``backup``, ``demo``.
"""
