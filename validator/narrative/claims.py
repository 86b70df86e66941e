"""Find the claims of a paragraph that carry their own arithmetic, as `lakin/1` `narasi` entries.

A claim is kept with its sentence and `baris`, and every figure exactly as written ("1.020",
"152,47%", "Rp. 39.524.039.000,-"); nothing is computed or corrected here: the rules of the
`narasi` pack judge the claims. The finders work from sentence patterns that Indonesian reports
share, not from any report's wording:

- `bagian`: part of a whole, "Z% atau X … dari Y", "X dari Y … (Z%)", "X (Z%) dari Y", "Dari Y …, X (Z%)";
- `anggaran`: an amount and its percentage of a stated amount, "sebesar Rp A atau Z% dari pagu Rp B";
- `perubahan`: a change, "meningkat sebesar Z% dari A menjadi B", "naik Z poin", "B lebih rendah
  dibandingkan tahun lalu sebesar A, turun Z%", "peningkatan S orang atau Z%" with the two figures
  of the paragraph it is the difference of;
- `jumlah`: a total and its parts, "n satpen … terdiri dari PAUD a satpen, SD b satpen …";
- `cacah`: a count in figures and words, "4 (empat) indikator", with the items listed after it;
- `tanggal` and `periode`: dates ("Senin, 3 Juni 2024") and periods ("Triwulan III tahun 2023").

A claim whose reading needs a guess (a whole named further away, a total among several figures,
a period next to comparison words) carries `ragu: true`: the rules then say "perlu dibaca" at
most, never an error.
"""

from __future__ import annotations

import re

from validator.narrative.dates import find_dates, find_periods
from validator.narrative.numwords import WORD_RUN, words_value
from validator.numbers import Kind, NumberProblem, read_figure

_NUM = r"\d+(?:[.,]\d+)*(?!\d)(?![.,]\d)"  # a whole figure: never the "9" of "90%"
_MONEY = rf"Rp\.?\s*{_NUM}(?:\s*,-|\s*\.-)?"
_PCT = rf"{_NUM}\s*(?:%|persen\b)"
_AMOUNT = rf"(?:{_MONEY}|{_NUM}(?!\s*(?:%|persen\b)))"
_NO_NUMBER_BEFORE = r"(?<![\w.,/-])"


def _WORDS(n: int) -> str:  # noqa: N802 - a pattern piece, named like the others
    """Up to `n` words (no figure, no "dari"/"atau") between the figures of a claim."""
    return rf"(?:\s+(?!dari\b|atau\b)[^\s\d%;:]+){{0,{n}}}?"


_CHANGE_UP = r"(?:naik|meningkat|kenaikan|peningkatan|bertambah|penambahan|lebih\s+tinggi|lebih\s+besar|lebih\s+banyak)"
_CHANGE_DOWN = r"(?:turun|menurun|penurunan|berkurang|pengurangan|lebih\s+rendah|lebih\s+kecil|lebih\s+sedikit)"
_COMPARING = re.compile(r"dibanding|sebelumnya|yang\s+lalu|tahun\s+lalu|semula|periode\s+yang\s+sama|sedangkan",
                        re.IGNORECASE)
_PLANNED = re.compile(r"\bakan\b|rencana|direncanakan|dijadwalkan|jadwal", re.IGNORECASE)
_OWN_DOCUMENT = re.compile(r"\b(?:DIPA|laporan\s+keuangan|laporan\s+kinerja|laporan\s+triwulan|perjanjian\s+kinerja|"
                           r"RKA|POK|renja)\b", re.IGNORECASE)
_PARTIAL_LIST = re.compile(r"antara\s+lain|di\s?antaranya|seperti|misalnya|dan\s+lain|dll|dsb", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(])")
_NOT_AN_END = re.compile(r"(?:\b(?:Rp|No|Nomor|Dr|Ir|Drs|Dra|Prof|Kab|Kec|Prov|dkk|s\.d|Tbk|St|H|Hj)\.|\b[A-Z]\.)$")


