"""Whom to contact: the directory of ``dialogs/directory.yaml``, the choice of the few
entries that fit a situation, and their wording.

Public API::

    directory = load_directory()                       # validated at start-up
    shown = contacts_for(directory, Situation.from_facts(facts), "fr")
    text = "\\n\\n".join(contact_block(c, t) for c in shown)
"""

from bot.directory.choose import MAX_SHOWN, Situation, contacts_for
from bot.directory.loader import DIRECTORY_FILE, load_directory
from bot.directory.model import Contact, Directory, Role, stale_warnings
from bot.directory.render import contact_block, contact_line, display_name
from bot.errors import DirectoryError

__all__ = [
    "DIRECTORY_FILE",
    "MAX_SHOWN",
    "Contact",
    "Directory",
    "DirectoryError",
    "Role",
    "Situation",
    "contact_block",
    "contact_line",
    "contacts_for",
    "display_name",
    "load_directory",
    "stale_warnings",
]
