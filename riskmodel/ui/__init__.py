"""The Streamlit app of 稳评工作台 (the only package besides ``app.py`` that imports Streamlit).

- ``shell``: start-up (migrate + seed the demo portfolio on an empty database), login, the server-side
  session, the language switch, navigation by role (``PAGE_REGISTRY``) and the error boundary.
- ``components``: small shared widgets and helpers (translation, tables, confirmation steps).
- ``pages``: one module per page; each exposes ``render()`` and ends with
  ``if __name__ == "__main__": render()`` (Streamlit runs a page file as ``__main__``).

Pages call only the service layer (``riskmodel.services``), never SQL.
"""
