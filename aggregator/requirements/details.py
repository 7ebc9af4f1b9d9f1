"""One posting's requirements: terms, years, degree, certifications, spoken languages,
seniority, work mode, employment type and salary, from its title and plain text.

Every pattern is compiled at import; the text is lowercased once and scanned once for all
the details together (and once for the terms). English and Spanish wording are understood.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from aggregator.requirements.salary import CURRENCY_MARKER, parse_salary, salary_dict, salary_near
from aggregator.requirements.terms import (
    CERTIFICATION,
    DELIMITER,
    by_first_character,
    load_taxonomy,
    prepared,
    split_alternatives,
    trie_pattern,
)

if TYPE_CHECKING:  # only for annotations: importing them costs start-up time
    from aggregator.models import Salary
    from foundation.config import TermConfig

# --- years of experience -------------------------------------------------------------

_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "un": 1, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7,
    "ocho": 8, "nueve": 9, "diez": 10,
}  # fmt: skip
_N = rf"(?:\d{{1,2}}|{'|'.join(_WORDS)})"
# Found by their unit first (rare in a posting), then read backwards from it.
_YEARS_UNIT = r"years?(?!\w)|yrs?(?!\w)|a[ñn]os(?!\w)"
_YEARS_BEFORE = re.compile(
    r"(?:(?P<pre>minimum|min\.|at least|no less than|a minimum of|al menos|por lo menos|"
    r"m[ií]nim[oa](?: de)?|more than|over|m[aá]s de)\s+(?:of\s+)?)?"
    rf"(?<![\w.,])(?P<a>{_N})(?:\s*\(\d{{1,2}}\))?\s*(?P<plus>\+|plus|or more|o m[aá]s)?\s*"
    rf"(?:(?:-|–|—|to|or|a|y)\s*(?P<b>{_N})(?:\s*\(\d{{1,2}}\))?\s*\+?\s*)?$"
)
_YEARS_CONTEXT = re.compile(r"[^.;\n]{0,60}?(?:experience|experiencia|\bexp\b)")
# "Experience: 5 years", "Experiencia mínima de 3 años": the word comes first.
_YEARS_CONTEXT_BEFORE = re.compile(r"(?:experience|experiencia)[^.;\n]{0,30}$")
_STRONG = ("minimum", "min.", "at least", "no less than", "a minimum of", "al menos",
           "por lo menos", "mínimo", "minimo", "mínima", "minima", "mínimo de", "minimo de",
           "mínima de", "minima de")  # fmt: skip

# --- degree --------------------------------------------------------------------------

DEGREES = ("none", "high-school", "associate", "bachelor", "master", "phd")
_DEGREE_KINDS = {
    "none": r"no (?:college |university |formal )?degree|degree (?:is )?not required|"
    r"without a (?:college |university )?degree|sin t[ií]tulo",
    "hs": r"high[- ]school (?:diploma|degree|education|graduate|or equivalent)|ged\b|"
    r"hs diploma|secondary school|educaci[oó]n secundaria",
    "assoc": r"associate['’]?s? degree|associate of (?:arts|science|applied)|"
    r"two[- ]year (?:college )?degree|2[- ]year (?:college )?degree",
    "bach": r"bachelor|b\.\s?[sa]\.|b[sa] (?:degree|in)\b|b[sa]/[bm][sa]\b|bsc\b|beng\b|"
    r"undergraduate degree|four[- ]year (?:college |university )?degree|"
    r"4[- ]year (?:college |university )?degree|college degree|university degree|"
    r"licenciatura|t[ií]tulo universitario|grado universitario|ingenier[ií]a en",
    "master": r"master['’]s|master degree|masters (?:degree|in|of)|master of (?:science|"
    r"arts|business|engineering|education|fine|public|social|nursing|health)|m\.\s?s\.|"
    r"ms (?:degree|in)\b|msc\b|mba\b|m\.?eng\b|graduate degree|postgraduate degree|"
    r"advanced degree|maestr[ií]a|m[aá]ster en",
    "phd": r"ph\.?\s?d\b|doctorate|doctoral degree|doctorado|dphil\b",
    "generic": r"degree in\b|degree or equivalent|relevant degree|degree required",
}
_DEGREE_LEVEL = {"none": 0, "hs": 1, "assoc": 2, "bach": 3, "master": 4, "phd": 5, "generic": 3}
_EQUIVALENT = re.compile(
    r"or equivalent (?:practical |professional |work |relevant |industry )?"
    r"(?:experience|combination)"
    r"|equivalent (?:work |practical )?experience|or (?:comparable|relevant) experience in lieu"
    r"|o experiencia equivalente"
)

# --- spoken languages ------------------------------------------------------------------

_LANGUAGES = {
    "english": "English", "inglés": "English", "ingles": "English",
    "spanish": "Spanish", "español": "Spanish", "espanol": "Spanish", "castellano": "Spanish",
    "french": "French", "francés": "French", "frances": "French",
    "german": "German", "alemán": "German", "aleman": "German",
    "portuguese": "Portuguese", "portugués": "Portuguese", "portugues": "Portuguese",
    "italian": "Italian", "italiano": "Italian", "dutch": "Dutch", "neerlandés": "Dutch",
    "mandarin": "Mandarin", "mandarín": "Mandarin", "cantonese": "Cantonese",
    "chinese": "Chinese", "chino": "Chinese", "japanese": "Japanese", "japonés": "Japanese",
    "korean": "Korean", "coreano": "Korean", "arabic": "Arabic", "árabe": "Arabic",
    "hindi": "Hindi", "russian": "Russian", "ruso": "Russian", "polish": "Polish",
    "turkish": "Turkish", "vietnamese": "Vietnamese", "tagalog": "Tagalog",
    "filipino": "Tagalog", "hebrew": "Hebrew", "swedish": "Swedish", "norwegian": "Norwegian",
    "danish": "Danish", "finnish": "Finnish", "greek": "Greek", "czech": "Czech",
    "romanian": "Romanian", "hungarian": "Hungarian", "ukrainian": "Ukrainian",
    "catalan": "Catalan", "catalán": "Catalan", "haitian creole": "Haitian Creole",
    "american sign language": "American Sign Language", "asl": "American Sign Language",
    "urdu": "Urdu", "bengali": "Bengali", "punjabi": "Punjabi", "somali": "Somali",
    "swahili": "Swahili", "indonesian": "Indonesian", "thai": "Thai", "farsi": "Farsi",
    "persian": "Farsi", "tamil": "Tamil",
}  # fmt: skip
# One alternative per first letter, so that the scan can tell them apart at a glance.
_LANGUAGE = "|".join(
    rf"{re.escape(c)}{trie_pattern(sorted(k[1:] for k in _LANGUAGES if k[0] == c))}(?!\w)"
    for c in sorted({k[0] for k in _LANGUAGES})
)
_LANGUAGE_CUE = re.compile(
    r"fluen|bilingual|biling[uü]e|multilingual|native|speak|spoken|proficien|written and verbal|"
    r"verbal and written|oral and written|language|idioma|nivel|dominio|fluido|avanzado|"
    r"conversacional|hablar|habla|\b[abc][12]\b|mother tongue|command of|read and write|"
    r"interpret|translat|traduc"
)
_POLISH_CUE = re.compile(r"fluen|speak|spoken|native|language|bilingual|\b[abc][12]\b")

# --- seniority ---------------------------------------------------------------------------

SENIORITY = ("intern", "junior", "mid", "senior", "lead", "staff", "principal")
_SENIORITY_TITLE = re.compile(
    r"(?P<principal>\bprincipal\b|\bdistinguished\b)"
    r"|(?P<staff>\bstaff (?=(?:software|engineer|developer|data|machine|ml|product|designer|"
    r"scientist|architect|security|site|backend|back-end|frontend|front-end|full|platform|"
    r"infrastructure|research|ux|ui|analyst|sre|devops|mobile|ios|android)))"
    r"|(?P<lead>\blead\b(?! gen)|\btech lead|\bteam lead|\bteam leader\b|\bl[ií]der\b)"
    r"|(?P<senior>\bsenior\b|\bsr\b\.?|\bsnr\b|\bs[eé]nior\b|\biii\b)"
    r"|(?P<mid>\bmid[- ]?(?:level|senior)?\b|\bintermediate\b|\bii\b|\bsemi[- ]?senior\b|"
    r"\bssr\b)"
    r"|(?P<junior>\bjunior\b|\bjr\b\.?|\bentry[- ]level\b|\bnew grad|\bgraduate\b|\bapprentice)"
    r"|(?P<intern>\bintern\b|\binternship\b|\bco-?op\b|\bbecari[oa]\b|\bpr[aá]cticas\b|"
    r"\bpracticante\b|\btrainee\b|\bwerkstudent)"
)
_SENIORITY_NAMED = (
    r"\s*[:\-]\s*(?:intern|junior|entry|mid|senior|lead|staff|principal|semi[- ]?senior)\b"
)
_SENIORITY_TEXT = "|".join(
    [
        f"{cue}(?: level)?{_SENIORITY_NAMED}"
        for cue in ("seniority", "experience level", "level", "nivel")
    ]
    + [
        rf"{word}[- ]level (?:position|role|job|opportunity|candidate)"
        for word in ("entry", "junior", "mid", "senior")
    ]
)
_SENIORITY_WORD_IN = re.compile(
    r"(intern|junior|entry|mid|senior|lead|staff|principal|semi[- ]?senior)\b(?![- ]level)"
    r"|(entry|junior|mid|senior)[- ]level"
)
_SENIORITY_WORD = {"entry": "junior", "semi-senior": "mid", "semisenior": "mid",
                   "semi senior": "mid"}  # fmt: skip

# --- work mode -----------------------------------------------------------------------------

# In order of precedence at one position: "not remote" is tried before "remote".
_WORK_MODE_KINDS = {
    "not_remote": r"no[- ](?:a |fully |100% )?remote\b|not[- ](?:a |fully |100% )?remote\b|"
    r"non[- ]remote\b|remote (?:work )?(?:is )?not (?:available|possible|an option|offered)|"
    r"not open to remote|on-?site only|in[- ]office only|sin teletrabajo|no (?:es )?remoto",
    "hybrid": r"hybrid\b(?! (?:cloud|apps?|application|mobile|vehicles?|cars?|"
    r"infrastructure|architecture|environments? (?:of|across)|it\b|solutions?|systems?|"
    r"kubernetes|integration|deployment|multi-cloud))|h[ií]brid[oa]\b|"
    r"\d (?:days?|d[ií]as) (?:a|per|each|por|a la) (?:week|semana) (?:in|en) (?:the |la )?"
    r"(?:office|oficina)",
    "remote": r"remote(?:ly)?\b(?! (?:monitoring|patient|desktop|sensing|access|control|"
    r"sites?|locations?|areas?|communities|regions?|villages?|islands?|support tools))|"
    r"work from home|wfh\b|work from anywhere|fully distributed|teletrabajo\b|remot[oa]\b|"
    r"home[- ]based|telecommut",
    "onsite": r"on[- ]?site\b(?! (?:gym|parking|cafeteria|childcare|daycare|amenities|"
    r"clinic|fitness|health|caf[eé]|meals?|lunch|perks?))|in[- ]office\b|"
    r"in[- ]person\b(?! interview)|presencial\b|office[- ]based|on[- ]location\b",
}

# --- employment type ----------------------------------------------------------------------------

EMPLOYMENT_TYPES = ("full-time", "part-time", "contract", "temporary", "internship")
_EMPLOYMENT_KINDS = {
    "internship": r"internship\b|pr[aá]cticas\b|becari[oa]\b|co-?op (?:term|position|"
    r"program|student)|werkstudent",
    "temporary": r"temporary\b|temp\b(?![-.]\w)|seasonal\b|fixed[- ]term\b|temporal\b|"
    r"interim\b",
    "contract": r"contract(?:[- ]to[- ]hire)?\s+(?:role|position|job|basis|engagement|"
    r"assignment|opportunity|employment|work|contractor)|on a contract|contractor\b|"
    r"freelancer?\b|1099\b|c2c\b|corp[- ]to[- ]corp\b|contract\)|contract:|b2b contract|"
    r"contrato por obra|aut[oó]nomo\b",
    "part-time": r"part[- _]time\b|medio tiempo\b|tiempo parcial\b|media jornada\b|"
    r"jornada parcial\b",
    "full-time": r"full[- _]time\b|permanent\b(?! resident)|tiempo completo\b|"
    r"jornada completa\b|indefinido\b",
}
_EMPLOYMENT_TITLE = re.compile(r"\b(?P<internship>intern)\b|\b(?P<contract>contract)\b")


# --- one pass for all of the above ------------------------------------------------------

# Every phrase any detail looks for, in one pattern: the text is scanned once. Each find
# starts after a delimiter (see terms.DELIMITER); alternatives are grouped by their first
# letter so the engine tries only the few that can match. Earlier alternatives win at one
# position ("not remote" before "remote").
_KINDS: list[tuple[str, str]] = [
    (kind, alternative)
    for kind, pattern in [
        *_WORK_MODE_KINDS.items(),
        *((f"degree:{k}", v) for k, v in _DEGREE_KINDS.items()),
        *((f"employment:{k}", v) for k, v in _EMPLOYMENT_KINDS.items()),
        ("seniority", _SENIORITY_TEXT),
        ("years", _YEARS_UNIT),
        ("language", _LANGUAGE),
        ("money", CURRENCY_MARKER),
    ]
    for alternative in split_alternatives(pattern)
]
_SCAN = re.compile(DELIMITER + by_first_character([alt for _, alt in _KINDS]))


def _classifiers() -> dict[str, re.Pattern[str]]:
    """For each first character, a small pattern naming which alternative matched.

    Capturing groups in the scan itself make it five times slower, so the kind of each find
    is read afterwards, only where something was found, from the few alternatives that
    can start with its first character (those that start with a class or escape included).
    """
    first: dict[str, list[int]] = {}
    anywhere: list[int] = []
    for i, (_, alt) in enumerate(_KINDS):
        if alt[:1].isalnum() or (alt[:1] and alt[:1] not in "\\()[].^$*+?{|"):
            first.setdefault(alt[0], []).append(i)
        elif alt[:2] in ("\\$", "\\."):
            first.setdefault(alt[1], []).append(i)
        else:
            anywhere.append(i)
    return {
        ch: re.compile("|".join(f"(?P<k{i}>{_KINDS[i][1]})" for i in sorted(ids + anywhere)))
        for ch, ids in first.items()
    } | {"": re.compile("|".join(f"(?P<k{i}>{_KINDS[i][1]})" for i in anywhere) or "(?!)")}


_CLASSIFIERS = _classifiers()
_KIND_NAMES = {f"k{i}": kind for i, (kind, _) in enumerate(_KINDS)}


def extract(
    title: str,
    text: str,
    *,
    salary: Salary | None = None,
    extra_terms: Sequence[TermConfig] = (),
) -> dict[str, Any]:
    """Everything a posting asks for, as plain data for storage. Never raises on odd text."""
    title = _composed(title or "")
    text = _composed(text or "")
    taxonomy = load_taxonomy(extra_terms)
    # One lowercased copy serves the terms, the scan below and the salary.
    spaced, lowered = prepared(f"{title}\n{text}")
    terms = taxonomy.find_prepared(spaced, lowered)
    by_name = taxonomy.by_name
    low_title = lowered[1 : len(title) + 1]
    title_end = len(title) + 1
    finds: dict[str, list[tuple[int, int]]] = {}
    classifiers = _CLASSIFIERS
    for m in _SCAN.finditer(lowered):
        at = m.start() + 1
        k = classifiers.get(lowered[at], classifiers[""]).match(lowered, at)
        kind = _KIND_NAMES.get(k.lastgroup or "") if k else None
        if kind:
            finds.setdefault(kind, []).append((m.start() + 1, m.end()))
    degree, equivalent = _degree(lowered, finds)
    return {
        "terms": terms,
        "years": _years(lowered, finds.get("years", ())),
        "degree": degree,
        "degree_equivalent": equivalent,
        "certifications": [t for t in terms if by_name[t].category == CERTIFICATION],
        "languages": _languages(lowered, finds.get("language", ())),
        "seniority": _seniority(low_title, lowered, finds.get("seniority", ())),
        "work_mode": _work_mode(finds, title_end),
        "employment_type": _employment_type(low_title, finds, title_end),
        "salary": salary_dict(salary) if salary is not None else _salary(lowered, finds),
    }


def find_terms(title: str, text: str, *, extra_terms: Sequence[TermConfig] = ()) -> list[str]:
    """The terms extract() finds in a title and text, alone: what trends need to count
    a history stored under older rules by the current ones (trends/rules.py)."""
    spaced, lowered = prepared(f"{_composed(title or '')}\n{_composed(text or '')}")
    return load_taxonomy(extra_terms).find_prepared(spaced, lowered)


def _composed(text: str) -> str:
    # Feeds sometimes send decomposed accents ("c" + U+0327 for "ç"); the patterns expect
    # composed letters. The check is quick for text that is already composed.
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _WORDS[word]


def _years(text: str, units: Sequence[tuple[int, int]]) -> dict[str, int | None] | None:
    """The largest minimum asked for (the headline requirement), with its maximum if any."""
    best: dict[str, int | None] | None = None
    for start, end in units:
        m = _YEARS_BEFORE.search(text, max(0, start - 40), start)
        if m is None:
            continue
        pre, b = m.group("pre"), m.group("b")
        strong = m.group("plus") or b or (pre and pre in _STRONG)
        if not (
            strong
            or _YEARS_CONTEXT.match(text, end)
            or _YEARS_CONTEXT_BEFORE.search(text, max(0, m.start() - 40), m.start())
        ):
            continue
        low = _count(m.group("a"))
        high = _count(b) if b else None
        if high is not None and high < low:
            continue
        if not 0 < low <= 30 or (high is not None and high > 40):
            continue  # "over 50 years in business" is the company's age
        if best is None or low > (best["min"] or 0):
            best = {"min": low, "max": high}
    return best


def _degree(text: str, finds: dict[str, list[tuple[int, int]]]) -> tuple[str | None, bool]:
    """The lowest degree level asked for (a minimum), and whether experience may stand in."""
    levels = [
        _DEGREE_LEVEL[k[7:]] for k in finds if k.startswith("degree:") and k != "degree:generic"
    ]
    if levels:
        level = min(levels)
    elif "degree:generic" in finds:
        level = _DEGREE_LEVEL["generic"]  # "degree in computer science": a bachelor's
    else:
        return None, False
    return DEGREES[level], bool(_EQUIVALENT.search(text))


def _languages(text: str, spans: Sequence[tuple[int, int]]) -> list[str]:
    found: list[str] = []
    for start, end in spans:
        name = _LANGUAGES[text[start:end]]
        if name in found:
            continue
        window = text[max(0, start - 80) : end + 80]
        # "Polish" is also a verb ("polish the UI"), so it needs a cue that only languages have.
        cue = _POLISH_CUE if name == "Polish" else _LANGUAGE_CUE
        if cue.search(window):
            found.append(name)
    return found


def _seniority(title: str, text: str, spans: Sequence[tuple[int, int]]) -> str | None:
    """From the title (the highest level it names), else from explicit words in the text."""
    best = -1
    for m in _SENIORITY_TITLE.finditer(title):
        best = max(best, SENIORITY.index(m.lastgroup or "mid"))
    if best >= 0:
        return SENIORITY[best]
    for start, end in spans:
        m = _SENIORITY_WORD_IN.search(text, start, end)
        if m:
            word = (m.group(1) or m.group(2)).replace("-", " ")
            word = _SENIORITY_WORD.get(word, word)
            if word in SENIORITY:
                return word
    return None


def _work_mode(finds: dict[str, list[tuple[int, int]]], title_end: int) -> str | None:
    """The title's word first; in the text, hybrid over a plain no-remote over remote."""
    for in_title in (True, False):
        kinds = {
            k
            for k in ("hybrid", "not_remote", "remote", "onsite")
            if any((start < title_end) == in_title for start, _ in finds.get(k, ()))
        }
        if "hybrid" in kinds:
            return "hybrid"
        if "not_remote" in kinds:
            return "onsite"
        if "remote" in kinds:
            return "remote"
        if "onsite" in kinds:
            return "onsite"
    return None


def _employment_type(
    title: str, finds: dict[str, list[tuple[int, int]]], title_end: int
) -> str | None:
    """The title's word first, else the earliest clear mention in the text."""
    mentions = sorted(
        (start, kind[11:])
        for kind, spans in finds.items()
        if kind.startswith("employment:")
        for start, _ in spans
    )
    if mentions and mentions[0][0] < title_end:
        return mentions[0][1]
    m = _EMPLOYMENT_TITLE.search(title)
    if m:
        return m.lastgroup
    return mentions[0][1] if mentions else None


def _salary(text: str, finds: dict[str, list[tuple[int, int]]]) -> dict[str, Any] | None:
    markers = [start for start, _ in finds.get("money", ())]
    if markers:
        return salary_near(text, markers)
    if any(symbol in text for symbol in "$€£₹¥"):  # glued to a number: "60k€"
        return parse_salary(text)
    return None
