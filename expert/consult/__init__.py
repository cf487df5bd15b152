"""The interactive consultation: choose questions from the KB, explain them, keep every answer, report."""
