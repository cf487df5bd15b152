"""Objects made to last the whole process — a command's modules, the knowledge base and its engine — made
without Python's cyclic garbage collector scanning them again and again while they are made.

Each collection walks every container object alive; the ~10⁵ objects of the imported modules, the unpickled
knowledge base and experta's network were walked dozens of times while being made — a third of the CPU time
of ``expert classify one.yaml``. Inside ``lasting()`` collection pauses; then, when the process is
the ``expert`` command itself (not when another program such as the tests calls it), everything made so far
is then moved where the collector no longer looks (``gc.freeze``): in the command's own process that is what
these objects are, never garbage before it ends. (Switching collection back on without freezing would only
move the cost: the next collection walks them all.)
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_state = {"own_process": False}


def started_as_the_command() -> None:
    """The process runs ``expert`` from the command line: all it holds is the command's."""
    _state["own_process"] = True


@contextmanager
def lasting() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if _state["own_process"]:
            gc.freeze()
        if enabled:
            gc.enable()
