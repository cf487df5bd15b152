"""Route facts through experta's alpha network by id instead of testing every sibling in turn.

experta's alpha node hands each fact to all of its children, copying the token for every child before
the child's test runs; under the ``Derived`` (and ``Score``) type test there is one child per conclusion
id the rules read, so each derived fact was copied and tested ~100 times to reach the one or two
children that accept it. Routing by the fact's ``id`` reaches exactly the children whose test would
pass, in their original order, so the network sees the same tokens in the same order: same activations,
same trace. Only children that test ``id`` against a string literal (no binding) are routed; every
other child still gets every fact.
"""

from __future__ import annotations

from typing import Any

import expert.experta_compat  # noqa: F401  (experta's internals below are imported after its work-around)

MIN_ROUTED = 4  # below this a dictionary lookup saves nothing


def _id_literal(child: Any) -> str | None:
    from experta.matchers.rete.check import FeatureCheck
    from experta.matchers.rete.nodes import FeatureTesterNode

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


def route_by_id(matcher: Any) -> int:
    """Install routing on every type-test node of ``matcher``'s network; returns how many were routed."""
    from experta.matchers.rete.check import TypeCheck
    from experta.matchers.rete.nodes import FeatureTesterNode

    routed = 0
    seen: set[int] = set()
    stack = [matcher.root_node]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.extend(c.node for c in node.children)
        if isinstance(node, FeatureTesterNode) and isinstance(node.matcher, TypeCheck):
            routed += _route(node)
    return routed
