"""Explanations for methodologists: the fired-rule chain as a graph, HOW, WHY NOT and what-if.

Depends on ``expert``'s Result/Trace and KB types. Only the command line (``expert/cli``) and the web
application (``expert/web``) import from here; the core of ``expert`` and the applications on it
(consultation, rosters, KB tools) never do — ``tests/test_import_contract.py`` holds that.
"""
