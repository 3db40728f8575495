"""Regenerate the coder's derived data files from their public sources (run by hand, not at run time).

    python -m eventwire.events.build_data --petrarch-dict CAMEO.2.0.txt --cameo2plover CAMEO2PLOVER-2021.txt

Writes two files into ``eventwire/events/data``:

* ``mapping.tsv``: one row per CAMEO event code with its root, description, Goldstein score, QuadClass and the
  PLOVER type/mode/contexts it maps to. Inputs: ``cameo_descriptions.tsv`` and ``gdelt_goldstein.tsv`` (committed
  copies of the CAMEO codebook list and the GDELT Goldstein lookup), ``CAMEO2PLOVER-2021.txt`` (PLOVER repository,
  CC BY-SA 4.0) and our documented departures in ``mapping_overrides.tsv``.
* ``lexicon_cameo.tsv``: the verb patterns of the PETRARCH-2 CAMEO verb dictionary ``CAMEO.2.0.txt`` (MIT, Open Event
  Data Alliance) flattened into one pattern per row, synonym sets expanded.

The generated files are committed, so a fresh clone never needs the sources; re-running this script on the same
inputs reproduces them byte for byte.
"""

from __future__ import annotations

import argparse
import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).with_name("data")

# QuadClass by CAMEO root, GDELT convention: 01-05 verbal cooperation, 06-08 material cooperation,
# 09-13 verbal conflict, 14-20 material conflict.
QUAD_BY_ROOT = {f"{r:02d}": (1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4) for r in range(1, 21)}


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a tab-separated data file with '#' comment lines and a header row."""
    with path.open(encoding="utf-8") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def read_cameo2plover(path: Path) -> dict[str, tuple[str, str, str]]:
    """CAMEO code -> (PLOVER type, mode, contexts) from CAMEO2PLOVER-2021.txt."""
    out: dict[str, tuple[str, str, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        m = re.match(r"^(\d{3,4}):\s*(.*)$", line)
        if not m:
            continue
        parts = [p.strip() for p in m.group(2).split(",")]
        parts += [""] * (3 - len(parts))
        ptype, mode, ctx = parts[0], parts[1], ",".join(parts[2:])
        contexts = ";".join(c.strip() for c in re.split(r"[;,]", ctx) if c.strip())
        if m.group(1) not in out:  # the file lists 175 twice; keep the first
            out[m.group(1)] = (ptype, mode.replace(" ", ""), contexts)
    return out


def build_mapping(cameo2plover: Path) -> list[dict[str, str]]:
    """Rows of mapping.tsv."""
    desc = {r["cameo_code"]: r["description"] for r in read_tsv(DATA / "cameo_descriptions.tsv")}
    gold = {r["cameo_code"]: r["goldstein"] for r in read_tsv(DATA / "gdelt_goldstein.tsv")}
    c2p = read_cameo2plover(cameo2plover)
    overrides = read_tsv(DATA / "mapping_overrides.tsv")
    modes_ok: dict[str, set[str]] = {}
    for r in read_tsv(DATA / "plover_types.tsv"):
        modes_ok.setdefault(r["plover_type"], set()).add(r["mode"])

    def override_for(code: str) -> dict[str, str] | None:
        best, best_len = None, -1
        for row in overrides:
            pat = row["cameo_code"]
            hit = code.startswith(pat[:-1]) if pat.endswith("*") else code == pat
            plen = len(pat.rstrip("*")) + (0 if pat.endswith("*") else 10)
            if hit and plen > best_len:
                best, best_len = row, plen
        return best

    rows = []
    for code in sorted(desc, key=lambda c: (c[:2], c)):
        if len(code) == 2:
            continue  # root headings; the root is a column of every row
        ptype, mode, contexts = c2p.get(code, ("", "", ""))
        ov = override_for(code)
        if ov:
            ptype = "" if ov["plover_type"] == "-" else ov["plover_type"]
            if ov["mode"] != "=":
                mode = "" if ov["mode"] == "-" else ov["mode"]
        if not ptype:
            mode = contexts = ""
        if ptype and (mode or "-") not in modes_ok.get(ptype, set()):
            raise SystemExit(f"mode {mode!r} of {code} is not declared for {ptype} in plover_types.tsv")
        quad = (ov or {}).get("quad") or str(QUAD_BY_ROOT[code[:2]])
        rows.append(
            {
                "cameo_code": code,
                "cameo_root": code[:2],
                "description": desc[code],
                "goldstein": gold.get(code, gold.get(code[:3], gold[code[:2]])),
                "quad_class": quad,
                "plover_type": ptype or "-",
                "mode": mode or "-",
                "contexts": contexts or "-",
            }
        )
    return rows


# ----------------------------------------------------------------------------- PETRARCH verb dictionary
_TOKEN = re.compile(r"\{[^}]*\}|\(|\)|[^\s(){}]+")


def _norm(word: str) -> str:
    return word.strip().strip("_").lower().replace("_", " ")


_Verb = tuple[str, str, str, str]  # (lemma, particle words, own code, irregular forms)
_Pattern = tuple[list[str], list[str], str, str]  # (pre slots, post slots, code, target)


@dataclass
class _PetrarchBlock:
    """A verb block of the dictionary being read: its name, its code, its verbs and its phrase patterns."""

    name: str
    code: str
    verbs: list[_Verb] = field(default_factory=list)
    patterns: list[_Pattern] = field(default_factory=list)


def _read_synsets(text: list[str]) -> tuple[dict[str, list[str]], int]:
    """The '&NAME' synonym sets before the verb patterns, and the index of the '####### VERB PATTERNS' line."""
    synsets: dict[str, list[str]] = {}
    i = 0
    while i < len(text) and not text[i].startswith("####### VERB PATTERNS"):
        line = text[i].split("#", 1)[0].rstrip()
        if line.startswith("&"):
            name = line.strip()
            members = []
            i += 1
            while i < len(text) and text[i].startswith("+"):
                members.append(_norm(text[i][1:].split("#", 1)[0]))
                i += 1
            synsets[name] = [m for m in members if m]
            continue
        i += 1
    return synsets, i


def _expand_word(tok: str, synsets: dict[str, list[str]]) -> list[str]:
    """The words a pattern token stands for: a synonym set's members, or the word itself."""
    if tok.startswith("&"):
        return synsets.get(tok.rstrip("_"), synsets.get(tok, [_norm(tok[1:])]))
    return [_norm(tok)]


