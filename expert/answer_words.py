"""Words people write for yes / no / don't know in Kazakh, with the spellings they actually type.

Kazakh keyboards are often missing: «жок» for «жоқ», «білмеймин» or «билмеймин» for «білмеймін», «ия»
or «иа» for «иә», and Latin script («joq», «bilmeimin»). ``fold`` maps the Kazakh letters to their
nearest Russian ones, so one folded word covers every such spelling; readers compare folded texts.
"""

from __future__ import annotations

_FOLD = str.maketrans("әіңғқөұүһё", "аингкоуухе")


def fold(text: str) -> str:
    """Lower case, single spaces, Kazakh-specific letters (and ё) replaced by their nearest Russian ones."""
    return " ".join(text.split()).casefold().translate(_FOLD)


def _folded(*words: str) -> frozenset[str]:
    return frozenset(fold(w) for w in words)


YES_KK = _folded("иә", "ия", "ие", "иа", "ıä", "ia", "iä", "iya")
NO_KK = _folded("жоқ", "joq", "zhoq", "zhok", "jok")
UNKNOWN_KK = _folded("білмеймін", "білмеймин", "билмеймин", "білмейм", "bilmeimin", "bilmeymin", "bilmeimın",
                     "белгісіз", "belgisiz")
NONE_KK = _folded("жоқ", "ештеңе", "ешқайсысы", "бірде-біреуі жоқ", "joq", "zhoq")
