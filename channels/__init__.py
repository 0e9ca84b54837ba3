"""Klyngebot's Rasa input channels: Rasa's own, with the project's limits (see channels/limits.py)."""
