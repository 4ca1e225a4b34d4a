"""The English labels of the buttons tests press, each written once (issue 9, point 10).

A test reads like the conversation (``chat.press(CONTINUE)``, ``user.click(QUICK_EXIT)``)
and a renamed button breaks one clear test (``tests/support_tests/test_labels.py``, which
checks every label here against the English catalog) instead of thirty scattered ones.
A label that only one test uses, such as an option of one question, stays in that test.
"""

from __future__ import annotations

from bot.dialog import model

# --- The first screen (welcome, privacy, role) and urgent help ---------------------------
PERSON = "The request is about me or my family"  # the first screen's role question
ADVOCATE = "I help someone (lawyer, NGO…)"  # the first screen's role question
URGENT_HELP = "I need urgent help now"  # the first screen
CONTINUE_QUESTIONS = "Continue with the questions"  # the urgent-help checklist
CONTINUE = "Continue"  # a notice's button

# --- On every screen ---------------------------------------------------------------------
QUICK_EXIT = "Quick exit"  # under every screen
ERASE = "Erase my answers"  # the first screen (the privacy notice) and the result
START_OVER = "Start over"  # the result (and the terminal's r key)

# --- Questions -------------------------------------------------------------------------
YES = "Yes"  # a yes/no question
NO = "No"  # a yes/no question
DONT_KNOW = "I don't know"  # every legal question
UNKNOWN = "Unknown"  # the advocate's questions (their "I don't know")
DONE = "Done"  # a multiple choice, after the ticks
BACK = "Back"  # any question after the first
WHY = "Why do we ask?"  # a legal question (and the role), until pressed

# --- The person's questions whose options many walks press -----------------------------
MLA = "Help its case (mutual legal assistance)"  # kind of request
INTERPOL = "Find me through INTERPOL (a notice)"  # kind of request
EXTRADITION = "Send me back to that state (extradition)"  # kind of request
FLED_STATE = "The country I fled, or the one I fear"  # which state asks
REFUGEE = "Recognised refugee"  # the protection the person has
BELGIAN_NATIONAL = "Belgian national"  # the protection the person has

# --- The advocate's questions whose options many walks press ---------------------------
ADVOCATE_MLA = "Mutual legal assistance"  # the advocate's kind of request
ADVOCATE_EXTRADITION = "Extradition"  # the advocate's kind of request
ADVOCATE_REFUGEE = "Refugee, recognised vs requesting state"  # the advocate's status

# --- The advocate's checklist items, unticked as first shown ("☐ {item}") ---------------
POLITICAL_CHARGES = f"{model.UNTICKED} Political charges (opinion, protest)"  # indicators
FISCAL_ONLY = f"{model.UNTICKED} Fiscal offences only"  # indicators
TARGETED_PROFILE = f"{model.UNTICKED} Targeted profile (critic, journalist…)"  # indicators
SEARCH = f"{model.UNTICKED} Search (perquisition)"  # the measures asked for
SEIZURE = f"{model.UNTICKED} Seizure or freezing"  # the measures asked for
ALREADY_EXECUTED = f"{model.UNTICKED} Measure already executed"  # the measures asked for
FOREIGN_OFFICIALS = f"{model.UNTICKED} Foreign officials present or asking"  # the measures
SEIZED_MATERIAL = f"{model.UNTICKED} Seized material on clients or sources"  # the measures

# --- The result ------------------------------------------------------------------------
REVIEW = "Review or change my answers"  # the result
KEEP_ANSWERS = "Keep these answers"  # the review of the answers
ALL_DETAILS = "All details"  # the result
SUMMARY = "Summary"  # the result, back to its first page
MORE_GROUNDS = "More grounds ({count}) ›"  # the result, the next few grounds (a template)
MORE_GROUNDS_PREFIX = MORE_GROUNDS.partition("{")[0]  # pressed when the count is not the point
PREVIOUS_GROUNDS = "‹ Previous grounds"  # the result's later pages of grounds
CHANGE_KIND = "✎ Kind of request"  # the review of the answers ("✎ {question}")
CHANGE_STATUS = "✎ Protection status"  # the review of the answers
CHANGE_URGENT = "✎ Urgent situation"  # the review of the answers
WHO_TO_CONTACT = "Who to contact"  # the result
CASE_NOTE = "Case note (file)"  # the result
CASE_NOTE_FR = "Case note in French"  # the result, for a reader in another language

# --- The terminal's erase confirmation ------------------------------------------------
YES_DELETE = "Yes, delete them"  # the terminal, after "Erase my answers" or "Start over"
NO_KEEP = "No, keep them"  # the terminal, after "Erase my answers" or "Start over"

# --- The language picker (each language's own name, untranslated) ------------------------
ENGLISH = "English"  # the language picker
FRENCH = "Français"  # the language picker
DUTCH = "Nederlands"  # the language picker
RUSSIAN = "Русский"  # the language picker

FIRST_SCREEN = (PERSON, ADVOCATE, WHY, URGENT_HELP, ERASE, QUICK_EXIT)
"""The buttons of the first screen, in order: the role (the consent), why we ask, urgent
help, and the ways out the privacy notice offers."""

LANGUAGE_NAMES = {"en": ENGLISH, "fr": FRENCH, "nl": DUTCH, "ru": RUSSIAN}
"""The picker's label of each language, by code."""

FORWARD = (PERSON, NO, DONE, CONTINUE)
"""Buttons that lead on in the person's shortest walk; where none is offered, "I don't know"."""
