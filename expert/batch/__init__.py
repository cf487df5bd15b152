"""Batch classification of a roster (CSV, XLSX, JSONL): streaming, every row accounted for."""
