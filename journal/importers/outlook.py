"""Outlook CSV: about 90 columns in an order that varies by version and locale,
`Job Title` (the `Title` column is Mr./Ms.), up to three e-mails, many phone columns,
often saved in Windows-1252. German, Spanish and French Outlook translate the column
names (Vorname, Nombre, Prénom, ...) and separate them with semicolons; the translated
names are read as their English ones. Some exports have one `Name` column instead of
First/Last Name.
"""

from __future__ import annotations

from journal.importers.base import Record, csv_rows, joined_name, linkedin_url
from journal.names import family_from_export

# English column -> its German, Spanish and French names (lower case).
_LOCALIZED = {
    "first name": ("vorname", "nombre", "prénom"),
    "middle name": ("weitere vornamen", "segundo nombre", "deuxième prénom"),
    "last name": ("nachname", "apellidos", "nom"),
    "suffix": ("suffix", "sufijo", "suffixe"),
    "company": ("firma", "organización", "compañía", "société"),
    "job title": ("position", "puesto", "fonction"),
    "notes": ("notizen", "notas", "notes"),
    "web page": ("webseite", "página web", "page web"),
    "e-mail address": ("e-mail-adresse", "dirección de correo electrónico",
                       "adresse de messagerie"),
    "e-mail 2 address": ("e-mail 2: adresse", "dirección del correo electrónico 2",
                         "adresse de messagerie 2"),
    "e-mail 3 address": ("e-mail 3: adresse", "dirección del correo electrónico 3",
                         "adresse de messagerie 3"),
    "business phone": ("telefon geschäftlich", "teléfono del trabajo", "téléphone bureau"),
    "mobile phone": ("mobiltelefon", "teléfono móvil", "tél. mobile"),
    "home phone": ("telefon privat", "particular", "téléphone domicile"),
}  # fmt: skip
_ENGLISH = {local: english for english, names in _LOCALIZED.items() for local in names}
_PHONE_WORDS = ("phone", "telefon", "teléfono", "téléphone", "tél.", "móvil", "mobil")
_NOT_THEIRS = ("assistant", "company main", "fax", "firma", "compañía", "société", "pager")


def looks_like(header: list[str]) -> bool:
    names = {h.lower() for h in header}
    english = {"e-mail address", "job title", "business phone", "e-mail display name"}
    return bool(names & (english | set(_ENGLISH) - {"nom", "notes", "position", "suffix"}))


def _english(r: dict[str, str]) -> dict[str, str]:
    """The row keyed by English column names (an English column wins over a translated
    one of the same meaning; unknown columns keep their own names)."""
    out: dict[str, str] = {}
    for h, v in r.items():
        key = _ENGLISH.get(h.lower(), h.lower())
        if v or key not in out:
            out[key] = v
    return out


def _is_phone(column: str) -> bool:
    c = column.lower()
    # The assistant's and the company's numbers are not the person's.
    return any(w in c for w in _PHONE_WORDS) and not any(x in c for x in _NOT_THEIRS)


def parse(text: str) -> list[Record]:
    header, rows = csv_rows(text)
    phone_cols = [h for h in header if _is_phone(h)]
    out = []
    for line, raw in rows:
        r = _english(raw)
        emails = [
            v
            for k, v in r.items()
            if k.startswith(("e-mail", "email")) and k.endswith("address") and "@" in v
        ]
        name = joined_name(r.get("first name", ""), r.get("middle name", ""),
                           r.get("last name", ""), r.get("suffix", ""))  # fmt: skip
        out.append(
            Record(
                name=name or r.get("name", ""),
                emails=emails,
                phones=[raw[c] for c in phone_cols if raw.get(c)],
                org=r.get("company", ""),
                title=r.get("job title", ""),
                linkedin=linkedin_url(r.get("web page", "")),
                notes=r.get("notes", ""),
                line=line,
                family=family_from_export(r.get("last name", "")),
            )
        )
    return out
