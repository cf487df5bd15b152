"""The one place experta is imported from.

experta 1.9.4 pins frozendict 1.2, which subclasses ``collections.Mapping``; that alias was removed in
Python 3.10. Restoring the alias before the first import is enough: frozendict only uses it as a base.
"""

import collections
import collections.abc

if not hasattr(collections, "Mapping"):
    collections.Mapping = collections.abc.Mapping  # type: ignore[attr-defined]

from experta import AND, NOT, OR, TEST, Fact, KnowledgeEngine, P, Rule  # noqa: E402
from experta.fact import InitialFact  # noqa: E402
from experta.strategies import DepthStrategy  # noqa: E402

__all__ = ["AND", "NOT", "OR", "TEST", "DepthStrategy", "Fact", "InitialFact", "KnowledgeEngine", "P", "Rule"]
