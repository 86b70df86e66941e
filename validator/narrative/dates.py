"""Indonesian dates as reports write them: "30 Januari 2025", "Senin, 3 Juni 2024", "3-5 Juni 2024",
"Senin s.d. Rabu, 3 s.d. 5 Juni 2024", "25 Okt. 2024", "25-10-2024"; and periods: "Triwulan III
tahun 2023", "tahun anggaran 2024".

Each date is kept as written (day, month, year, weekday) and judged apart: an impossible day
(31 Juni), a year no report has (20024), a weekday that is not the date's. Reading never corrects.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "pebruari": 2, "feb": 2, "peb": 2, "maret": 3, "mar": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "agustus": 8, "agu": 8,
    "agt": 8, "agus": 8, "ags": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10,
    "november": 11, "nopember": 11, "nov": 11, "nop": 11, "desember": 12, "des": 12,
}
#: Weekday names by `date.weekday()` (Monday = 0), with the spellings reports use.
WEEKDAYS = {"senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4, "jum’at": 4,
            "sabtu": 5, "minggu": 6, "ahad": 6}
WEEKDAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
FIRST_YEAR, LAST_YEAR = 1945, 2099  # the years a report of the Republic can name

_DAY = r"(?:%s)" % "|".join(sorted(map(re.escape, WEEKDAYS), key=len, reverse=True))
_MONTH = r"(?:%s)" % "|".join(sorted(MONTHS, key=len, reverse=True))
_UNTIL = r"\s*(?:-|–|—|s\.\s?d\.?|s/d|sd|sampai(?:\s+dengan)?|hingga)\s*"
_DATE = re.compile(
    rf"""(?:(?P<hari>{_DAY})(?:{_UNTIL}(?P<hari2>{_DAY}))?\s*,?\s*(?:tanggal\s+|tgl\.?\s+)?)?
        (?<![\d.,/])(?P<d1>\d{{1,2}})(?:{_UNTIL}(?P<d2>\d{{1,2}}))?
        (?:\s+(?P<bulan>{_MONTH})\.?\s+|(?P<sep>[-/.])(?P<bulan_angka>\d{{1,2}})(?P=sep))
        (?P<tahun>\d{{4,5}})(?![\d.,]\d)""",
    re.IGNORECASE | re.VERBOSE,
)
_QUARTER = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4, "pertama": 1, "kedua": 2,
            "ketiga": 3, "keempat": 4}
_PERIOD = re.compile(
    r"""\b(?:(?P<tw_kata>triwulan|tw\.?)\s*(?P<tw>iv|iii|ii|i|[1-4]|pertama|kedua|ketiga|keempat)\s+
        (?:tahun\s+(?:anggaran\s+)?|ta\.?\s+)?(?P<tahun>\d{4,5})
        |(?:tahun\s+anggaran|\bta\.?)\s+(?P<tahun_anggaran>\d{4,5}))(?![\d.,]\d)""",
    re.IGNORECASE | re.VERBOSE,
)
_FIVE_DIGIT_YEAR = re.compile(r"\btahun\s+(?P<tahun>\d{5})\b", re.IGNORECASE)


@dataclass(frozen=True)
class WrittenDate:
    """A date (or a range of days in one month) as written, with where it stands in the text."""

    text: str
    day: int
    month: int
    year: int
    last_day: int | None = None
    weekday: str | None = None
    last_weekday: str | None = None
    start: int = 0

    def problems(self) -> list[str]:
        """What cannot be so: an impossible day or year, or a weekday that is not the date's."""
        out = []
        if not FIRST_YEAR <= self.year <= LAST_YEAR:
            out.append(f"tahun {self.year}")
            return out
        if not 1 <= self.month <= 12:
            return [f"bulan {self.month}"]
        days = calendar.monthrange(self.year, self.month)[1]
        for day in (self.day, self.last_day):
            if day is not None and not 1 <= day <= days:
                out.append(f"tanggal {day}")
        if out:
            return out
        for day, name in ((self.day, self.weekday), (self.last_day, self.last_weekday)):
            if day is not None and name is not None:
                actual = calendar.weekday(self.year, self.month, day)
                if WEEKDAYS[name.lower()] != actual:
                    out.append(f"{name} ≠ {WEEKDAY_NAMES[actual]}")
        return out

    @property
    def iso(self) -> str | None:
        """The (last) day as YYYY-MM-DD, or None when the date cannot be."""
        if self.problems() and not all("≠" in p for p in self.problems()):
            return None
        return f"{self.year:04d}-{self.month:02d}-{self.last_day or self.day:02d}"


def find_dates(text: str) -> list[WrittenDate]:
    """Every date written in `text`, in order."""
    out = []
    for m in _DATE.finditer(text):
        month = MONTHS[m["bulan"].lower()] if m["bulan"] else int(m["bulan_angka"])
        out.append(WrittenDate(m.group(0).strip(), int(m["d1"]), month, int(m["tahun"]),
                               int(m["d2"]) if m["d2"] else None, m["hari"], m["hari2"], m.start()))
    return out


@dataclass(frozen=True)
class WrittenPeriod:
    """A reporting period named in the text: a quarter of a year, or a budget year."""

    text: str
    year: int
    quarter: int | None
    start: int


def find_periods(text: str) -> list[WrittenPeriod]:
    """Every "Triwulan III tahun 2023" or "tahun anggaran 2024" in `text`; also a five-digit year
    after "tahun" ("tahun 20024"), which is a period no report has."""
    out = [WrittenPeriod(m.group(0).strip(), int(m["tahun"] or m["tahun_anggaran"]),
                         _QUARTER[m["tw"].lower()] if m["tw"] else None, m.start())
           for m in _PERIOD.finditer(text)]
    taken = {p.start for p in out}
    out += [WrittenPeriod(m.group(0), int(m["tahun"]), None, m.start())
            for m in _FIVE_DIGIT_YEAR.finditer(text) if not any(abs(m.start() - s) < 20 for s in taken)]
    return sorted(out, key=lambda p: p.start)
