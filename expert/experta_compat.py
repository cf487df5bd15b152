"""The one place experta is imported from, with every work-around and patch of it.

experta 1.9.4 pins frozendict 1.2, which subclasses ``collections.Mapping``; that alias was removed in
Python 3.10. Restoring the alias before the first import is enough: frozendict only uses it as a base.
``FastReteMatcher`` removes three costs of experta's matcher without changing what it matches.
"""

import collections
import collections.abc
from typing import Any

if not hasattr(collections, "Mapping"):
    collections.Mapping = collections.abc.Mapping  # type: ignore[attr-defined]

from experta import AND, AS, NOT, OR, TEST, Fact, KnowledgeEngine, P, Rule  # noqa: E402
from experta.fact import InitialFact  # noqa: E402
from experta.matchers import ReteMatcher  # noqa: E402
from experta.matchers.rete.check import FeatureCheck, TypeCheck  # noqa: E402
from experta.matchers.rete.nodes import FeatureTesterNode  # noqa: E402
from experta.strategies import DepthStrategy  # noqa: E402

__all__ = [
    "AND", "AS", "NOT", "OR", "TEST", "DepthStrategy", "Fact", "FastReteMatcher", "InitialFact", "KnowledgeEngine", "P",
    "Rule",
]


# Route facts through experta's alpha network by id instead of testing every sibling in turn.
#
# experta's alpha node hands each fact to all of its children, copying the token for every child before
# the child's test runs; under the ``Derived`` (and ``Score``) type test there is one child per conclusion
# id the rules read, so each derived fact was copied and tested ~100 times to reach the one or two
# children that accept it. Routing by the fact's ``id`` reaches exactly the children whose test would
# pass, in their original order, so the network sees the same tokens in the same order: same activations,
# same trace. Only children that test ``id`` against a string literal (no binding) are routed; every
# other child still gets every fact.

MIN_ROUTED = 4  # below this a dictionary lookup saves nothing


def _id_literal(child: Any) -> str | None:
    node = child.node
    check = getattr(node, "matcher", None)
    if (isinstance(node, FeatureTesterNode) and isinstance(check, FeatureCheck) and check.what == "id"
            and check.check.__name__ == "equal_literal" and check.expected.__bind__ is None
            and isinstance(check.expected.value, str)):
        return check.expected.value
    return None


def _route(node: Any) -> bool:
    children = list(node.children)
    literals = [_id_literal(c) for c in children]
    if sum(v is not None for v in literals) < MIN_ROUTED:
        return False
    others = [c for c, v in zip(children, literals, strict=True) if v is None]
    table = {v: [c for c, w in zip(children, literals, strict=True) if w is None or w == v]
             for v in literals if v is not None}
    test = node.matcher

    def activate(token: Any) -> None:
        fact = next(iter(token.data))
        if test(fact):  # a type test: True or False, never bindings
            key = fact.get("id")
            for child in table.get(key, others) if type(key) is str else children:
                child.callback(token)

    node._activate = activate
    return True


class FastReteMatcher(ReteMatcher):
    """experta's Rete matcher with three costs removed, same results in the same order.

    After every change experta polls *every* rule's conflict-set node for new activations, a reset
    re-visits shared nodes once per path to them, and a type-test node hands each fact to every child.
    Here only nodes that received a token are polled (in the original order), a reset visits each node
    once, and facts are routed to the children that test their id (see above).
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
        for node in self._all_nodes:
            if isinstance(node, FeatureTesterNode) and isinstance(node.matcher, TypeCheck):
                _route(node)

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
