"""One posting's requirements: terms, years, degree, certifications, spoken languages,
seniority, work mode, employment type and salary, from its title and plain text.

Every pattern is compiled at import; the text is lowercased once and scanned once per
detail. English and Spanish wording are understood.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from aggregator.models import Salary
from aggregator.requirements.salary import parse_salary, salary_dict
from aggregator.requirements.terms import CERTIFICATION, load_taxonomy
from stayready.config import TermConfig

# --- years of experience -------------------------------------------------------------

_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "un": 1, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7,
    "ocho": 8, "nueve": 9, "diez": 10,
}  # fmt: skip
_N = rf"(?:\d{{1,2}}|{'|'.join(_WORDS)})"
_YEARS = re.compile(
    r"(?:(?P<pre>minimum|min\.|at least|no less than|a minimum of|al menos|m[ií]nimo|"
    r"more than|over|m[aá]s de)\s+(?:of\s+)?)?"
    rf"\b(?P<a>{_N})(?:\s*\(\d{{1,2}}\))?\s*(?P<plus>\+|plus|or more|o m[aá]s)?\s*"
    rf"(?:(?:-|–|—|to|or|a|y)\s*(?P<b>{_N})(?:\s*\(\d{{1,2}}\))?\s*\+?\s*)?"
    r"(?P<unit>years?|yrs?|a[ñn]os)\b"
    r"(?P<ctx>[^.;\n]{0,60}?(?:experience|experiencia|\bexp\b))?"
)
_STRONG = ("minimum", "min.", "at least", "no less than", "a minimum of", "al menos", "mínimo",
           "minimo")  # fmt: skip

# --- degree --------------------------------------------------------------------------

DEGREES = ("none", "high-school", "associate", "bachelor", "master", "phd")
_DEGREE = re.compile(
    r"(?P<none>no (?:college |university |formal )?degree|degree (?:is )?not required|"
    r"without a (?:college |university )?degree|sin t[ií]tulo)"
    r"|(?P<hs>high[- ]school (?:diploma|degree|education|graduate|or equivalent)|\bged\b|"
    r"hs diploma|secondary school|educaci[oó]n secundaria)"
    r"|(?P<assoc>associate['’]?s? degree|associate of (?:arts|science|applied)|"
    r"(?:two|2)[- ]year (?:college )?degree)"
    r"|(?P<bach>bachelor|\bb\.\s?[sa]\.|\bb[sa] (?:degree|in)\b|\bb[sa]/[bm][sa]\b|\bbsc\b|"
    r"\bbeng\b|undergraduate degree|(?:four|4)[- ]year (?:college |university )?degree|"
    r"college degree|university degree|licenciatura|t[ií]tulo universitario|grado universitario|"
    r"ingenier[ií]a en)"
    r"|(?P<master>master['’]s|master degree|masters (?:degree|in|of)|master of (?:science|arts|"
    r"business|engineering|education|fine|public|social|nursing|health)|\bm\.\s?s\.|"
    r"\bms (?:degree|in)\b|\bmsc\b|\bmba\b|\bm\.?eng\b|graduate degree|postgraduate degree|"
    r"advanced degree|maestr[ií]a|m[aá]ster en)"
    r"|(?P<phd>\bph\.?\s?d\b|doctorate|doctoral degree|doctorado|\bdphil\b)"
    r"|(?P<generic>\bdegree in\b|\bdegree or equivalent|relevant degree|\bdegree required)"
)
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
_LANGUAGE_NAMES = "|".join(sorted(map(re.escape, _LANGUAGES), key=len, reverse=True))
_LANGUAGE = re.compile(rf"(?<![\w-])({_LANGUAGE_NAMES})(?!\w)")
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
_SENIORITY_TEXT = re.compile(
    r"(?:seniority|experience level|level|nivel)(?: level)?\s*[:\-]\s*"
    r"(?P<named>intern|junior|entry|mid|senior|lead|staff|principal|semi[- ]?senior)"
    r"|\b(?P<phrase>entry|junior|mid|senior)[- ]level (?:position|role|job|opportunity|candidate)"
)
_SENIORITY_WORD = {"entry": "junior", "semi-senior": "mid", "semisenior": "mid",
                   "semi senior": "mid"}  # fmt: skip

# --- work mode -----------------------------------------------------------------------------

_NOT_REMOTE = re.compile(
    r"\b(?:no|not|non)[- ](?:a |fully |100% )?remote\b|remote (?:work )?(?:is )?not (?:available|"
    r"possible|an option|offered)|not open to remote|(?:on-?site|in[- ]office) only|"
    r"sin teletrabajo|no (?:es )?remoto"
)
_HYBRID = re.compile(
    r"\bhybrid\b(?! (?:cloud|apps?|application|mobile|vehicles?|cars?|infrastructure|"
    r"architecture|environments? (?:of|across)|it\b|solutions?|systems?|kubernetes|"
    r"integration|deployment|multi-cloud))|\bh[ií]brid[oa]\b|"
    r"\b\d (?:days?|d[ií]as) (?:a|per|each|por|a la) (?:week|semana) (?:in|en) (?:the |la )?"
    r"(?:office|oficina)"
)
_REMOTE = re.compile(
    r"\bremote(?:ly)?\b(?! (?:monitoring|patient|desktop|sensing|access|control|sites?|locations?|"
    r"areas?|communities|regions?|villages?|islands?|support tools))|work from home|\bwfh\b|"
    r"work from anywhere|fully distributed|\bteletrabajo\b|\bremot[oa]\b|home[- ]based|telecommut"
)
_ONSITE = re.compile(
    r"\bon[- ]?site\b(?! (?:gym|parking|cafeteria|childcare|daycare|amenities|clinic|fitness|"
    r"health|caf[eé]|meals?|lunch|perks?))|\bin[- ]office\b|\bin[- ]person\b(?! interview)|"
    r"\bpresencial\b|office[- ]based|\bon[- ]location\b"
)

# --- employment type ----------------------------------------------------------------------------

EMPLOYMENT_TYPES = ("full-time", "part-time", "contract", "temporary", "internship")
_EMPLOYMENT = re.compile(
    r"(?P<internship>\binternship\b|\bpr[aá]cticas\b|\bbecari[oa]\b|\bco-?op (?:term|position|"
    r"program|student)|\bwerkstudent)"
    r"|(?P<temporary>\btemporary\b|\btemp\b(?![-.]\w)|\bseasonal\b|\bfixed[- ]term\b|"
    r"\btemporal\b|\binterim\b)"
    r"|(?P<contract>\bcontract(?:[- ]to[- ]hire)?\s+(?:role|position|job|basis|engagement|"
    r"assignment|opportunity|employment|work|contractor)|\bon a contract|\bcontractor\b|"
    r"\bfreelance(?:r)?\b|\b1099\b|\bc2c\b|\bcorp[- ]to[- ]corp\b|\(contract\)|\bcontract:|"
    r"\bb2b contract|\bcontrato por obra|\baut[oó]nomo\b)"
    r"|(?P<part>\bpart[- _]time\b|\bmedio tiempo\b|\btiempo parcial\b|\bmedia jornada\b|"
    r"\bjornada parcial\b)"
    r"|(?P<full>\bfull[- _]time\b|\bpermanent\b(?! resident)|\btiempo completo\b|"
    r"\bjornada completa\b|\bindefinido\b)"
)
_EMPLOYMENT_TITLE = re.compile(r"\b(?P<internship>intern)\b|\b(?P<contract>contract)\b")
_EMPLOYMENT_NAME = {"internship": "internship", "temporary": "temporary", "contract": "contract",
                    "part": "part-time", "full": "full-time"}  # fmt: skip


def extract(
    title: str,
    text: str,
    *,
    salary: Salary | None = None,
    extra_terms: Sequence[TermConfig] = (),
) -> dict[str, Any]:
    """Everything a posting asks for, as plain data for storage. Never raises on odd text."""
    title = title or ""
    text = text or ""
    taxonomy = load_taxonomy(extra_terms)
    terms = taxonomy.find(f"{title}\n{text}")
    by_name = taxonomy.by_name
    low_title = title.lower()
    low_text = text.lower()
    both = f"{low_title}\n{low_text}"
    degree, equivalent = _degree(low_text)
    return {
        "terms": terms,
        "years": _years(both),
        "degree": degree,
        "degree_equivalent": equivalent,
        "certifications": [t for t in terms if by_name[t].category == CERTIFICATION],
        "languages": _languages(both),
        "seniority": _seniority(low_title, low_text),
        "work_mode": _work_mode(low_title, low_text),
        "employment_type": _employment_type(low_title, low_text),
        "salary": salary_dict(salary) if salary is not None else parse_salary(f"{title}\n{text}"),
    }


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _WORDS[word]


def _years(text: str) -> dict[str, int | None] | None:
    """The largest minimum asked for (the headline requirement), with its maximum if any."""
    best: dict[str, int | None] | None = None
    for m in _YEARS.finditer(text):
        pre, b = m.group("pre"), m.group("b")
        if not (m.group("plus") or b or m.group("ctx") or (pre and pre in _STRONG)):
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


def _degree(text: str) -> tuple[str | None, bool]:
    """The lowest degree level asked for (a minimum), and whether experience may stand in."""
    level: int | None = None
    generic = False
    for m in _DEGREE.finditer(text):
        if m.lastgroup == "generic":
            generic = True  # "degree in computer science": a bachelor's unless a level is named
            continue
        found = _DEGREE_LEVEL[m.lastgroup or "generic"]
        level = found if level is None else min(level, found)
    if level is None and generic:
        level = _DEGREE_LEVEL["generic"]
    if level is None:
        return None, False
    return DEGREES[level], bool(_EQUIVALENT.search(text))


def _languages(text: str) -> list[str]:
    found: list[str] = []
    for m in _LANGUAGE.finditer(text):
        name = _LANGUAGES[m.group(1)]
        if name in found:
            continue
        window = text[max(0, m.start() - 80) : m.end() + 80]
        # "Polish" is also a verb ("polish the UI"), so it needs a cue that only languages have.
        cue = _POLISH_CUE if name == "Polish" else _LANGUAGE_CUE
        if cue.search(window):
            found.append(name)
    return found


def _seniority(title: str, text: str) -> str | None:
    """From the title (the highest level it names), else from explicit words in the text."""
    best = -1
    for m in _SENIORITY_TITLE.finditer(title):
        best = max(best, SENIORITY.index(m.lastgroup or "mid"))
    if best >= 0:
        return SENIORITY[best]
    m = _SENIORITY_TEXT.search(text)
    if m:
        word = (m.group("named") or m.group("phrase")).replace("-", " ")
        word = _SENIORITY_WORD.get(word, word)
        return word if word in SENIORITY else None
    return None


def _work_mode(title: str, text: str) -> str | None:
    for source in (title, text):
        hybrid = _HYBRID.search(source)
        if hybrid:
            return "hybrid"
        if _NOT_REMOTE.search(source):
            return "onsite"
        if _REMOTE.search(source):
            return "remote"
        if _ONSITE.search(source):
            return "onsite"
    return None


def _employment_type(title: str, text: str) -> str | None:
    """The title's word first, else the earliest clear mention in the text."""
    m = _EMPLOYMENT.search(title) or _EMPLOYMENT_TITLE.search(title) or _EMPLOYMENT.search(text)
    return _EMPLOYMENT_NAME[m.lastgroup] if m and m.lastgroup else None
