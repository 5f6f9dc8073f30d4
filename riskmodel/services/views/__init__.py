"""Typed read models: what services hand to pages, commands and exports (never bare dicts).

One module per service area (``views/assessments.py``, ``views/register.py``, ``views/feeds.py`` …), each
holding frozen dataclasses whose fields use the enums of ``riskmodel.domain``. Where a dict is needed
(JSON output, the bundle) it is produced from the typed object in one place (``to_dict``/``asdict``).
"""
