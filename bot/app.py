"""Everything the guide needs at run time, loaded once and opened together.

Flows and the knowledge base are validated here, at start-up, so that a broken data file
stops the program with a clear message instead of failing in the middle of a
conversation.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from bot.case_note import case_note_builder
from bot.dialog.loader import load_flows
from bot.dialog.runner import Runner
from bot.directory import load_directory
from bot.glossary import load_glossary
from bot.guide import Guide
from bot.knowledge import load_knowledge
from bot.next_steps import load_next_steps
from bot.paths import FLOWS_DIR, KNOWLEDGE_DIR
from bot.pseudonym import Pseudonymiser, load_or_create_secret
from bot.result_pages import ResultData, result_builder
from bot.settings import Settings
from bot.store import Clock, SessionStore, open_store, utc_today
from bot.store.data_dir import prepare_data_dir
from bot.urgent import load_urgent, urgent_panel

log = logging.getLogger(__name__)


def build_runner(flows_dir: Path = FLOWS_DIR, knowledge_dir: Path = KNOWLEDGE_DIR) -> Runner:
    """Load and check the data files, and make the pure runner."""
    kb = load_knowledge(knowledge_dir)
    directory = load_directory()
    urgent = load_urgent()
    data = ResultData(kb, directory, load_next_steps(kb), urgent)
    return Runner(
        flows=load_flows(kb, flows_dir),
        kb=kb,
        result=result_builder(data),
        case_note=case_note_builder(data),
        panel=urgent_panel(urgent, directory),
        glossary=load_glossary(),
    )


@dataclass
class GuideResources:
    """Opens the store and the guide when the channel starts, and closes them at the end."""

    settings: Settings
    runner: Runner
    clock: Clock = utc_today
    _store: SessionStore | None = field(default=None, init=False)

    async def open(self) -> Guide:
        """Create the data directory (private; a wider one is tightened), the secret and
        the database as needed. A directory that cannot be used is a DataDirError."""
        prepare_data_dir(self.settings.data_dir)
        secret = self.settings.secret_bytes() or load_or_create_secret(
            self.settings.secret_path, create=self.settings.secret_file is None
        )
        self._store = await open_store(self.settings, clock=self.clock)
        log.info("sessions are kept in %s", self.settings.database_shown)  # password masked
        return Guide(self.runner, self._store, Pseudonymiser(secret))

    async def close(self) -> None:
        """Close the store; safe to call twice."""
        if self._store is not None:
            store, self._store = self._store, None
            await store.close()
