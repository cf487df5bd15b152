"""Explainable rule-based expert system for school social pedagogues."""

__version__ = "0.1.0"
