"""Objects made to last the whole process — a command's modules, the knowledge base and its engine — made
without Python's cyclic garbage collector scanning them again and again while they are made.

Each collection walks every container object alive; the ~10⁵ objects of the imported modules, the unpickled
knowledge base and experta's network were walked dozens of times while being made — a third of the CPU time
of ``expert classify one.yaml``. Inside ``lasting()`` collection pauses; with ``freeze`` (done once, and
only when the process is the ``expert`` command itself — not when another program such as the tests calls
it) everything made so far is moved where the collector no longer looks (``gc.freeze``), which is what these
objects are: never garbage before the process ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_state = {"frozen": False, "own_process": False}


def started_as_the_command() -> None:
    """The process runs ``expert`` from the command line: all it holds is the command's."""
    _state["own_process"] = True


@contextmanager
def lasting(freeze: bool = False) -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze and _state["own_process"] and not _state["frozen"]:
            gc.freeze()
            _state["frozen"] = True
        if enabled:
            gc.enable()
