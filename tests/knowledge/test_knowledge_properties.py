"""Properties of the engine over random fact sets (hypothesis)."""

from __future__ import annotations

from collections.abc import Mapping

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.knowledge import KnowledgeBase, Status, assess, load_knowledge, parse_facts
from bot.knowledge.conditions import evaluate
from bot.knowledge.plan import truth
from bot.knowledge.term_bits import rule_truth

KB: KnowledgeBase = load_knowledge()
"""Loaded at import: hypothesis strategies are built before fixtures exist."""


def _answer(fact_id: str) -> st.SearchStrategy[object]:
    definition = KB.facts[fact_id]
    if definition.is_set:
        return st.one_of(
            st.just("unknown"), st.lists(st.sampled_from(definition.values), unique=True)
        )
    return st.sampled_from(definition.allowed)


raw_facts: st.SearchStrategy[dict[str, object]] = st.fixed_dictionaries(
    {}, optional={fact_id: _answer(fact_id) for fact_id in KB.facts}
)


def _statuses(raw: Mapping[str, object]) -> dict[str, Status]:
    result = assess(KB, parse_facts(KB, raw))
    return {item.ground.id: item.status for item in result.grounds}


@settings(max_examples=400)
@given(raw_facts)
def test_any_valid_facts_assess_every_ground_once_in_order(raw: dict[str, object]) -> None:
    """Assessment never raises and lists every ground exactly once, in knowledge-base order."""
    result = assess(KB, parse_facts(KB, raw))
    assert [item.ground.id for item in result.grounds] == [ground.id for ground in KB.grounds]
    assert result.actions[-1].id == "act_contact_ngo"
    assert result.reviewed_on == KB.reviewed_on


def test_with_every_fact_unknown_every_ground_may_apply() -> None:
    """Nothing known: no ground applies, none is ruled out, every one may apply."""
    raw = {fact_id: "unknown" for fact_id, fact in KB.facts.items() if "unknown" in fact.allowed}
    raw |= {fact_id: [] for fact_id, fact in KB.facts.items() if fact.is_set}
    for facts in (raw, {}):
        assert set(_statuses(facts).values()) == {Status.MAY_APPLY}


@settings(max_examples=400)
@given(raw_facts, st.data())
def test_forgetting_facts_never_rules_out_or_settles_a_ground(
    raw: dict[str, object], data: st.DataObject
) -> None:
    """Turning known facts into unknowns moves grounds towards may_apply, never across it.

    (A ground that was not relevant may become relevant once the request kinds are
    forgotten; relevance is another question, so such grounds are left aside.)
    """
    forgotten = data.draw(st.sets(st.sampled_from(sorted(KB.facts))))
    vaguer = {name: value for name, value in raw.items() if name not in forgotten}
    before, after = _statuses(raw), _statuses(vaguer)
    for ground_id, status in before.items():
        assert after[ground_id] is not Status.NOT_RELEVANT or status is Status.NOT_RELEVANT
        if status is Status.NOT_RELEVANT:
            continue
        if status is Status.APPLIES:
            assert after[ground_id] is not Status.NOT_INDICATED, ground_id
        if after[ground_id] is Status.APPLIES:
            assert status is Status.APPLIES, ground_id
        if after[ground_id] is Status.NOT_INDICATED:
            assert status is Status.NOT_INDICATED, ground_id


@settings(max_examples=300)
@given(raw_facts)
def test_the_engines_bit_mask_plan_agrees_with_the_reference_evaluator(
    raw: dict[str, object],
) -> None:
    """The normal-form plan the engine uses answers every rule as the Kleene interpreter does."""
    facts = parse_facts(KB, raw)
    plan = KB.plan
    true_bits, false_bits = plan.rules.masks(facts)
    for ground, (applies, may_apply, _, _, caveats) in zip(KB.grounds, plan.grounds, strict=True):
        if ground.applies_when is None:
            assert applies == ()
        else:
            expected = evaluate(ground.applies_when, facts)
            assert truth(applies, true_bits, false_bits) is expected
        if ground.may_apply_when is not None:
            assert may_apply is not None
            expected = evaluate(ground.may_apply_when, facts)
            assert truth(may_apply, true_bits, false_bits) is expected
        for caveat, terms in caveats:
            assert truth(terms, true_bits, false_bits) is evaluate(caveat.when, facts)
    for action, when, unless in plan.actions:
        for rule, terms in ((action.when, when), (action.unless, unless)):
            if rule is not None:
                assert terms is not None
                assert truth(terms, true_bits, false_bits) is evaluate(rule, facts)


@settings(max_examples=300)
@given(raw_facts)
def test_the_engines_term_masks_agree_with_the_reference_evaluator(
    raw: dict[str, object],
) -> None:
    """Every rule settled by one pass over the facts (the term masks the engine uses)
    answers as the Kleene interpreter does."""
    facts = parse_facts(KB, raw)
    plan = KB.plan
    index = KB.term_plan.index
    full, open_ = index.settle(facts)
    rules = [
        (ground.applies_when, applies)
        for ground, (applies, *_) in zip(KB.grounds, plan.grounds, strict=True)
    ]
    rules += [
        (ground.may_apply_when, may_apply)
        for ground, (_, may_apply, *_) in zip(KB.grounds, plan.grounds, strict=True)
    ]
    rules += [(caveat.when, terms) for ground in plan.grounds for caveat, terms in ground[4]]
    rules += [
        (rule, terms)
        for action, when, unless in plan.actions
        for rule, terms in ((action.when, when), (action.unless, unless))
    ]
    checked = 0
    for rule, terms in rules:
        if rule is None:
            continue
        assert terms is not None
        assert rule_truth(index.mask(terms), full, open_) is evaluate(rule, facts)
        checked += 1
    assert checked > len(KB.grounds)
