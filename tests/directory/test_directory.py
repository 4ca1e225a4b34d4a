"""The directory of whom to contact: what it holds, what it refuses, and which few
entries a person in each situation is shown."""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
from pathlib import Path

import pytest

from bot.directory import (
    DIRECTORY_FILE,
    Directory,
    DirectoryError,
    Role,
    Situation,
    contact_block,
    contact_line,
    contacts_for,
    load_directory,
)
from bot.i18n import LANGUAGES, get_translator


@pytest.fixture(scope="module")
def directory() -> Directory:
    return load_directory()


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A private copy of dialogs/directory.yaml that a test may break."""
    target = tmp_path / "directory.yaml"
    shutil.copy(DIRECTORY_FILE, target)
    return target


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def every_situation() -> list[Situation]:
    flags = itertools.product((False, True), repeat=5)
    return [Situation(*combination) for combination in flags]


def test_legal_aid_offices_of_the_five_cities_and_the_organisations_are_listed(
    directory: Directory,
) -> None:
    """Brussels in both languages, Antwerp, Ghent, Liège and Charleroi; the bars' lawyer
    finders; the human-rights and refugee organisations; Fair Trials and the CCF."""
    legal_aid = {(e.region, e.languages[0]) for e in directory.entries if "legal_aid" in e.kinds}
    assert {("brussels", "fr"), ("brussels", "nl")} <= legal_aid
    assert {"antwerp", "ghent", "liege", "charleroi"} <= {region for region, _ in legal_aid}
    names = " ".join(e.name or "" for e in directory.entries)
    for organisation in (
        "Ligue des droits humains",
        "Liga voor Mensenrechten",
        "CIRÉ",
        "Vluchtelingenwerk Vlaanderen",
        "NANSEN",
        "UNHCR",
        "Fair Trials",
        "CCF",
        "AVOCATS.BE",
        "Advocaat.be",
    ):
        assert organisation in names


def test_an_entry_not_read_from_a_source_is_never_shown(directory: Directory) -> None:
    """Whatever the situation and language, only entries read from their source appear."""
    unread = {e.id for e in directory.entries if not e.read}
    assert unread, "the shipped file keeps two unread lawyer finders for the next review"
    for situation, lang in itertools.product(every_situation(), LANGUAGES):
        assert unread.isdisjoint(e.id for e in contacts_for(directory, situation, lang))


def test_every_situation_gets_two_to_four_contacts_led_by_a_way_to_a_lawyer(
    directory: Directory,
) -> None:
    """Never an empty or an overlong list; the first entry gives or finds legal help, never
    an advocacy body or an authority."""
    for situation, lang in itertools.product(every_situation(), LANGUAGES):
        shown = contacts_for(directory, situation, lang)
        assert 2 <= len(shown) <= 4, (situation, lang)
        assert shown[0].role is Role.HELP
        assert len({e.id for e in shown}) == len(shown)


def test_urgent_shows_the_lawyer_on_duty_then_legal_aid(directory: Directory) -> None:
    shown = contacts_for(directory, Situation(urgent=True), "en")
    assert [e.kinds[0] for e in shown[:2]] == ["duty_lawyer", "legal_aid"]


def test_interpol_shows_the_ccf_and_fair_trials(directory: Directory) -> None:
    shown = [e.id for e in contacts_for(directory, Situation(interpol=True), "ru")]
    assert "interpol_ccf" in shown
    assert "ngo_fair_trials" in shown


def test_a_search_already_done_shows_a_lawyer_finder_and_a_human_rights_body(
    directory: Directory,
) -> None:
    for lang in LANGUAGES:
        kinds = [set(e.kinds) for e in contacts_for(directory, Situation(searched=True), lang)]
        assert any("lawyer_finder" in k for k in kinds), lang
        assert any("human_rights" in k for k in kinds), lang


def test_a_search_already_done_shows_a_lawyer_finder_in_the_readers_language(
    directory: Directory,
) -> None:
    """A Dutch reader whose home was searched is sent to a Dutch-speaking bar's lawyer
    search, a French reader to a French-speaking one: never only to the other language's bar."""
    for lang, other in (("nl", "barreaubruxelles.be"), ("fr", "baliebrussel.be")):
        shown = contacts_for(directory, Situation(searched=True), lang)
        finders = [e for e in shown if "lawyer_finder" in e.kinds]
        assert len(finders) == 1, (lang, [e.id for e in shown])
        assert lang in finders[0].languages, (lang, finders[0].id)
        line = contact_line(finders[0], get_translator(lang))
        assert other not in line, (lang, line)


