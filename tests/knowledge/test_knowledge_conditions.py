"""The condition grammar and its three-valued (Kleene) evaluation."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.knowledge import CONDITION_ADAPTER, Truth, evaluate, facts_used

T, F, U = Truth.TRUE, Truth.FALSE, Truth.UNKNOWN


def condition(raw: object) -> object:
    return CONDITION_ADAPTER.validate_python(raw)


YES = {"fact": "a", "equals": "yes"}


@pytest.mark.parametrize(
    ("facts", "expected"),
    [({"a": "yes"}, T), ({"a": "no"}, F), ({}, U), ({"a": "unknown"}, U)],
)
def test_equals_is_unknown_when_the_fact_is_absent_or_unknown(
    facts: dict[str, str], expected: Truth
) -> None:
    """A fact test answers UNKNOWN, not FALSE, when nobody knows the fact."""
    assert evaluate(condition(YES), facts) is expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("a", "b", "both", "either"),
    [
        ("yes", "yes", T, T),
        ("yes", "no", F, T),
        ("no", "no", F, F),
        ("yes", None, U, T),
        ("no", None, F, U),
        (None, None, U, U),
    ],
)
def test_all_and_any_follow_kleene_truth_tables(
    a: str | None, b: str | None, both: Truth, either: Truth
) -> None:
    """FALSE settles ``all`` and TRUE settles ``any`` even when the other part is unknown."""
    facts = {name: value for name, value in (("a", a), ("b", b)) if value is not None}
    parts = [YES, {"fact": "b", "equals": "yes"}]
    assert evaluate(condition({"all": parts}), facts) is both  # type: ignore[arg-type]
    assert evaluate(condition({"any": parts}), facts) is either  # type: ignore[arg-type]


def test_not_swaps_true_and_false_and_keeps_unknown() -> None:
    """Negating an unknown is still unknown: 'not yes' is not the same as 'no'."""
    negated = condition({"not": YES})
    assert evaluate(negated, {"a": "yes"}) is F  # type: ignore[arg-type]
    assert evaluate(negated, {"a": "no"}) is T  # type: ignore[arg-type]
    assert evaluate(negated, {}) is U  # type: ignore[arg-type]


def test_in_and_contains_test_one_value_and_a_set() -> None:
    """``in`` matches one of several values; ``contains`` looks inside a set; empty is unknown."""
    one_of = condition({"fact": "status", "in": ["refugee", "subsidiary"]})
    assert evaluate(one_of, {"status": "subsidiary"}) is T  # type: ignore[arg-type]
    assert evaluate(one_of, {"status": "none"}) is F  # type: ignore[arg-type]
    contains = condition({"fact": "kinds", "contains": "mla"})
    assert evaluate(contains, {"kinds": frozenset({"mla", "interpol"})}) is T  # type: ignore[arg-type]
    assert evaluate(contains, {"kinds": frozenset({"interpol"})}) is F  # type: ignore[arg-type]
    assert evaluate(contains, {"kinds": frozenset()}) is U  # type: ignore[arg-type]


def test_facts_used_lists_each_fact_once_in_written_order() -> None:
    """A flow can ask exactly the facts a rule reads, in the order the rule reads them."""
    rule = condition(
        {"any": [{"fact": "b", "equals": "yes"}, {"not": YES}, {"fact": "b", "equals": "no"}]}
    )
    assert facts_used(rule) == ("b", "a")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "raw",
    [
        "facts['a'] == 'yes'",
        {"fact": "a", "equal": "yes"},
        {"all": []},
        {"fact": "a", "equals": "yes", "extra": 1},
        ["all", YES],
    ],
    ids=["text", "misspelt-operator", "empty-all", "extra-key", "list"],
)
def test_malformed_conditions_are_refused(raw: object) -> None:
    """Only the structured forms are conditions; text is never evaluated."""
    with pytest.raises(ValidationError):
        condition(raw)
