"""Explanations for methodologists: the fired-rule chain as a graph, HOW, WHY NOT and what-if.

Depends on ``expert``'s Result/Trace and KB types; ``expert`` never imports from here.
"""
