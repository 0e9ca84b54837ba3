"""Klyngebot's domain logic: dataset, Danish text, geography and dates. Knows nothing about Rasa."""
