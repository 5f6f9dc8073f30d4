"""Stakeholder and dispute network (利益相关方与矛盾纠纷网络) — no Streamlit, no database.

* ``model``: ``Node``, ``Edge``, ``Network`` (``as_of``, networkx/igraph conversion), ``network_fingerprint``
* ``io``: ``read_network`` / ``validate_files`` (CSV or XLSX, every problem by row), ``write_network``
* ``analysis``: ``analyse`` → centralities, coalitions (Louvain), brokers, k-core, opposition view
* ``simulate``: ``simulate_mobilisation`` — independent-cascade Monte Carlo, P(≥100), P(≥200)
* ``layout``: ``compute_layout`` (cached by structure), ``reduce_for_display``
* ``tracking``: ``reassessment_flag`` (建议重新评估)
* ``demo``: ``generate_network`` — seeded synthetic networks
* ``report``: ``network_report`` — the JSON of ``python -m riskmodel network``
"""

from riskmodel.network.model import Edge, Network, Node, network_fingerprint

__all__ = ["Edge", "Network", "Node", "network_fingerprint"]