def _brace_alternatives(tok: str, synsets: dict[str, list[str]]) -> list[str]:
    """The multi-word alternatives of a '{...}' token: every combination of its words' expansions."""
    alts = [""]
    for p in tok.strip("{}").split():
        if p in ("$", "+", "^", "%"):
            continue
        alts = [f"{a} {w}".strip() for a in alts for w in _expand_word(p, synsets)]
    return alts


def _slots(tokens: list[str], synsets: dict[str, list[str]]) -> tuple[list[str], str]:
    """The slots of one side of a pattern ('|'-joined alternatives) and where it marks the target."""
    out: list[str] = []
    target = ""
    prep: str | None = None
    depth = 0
    for tok in tokens:
        if tok == "(":
            depth += 1
            prep = None
            continue
        if tok == ")":
            depth = max(0, depth - 1)
            continue
        if tok in ("$", "^", "%"):
            continue
        if tok == "+":
            target = prep if depth and prep else "obj"
            continue
        words = _brace_alternatives(tok, synsets) if tok.startswith("{") else _expand_word(tok, synsets)
        if depth and prep is None:
            prep = words[0]
        words = [w for w in dict.fromkeys(words) if w]
        if words:
            out.append("|".join(w.replace(" ", "_") for w in words))
    return out, target


def _block_rows(block: _PetrarchBlock) -> list[dict[str, str]]:
    """The lexicon rows of a finished verb block: its verbs, then its patterns (none for a block without verbs)."""
    rows: list[dict[str, str]] = []
    if not block.verbs:
        return rows
    head = block.name.lower().replace("_", " ")
    for lemma, particle, own, forms in block.verbs:
        # a synonym inherits the block's code only as a pattern context, not as a default of its own:
        # "think" in the CONSIDER block [040] is not a consultation; the block head and verbs with their own
        # code keep their default
        default = own or (block.code if lemma == head.split()[0] and not particle else "---")
        rows.append(_row("verb", block.name, lemma, particle, "", "", default, "", forms))
    for pre, post, code, target in block.patterns:
        rows.append(_row("pattern", block.name, "", "", " ".join(pre), " ".join(post), code, target, ""))
    return rows


def _pattern_entry(line: str, synsets: dict[str, list[str]]) -> _Pattern | None:
    """A '- pre * post [code]' pattern line, or None when it is not one."""
    m = re.match(r"^-\s*(.*?)\s*\[([^\]]*)\]\s*$", line)
    if not m or "*" not in m.group(1):
        return None
    pre_s, post_s = m.group(1).split("*", 1)
    pre, _ = _slots(_TOKEN.findall(pre_s), synsets)
    post, target = _slots(_TOKEN.findall(post_s), synsets)
    return pre, post, m.group(2).strip(), target


def _verb_entry(line: str) -> _Verb | None:
    """A verb line: WORD or +MULTI_WORD, optional {irregular forms}, optional [code]; None when it is not one."""
    m = re.match(r"^\+?([A-Z][A-Z'\-]*(?:_[A-Z'\-]+)*)\s*(?:\{([^}]*)\})?\s*(?:\[([^\]]*)\])?", line.strip())
    if not m:
        return None
    words = [_norm(w) for w in m.group(1).split("_") if w]
    # irregular forms of the verb itself ({STRUCK STRIKING}); for multi-word verbs the first word's forms
    forms = sorted({_norm(f.lstrip("+").split("_")[0]) for f in (m.group(2) or "").split() if f.strip("+")})
    return words[0], " ".join(words[1:]), (m.group(3) or "").strip(), " ".join(forms)


