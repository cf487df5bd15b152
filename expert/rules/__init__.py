"""The knowledge base: schema, loader (file:line errors), condition language, compiler."""
