"""What the `narasi` rules compare a claim with, derived from the claim as written and never
stated by the report: the count its words name, the items it counts, the facts of its date.

Kept apart from the extractor so that a claim typed by hand and a claim read from a document are
judged the same way.
"""

from __future__ import annotations

import calendar
import re
from decimal import Decimal
from typing import Any

from validator.figures import Figure
from validator.narrative.dates import WEEKDAY_NAMES, WEEKDAYS, find_dates, find_periods
from validator.narrative.numwords import words_value

NAME_KEYS = ("kode", "indikator", "versi", "id", "tahun", "uraian", "nama")
_SEGMENT = re.compile(r"^(?P<name>[^\[\]]+)(?:\[(?P<pick>[^\]]+)\])?$")


def words_figure(words: str | None) -> Figure | None:
    """The count a claim writes in words ("empat puluh delapan"), as an exact figure."""
    value = words_value(re.sub(r"\s+rupiah$", "", words.strip(), flags=re.IGNORECASE)) if words else None
    return None if value is None else Figure(Decimal(value), words, None)


def counted_items(claim: dict, data: dict) -> Figure | None:
    """How many items the claim counts: its `daftar`, or the items of the list its `dihitung`
    path names in the report (`perjanjian_kinerja[akhir].sasaran[*].indikator`).
    Raises ValueError for a path that names no list."""
    if claim.get("daftar") is not None:
        items = claim["daftar"]
        return Figure(Decimal(len(items)), f"{len(items)} butir daftar", None)
    path = claim.get("dihitung")
    if not path:
        return None
    items = _list_at(data, path)
    return Figure(Decimal(len(items)), f"{len(items)} butir {path}", None)


def _list_at(data: dict, path: str) -> list:
    values: list[Any] = [data]
    for segment in path.split("."):
        m = _SEGMENT.match(segment)
        if m is None:
            raise ValueError(f"dihitung {path!r}: {segment!r} is not a path segment")
        values = [v.get(m["name"]) for v in values if isinstance(v, dict)]
        if m["pick"] == "*":
            values = [item for v in values if isinstance(v, list) for item in v]
        elif m["pick"] is not None:
            values = [item for v in values if isinstance(v, list) for i, item in enumerate(v)
                      if _named(item, i, m["pick"])]
        if not values or any(v is None for v in values):
            raise ValueError(f"dihitung {path!r} names nothing in this report (at {segment!r})")
    if not all(isinstance(v, list) for v in values):
        raise ValueError(f"dihitung {path!r} does not name a list")
    return [item for v in values for item in v]


def _named(item: Any, index: int, name: str) -> bool:
    if isinstance(item, dict) and any(str(item.get(key)) == name for key in NAME_KEYS if item.get(key) is not None):
        return True
    return str(index) == name


def date_facts(written: str | None) -> dict[str, Any]:
    """The columns of a `tanggal` claim: the date as YYYYMMDD, whether it can be, the weekday
    written and the weekday it is."""
    dates = find_dates(written) if written else []
    if not dates:
        return {"tanggal": written, "tanggal_angka": None, "tanggal_sah": None if not written else "tidak",
                "hari": None, "hari_seharusnya": None}
    date = dates[0]
    impossible = [p for p in date.problems() if "≠" not in p]
    iso = None if impossible else date.iso
    written_days = [(day, name) for day, name in ((date.day, date.weekday), (date.last_day, date.last_weekday))
                    if day is not None and name is not None]
    actual = None
    if not impossible and written_days:
        actual = " s.d. ".join(WEEKDAY_NAMES[calendar.weekday(date.year, date.month, day)] for day, _ in written_days)
    return {"tanggal": written, "tanggal_angka": int(iso.replace("-", "")) if iso else None,
            "tanggal_sah": "tidak" if impossible else "ya",
            "hari": " s.d. ".join(WEEKDAY_NAMES[WEEKDAYS[name.lower()]] for _, name in written_days) or None,
            "hari_seharusnya": actual}


def period_facts(written: str | None) -> dict[str, Any]:
    """The columns of a `periode` claim: its year and quarter."""
    periods = find_periods(written) if written else []
    return {"periode": written, "periode_tahun": periods[0].year if periods else None,
            "periode_triwulan": periods[0].quarter if periods else None}
