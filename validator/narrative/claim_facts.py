"""What the `narasi` rules compare a claim with, derived from the claim as written and never
stated by the report: the count its words name, the facts of its date and period.

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



def words_figure(words: str | None) -> Figure | None:
    """The count a claim writes in words ("empat puluh delapan"), as an exact figure."""
    value = words_value(re.sub(r"\s+rupiah$", "", words.strip(), flags=re.IGNORECASE)) if words else None
    return None if value is None else Figure(Decimal(value), words, None)


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
