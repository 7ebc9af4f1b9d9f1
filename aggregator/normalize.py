"""Small, fast normalizers shared by every source kind: URLs, ids, text, dates and job keys.

Pure functions with no I/O; board modules (RSS profiles and JSON kinds) call them per entry.
"""

from __future__ import annotations

import calendar
import hashlib
import html
import re
import time
import unicodedata
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import unquote, urlsplit, urlunsplit

from aggregator.models import Salary
from foundation.clock import iso

# --- URLs -------------------------------------------------------------------------------

# Query parameters that only say where a click came from. Parameters that name the job
# (jobid, gh_jid, id, req, ...) are never in this set: dropping one would break the link.
_TRACKING = frozenset(
    "fbclid gclid dclid gbraid wbraid msclkid yclid twclid ttclid li_fat_id igshid mc_cid "
    "mc_eid ref_src ref_url ref _hsenc _hsmi hsctatracking mkt_tok _ga _gl gh_src "
    "lever-source lever-origin trk trkinfo trackingid refid lipi oly_anon_id oly_enc_id "
    "vero_id wickedid s_cid spm campaignid".split()
)
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_")
_DEFAULT_PORTS = {"http": ":80", "https": ":443"}
_URL_JUNK = re.compile(r"[\x00-\x20\x7f]")


def _is_tracking(piece: str) -> bool:
    key = unquote(piece.split("=", 1)[0]).strip().lower()
    return key in _TRACKING or key.startswith(_TRACKING_PREFIXES)


def clean_url(url: str | None) -> str | None:
    """The URL when it is http(s), without tracking parameters; None for anything else.

    The query is filtered piece by piece rather than re-encoded, so the parameters
    that stay are byte-for-byte what the board sent.
    """
    if not url or not isinstance(url, str):
        return None
    # Browsers ignore embedded whitespace and control characters ("java\tscript:"), so do we.
    url = _URL_JUNK.sub("", url)
    if url.startswith("//"):
        url = "https:" + url
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https") or not parts.hostname:
            return None
        netloc = parts.netloc.lower() if "@" not in parts.netloc else parts.netloc
    except ValueError:  # e.g. an invalid IPv6 literal or port
        return None
    if netloc.endswith(_DEFAULT_PORTS[scheme]):
        netloc = netloc[: -len(_DEFAULT_PORTS[scheme])]
    query = parts.query
    if query:
        query = "&".join(p for p in query.split("&") if p and not _is_tracking(p))
    fragment = parts.fragment
    if fragment and ("utm_" in fragment or "=" in fragment and _is_tracking(fragment)):
        fragment = ""
    return urlunsplit((scheme, netloc, parts.path or "/", query, fragment))


# --- ids --------------------------------------------------------------------------------


def posting_id(feed_id: str, source_id: str) -> str:
    """A posting's id: the same on every run and machine (never Python's hash())."""
    raw = f"{feed_id}\x1f{source_id}".encode("utf-8", "surrogatepass")
    return hashlib.blake2b(raw, digest_size=8).hexdigest()


# --- text -------------------------------------------------------------------------------

_BLOCK_TAGS = frozenset(
    "p div br hr li ul ol dl dt dd tr table h1 h2 h3 h4 h5 h6 section article header "
    "footer blockquote pre title form fieldset address figure figcaption main nav".split()
)
_ESCAPED_TAG = re.compile(r"&lt;/?(?:[a-zA-Z][a-zA-Z0-9]*)(?:\s|/|&gt;)")
_REAL_TAG = re.compile(r"<[a-zA-Z/!?]")
# Markup left in the text after one pass: escaped once more than it should have been.
_LEFTOVER_TAG = re.compile(
    r"</?(?:p|div|br|li|ul|ol|span|strong|em|b|i|a|h[1-6]|table|tr|td|img|script|style|"
    r"iframe|section|article|blockquote|pre|code|hr|u|font|small|sup|sub)\b[^<>]*>",
    re.IGNORECASE,
)
_TAG_OPENER = re.compile(r"<(?=[a-zA-Z/!?])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff]")


# Tags are removed with a few C-speed regex passes rather than html.parser: measured on a
# We Work Remotely-shaped 100-item feed, html.parser doubled the cost of reading the feed.
# No "<" inside a tag and none inside its quoted values: keeps every pass linear on hostile input.
# Written unrolled and possessive, the language of (?:[^<>"']|"[^<>"]*"|'[^<>']*')*: one
# class run at a time instead of an alternation per character. Nothing in it is ">", so a
# tag still ends at its first ">" outside quotes and every pass matches the same spans.
_TAG_BODY = r"""[^<>"']*+(?:(?:"[^<>"]*+"|'[^<>']*+')[^<>"']*+)*+"""
_LIST_ITEM = re.compile(rf"<li\b{_TAG_BODY}>", re.IGNORECASE)


