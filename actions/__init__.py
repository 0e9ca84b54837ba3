"""Klyngebot's custom actions: thin Rasa SDK shells over bot/.

rasa-sdk imports every module of this package when the action server starts; `knowledge`
loads the dataset, the gazetteer and the Danish pipeline then, once.
"""
