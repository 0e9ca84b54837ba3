"""Klyngebot's tokenizer: the words and lemmas of `bot.language`, as Rasa tokens.

It replaces Rasa's SpacyNLP + SpacyTokenizer. Those loaded a second copy of the Danish pipeline
into the Rasa process (~400 MB) for what `bot.language` already does: spaCy's Danish tokenizer and
the lookup lemmas of spacy-lookups-data. Now a message is analysed once (the analysis is cached),
and DatasetEntities and the intent classifier read the same words.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.training_data.message import Message

from bot.language import analyse


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class DanishTokenizer(Tokenizer):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "intent_tokenization_flag": False,
            "intent_split_symbol": "_",
            "token_pattern": None,
            "prefix_separator_symbol": None,
        }

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        text = message.get(attribute) or ""
        tokens = [Token(w.text, w.start, w.end, lemma=w.lemma) for w in analyse(text)]
        # Only symbols ("😀😀", "?!"): one token, as Rasa's own tokenizers do, so no message is empty.
        return tokens or ([Token(text, 0, len(text))] if text.strip() else [])
