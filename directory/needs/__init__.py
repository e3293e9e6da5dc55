"""The need vocabulary: 16 stable slugs shared by search, bot, API and analytics."""

from .vocabulary import NEED_SLUGS, Need, all_needs, detect_needs, get_need, need_vocabulary_words

__all__ = ["NEED_SLUGS", "Need", "all_needs", "detect_needs", "get_need", "need_vocabulary_words"]
