"""How the SQLite store keeps a state: its compact JSON, deflated with a fixed dictionary.

The JSON of a finished walk (about 500 to 1,300 bytes in schema version 3) is mostly the
same few dozen names: fact ids, option values, node ids. Deflate alone cannot shorten
one short text much, but given those names up front as a preset dictionary (zlib's
``zdict``) it writes each one as a two- or three-byte reference: a long walk takes about
300 bytes, so that a stored session stays within issue 14's budget of 512 bytes in the
file. The stored value is a BLOB: one format byte, then raw deflate data.

The dictionary is frozen: rows written with it must stay readable, so it is never
edited. Flows and facts that change later still compress (less well); a better
dictionary is added as ``DICTIONARY_2`` with its own format byte, and both are read.
Rows written before (JSON text) are read as they are.

To read a stored state by hand (``raw`` being the ``state`` column of a row)::

    from bot.store.packing import unpack
    print(unpack(raw))
"""

from __future__ import annotations

import zlib

FORMAT_1 = 1
"""First byte of a value packed with :data:`DICTIONARY_1`."""

MAX_STATE = 256 * 1024
"""No stored state inflates beyond this: a damaged or forged value is refused, not
inflated without bound."""

# Made once from the fact ids, node ids and option values of dialogs/ (December 2026), in
# the order deflate uses best (the most frequent last). Never edit: see the docstring.
DICTIONARY_1 = (
    b'["a_kinds",["a_status",["a_indicators",["a_mla",["a_treaty",["a_extradition",'
    b'["a_interpol",["a_interpol_status",["a_result",["welcome",["urgent",["privacy",'
    b'["role",["to_person",["to_advocate",["detained",["urgent_now",["kinds",'
    b'["origin",["status",["against",["political",["linked",["fiscal",["profile",'
    b'["activity",["relatives",["eu",["treaty",["corruption",["measures",["executed",'
    b'["officials",["asylum_info",["sensitive",["lawyer_files",["journalist_files",'
    b'["crime_here",["death",["torture",["trial",["judged",["notice_kind",'
    b'["confirmed",["travel",["result","done","mla","extradition","interpol",'
    b'"refugee","subsidiary","applicant","belgian_national","none","in_belgium",'
    b'"elsewhere","False","hearing","search","seizure_or_freeze","records",'
    b'"service_of_documents","other","bilateral","un_convention","coe_convention",'
    b'"eu_instrument","red_notice","diffusion","refugee_against_requester",'
    b'"subsidiary_against_requester","applicant_against_requester",'
    b'"protected_against_another","person","advocate","request_kinds":"'
    b'"requesting_state_is_origin":""protection_status":"'
    b'"status_against_requesting_state":""charges_political":"'
    b'"charges_linked_to_politics":""charges_fiscal_only":""targeted_profile":"'
    b'"case_followed_activity":""relatives_pressured":""death_penalty_possible":"'
    b'"ill_treatment_risk":""unfair_trial_risk":""judged_same_facts":"'
    b'"conduct_crime_in_belgium":""mla_measures":""measure_already_executed":"'
    b'"foreign_officials_involved":""asylum_information_sought":"'
    b'"sensitive_material":""treaty_cited":""requesting_state_eu_member":"'
    b'"charges_corruption":""lawyer_material":""journalist_material":"'
    b'"interpol_kind":""status_confirmed_to_interpol":""detained_or_imminent":"'
    b'"travel_planned":""status_answer":""@a_indicators":""@a_mla":""@a_extradition":"'
    b'"@a_interpol_status":""@a_result":""@welcome":""@urgent":""@privacy":""role":"'
    b'"@to_person":""@to_advocate":""@urgent_now":""@result":""unknown",""no",""yes","'
    b'":"done","{"v":3,"l":"fr","f":"advocate","n":"a_result","s":'
    b',"a":{"role":"advocate","{"v":3,"f":"person","n":"result","s":'
    b',"a":{"role":"person","'
    b'},"c":true,"h":[["main","welcome",0],["privacy",0],["role",0],["person","'
)


def pack(text: str) -> bytes:
    """The stored form of a state's JSON."""
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15, 9, zlib.Z_DEFAULT_STRATEGY, DICTIONARY_1)
    return bytes((FORMAT_1,)) + deflate.compress(text.encode()) + deflate.flush()


def unpack(stored: str | bytes) -> str:
    """The JSON of a stored state; ``ValueError`` if it is not one this program wrote."""
    if isinstance(stored, str):  # written before states were packed
        return stored
    if not stored or stored[0] != FORMAT_1:
        raise ValueError("unknown format of a stored state")
    inflate = zlib.decompressobj(-15, zdict=DICTIONARY_1)
    try:
        text = inflate.decompress(stored[1:], MAX_STATE)
    except zlib.error as exc:
        raise ValueError("damaged stored state") from exc
    if inflate.unconsumed_tail or not inflate.eof:
        raise ValueError("damaged or oversized stored state")
    return text.decode()
