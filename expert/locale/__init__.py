"""Translations of the code's message tables; see ``expert.i18n`` for how they are looked up."""
