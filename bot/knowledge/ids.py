"""The stable ground and action ids (legal brief §2 and its §0 additions), in display order.

Flows, tests, reports and translations refer to these ids, so the loader refuses a
knowledge base that renames, drops or adds one: changing the list is a deliberate code
change reviewed with the brief, never a side effect of editing YAML.
"""

from __future__ import annotations

GROUND_IDS: tuple[str, ...] = (
    # mutual legal assistance
    "be_mla_reciprocity",
    "be_mla_sovereignty_public_order",
    "be_mla_political_offence",
    "be_mla_discriminatory_motive",
    "coe_mla_political_fiscal",
    "coe_mla_essential_interests",
    "coe_mla_persecution_reservation",
    "un_mla_refusal_grounds",
    "eu_eio_fundamental_rights",
    "mla_death_penalty",
    "mla_coercive_dual_criminality",
    "mla_foreign_officials_presence",
    "mla_specialty_confidentiality",
    "professional_secrecy",
    "journalist_sources",
    "echr_private_life",
    "seized_data_protection",
    # every kind of request
    "asylum_confidentiality",
    # extradition
    "ext_political_offence",
    "ext_persecution_clause",
    "ext_death_penalty",
    "ext_torture_flagrant_denial",
    "ext_own_nationals",
    "refugee_non_refoulement",
    "ne_bis_in_idem",
    "eu_eaw_fundamental_rights",
    # INTERPOL
    "interpol_art3",
    "interpol_refugee_policy",
)

ACTION_IDS: tuple[str, ...] = (
    "act_urgent_lawyer",
    "act_echr_rule39",
    "act_notice_travel_arrest",
    "act_execution_review",
    "act_ask_refusal",
    "act_oppose_extradition",
    "act_conseil_detat",
    "act_cite_protection",
    "act_confirm_status_interpol",
    "act_ccf_request",
    "act_avoid_travel",
    "act_inform_cgrs",
    "act_contact_ngo",
)

REQUEST_KINDS_FACT = "request_kinds"
"""The set-valued fact whose values are the request kinds grounds are filed under."""

UNKNOWN = "unknown"
"""The answer "I don't know"; in parsed facts it is simply left out."""
