"""Fixtures for the knowledge tests: the real knowledge base, loaded once."""

from __future__ import annotations

import pytest

from bot.knowledge import KnowledgeBase, load_knowledge


@pytest.fixture(scope="session")
def knowledge() -> KnowledgeBase:
    """The knowledge base in dialogs/knowledge/, as the program loads it."""
    return load_knowledge()
