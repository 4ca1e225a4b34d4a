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
    r"red notice": {"fr": r"notices? rouges?", "nl": r"rode notice", "ru": r"красн\w* уведомлени"},
    r"\bdiffusion\b": {"fr": r"diffusion", "nl": r"diffusie", "ru": r"диффузи"},
    r"subsidiary protection": {
        "fr": r"protection subsidiaire",
        "nl": r"subsidiaire bescherming",
        "ru": r"субсидиарн|дополнительн\w* защит",
    },
    r"\brefugee": {"fr": r"réfugi", "nl": r"vluchteling", "ru": r"беженц|беженец|беженк"},
    r"political offence": {
        "fr": r"infractions? politiques?",
        "nl": r"politie\w* misdrij",
        "ru": r"политическ\w* преступлени",
    },
    r"connected offences?": {
        "fr": r"infractions? connexes?",
        "nl": r"samenhangend\w* misdrij",
        # the standalone term (its button and page) says with what: review6 B2
        "ru": r"связанн\w* с (?:ним|ними) преступлени|преступлени\w*, связанн\w* с политическ",
    },
    r"requested state": {
        "fr": r"États? requis",
        "nl": r"aangezochte Sta",
        "ru": r"запрашиваем\w* государств",
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
        # UNCAC 46(21)(b) and UNTOC 18(21)(b) say "жизненно важные интересы" in Russian.
        "ru": r"существенн\w* интерес|жизненно важн\w* интерес",
    },
    r"public order|ordre public": {
        "fr": r"ordre public",
        "nl": r"openbare orde",
        "ru": r"публичн\w* порядо?к",
    },
    r"FPS Justice": {
        "fr": r"SPF Justice",
        "nl": r"FOD Justitie",
        "ru": r"SPF Justice.{0,80}FOD Justitie",
    },
    # December 2026 additions to the legal brief's glossary (§6).
    # Dutch says *politieke vervolging* wherever "prosecution" could be read; legal
    # definitions and quoted texts keep the term of art *vervolging*, pinned down by
    # the refugee-law context it stands in (2026-12-02 native review, nl B1-B5); a heading
    # may instead name the grounds themselves (third review, nl B1), which rules out
    # "prosecution" as well and does not narrow persecution to politics.
    r"persecut": {
        "fr": r"persécut",
        "nl": r"politiek\w* vervolg|vervolg\w* (in de zin van het Vluchtelingenverdrag|vanwege"
        r"|\(om|of ernstige schade|vreest|om politieke, religieuze|\((politiek|ras), )"
        r"|te vervolgen of te straffen wegens",
        "ru": r"преследова|преследу",
    },
    r"INTERPOL Constitution|INTERPOL's Constitution|Constitution of the ICPO": {
        "fr": r"Statut",
        "nl": r"Statuten",
        "ru": r"Устав",
    },
    r"human-rights defender": {
        "fr": r"défenseur\w* des droits humains",
        "nl": r"mensenrechtenverdediger",
        "ru": r"правозащитник",
    },
    r"asylum lawyer|asylum counsel": {
        "fr": r"avocat\w* en droit des étrangers",
        "nl": r"advocaat vreemdelingenrecht",
        "ru": r"адвокат\w* по делам беженцев и миграции",
    },
    r"Law of 15 March 1874": {
        "fr": r"loi du 15 mars 1874",
        "nl": r"wet van 15 maart 1874",
        "ru": r"15 марта 1874 года",
    },
    r"Law of 1 October 1833": {
        "fr": r"loi du 1er octobre 1833",
        "nl": r"wet van 1 oktober 1833",
        "ru": r"1 октября 1833 года",
    },
}

FORBIDDEN: dict[str, tuple[str, str]] = {
    # language: (pattern no translation may hold, unless the English matches the second)
    "fr": (r"\bremise\b|\bremettre à\b", r"arrest warrant|surrender"),
    "nl": (r"overlever|uitleveringswet", r"arrest warrant|surrender"),
    "ru": (r"\bCGRS\b|\bFPS\b", r"(?!)"),
}
"""Words the glossary rules out: *remise* and *overlevering* are the European arrest
warrant's words, never extradition's; the Belgian act is not the Dutch *Uitleveringswet*;
a Russian reader's papers say CGRA/CGVS and SPF/FOD, never CGRS or FPS."""