def _by_prefix(words: list[str]) -> str:
    """An alternation of `words` as a prefix tree ("d(?:d|iv|l|t)"): the same language,
    but the engine compares each shared first letter once rather than once per word."""
    groups: dict[str, list[str]] = {}
    for word in words:
        if word:
            groups.setdefault(word[0], []).append(word[1:])
    branches = [re.escape(first) + _by_prefix(rest) for first, rest in sorted(groups.items())]
    if not branches:
        return ""
    optional = "?" if "" in words else ""
    if len(branches) == 1 and not optional:
        return branches[0]
    return f"(?:{'|'.join(branches)}){optional}"


# Elements dropped with their content, as a prefix tree like _BLOCK (below).
_DROPPED = "script style template noscript iframe object svg textarea title".split()
_DROP_BLOCKS = re.compile(
    rf"<!--.*?(?:-->|$)|<({_by_prefix(sorted(_DROPPED))})\b"
    r"(?:[^<>\"']|\"[^<>\"]*\"|'[^<>']*')*>.*?(?:</\1\s*>|$)",
    re.IGNORECASE | re.DOTALL,
)
# After a name, \b admits only one of the names at a position (none is another's prefix
# followed by a non-word character), so the tree matches exactly what the list did.
_BLOCK = re.compile(rf"</?{_by_prefix(sorted(_BLOCK_TAGS))}\b{_TAG_BODY}/?>", re.IGNORECASE)
_CELL = re.compile(rf"</?t[dh]\b{_TAG_BODY}>", re.IGNORECASE)
_ANY_TAG = re.compile(rf"</?[a-zA-Z][a-zA-Z0-9:-]*{_TAG_BODY}>|<![^<>]*>|<\?[^<>]*>")


def _strip_tags(markup: str, source: bool = True) -> str:
    if source and _REAL_TAG.search(markup):
        # In HTML a line break in the source is a space; only block elements break lines.
        markup = markup.replace("\r", " ").replace("\n", " ")
    markup = _DROP_BLOCKS.sub(" ", markup)
    markup = _LIST_ITEM.sub("\n- ", markup)
    markup = _BLOCK.sub("\n", markup)
    markup = _CELL.sub(" ", markup)
    markup = _ANY_TAG.sub("", markup)
    if "&" not in markup:
        return markup
    # The one reference most descriptions hold, dozens of times, replaced at C speed.
    # unescape gives the same text: a name it reads on through the U+00A0 matches no
    # longer entity than before, since no entity name holds one.
    if "&nbsp;" in markup:
        markup = markup.replace("&nbsp;", "\xa0")
    return html.unescape(markup) if "&" in markup else markup


def _extract(markup: str) -> str:
    # Greenhouse (and others) escape their HTML twice: "&lt;p&gt;..." with no real tags.
    if "<" not in markup and _ESCAPED_TAG.search(markup):
        markup = html.unescape(markup)
    if "<" not in markup and "&" not in markup:
        return markup
    text = _strip_tags(markup)
    if "<" in text and _LEFTOVER_TAG.search(text):
        text = _strip_tags(text, source=False)  # its line breaks are ours by now
    return text


def _cap(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: max(0, limit - 1)]
    space = cut.rfind(" ")
    if space > limit * 0.8:
        cut = cut[:space]
    return cut.rstrip() + "…"


def html_to_text(html_text: str | None, limit: int = 4000) -> str:
    """Plain text of an HTML description: tags dropped, entities decoded, spaces collapsed.

    Paragraphs and list items keep one line break each, so requirements can be read
    line by line. The result is inert: it never contains anything that opens a tag.
    """
    if not html_text:
        return ""
    if not isinstance(html_text, str):
        html_text = str(html_text)
    # Cap the work, not only the result: a 5 MB description is not worth parsing.
    text = _extract(html_text[: limit * 8 + 2000])
    # Spaces collapse at most 3 to 1 in practice; tidy only what can reach the result.
    text = _CONTROL.sub("", text[: limit * 3 + 100])
    # str.split() knows every Unicode space (nbsp, em space...) and runs at C speed:
    # five times faster here than a whitespace regex over the same descriptions.
    # Half the lines are empty (one per block tag): skipped before splitting.
    text = "\n".join(filter(None, [" ".join(line.split()) for line in text.split("\n") if line]))
    if "<" in text:
        text = _TAG_OPENER.sub("< ", text)
    return _cap(text, limit)


