"""Kazakh texts of the knowledge-base tools (``expert.kbtools``) researchers read."""

from __future__ import annotations

KK_KBTOOLS: dict[str, str] = {
}
