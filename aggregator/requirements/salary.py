"""Salary ranges written in a posting's text: amount(s), currency and period.

`$120k-150k` is 120,000 to 150,000 USD a year; `£45,000 - £50,000`, `GBP 45,000 per annum`,
`€60k`, `60.000 € brutos al año`, `$25-30/hr`, `$25 an hour`, `$5,000 per month`.
Only amounts with a currency count; bonuses, funding rounds and stipends do not.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aggregator.models import Salary

# Prefixes before a "$" name the dollar; a bare "$" is taken as US dollars.
_PREFIX = {
    "us$": "USD", "usd": "USD", "$": "USD", "ca$": "CAD", "c$": "CAD", "cad": "CAD",
    "au$": "AUD", "a$": "AUD", "aud": "AUD", "nz$": "NZD", "nzd": "NZD", "s$": "SGD",
    "sgd": "SGD", "hk$": "HKD", "hkd": "HKD", "r$": "BRL", "brl": "BRL", "mx$": "MXN",
    "mxn": "MXN", "£": "GBP", "gbp": "GBP", "€": "EUR", "eur": "EUR", "chf": "CHF",
    "sek": "SEK", "nok": "NOK", "dkk": "DKK", "pln": "PLN", "inr": "INR", "₹": "INR",
    "rs.": "INR", "¥": "JPY", "jpy": "JPY", "zar": "ZAR", "cop": "COP", "ars": "ARS",
    "clp": "CLP", "pen": "PEN",
}  # fmt: skip
_SUFFIX = {
    **{k: v for k, v in _PREFIX.items() if k.isalpha() or k in ("€", "£", "₹")},
    "euro": "EUR", "euros": "EUR", "dollars": "USD", "pounds": "GBP", "pesos": "MXN",
    "zł": "PLN", "kr": "SEK",
}  # fmt: skip

_PRE = r"(?:us\$|ca\$|au\$|nz\$|hk\$|mx\$|[csar]\$|\$|£|€|₹|rs\.|¥|(?:usd|cad|aud|nzd|sgd|hkd|brl|mxn|gbp|eur|chf|sek|nok|dkk|pln|inr|jpy|zar|cop|ars|clp|pen)\b\s?[$£€]?)"  # noqa: E501
_POST = r"(?:usd|cad|aud|nzd|sgd|hkd|brl|mxn|gbp|eur|chf|sek|nok|dkk|pln|inr|jpy|zar|cop|ars|clp|pen|euros?|dollars|pounds|pesos|zł|kr|€|£|₹)(?!\w)"  # noqa: E501
# Where a currency is named, for a caller that scans for it along with other phrases.
_CODES = ("usd cad aud nzd sgd hkd brl mxn gbp eur chf sek nok dkk pln inr jpy zar cop ars clp "
          "pen euro euros dollars pounds pesos").split()  # fmt: skip
CURRENCY_MARKER = "|".join(
    [r"us\$", r"ca\$", r"au\$", r"nz\$", r"hk\$", r"mx\$", r"c\$", r"s\$", r"a\$", r"r\$"]
    + [r"\$", "£", "€", "₹", "¥", r"rs\."]
    + [rf"{code}(?!\w)" for code in _CODES]
)
# 120,000 / 60.000 / 45 000 (no-break space) / 25.50 / 120
_NUM = r"\d{1,3}(?:[,.\u00a0\u202f]\d{3})+(?:[.,]\d{1,2})?(?!\d)|\d+(?:[.,]\d{1,2})?(?!\d)"
_K = r"\s?k(?![a-z])"
_SEP = r"\s*(?:-|–|—|to|and|a|y|hasta|through)\s*"
_PERIOD = (
    r"\s*(?:/|per|an|a|each|every|p\.?|al|por|la)?\s*"
    r"(?P<period>hour|hr|h|hourly|year|yr|annum|annually|yearly|a\.|pa|month|mo|monthly|"
    r"week|wk|weekly|day|daily|año|ano|anual(?:es)?|mes|mês|mensual(?:es)?|hora|semana|día)(?![a-z])"
)
_MONEY = re.compile(
    rf"(?P<lo_pre>{_PRE})?\s?(?P<lo>{_NUM})(?P<lo_k>{_K})?\s?(?P<lo_post>{_POST})?"
    rf"(?:{_SEP}(?P<hi_pre>{_PRE})?\s?(?P<hi>{_NUM})(?P<hi_k>{_K})?\s?(?P<hi_post>{_POST})?)?"
    rf"(?:\s*(?:brutos?|gross|base))?(?:{_PERIOD})?"
)
# Text is lowercased first: literal-first patterns without IGNORECASE scan much faster.
_ANY_CURRENCY = re.compile(rf"{_PRE}|\d\s?{_POST}")
_PERIODS = {
    "hour": "hour", "hr": "hour", "h": "hour", "hourly": "hour", "hora": "hour",
    "year": "year", "yr": "year", "annum": "year", "annually": "year", "yearly": "year",
    "a.": "year", "pa": "year", "año": "year", "anual": "year", "anuales": "year",
    "month": "month", "mo": "month", "monthly": "month", "mes": "month", "mensual": "month",
    "mensuales": "month", "week": "week", "wk": "week", "weekly": "week", "semana": "week",
    "day": "day", "daily": "day", "día": "day", "mês": "month", "ano": "year",
}  # fmt: skip
# Money that is not pay: said just before or after the amount.
_NOT_PAY_AFTER = re.compile(
    r"^\W{0,3}(?:[mb]n?\b|million|billion|bn\b|in (?:funding|revenue|sales|assets)|"
    r"(?:\w+\s){0,3}(?:bonus|sign-on|signing|stipend|allowance|relocation|equity|budget|"
    r"reimburse|tuition|referral|funding|revenue|valuation|series|raised|credit|gift|\w*voucher|"
    r"per (?:employee|referral)|fee|deposit|off\b|discount|401))",
    re.IGNORECASE,
)
_NOT_PAY_BEFORE = re.compile(
    r"(?:raised|funding|revenue|valuation|bonus|stipend|allowance|budget|reimburse\w*|"
    r"worth|over|backed|invest\w*|sales of|referral)[ \t:,-]*(?:\w+[ \t:,-]+){0,2}$",
    re.IGNORECASE,
)
_PAY_CUE = re.compile(
    r"\b(?:salary|salaries|compensation|pay|wages?|rates?|ote|base|earn|range|sueldo|salario|"
    r"remuneraci[oó]n|retribuci[oó]n)\b",
    re.IGNORECASE,
)
# Benefits talk shortly before the amount, unless pay is mentioned after it:
# "401(k) ... up to a maximum of $10,000 per year" is a match, not a wage.
_BENEFIT = re.compile(
    r"401\(?k|pension|contribut|reimburs|stipend|allowance|bonus|voucher|gift|tuition|"
    r"relocation|per diem|insurance|deductible|match",
    re.IGNORECASE,
)
# A word each of _BENEFIT's alternatives holds: text without any of them (in any case) has
# no benefits talk, and a substring test says so in a tenth of the regex's time.
_BENEFIT_WORDS = ("401", "pension", "contribut", "reimburs", "stipend", "allowance", "bonus",
                  "voucher", "gift", "tuition", "relocation", "per diem", "insurance",
                  "deductible", "match")  # fmt: skip
_UP_TO = re.compile(r"(?:up to|max(?:imum)?\.?|hasta|no more than)\s*$", re.IGNORECASE)
_FROM = re.compile(r"(?:from|starting at|starts at|at least|min(?:imum)?\.?|desde|a partir de)\s*$",
                   re.IGNORECASE)  # fmt: skip


def salary_dict(salary: Salary) -> dict[str, Any]:
    """A feed's structured salary, in the same shape as a parsed one."""
    return {
        "min": salary.min,
        "max": salary.max,
        "currency": salary.currency,
        "period": salary.period,
        "source": salary.source or "feed",
    }