# A script address in a title ("javascript:alert(1)") is nobody's job: shown as text it
# is inert, but it is defused like "<script" so no later use can make it a link.
_SCRIPT_URL = re.compile(r"(?i)((?:java|vb)script):(?=\S)")


def plain(text: str | None, limit: int = 300) -> str:
    """One line of plain text for a title, company or place."""
    if not text:
        return ""
    if not isinstance(text, str):
        text = str(text)
    text = text[: limit * 8 + 200]
    if "script:" in text.lower():
        text = _SCRIPT_URL.sub(r"\1 :", text)
    if text.isprintable() and "<" not in text and "&" not in text:
        # Most titles: no markup, no control characters; only spaces to tidy.
        return _cap(" ".join(text.split()), limit)
    if "<" in text or "&" in text:
        text = _extract(text)
    text = " ".join(_CONTROL.sub("", text).split())
    text = _TAG_OPENER.sub("< ", text)
    return _cap(text, limit)


# --- dates ------------------------------------------------------------------------------

_EARLIEST = datetime(1995, 1, 1, tzinfo=UTC)
_FUTURE_SLACK = timedelta(days=2)
_DIGITS = re.compile(r"^-?\d+(?:\.\d+)?$")


def _to_datetime(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, time.struct_time):
        # feedparser's *_parsed values are UTC struct_times.
        return datetime.fromtimestamp(calendar.timegm(value), UTC)
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        seconds = value / 1000 if abs(value) > 1e11 else value  # milliseconds since 1973
        return datetime.fromtimestamp(seconds, UTC)
    if not isinstance(value, str):
        return None
    raw = value.strip()
    if not raw:
        return None
    if _DIGITS.match(raw):
        return _to_datetime(float(raw))
    try:
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00").replace("z", "+00:00"))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    except ValueError:
        pass
    try:
        parsed = parsedate_to_datetime(raw)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    except (TypeError, ValueError, IndexError):
        pass
    # Last resort: feedparser knows many odd formats (W3C-DTF variants, Korean, Greek...).
    from feedparser.datetimes import _parse_date  # deferred: JSON kinds may not need it

    parsed_struct = _parse_date(raw)
    return _to_datetime(parsed_struct) if parsed_struct else None


def parse_date(value: object, now: datetime) -> str | None:
    """The ISO UTC form of a date when it is plausible: not before 1995, not after now + 2 days."""
    if value is None or value == "":
        return None
    try:
        moment = _to_datetime(value)
    except (ValueError, OverflowError, OSError, TypeError):
        return None
    if moment is None:
        return None
    moment = moment.astimezone(UTC)
    if moment < _EARLIEST or moment > now + _FUTURE_SLACK:
        return None
    return iso(moment)


# --- same-job keys ----------------------------------------------------------------------

# fmt: off
_ABBREVIATIONS = {
    "sr": "senior", "snr": "senior", "jr": "junior", "jnr": "junior", "mgr": "manager",
    "eng": "engineer", "engr": "engineer", "dev": "developer", "sw": "software",
    "swe": "software engineer", "assoc": "associate", "asst": "assistant",
    "admin": "administrator", "dir": "director", "vp": "vice president",
    "mgmt": "management", "ops": "operations", "sde": "software engineer",
    "1": "i", "2": "ii", "3": "iii", "4": "iv", "5": "v",
}
# fmt: on
# Gender markers and place words that boards add to titles ("(m/f/d)", "- Remote").
_TITLE_NOISE = re.compile(
    r"\((?:[mwfdxh]\s*/\s*){1,3}[mwfdxh]\)|\b(?:[mwfdxh]/){1,3}[mwfdxh]\b|\(all genders?\)",
    re.IGNORECASE,
)
_REMOTE_TAIL = re.compile(r"\s*[-–—,(\[|]\s*(?:100%\s*)?(?:fully\s+)?remote\)?\]?\s*$", re.I)
# Keep + and # so C, C++ and C# stay different roles; keep dots inside words (.NET, Node.js).
_NON_WORD = re.compile(r"[^a-z0-9+#.]+")
_STOP_WORDS = frozenset(
    {"a", "an", "the", "and", "of", "for", "to", "in", "at", "with", "on", "or"}
)


