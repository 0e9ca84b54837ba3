"""Klyngebot's dependency audit: `python -m security.audit` (see security/audit.py)."""