def _number_repeated_blocks(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Suffix a repeated block name ('NAME#2') so (block, kind) rows stay grouped and distinct."""
    seen_blocks: dict[str, int] = {}
    out: list[dict[str, str]] = []
    last = None
    for r in rows:
        key = r["block"]
        if r["kind"] == "verb" and last != key:
            seen_blocks[key] = seen_blocks.get(key, 0) + 1
        last = key
        n = seen_blocks.get(key, 1)
        r = dict(r, block=key if n == 1 else f"{key}#{n}")
        out.append(r)
    return out


def parse_petrarch(path: Path) -> list[dict[str, str]]:
    """Flatten CAMEO.2.0.txt into lexicon rows: per verb block, its verbs and its phrase patterns."""
    text = path.read_text(encoding="utf-8", errors="replace").splitlines()
    synsets, i = _read_synsets(text)
    rows: list[dict[str, str]] = []
    block = _PetrarchBlock("", "---")
    for raw in text[i + 1 :]:
        if raw.startswith("######## TRANSFORMATIONS"):
            break
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        m = re.match(r"^---\s+(\S+)\s+\[([^\]]*)\]", line)
        if m:
            rows.extend(_block_rows(block))
            block = _PetrarchBlock(m.group(1), m.group(2).strip())
            continue
        if line.startswith("-"):
            pattern = _pattern_entry(line, synsets)
            if pattern is not None:
                block.patterns.append(pattern)
            continue
        verb = _verb_entry(line)
        if verb is not None:
            block.verbs.append(verb)
    rows.extend(_block_rows(block))
    # a block name can repeat in the file; suffix repeats so (block, kind) rows stay grouped and distinct
    return _number_repeated_blocks(rows)


def _row(
    kind: str, block: str, lemma: str, particle: str, pre: str, post: str, code: str, target: str, forms: str
) -> dict[str, str]:
    return {
        "block": block,
        "kind": kind,
        "lemma": lemma or "-",
        "particle": particle or "-",
        "pre": pre or "-",
        "post": post or "-",
        "cameo": code or "---",
        "target": target or "-",
        "forms": forms or "-",
    }


def write_tsv(path: Path, header: str, rows: list[dict[str, str]]) -> None:
    """Write rows with a comment header (kept stable so regeneration is byte-identical)."""
    cols = list(rows[0])
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(header)
        fh.write("\t".join(cols) + "\n")
        for r in rows:
            fh.write("\t".join(r[c] for c in cols) + "\n")


def main(argv: list[str] | None = None) -> None:
    """Command-line entry: regenerate mapping.tsv and lexicon_cameo.tsv."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--petrarch-dict", type=Path, required=True, help="petrarch2/data/dictionaries/CAMEO.2.0.txt"
    )
    ap.add_argument("--cameo2plover", type=Path, required=True, help="PLOVER CAMEO2PLOVER-2021.txt")
    args = ap.parse_args(argv)
    mapping = build_mapping(args.cameo2plover)
    write_tsv(
        DATA / "mapping.tsv",
        "# GENERATED by eventwire.events.build_data from cameo_descriptions.tsv, gdelt_goldstein.tsv,\n"
        "# CAMEO2PLOVER-2021.txt (PLOVER, CC BY-SA 4.0) and mapping_overrides.tsv. Do not edit by hand.\n"
        "# quad_class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.\n"
        "# plover_type/mode/contexts '-' = none (CAMEO 01 statements are not PLOVER events).\n",
        mapping,
    )
    lex = parse_petrarch(args.petrarch_dict)
    write_tsv(
        DATA / "lexicon_cameo.tsv",
        "# GENERATED by eventwire.events.build_data from the PETRARCH-2 CAMEO verb dictionary CAMEO.2.0.txt\n"
        "# (github.com/openeventdata/petrarch2, MIT License, Copyright (c) 2015 Open Event Data Alliance).\n"
        "# Rows are grouped by verb block: 'verb' rows list the block's verbs (lemma, particle of a multi-word verb,\n"
        "# default CAMEO code: the verb's own code, or the block's code for the block's head verb; other synonyms\n"
        "# code only through patterns), 'pattern' rows the block's phrase patterns, shared by every verb of the block.\n"
        "# pre/post: space-separated slots that must appear, in order, before/after the verb in its clause; a slot\n"
        "# lists alternatives with '|', multi-word alternatives joined by '_'. cameo: CAMEO code ('---' = codes\n"
        "# nothing; 'A:B' = A for source->target and B for the reverse; ':B' = source and target swap).\n"
        "# target: where the dictionary marks the target ('obj' or a preposition). forms: irregular verb forms.\n",
        lex,
    )
    print(f"mapping.tsv: {len(mapping)} codes; lexicon_cameo.tsv: {len(lex)} rows")


if __name__ == "__main__":
    main()
