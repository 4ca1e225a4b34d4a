"""Contacts in words, in the reader's language: one line for a short message, a block for
the list, and a block with its source for the case note.

Only ``helps_with`` and a ``title`` are translated; names, phone numbers and addresses are
shown as the organisation writes them. The date each entry was checked is shown with it,
so that a reader knows how old a phone number may be.
"""

from __future__ import annotations

from babel import Locale
from babel.lists import format_list

from bot.directory.model import Contact
from bot.i18n import Translator


def display_name(contact: Contact, t: Translator) -> str:
    """The organisation's own name, or its translated title."""
    if contact.name is not None:
        return contact.name
    assert contact.title is not None  # the model requires a name or a title
    return t.gettext(contact.title)


def _host(contact: Contact) -> str | None:
    if contact.website is None or contact.website.host is None:
        return None
    return contact.website.host.removeprefix("www.")


def contact_line(contact: Contact, t: Translator) -> str:
    """``Short name: phone`` (or its website's address): what fits a first message."""
    short = (
        contact.short if contact.name is not None and contact.short else display_name(contact, t)
    )
    reach = contact.phone or _host(contact) or (t.gettext(contact.reach) if contact.reach else None)
    # A lawyer finder's short name is its website's address: say it once.
    return t.row(short, reach) if reach and reach != short else short


def _languages(contact: Contact, t: Translator) -> str:
    names = Locale.parse(t.lang).languages
    # Babel joins them as the language does ("French and English", "français et anglais").
    return format_list([names.get(code, code) for code in contact.languages], locale=t.lang)


def contact_block(contact: Contact, t: Translator, *, with_source: bool = False) -> str:
    """Name, what it helps with, the confirmed details, the website, and when it was checked."""
    lines = [t.bullet(display_name(contact, t)), t.gettext(contact.helps_with)]
    details = []
    if contact.phone:
        # TRANSLATORS: before an organisation's phone number, e.g. "Tel. +32 2 519 84 68".
        details.append(t.gettext("Tel. {phone}").format(phone=contact.phone))
    if contact.email:
        details.append(contact.email)
    if contact.address:
        details.append(contact.address)
    if details:
        lines.append(" · ".join(details))
    checked = t.format_date(contact.last_checked)
    if contact.website is not None:
        lines.append(str(contact.website))
        lines.append(
            # TRANSLATORS: the languages the organisation's website is in (as names, e.g.
            # "French, English"), and the day the guide's team last checked the entry.
            t.gettext("Website in: {languages}. Checked on {date}.").format(
                languages=_languages(contact, t), date=checked
            )
        )
    else:
        # TRANSLATORS: a line under an organisation's address; {date} is a long date, when the
        # guide's team last checked the entry.
        lines.append(t.gettext("Checked on {date}.").format(date=checked))
    if with_source:
        # TRANSLATORS: a line under an organisation in the case note; {address} is the web page the
        # details were read on.
        lines.append(t.gettext("Source: {address}").format(address=str(contact.source)))
    return "\n".join(lines)
