"""Tools for researchers who edit the knowledge base: checks, reference cases, the impact of an edit, stats."""
