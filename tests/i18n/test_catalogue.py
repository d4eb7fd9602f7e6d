"""The English catalogue is whole: no entry left fuzzy (Django ignores those, so the page shows the Chinese — or,
compiled by hand, a guess with other placeholders), none untranslated, placeholders the same on both sides, and
the committed .mo holds what the .po says (a .po edited without compilemessages changes nothing on the site)."""

import gettext
import re
from pathlib import Path

LOCALE = Path(__file__).resolve().parents[2] / "factorytier" / "locale" / "en" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def _joined(part: str) -> str:
    raw = "".join(re.findall(r'^\s*(?:msg\w+(?:\[\d\])? )?"(.*)"$', part, flags=re.M))
    return re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), raw)


def entries() -> list[dict]:
    out = []
    for block in (LOCALE / "django.po").read_text().split("\n\n")[1:]:  # the first block is the header
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        if not any(line.startswith("msgid ") for line in lines):
            continue
        flags = " ".join(line for line in lines if line.startswith("#,"))
        body = "\n".join(line for line in lines if not line.startswith("#"))
        context = re.search(r'^msgctxt ((?:".*"\n?)+)', body, flags=re.M)
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', body, flags=re.M).group(1)
        strings = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', body, flags=re.M)
        out.append({"block": block, "fuzzy": "fuzzy" in flags, "context": _joined(context.group(1)) if context else None,
                    "msgid": _joined(msgid), "msgstrs": [_joined(s) for s in strings], "plural": "msgid_plural" in body})
    return out


def test_no_fuzzy_or_untranslated_entry():
    found = entries()
    assert len(found) > 1000
    assert not [e["block"] for e in found if e["fuzzy"]][:5]
    assert not [e["block"] for e in found if not all(e["msgstrs"])][:5]


def test_placeholders_are_the_same_in_chinese_and_english():
    wrong = [e["block"] for e in entries()
             if any(sorted(PLACEHOLDER.findall(e["msgid"])) != sorted(PLACEHOLDER.findall(s)) for s in e["msgstrs"][:1])]
    assert not wrong, wrong[:5]


def test_the_committed_mo_holds_the_po():
    with (LOCALE / "django.mo").open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    stale = []
    for e in entries():
        if e["plural"] or e["fuzzy"]:
            continue
        got = compiled.pgettext(e["context"], e["msgid"]) if e["context"] else compiled.gettext(e["msgid"])
        if got != e["msgstrs"][0]:
            stale.append(e["msgid"][:60])
    assert not stale, f"run compilemessages: {stale[:5]}"
