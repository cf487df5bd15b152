"""``expert serve``: the browser face of the consultation, result, explanation, A4 card, students and rosters.

Only the command line imports this package; the core (``expert.consult``, ``expert.engine``, ...) never does.
"""
