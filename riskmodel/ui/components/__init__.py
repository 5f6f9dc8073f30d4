"""Shared widgets and helpers of the pages (each component owns the session-state keys it is given)."""