def parse_salary(text: str) -> dict[str, Any] | None:
    """The first plausible pay range (or single figure) in `text`, or None."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a rare letter that grows when lowered ("İ")
        lowered = "".join(ch if len(ch.lower()) == 1 else "?" for ch in text).lower()
    return salary_near(lowered, [m.start() for m in _ANY_CURRENCY.finditer(lowered)])


def salary_near(lowered: str, markers: list[int]) -> dict[str, Any] | None:
    """Like parse_salary, on lowercased text whose currency mentions start at `markers`.

    Only those few places are read closely, so the cost does not grow with the text.
    """
    singles: list[dict[str, Any]] = []
    done = 0
    for at in markers:
        if at < done:
            continue
        # A number may come before its currency ("60.000 €"): start at the word before.
        start = lowered.rfind(" ", 0, max(0, at - 24)) + 1
        end = min(len(lowered), at + 64)
        for m in _MONEY.finditer(lowered, max(start, done), end):
            if not m.start() <= at < m.end():
                continue
            done = m.end()
            found = _reading(lowered, m)
            if found is None:
                break
            if found["min"] is not None and found["max"] is not None:
                if found["min"] != found["max"]:
                    return found
            singles.append(found)
            break
    return singles[0] if singles else None


def _reading(text: str, m: re.Match[str]) -> dict[str, Any] | None:
    g = m.groupdict()
    currency = _currency(g["lo_pre"], g["lo_post"]) or _currency(g["hi_pre"], g["hi_post"])
    if currency is None:
        return None
    if _NOT_PAY_AFTER.match(text, m.end()):
        return None
    if _NOT_PAY_BEFORE.search(text, max(0, m.start() - 40), m.start()):
        return None
    lo = _number(g["lo"])
    hi = _number(g["hi"]) if g["hi"] else None
    lo_k, hi_k = bool(g["lo_k"]), bool(g["hi_k"])
    if hi is not None:
        # "$120-150k": a thousands suffix on one end belongs to both.
        if hi_k and not lo_k and lo < 1000:
            lo_k = True
        if lo_k and not hi_k and hi < 1000:
            hi_k = True
    lo = lo * 1000 if lo_k else lo
    hi = hi * 1000 if (hi is not None and hi_k) else hi
    if hi is not None and hi < lo:
        return None  # "$5 - 2" is not a range; likely two unrelated figures
    period = _PERIODS.get((g.get("period") or "").lower().rstrip(), None)
    top = hi if hi is not None else lo
    before = text[max(0, m.start() - 60) : m.start()]
    if _benefit_talk(text[max(0, m.start() - 100) : m.start()]):
        return None
    if period is None:
        if top >= 10000:
            period = "year"
        elif top <= 300 and _PAY_CUE.search(before):
            period = "hour"
    if period is None and hi is None and not _PAY_CUE.search(before):
        return None  # a lone figure with no period and no mention of pay: a price, not a salary
    if not _plausible(lo, top, period):
        return None
    low, high = lo, hi if hi is not None else lo
    if hi is None:
        if _UP_TO.search(before):
            low = None
        elif _FROM.search(before) or text.startswith("+", m.end()):
            high = None
    return {"min": _tidy(low), "max": _tidy(high), "currency": currency, "period": period,
            "source": "text"}  # fmt: skip


def _benefit_talk(before: str) -> bool:
    if not _may_hold(before, _BENEFIT_WORDS):
        return False
    benefit = [b.start() for b in _BENEFIT.finditer(before)]
    if not benefit:
        return False
    pay = [p.start() for p in _PAY_CUE.finditer(before)]
    return not pay or pay[-1] < benefit[-1]


def _may_hold(text: str, words: tuple[str, ...]) -> bool:
    """Whether `text` holds one of `words` in any spelling IGNORECASE matches: when not, a
    case-insensitive regex each of whose alternatives holds one of them cannot match."""
    probe = text.lower()
    if not probe.isascii():
        # What IGNORECASE also takes for "s" and "i" (and "İ" lowers to "i" + U+0307).
        probe = probe.replace("\u017f", "s").replace("\u0131", "i").replace("\u0307", "")
    return any(word in probe for word in words)


def _currency(pre: str | None, post: str | None) -> str | None:
    for token, table in ((pre, _PREFIX), (post, _SUFFIX)):
        if token:
            key = token.lower().strip()
            key = key.rstrip("$£€ ") or key if key[:3].isalpha() else key
            if key in table:
                return table[key]
    return None


def _number(raw: str) -> float:
    s = raw.replace("\u00a0", "").replace("\u202f", "")
    # A last group of one or two digits is a decimal part: 25.50, 1.500,00
    decimals = ""
    m = re.search(r"[.,](\d{1,2})$", s)
    if m:
        decimals = m.group(1)
        s = s[: m.start()]
    whole = s.replace(",", "").replace(".", "")
    return float(f"{whole}.{decimals}" if decimals else whole)


def _plausible(lo: float, top: float, period: str | None) -> bool:
    if lo <= 0:
        return False
    limits = {"hour": (5, 2000), "day": (30, 10000), "week": (100, 50000),
              "month": (200, 500000), "year": (1000, 10_000_000)}  # fmt: skip
    low, high = limits.get(period or "", (1, 10_000_000))
    return low <= lo and top <= high


def _tidy(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if value == int(value) else round(value, 2)