def _fold(text: str) -> str:
    """Lowercase ASCII-ish text with accents removed (é -> e, ß -> ss)."""
    if text.isascii():  # most names: nothing to decompose, casefold is lower
        return text.lower()
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


def _words(text: str) -> list[str]:
    return [w.strip(".") for w in _NON_WORD.split(_fold(text)) if w.strip(".")]


def normalize_title(title: str) -> str:
    """The role as a comparable string: folded, abbreviations expanded, noise dropped.

    Level words (senior, junior, II, staff) stay: different levels are different roles.
    """
    if not title:
        return ""
    title = _REMOTE_TAIL.sub("", _TITLE_NOISE.sub(" ", title))
    out: list[str] = []
    for word in _words(title):
        out.extend(_ABBREVIATIONS.get(word, word).split())
    return " ".join(w for w in out if w not in _STOP_WORDS)


def _company_key(company: str) -> str:
    # One normalization of company names for the whole project (aliases applied on top).
    from aggregator.companies import company_key

    return company_key(company)


def _location_key(location: str) -> str:
    return " ".join(w for w in _words(location) if w not in _STOP_WORDS)


def job_key(company: str, title: str, location: str) -> str:
    """A key equal for the same job listed on two feeds: company | sorted title words | place."""
    title_words = sorted(set(normalize_title(title).split()))
    return f"{_company_key(company or '')}|{' '.join(title_words)}|{_location_key(location or '')}"


# --- salary in free text ------------------------------------------------------------------

_CURRENCY = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR"}
_CUR = r"(?:US\$|CA\$|C\$|A\$|[$€£¥₹]|USD|EUR|GBP|CAD|AUD|CHF|INR|JPY|SEK|NOK|DKK|PLN)"
_AMOUNT = r"\d{1,3}(?:[,.\u202f ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SALARY = re.compile(
    rf"(?P<c1>{_CUR})?\s?(?P<a>{_AMOUNT})\s?(?P<ak>[kK]\b)?"
    rf"(?:\s?(?:-|–|—|to)\s?(?P<c2>{_CUR})?\s?(?P<b>{_AMOUNT})\s?(?P<bk>[kK]\b)?)?"
    rf"(?:\s?(?P<c3>{_CUR})\b)?",
)
_PERIODS = (
    (re.compile(r"/\s?h(?:ou)?r\b|per hour|an hour|hourly|/h\b", re.I), "hour"),
    (
        re.compile(r"/\s?y(?:ea)?r\b|per year|a year|annual|per annum|\bp\.?a\.?\b|yearly", re.I),
        "year",
    ),
    (re.compile(r"/\s?mo(?:nth)?\b|per month|a month|monthly", re.I), "month"),
    (re.compile(r"/\s?w(?:ee)?k\b|per week|a week|weekly", re.I), "week"),
    (re.compile(r"/\s?day\b|per day|a day|daily", re.I), "day"),
)


def _amount(raw: str, thousands: bool) -> float:
    raw = raw.replace("\u202f", "").replace(" ", "")
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", raw):  # European "50.000"
        raw = raw.replace(".", "")
    value = float(raw.replace(",", ""))
    return value * 1000 if thousands else value


def parse_salary_text(text: str | None) -> Salary | None:
    """A pay range read from free text ("$120k-$150k", "€50.000 per year", "$18/hr").

    Only amounts with a currency or a k suffix count, so "3bd 1930ft" is not a salary.
    """
    if not text:
        return None
    for match in _SALARY.finditer(text[:2000]):
        cur = match["c1"] or match["c2"] or match["c3"]
        # Without a currency only a k range counts ("120k-150k"), not "10k users" or "401k".
        if not cur and not (match["b"] and (match["ak"] or match["bk"])):
            continue
        ak, bk = bool(match["ak"]), bool(match["bk"])
        low = _amount(match["a"], ak or (bk and not ak and match["b"] is not None))
        high = _amount(match["b"], bk) if match["b"] else None
        if high is not None and high < low:
            low, high = high, low
        tail = text[match.end() : match.end() + 24]
        period = next((name for rx, name in _PERIODS if rx.search(tail)), None)
        if period is None and (high or low) >= 10000:
            period = "year"
        code = _CURRENCY.get(cur, None) if cur else None
        if cur and code is None:
            code = {"US$": "USD", "CA$": "CAD", "C$": "CAD", "A$": "AUD"}.get(cur, cur.upper())
        return Salary(
            min=low,
            max=high if high is not None else low,
            currency=code,
            period=period,
            source="text",
        )
    return None
