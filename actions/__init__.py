"""Klyngebot's custom actions: thin Rasa SDK shells over bot/, started by `python -m actions.server`.

Nothing is loaded at import: the server loads the dataset and gazetteer once and hands them to
the actions it registers (actions.base.all_actions).
"""