def test_the_dutch_speaking_brussels_bars_finder_is_read_and_says_what_it_searches_by(
    directory: Directory,
) -> None:
    """The finder a Dutch reader is shown was read on the bar's own page, and its text in
    Dutch says how to search."""
    shown = contacts_for(directory, Situation(searched=True), "nl")
    finder = next(e for e in shown if "lawyer_finder" in e.kinds)
    assert finder.read
    assert finder.source.host == "www.baliebrussel.be"
    block = contact_block(finder, get_translator("nl"))
    assert "voorkeurmaterie" in block
    assert "Search for a lawyer" in block, "the link is named as the page names it"
    assert "Nederlands en Engels" in block


def test_the_asylum_authority_is_never_first_and_only_after_a_lawyer(
    directory: Directory,
) -> None:
    """Talk to an asylum lawyer first, then tell the CGRA/CGVS."""
    for situation, lang in itertools.product(every_situation(), LANGUAGES):
        shown = contacts_for(directory, situation, lang)
        for index, entry in enumerate(shown):
            if "asylum_authority" in entry.kinds:
                assert index > 0
                assert any(e.role is Role.HELP for e in shown[:index])


def test_the_legal_aid_office_speaks_the_readers_language(directory: Directory) -> None:
    """French readers are sent to the French-speaking Brussels office, Dutch readers to the
    Dutch-speaking one (they are separate offices that do not pass files on)."""
    first = {lang: contacts_for(directory, Situation(), lang)[0] for lang in ("fr", "nl")}
    assert first["fr"].id == "baj_brussels_fr"
    assert first["nl"].id == "bjb_brussels_nl"


def test_a_contact_shows_only_details_that_were_read(directory: Directory) -> None:
    """The French-speaking Brussels office has no phone or address on record: none is shown,
    and the reader sees when the entry was checked."""
    t = get_translator("fr")
    office = directory.entry("baj_brussels_fr")
    block = contact_block(office, t)
    assert "Tel." not in block
    assert "+32" not in block
    assert "bajbruxelles.be" in block
    assert t.format_date(office.last_checked) in block
    line = contact_line(directory.entry("bjb_brussels_nl"), t)
    assert line == "BJB Brussel\u00a0: +32 2 519 84 68", "French: a no-break space before ':'"


def test_the_case_note_block_names_the_source(directory: Directory) -> None:
    entry = directory.entry("interpol_ccf")
    block = contact_block(entry, get_translator("en"), with_source=True)
    assert str(entry.source) in block


def test_an_unread_entry_may_not_carry_a_phone(copy: Path) -> None:
    replace(
        copy,
        "website: https://avocats.be/fr\n",
        'website: https://avocats.be/fr\n    phone: "+32 2 000 00 00"\n',
    )
    with pytest.raises(DirectoryError, match=r"entry 'finder_avocats_be': .*not read"):
        load_directory(copy)


def test_a_malformed_phone_names_the_entry_and_field(copy: Path) -> None:
    replace(copy, '"+32 3 260 72 80"', '"03/260.72.80"')
    with pytest.raises(DirectoryError, match=r"directory.yaml: entry 'bjb_antwerp': phone: "):
        load_directory(copy)


def test_an_entry_listed_twice_is_refused(copy: Path) -> None:
    replace(copy, "id: bjb_ghent", "id: bjb_antwerp")
    with pytest.raises(DirectoryError, match="'bjb_antwerp' is listed twice"):
        load_directory(copy)


def test_an_entry_is_stale_six_months_after_it_was_checked(copy: Path) -> None:
    """`refuge-guide check` warns from the day after six months; a month's end is kept."""
    replace(copy, "id: ngo_ldh", "id: ngo_ldh\n    # checked earlier")
    text = copy.read_text(encoding="utf-8")
    start = text.index("# checked earlier")
    end = text.index("last_checked: 2026-12-01", start)
    copy.write_text(text[:end] + "last_checked: 2026-02-28" + text[end + 24 :], encoding="utf-8")
    directory = load_directory(copy)
    assert directory.stale(dt.date(2026, 8, 28)) == ()
    assert [e.id for e in directory.stale(dt.date(2026, 8, 29))] == ["ngo_ldh"]
    assert [e.id for e in directory.stale(dt.date(2026, 8, 31))] == ["ngo_ldh"]
    assert directory.stale(dt.date(2026, 12, 1)) == tuple(
        e for e in directory.shown if e.id == "ngo_ldh"
    )