def extract_claims(text: str, baris: int | str) -> list[dict]:
    """The `narasi` entries of one paragraph of prose; `baris` is its place in the document
    (a line number, or "page:line"), given to every claim it holds."""
    claims: list[dict] = []
    for sentence in sentences(text):
        found = (_parts_of_whole(sentence) + _changes(sentence, text) + _sums(sentence)
                 + _counts(sentence) + _dates(sentence) + _periods(sentence))
        for claim in found:
            claims.append({"jenis": claim.pop("jenis"), "kalimat": sentence, "baris": baris, **claim})
    return claims


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph; a full stop after "Rp", "No", an initial … ends none."""
    out: list[str] = []
    for piece in _SENTENCE_END.split(" ".join(text.split())):
        if out and _NOT_AN_END.search(out[-1]):
            out[-1] += " " + piece
        else:
            out.append(piece)
    return [s for s in out if s]


def _clauses(sentence: str) -> list[str]:
    """A sentence cut at semicolons: figures of two clauses never form one claim."""
    return [c for c in re.split(r";\s*", sentence) if c.strip()]


def _figure(text: str, kind: Kind) -> bool:
    """Whether `text` reads as a figure of that kind (numbers in prose are often broken)."""
    try:
        return read_figure(text.strip(), kind, decimal_mark=",") is not None
    except NumberProblem:
        return False


def _is_money(text: str) -> bool:
    return text.strip().lower().startswith("rp")


# --- part of a whole -------------------------------------------------------------------------

_SHARE_FIRST = re.compile(  # Z% atau X … dari Y
    rf"{_NO_NUMBER_BEFORE}(?P<persen>{_PCT})\s*(?:atau|yaitu|sebanyak|sejumlah)\s+(?P<bagian>{_AMOUNT})"
    rf"(?P<gap>{_WORDS(8)})\s+dari\s+(?:(?:total|jumlah|sejumlah|sebanyak|pagu|target)\s+)?(?P<keseluruhan>{_AMOUNT})",
    re.IGNORECASE)
_PART_OR_SHARE = re.compile(  # X … atau Z% dari Y ; X (Z%) dari Y
    rf"{_NO_NUMBER_BEFORE}(?P<bagian>{_AMOUNT}){_WORDS(4)}\s*(?:atau\s+|\(\s*)(?P<persen>{_PCT})\s*\)?"
    rf"\s+dari\s+(?:[^\s\d%;:]+\s+){{0,3}}?(?P<keseluruhan>{_AMOUNT})",
    re.IGNORECASE)
_PART_OF_WHOLE = re.compile(  # X dari Y … (Z%)
    rf"{_NO_NUMBER_BEFORE}(?P<bagian>{_AMOUNT}){_WORDS(4)}\s+dari\s+(?:(?:total|jumlah|sejumlah|sebanyak)\s+)?"
    rf"(?P<keseluruhan>{_AMOUNT}){_WORDS(5)}\s*[,(]?\s*(?:atau|sebesar|yaitu|adalah|=|dengan\s+persentase)?\s*\(?"
    rf"\s*(?P<persen>{_PCT})",
    re.IGNORECASE)
_SHARE_OF = re.compile(  # Z% (X dari Y)
    rf"{_NO_NUMBER_BEFORE}(?P<persen>{_PCT})\s*\(\s*(?P<bagian>{_AMOUNT}){_WORDS(4)}\s+dari\s+"
    rf"(?P<keseluruhan>{_AMOUNT})[^)]*\)",
    re.IGNORECASE)
_WHOLE_FIRST = re.compile(  # Dari Y …, X … (Z%)
    rf"\bdari\s+(?:(?:total|jumlah|sejumlah|sebanyak)\s+)?(?P<keseluruhan>{_AMOUNT}){_WORDS(5)}\s*,\s*"
    rf"(?:(?:sebanyak|sejumlah|terdapat|ada)\s+)?(?P<bagian>{_AMOUNT}){_WORDS(5)}\s*(?:\(\s*|atau\s+|yaitu\s+)"
    rf"(?P<persen>{_PCT})",
    re.IGNORECASE)
_SHARE_PAIR = re.compile(rf"{_NO_NUMBER_BEFORE}(?P<persen>{_PCT})\s*atau\s+(?P<bagian>{_AMOUNT})", re.IGNORECASE)
_WHOLE = re.compile(rf"\bdari\s+(?:(?:total|jumlah|sejumlah|sebanyak)\s+)?(?P<keseluruhan>{_AMOUNT})", re.IGNORECASE)


def _parts_of_whole(sentence: str) -> list[dict]:
    out: list[dict] = []
    for clause in _clauses(sentence):
        taken: list[tuple[int, int]] = []
        for pattern in (_SHARE_FIRST, _PART_OR_SHARE, _SHARE_OF, _WHOLE_FIRST, _PART_OF_WHOLE):
            for m in pattern.finditer(clause):
                if any(m.start() < end and start < m.end() for start, end in taken):
                    continue
                claim = _share(m["bagian"], m["keseluruhan"], m["persen"])
                if claim:
                    taken.append(m.span())
                    out.append(claim)
        out += _shared_whole(clause, taken)
    return out


def _shared_whole(clause: str, taken: list[tuple[int, int]]) -> list[dict]:
    """"Z1% atau X1 … dan Z2% atau X2 dari Y": earlier pairs share the whole named after the last;
    that reading is likely but not certain, so those claims are marked `ragu`."""
    out = []
    for pair in _SHARE_PAIR.finditer(clause):
        if any(start <= pair.start() < end for start, end in taken):
            continue
        whole = next((w for w in _WHOLE.finditer(clause, pair.end())), None)
        if whole is None or not any(start <= whole.start() < end for start, end in taken):
            continue  # only a whole that a certain claim of the clause also names
        claim = _share(pair["bagian"], whole["keseluruhan"], pair["persen"])
        if claim:
            out.append({**claim, "ragu": True})
    return out


def _share(part: str, whole: str, percent: str) -> dict | None:
    money = _is_money(part) or _is_money(whole)
    kind = Kind.MONEY if money else Kind.COUNT
    if not (_figure(part, kind) and _figure(whole, kind) and _figure(percent.replace("persen", "%"), Kind.DECIMAL)):
        return None
    if _looks_like_year(part) or _looks_like_year(whole):
        return None
    return {"jenis": "anggaran" if money else "bagian", "bagian": part.strip(), "keseluruhan": whole.strip(),
            "persen": percent.strip()}


def _whole_count(text: str) -> bool:
    """A whole number of things or rupiah, not a year, a code (2.1) or a measure (95,55)."""
    try:
        fig = read_figure(text.strip(), Kind.MONEY if _is_money(text) else Kind.COUNT, decimal_mark=",")
    except NumberProblem:
        return False
    return fig is not None and fig.decimals is None and not _looks_like_year(text)


def _looks_like_year(text: str) -> bool:
    return bool(re.fullmatch(r"(?:19|20)\d\d", text.strip()))


# --- change ----------------------------------------------------------------------------------

_FROM_TO = re.compile(rf"\bdari\s+(?:[^\s\d%;:]+\s+){{0,2}}?(?P<awal>{_PCT}|{_AMOUNT})(?P<satuan>(?:\s+[a-z/]+){{0,2}}?)\s+"
                      rf"(?:menjadi|ke)\s+(?:[^\s\d%;:]+\s+){{0,2}}?(?P<akhir>{_PCT}|{_AMOUNT})", re.IGNORECASE)
_CHANGE = re.compile(rf"(?P<arah>{_CHANGE_UP}|{_CHANGE_DOWN})", re.IGNORECASE)
_COMPARED = re.compile(  # B … lebih rendah dibandingkan (tahun 2023) (sebesar) A
    rf"{_NO_NUMBER_BEFORE}(?P<akhir>{_PCT}|{_AMOUNT}){_WORDS(3)}\s+(?:{_CHANGE_UP}|{_CHANGE_DOWN})\s+"
    rf"(?:dibandingkan|dibanding|daripada)(?:\s+dengan)?(?:\s+(?:tahun|periode|triwulan|semester)(?:\s+[IV]+)?\s+\d{{4}})?"
    rf"{_WORDS(3)}\s+(?:sebesar\s+|yaitu\s+|yang\s+mencapai\s+)?(?P<awal>{_PCT}|{_AMOUNT})",
    re.IGNORECASE)
_AMOUNT_OF_CHANGE = re.compile(
    rf"^(?:\s+(?!dari\b|menjadi\b)[^\s\d%;:]+){{0,6}}?\s+(?:sebesar\s+|sebanyak\s+|sejumlah\s+)?"
    rf"(?:(?P<selisih>{_AMOUNT})(?P<satuan>(?:\s+[a-z/]+){{0,2}}?)\s*(?:atau|\()\s*(?P<persen_s>{_PCT})"
    rf"|(?P<persen>{_PCT})|(?P<poin>{_NUM})\s*poin\b)",
    re.IGNORECASE)


def _changes(sentence: str, paragraph: str) -> list[dict]:
    out = []
    for clause in _clauses(sentence):
        words = list(_CHANGE.finditer(clause))
        if not words:
            continue
        arah = "naik" if re.fullmatch(_CHANGE_UP, words[0]["arah"], re.IGNORECASE) else "turun"
        claim: dict = {"jenis": "perubahan", "arah": arah}
        # one change per clause: a second change word ("naik … atau meningkat 3,60 poin") restates it
        amount, at = next(((m, w.start()) for w in words if (m := _AMOUNT_OF_CHANGE.match(clause[w.end():]))),
                          (None, words[0].start()))
        if amount and amount["selisih"]:
            claim.update(selisih=amount["selisih"].strip(), persen=amount["persen_s"].strip())
            if amount["satuan"].strip():
                claim["satuan"] = amount["satuan"].strip()
        elif amount and amount["persen"]:
            claim["persen"] = amount["persen"].strip()
        elif amount:
            claim["poin"] = amount["poin"].strip()
        from_to = _FROM_TO.search(clause) or _COMPARED.search(clause)
        if from_to:
            claim.update(awal=from_to["awal"].strip(), akhir=from_to["akhir"].strip())
            if from_to.groupdict().get("satuan", "").strip() and "satuan" not in claim:
                claim["satuan"] = from_to["satuan"].strip()
            if "%" in from_to["awal"] or "persen" in from_to["awal"].lower():
                claim["satuan"] = "%"  # a change of a percentage "sebesar Z %" may be in points
        elif amount and amount["selisih"]:
            pair = _pair_with_difference(paragraph[: paragraph.find(clause[:40]) + at] or clause, amount["selisih"])
            if pair is None:
                continue
            claim.update(awal=pair[0], akhir=pair[1])
        else:
            continue
        out.append(claim)
    return out


def _pair_with_difference(text: str, difference: str) -> tuple[str, str] | None:
    """The one pair of figures written before a change "S atau Z%" that S is the difference of
    ("realisasi 2022 9.600 orang … 2023 9.784 orang … peningkatan 184 orang atau 1,91%")."""
    try:
        step = read_figure(difference.strip(), Kind.COUNT, decimal_mark=",")
    except NumberProblem:
        return None
    if step is None or step.value == 0:
        return None
    numbers = [m.group(0) for m in re.finditer(rf"{_NO_NUMBER_BEFORE}{_NUM}(?!\s*%)", text)
               if not _looks_like_year(m.group(0)) and _figure(m.group(0), Kind.COUNT)]
    values = [read_figure(n, Kind.COUNT, decimal_mark=",").value for n in numbers]
    pairs = [(numbers[i], numbers[j]) for i in range(len(values)) for j in range(i + 1, len(values))
             if abs(values[j] - values[i]) == step.value]
    return pairs[0] if len(pairs) == 1 else None


# --- sum of parts ----------------------------------------------------------------------------

_CONSISTS = re.compile(r"\bterdiri\s+(?:atas|dari)\b", re.IGNORECASE)
_CODE_LABEL = r"(?:IKK|IKU|IKSS|IKP|SK|SS|RO|KRO|No|Nomor|Pasal|Ayat|Bab|Tahun|Triwulan|TW|Tahap|Angkatan|Kelas)\.?\s+"
_PART = re.compile(rf"(?:^|,|\bdan\b|\bserta\b|:)\s*(?!{_CODE_LABEL})(?:[A-Za-z][\w./-]*\s+){{0,3}}?(?P<nilai>{_AMOUNT})"
                   rf"(?:\s+(?!dan\b|serta\b)[^\s\d,;]+){{0,3}}?\s*(?=,|\bdan\b|\bserta\b|$|;)",
                   re.IGNORECASE)
_TOTAL_WORD = re.compile(rf"\b(?:jumlah|total|sejumlah|sebanyak)\s+(?:[^\s\d%;:]+\s+){{0,2}}?(?P<jumlah>{_AMOUNT})", re.IGNORECASE)


def _sums(sentence: str) -> list[dict]:
    out = []
    for clause in _clauses(sentence):
        consists = _CONSISTS.search(clause)
        if not consists:
            continue
        tail = clause[consists.end():]
        whole = _WHOLE.search(tail)  # "… dari Jumlah 11.123 satpen" closes the list
        listed = tail[: whole.start()] if whole else tail
        parts = [m["nilai"] for m in _PART.finditer(listed)]
        head = clause[: consists.start()]
        totals = [m.group(0) for m in re.finditer(rf"{_NO_NUMBER_BEFORE}{_AMOUNT}", head)
                  if not _looks_like_year(m.group(0))]
        stated = _TOTAL_WORD.search(head)
        if len(parts) < 2 or not totals or not all(_whole_count(p) for p in parts + totals[-1:]):
            continue  # a breakdown counts things or rupiah: "IKK 2.1 dan IKK 2.2" are codes, not parts
        total = stated["jumlah"] if stated else totals[-1]
        claim = {"jenis": "jumlah", "jumlah": total.strip(), "rincian": [p.strip() for p in parts]}
        if not stated and len(totals) > 1:
            claim["ragu"] = True  # several figures before the list: which one it breaks down is a reading
        out.append(claim)
    return out


# --- counts in figures and words -------------------------------------------------------------

_COUNT = re.compile(rf"{_NO_NUMBER_BEFORE}(?P<angka>{_MONEY}|{_NUM})\s*\(\s*(?P<kata>{WORD_RUN})(?:\s+rupiah)?\s*\)"
                    rf"(?P<satuan>(?:\s+[A-Za-z][\w/-]*){{0,3}})", re.IGNORECASE)
_NUMBERED = re.compile(r"(?:^|\s)(?:\d{1,2}|[a-z])[).]\s+")


def _counts(sentence: str) -> list[dict]:
    out = []
    for m in _COUNT.finditer(sentence):
        claim = {"jenis": "cacah", "angka": m["angka"].strip(), "kata": m["kata"].strip()}
        noun = re.split(r"\s+(?:dan|dengan|yang|di|ke|dari|pada|untuk|atau|serta|yaitu|sebagai|telah|sudah|ini|itu|sebagaimana|tersebut)\b",
                        " " + m["satuan"])[0].strip()
        if noun:
            claim["satuan"] = noun
        items = _listed(sentence[m.end():])
        if items:
            claim["daftar"] = items
        out.append(claim)
    return out


def _listed(rest: str) -> list[str]:
    """The items a count introduces when they follow it in the same sentence: "… yaitu: 1) a,
    2) b" or "…: a, b dan c"; none when the list is partial ("antara lain") or not there."""
    intro = re.match(r"^(?:\s+[^\s\d:;,]+){0,6}?\s*(?:\([^)]*\)\s*)?,?\s*(?:(?:yaitu|yakni|meliputi)\s*:?|:)\s*",
                     rest, re.IGNORECASE)
    if not intro or _PARTIAL_LIST.search(rest[: intro.end() + 20]):
        return []
    body = rest[intro.end():].rstrip(". ")
    numbered = _NUMBERED.split(" " + body)
    if len(numbered) > 2:
        return [re.sub(r",?\s*(?:dan|serta)$", "", i.strip(" ,;")) for i in numbered[1:] if i.strip(" ,;")]
    items = [re.sub(r",?\s*(?:dan|serta)$", "", i.strip()) for i in re.split(r",\s*|\s+dan\s+|\s+serta\s+", body) if i.strip()]
    return items if len(items) >= 2 else []


# --- dates and periods -----------------------------------------------------------------------

def _dates(sentence: str) -> list[dict]:
    planned = bool(_PLANNED.search(sentence))
    return [{"jenis": "tanggal", "tanggal": d.text, **({"ragu": True} if planned else {})}
            for d in find_dates(sentence)]


def _periods(sentence: str) -> list[dict]:
    """Periods named for the report's own documents ("Laporan Keuangan Triwulan III tahun 2023",
    "DIPA … tahun anggaran 2023") are claims about the report's period; others, or any next to
    comparison words, may well be about another period, so they are `ragu`."""
    out = []
    for period in find_periods(sentence):
        before = sentence[max(0, period.start - 80): period.start]
        sure = (_OWN_DOCUMENT.search(before) and not _COMPARING.search(sentence)) or period.year > 9999
        out.append({"jenis": "periode", "periode": period.text, **({} if sure else {"ragu": True})})
    return out
