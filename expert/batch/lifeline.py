"""Worker processes end when the process that started them dies, even by ``kill -9``.

A pool's workers are children of the roster run; if the run is killed outright it cannot stop them, and
they would go on classifying for nobody. On Linux the kernel sends them SIGKILL when their parent dies
(``prctl(PR_SET_PDEATHSIG)``); everywhere, a daemon thread also checks once a second that the parent is
still theirs, for systems without prctl.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1
POLL_SECONDS = 1.0


def exit_with_parent(parent: int) -> None:
    """Call in a worker right after it starts; ``parent`` is the pid of the process that created it."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the death signal was asked for
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), name="lifeline", daemon=True).start()


def _watch(parent: int) -> None:
    while True:
        time.sleep(POLL_SECONDS)
        if os.getppid() != parent:
            os._exit(1)
