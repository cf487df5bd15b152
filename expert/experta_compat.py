"""The one place experta is imported from.

experta 1.9.4 pins frozendict 1.2, which subclasses ``collections.Mapping``; that alias was removed in
Python 3.10. Restoring the alias before the first import is enough: frozendict only uses it as a base.
"""

import collections
import collections.abc

if not hasattr(collections, "Mapping"):
    collections.Mapping = collections.abc.Mapping  # type: ignore[attr-defined]

from experta import AND, AS, NOT, OR, TEST, Fact, KnowledgeEngine, P, Rule  # noqa: E402
from experta.fact import InitialFact  # noqa: E402
from experta.matchers import ReteMatcher  # noqa: E402
from experta.strategies import DepthStrategy  # noqa: E402

__all__ = [
    "AND", "AS", "NOT", "OR", "TEST", "DepthStrategy", "Fact", "FastReteMatcher", "InitialFact", "KnowledgeEngine", "P",
    "Rule",
]


class FastReteMatcher(ReteMatcher):
    """experta's Rete matcher with two costs removed, same results in the same order.

    After every change experta polls *every* rule's conflict-set node for new activations, and a reset
    re-visits shared nodes once per path to them. Here only nodes that received a token are polled (in
    the original order), and a reset visits each node once.
    """

    def build_network(self) -> None:
        super().build_network()
        self._csn = self._get_conflict_set_nodes()
        self._csn_index = {id(node): i for i, node in enumerate(self._csn)}
        self._dirty: dict[int, object] = {}
        for node in self._csn:
            original = node._activate

            def mark_then_activate(token, _original=original, _node=node):
                self._dirty[id(_node)] = _node
                return _original(token)

            node._activate = mark_then_activate
        seen: dict[int, object] = {}
        stack = [self.root_node]
        while stack:
            node = stack.pop()
            if id(node) not in seen:
                seen[id(node)] = node
                stack.extend(child.node for child in node.children)
        self._all_nodes = list(seen.values())

    def changes(self, adding=None, deleting=None):
        if deleting is not None:
            for deleted in deleting:
                self.root_node.remove(deleted)
        if adding is not None:
            for added in adding:
                self.root_node.add(added)
        added: list = []
        removed: list = []
        dirty = sorted(self._dirty.values(), key=lambda n: self._csn_index[id(n)])
        self._dirty.clear()
        for csn in dirty:
            c_added, c_removed = csn.get_activations()
            added.extend(c_added)
            removed.extend(c_removed)
        return added, removed

    def reset(self) -> None:
        for node in self._all_nodes:
            node._reset()
        self._dirty.clear()
        for node in self._csn:  # drop activations a previous run left undelivered
            node.added, node.removed = set(), set()
