"""parse_facts: the one gate raw answers pass before the engine sees them."""

from __future__ import annotations

import pytest

from bot.errors import FactError
from bot.knowledge import KnowledgeBase, parse_facts


def fact_error(knowledge: KnowledgeBase, raw: dict[str, object]) -> FactError:
    with pytest.raises(FactError) as caught:
        parse_facts(knowledge, raw)
    return caught.value


def test_valid_answers_become_known_facts_and_unknowns_are_left_out(
    knowledge: KnowledgeBase,
) -> None:
    """Known answers are kept (sets as frozensets); 'unknown' and empty lists disappear."""
    facts = parse_facts(
        knowledge,
        {
            "request_kinds": ["mla", "interpol", "mla"],
            "protection_status": "refugee",
            "charges_political": "unknown",
            "mla_measures": [],
            "detained_or_imminent": "no",
        },
    )
    assert dict(facts) == {
        "request_kinds": frozenset({"mla", "interpol"}),
        "protection_status": "refugee",
        "detained_or_imminent": "no",
    }


def test_parsed_facts_cannot_be_changed(knowledge: KnowledgeBase) -> None:
    """The engine's input is immutable, so an assessment cannot alter what it was given."""
    facts = parse_facts(knowledge, {"protection_status": "refugee"})
    with pytest.raises(TypeError):
        facts["protection_status"] = "none"  # type: ignore[index]


def test_unknown_fact_names_the_fact_and_lists_the_known_ones(knowledge: KnowledgeBase) -> None:
    """A fact the knowledge base does not define is refused with the list of known facts."""
    error = fact_error(knowledge, {"nationality": "kz"})
    assert error.fact == "nationality"
    assert error.reason == "unknown_fact"
    assert "request_kinds" in error.allowed
    assert "nationality" in str(error)
    assert "\n" not in str(error)


def test_value_outside_the_allowed_ones_names_what_is_allowed(knowledge: KnowledgeBase) -> None:
    """A value not offered for the fact is refused, naming the fact and its values."""
    error = fact_error(knowledge, {"protection_status": "stateless"})
    assert (error.fact, error.reason) == ("protection_status", "value_not_allowed")
    assert error.allowed == (
        "refugee",
        "subsidiary",
        "applicant",
        "belgian_national",
        "none",
        "unknown",
    )
    assert "protection_status" in str(error)
    assert "belgian_national" in str(error)


def test_the_message_does_not_repeat_the_submitted_value(knowledge: KnowledgeBase) -> None:
    """Whatever was typed is not echoed back into logs or screens."""
    assert "secret-123" not in str(fact_error(knowledge, {"treaty_cited": "secret-123"}))


def test_yes_no_fact_without_unknown_refuses_unknown(knowledge: KnowledgeBase) -> None:
    """detained_or_imminent is a plain yes/no fact in the brief: 'unknown' is not offered."""
    error = fact_error(knowledge, {"detained_or_imminent": "unknown"})
    assert error.allowed == ("yes", "no")


@pytest.mark.parametrize(
    ("raw", "takes_list"),
    [
        ({"charges_political": True}, False),
        ({"charges_political": ["yes"]}, False),
        ({"request_kinds": "mla"}, True),
        ({"request_kinds": [1, 2]}, True),
        ({"mla_measures": {"search": True}}, True),
    ],
    ids=["boolean", "list-for-one", "text-for-set", "numbers-in-set", "object-for-set"],
)
def test_wrong_shape_is_refused(
    knowledge: KnowledgeBase, raw: dict[str, object], takes_list: bool
) -> None:
    """One value where a list is expected, or the reverse, is a wrong shape."""
    error = fact_error(knowledge, raw)
    assert error.reason == "wrong_shape"
    assert error.takes_list is takes_list
    assert error.fact == next(iter(raw))


def test_a_set_with_a_value_not_offered_is_refused(knowledge: KnowledgeBase) -> None:
    """Every member of a set fact must be one of its values."""
    error = fact_error(knowledge, {"request_kinds": ["mla", "european_arrest_warrant"]})
    assert (error.reason, error.takes_list) == ("value_not_allowed", True)
    assert error.allowed == ("mla", "extradition", "interpol")
