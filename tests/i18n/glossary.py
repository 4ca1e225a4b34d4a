"""The official terms of the legal brief's glossary (§6), as patterns per language.

When an English source string uses a term, its translation must use the official term of
that language (Belgian usage in French and Dutch). Patterns are stems, case-insensitive,
so Russian and Dutch inflections pass.
"""

from __future__ import annotations

GLOSSARY: dict[str, dict[str, str]] = {
    r"mutual legal assistance": {
        "fr": r"entraide judiciaire",
        "nl": r"rechtshulp",
        "ru": r"правов\w* помощ",
    },
    r"letter rogatory": {
        "fr": r"commission rogatoire",
        "nl": r"rogatoire commissie",
        "ru": r"судебн\w* поручени",
    },
    r"\bextradition\b": {"fr": r"extradition", "nl": r"uitlever", "ru": r"экстради|выдач"},
    r"red notice": {"fr": r"notice rouge", "nl": r"rode notice", "ru": r"красн\w* уведомлени"},
    r"\bdiffusion\b": {"fr": r"diffusion", "nl": r"diffusie", "ru": r"диффузи"},
    r"subsidiary protection": {
        "fr": r"protection subsidiaire",
        "nl": r"subsidiaire bescherming",
        "ru": r"субсидиарн|дополнительн\w* защит",
    },
    r"\brefugee": {"fr": r"réfugi", "nl": r"vluchteling", "ru": r"беженц|беженк"},
    r"political offence": {
        "fr": r"infractions? politiques?",
        "nl": r"politie\w* misdrij",
        "ru": r"политическ\w* преступлени",
    },
    r"dual criminality": {
        "fr": r"double incrimination",
        "nl": r"dubbele strafbaarheid",
        "ru": r"двойн\w* криминализаци",
    },
    r"investigating judge": {
        "fr": r"juge d'instruction",
        "nl": r"onderzoeksrechter",
        "ru": r"следствен\w* суд",
    },
    r"chambre des mises en accusation": {
        "fr": r"chambre des mises en accusation",
        "nl": r"kamer van inbeschuldigingstelling",
        "ru": r"обвинительн\w* палат",
    },
    # December 2026 language review: Russian readers get the acronym on their own papers
    # (CGRA/CGVS), never "CGRS".
    r"\bCGRS\b": {"fr": r"CGRA", "nl": r"CGVS", "ru": r"CGRA/CGVS"},
    r"central authority": {
        "fr": r"autorité centrale",
        "nl": r"centrale autoriteit",
        "ru": r"центральн\w* орган",
    },
    r"speciality|specialty": {"fr": r"spécialité", "nl": r"specialiteit", "ru": r"специальност"},
    r"non-refoulement": {
        "fr": r"non-refoulement",
        "nl": r"non-refoulement",
        "ru": r"невысылк|non-refoulement",
    },
    r"death penalty": {"fr": r"peine de mort", "nl": r"doodstraf", "ru": r"смертн\w* казн"},
    r"flagrant denial of justice": {
        "fr": r"déni de justice flagrant",
        "nl": r"flagrante rechtsweigering",
        "ru": r"явн\w* отказ\w* в правосуди",
    },
    r"legal information, not legal advice": {
        "fr": r"information juridique",
        "nl": r"juridische informatie",
        "ru": r"правов\w* информаци",
    },
    r"essential interests": {
        "fr": r"intérêts essentiels",
        "nl": r"wezenlijke belangen",
        "ru": r"существенн\w* интерес",
    },
    r"public order|ordre public": {
        "fr": r"ordre public",
        "nl": r"openbare orde",
        "ru": r"публичн\w* порядо?к",
    },
    r"FPS Justice": {
        "fr": r"SPF Justice",
        "nl": r"FOD Justitie",
        "ru": r"Федеральн\w* государственн\w* служб\w* юстиции",
    },
}
