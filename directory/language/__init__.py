"""Text normalisation for the four languages residents write in: English, Polish, Urdu and Arabic.

Need detection and the place gazetteer both match what residents type against editable word lists, so
both fold text the same way here: one module decides what counts as "the same word" in each script.
"""

from .arabic import arabic_keys
from .polish import polish_stem
from .scripts import fold, is_arabic_script, tokens

__all__ = ["arabic_keys", "fold", "is_arabic_script", "polish_stem", "tokens"]
