"""Waivers: findings a repository has accepted, kept in a YAML file beside the reports.

A waiver names one finding by its fingerprint (stable when lines shift), says why it is accepted,
who accepted it and until when. A matching, unexpired waiver marks the finding `waived`: it is
still shown, but it no longer fails the gate. From its `expires` date on, a waiver stops waiving
and the finding says so. A waiver that matches no finding of a report that was checked is *stale*
and is reported, so the file does not keep accepting what is no longer there.

The file format (`lakin-waivers/1`) is checked against validator/schema/lakin-waivers-1.schema.json;
a bad file is a located `waivers` problem (exit code 2). Documented in docs/waivers.md.
"""

from __future__ import annotations

import difflib
import json
import os
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema

from validator.problems import Problem, ProblemError
from validator.schema_check import dotted
from validator.inputs.source import Source, read_source

if TYPE_CHECKING:
    from validator.config import Config
    from validator.engine import Result
    from validator.findings import Finding

FORMAT = "lakin-waivers/1"
DEFAULT_NAME = "lakin-waivers.yaml"
BASELINE_JUSTIFICATION = "baseline: diterima saat gerbang CI dipasang"
TODAY_VARIABLE = "LAKIN_TODAY"  # YYYY-MM-DD: judge expiry as on that day (tests, previews)

#: Indonesian field name → the English field it stands for (write one of the two).
ALIASES = {"aturan": "rule", "laporan": "report", "jalur": "path", "alasan": "justification",
           "disetujui_oleh": "accepted_by", "tanggal_disetujui": "accepted_on", "kedaluwarsa": "expires"}
DATE_FIELDS = ("accepted_on", "expires")

TEXT = {
    "id": {
        "waived": "dikecualikan", "expired": "pengecualian kedaluwarsa",
        "active_note": "Dikecualikan ({place}): {justification}",
        "expired_note": "Pengecualian ({file}:{line}) kedaluwarsa pada {expires}; temuan ini kembali dihitung. Alasan pengecualian: {justification}",
        "by": "disetujui oleh {who}", "on": "pada {when}", "until": "kedaluwarsa {expires}",
        "stale": "{file}:{line}: PERINGATAN pengecualian usang: {rule} {fingerprint}{where} tidak cocok dengan temuan mana pun; hapus dari berkas pengecualian.",
        "summary": "Pengecualian ({file}): {waived} temuan dikecualikan, {expired} pengecualian kedaluwarsa, {stale} pengecualian usang.",
    },
    "en": {
        "waived": "waived", "expired": "waiver expired",
        "active_note": "Waived ({place}): {justification}",
        "expired_note": "The waiver ({file}:{line}) expired on {expires}; this finding counts again. Its justification: {justification}",
        "by": "accepted by {who}", "on": "on {when}", "until": "expires {expires}",
        "stale": "{file}:{line}: WARNING stale waiver: {rule} {fingerprint}{where} matches no finding; remove it from the waiver file.",
        "summary": "Waivers ({file}): {waived} findings waived, {expired} waivers expired, {stale} stale waivers.",
    },
}


@dataclass(frozen=True)
class Waiver:
    """One accepted finding, as the waiver file states it."""

    fingerprint: str
    rule: str
    justification: str
    report: str | None = None
    path: str | None = None
    accepted_by: str | None = None
    accepted_on: date | None = None
    expires: date | None = None
    file: str = ""
    line: int = 0

    def active(self, today: date) -> bool:
        """In force before its `expires` date; on that date and after, it no longer waives."""
        return self.expires is None or today < self.expires


@dataclass(frozen=True)
class WaiverFile:
    file: str
    waivers: tuple[Waiver, ...]


@dataclass
class WaiverOutcome:
    """What a waiver file did to one run: for reporters (result.waivers)."""

    file: str
    today: date
    waived: int = 0
    expired: list[Waiver] = field(default_factory=list)  # matched a finding, but past their date
    stale: list[Waiver] = field(default_factory=list)    # matched no finding of a checked report


# --- finding and loading the file -------------------------------------------------------------------

def today() -> date:
    """Today's date, or the date in $LAKIN_TODAY (to test or preview expiry)."""
    forced = os.environ.get(TODAY_VARIABLE)
    if not forced:
        return date.today()
    try:
        return date.fromisoformat(forced)
    except ValueError:
        raise ProblemError([Problem("usage", TODAY_VARIABLE, f"{forced!r} is not a date written YYYY-MM-DD")]) from None


def locate(cwd: Path, config: Config, explicit: str | None = None) -> str | None:
    """The waiver file in force: --waivers FILE, else the configuration's `waivers` key, else
    lakin-waivers.yaml next to the configuration file, else in the current folder."""
    if explicit:
        return explicit
    if config.waivers:
        return _display(Path(config.waivers), cwd)
    folders = [Path(config.source).parent] if config.source else []
    for folder in [*folders, cwd]:
        candidate = folder / DEFAULT_NAME
        if candidate.is_file():
            return _display(candidate, cwd)
    return None


def _display(path: Path, cwd: Path) -> str:
    try:
        return str(path.resolve().relative_to(cwd.resolve()))
    except ValueError:
        return str(path)


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    return json.loads(resources.files("validator.schema").joinpath("lakin-waivers-1.schema.json").read_text("utf-8"))


def load_waivers(name: str) -> WaiverFile:
    """Read and validate a waiver file; raises ProblemError with every located problem."""
    if not Path(name).is_file():
        raise ProblemError([Problem("waivers", name, "no such waiver file")])
    try:
        source = read_source(Path(name), name)
    except ProblemError as exc:
        if [p.type for p in exc.problems] == ["empty-file"]:
            return WaiverFile(name, ())  # an empty file accepts nothing
        raise
    data = _as_text(source, source.data, ())
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        line, col = source.places.get(("format",), (1, 1))
        raise ProblemError([Problem("waivers", name, f"not a waiver file: it must start with `format: {FORMAT}`", line, col)])
    validator = jsonschema.Draft202012Validator(schema())
    problems = sorted((_problem(source, err) for err in validator.iter_errors(data)),
                      key=lambda p: (p.line, p.column, p.message))
    if problems:
        raise ProblemError(problems)
    waivers: list[Waiver] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(data["waivers"] or []):
        values = {ALIASES.get(k, k): v for k, v in entry.items()}
        line, col = source.places[("waivers", index)]
        for name_ in DATE_FIELDS:
            if name_ in values:
                try:
                    values[name_] = date.fromisoformat(values[name_])
                except ValueError:
                    key = next(k for k in entry if ALIASES.get(k, k) == name_)
                    at = source.places.get(("waivers", index, key), (line, col))
                    problems.append(Problem("waivers", name, f"{key}: {entry[key]!r} is not a date in the calendar",
                                            *at, f"waivers[{index}].{key}"))
        fp = values["fingerprint"]
        if fp in seen:
            problems.append(Problem("waivers", name, f"fingerprint {fp} is already waived at line {seen[fp]}; keep one waiver per finding",
                                    line, col, f"waivers[{index}]"))
        seen.setdefault(fp, line)
        waivers.append(Waiver(**values, file=name, line=line))
    if problems:
        raise ProblemError(sorted(problems, key=lambda p: (p.line, p.column)))
    return WaiverFile(name, tuple(waivers))


def _as_text(source: Source, value: Any, key: tuple) -> Any:
    """Every scalar as written: a NIP, an all-digit fingerprint, a date or `yes` stays text."""
    if isinstance(value, dict):
        return {k: _as_text(source, v, key + (k,)) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_text(source, v, key + (i,)) for i, v in enumerate(value)]
    scalar = source.scalars.get(key)
    if value is None or scalar is None:
        return value
    return scalar.text


FIELD_HINTS = {
    "fingerprint": "is not a fingerprint (16 characters 0-9a-f, the `fingerprint` of `lakin check --format json`)",
    "rule": "is not a rule code such as ANG001",
    "date": "is not a date written YYYY-MM-DD",
    "text": "must not be empty",
}


def _problem(source: Source, err: jsonschema.ValidationError) -> Problem:
    key = tuple(err.absolute_path)
    path = dotted(key)
    line, col = source.places.get(key, (1, 1))
    field_ = str(key[-1]) if key and isinstance(key[-1], str) else "value"
    if err.validator == "additionalProperties":
        allowed = list(err.schema.get("properties", {}))
        extra = [k for k in err.instance if k not in allowed]
        name = extra[0] if extra else "?"
        line, col = source.places.get(key + (name,), (line, col))
        hint = difflib.get_close_matches(name, allowed, n=1)
        message = f"unknown key {name!r}" + (f"; did you mean {hint[0]!r}?" if hint else f"; allowed: {', '.join(allowed)}")
    elif err.validator == "required":
        missing = [k for k in err.validator_value if k not in err.instance]
        message = f"missing required field {missing[0]!r}"
    elif err.validator == "anyOf":
        names = [n for sub in err.validator_value for n in sub.get("required", [])]
        message = "missing required field " + " (or ".join(repr(n) for n in names) + ")" * (len(names) - 1)
    elif err.validator == "not":
        alias = next((k for k in err.instance if k in ALIASES and ALIASES[k] in err.instance), "?")
        message = f"{alias!r} and {ALIASES.get(alias, '?')!r} are the same field; keep one"
    elif err.validator == "const":
        message = f"{field_}: must be {err.validator_value!r}"
    elif err.validator == "type":
        found = "nothing" if err.instance is None else type(err.instance).__name__.replace("dict", "mapping").replace("str", "text")
        kind = err.validator_value[0] if isinstance(err.validator_value, list) else err.validator_value
        wanted = {"object": "a mapping (field: value)", "array": "a list (lines starting with '- ')",
                  "string": "text"}.get(kind, kind)
        message = f"{field_}: expected {wanted}, found {found}"
    elif err.validator == "pattern":
        kind = ALIASES.get(field_, field_)
        hint = FIELD_HINTS.get(kind) or FIELD_HINTS["date" if kind in DATE_FIELDS else "text"]
        message = f"{field_}: {err.instance!r} {hint}"
    else:
        message = f"{field_}: {err.message}"
    return Problem("waivers", source.file, message, line, col, path)


# --- applying waivers -------------------------------------------------------------------------------

def apply_waivers(result: Result, waivers: WaiverFile | None, today: date,
                  rules_run: set[str] | None = None) -> WaiverOutcome | None:
    """Mark the findings that a waiver accepts; record expired and stale waivers on the result.

    A waiver is judged stale only when its rule ran (`rules_run`, default: every rule) and its
    report was among the checked files (or it names no report, or a report that no longer exists),
    so checking one changed file does not call every other file's waivers stale.
    """
    if waivers is None:
        result.waivers = None
        return None
    outcome = WaiverOutcome(waivers.file, today)
    by_fingerprint = {w.fingerprint: w for w in waivers.waivers}
    matched: set[str] = set()
    for f in result.findings:
        w = by_fingerprint.get(f.fingerprint)
        if w is None:
            continue
        matched.add(w.fingerprint)
        if w.rule != f.code:
            result.problems.append(Problem("waivers", w.file, f"the waiver says rule {w.rule}, but the finding with "
                                           f"fingerprint {w.fingerprint} is {f.code}; correct `rule`", w.line))
            continue
        f.waiver = w
        f.waived = w.active(today)
        if f.waived:
            outcome.waived += 1
        else:
            outcome.expired.append(w)
    checked = {Path(s.file).resolve() for s in result.batch.sources}
    folder = Path(waivers.file).parent
    for w in waivers.waivers:
        if w.fingerprint in matched or (rules_run is not None and w.rule not in rules_run):
            continue
        report = (folder / w.report).resolve() if w.report else None
        if report is None or report in checked or not report.exists():
            outcome.stale.append(w)
    result.waivers = outcome
    return outcome


# --- presentation helpers (shared by the reporters) -------------------------------------------------

def status(f: Finding) -> str | None:
    """'active', 'expired', or None when no waiver names the finding."""
    if getattr(f, "waiver", None) is None:
        return None
    return "active" if f.waived else "expired"


def note(f: Finding, lang: str) -> str | None:
    """One sentence on the waiver of a finding, in the reader's language."""
    w = getattr(f, "waiver", None)
    if w is None:
        return None
    words = TEXT[lang]
    if not f.waived:
        return words["expired_note"].format(file=w.file, line=w.line, expires=w.expires, justification=w.justification)
    accepted = " ".join(part for part in (words["by"].format(who=w.accepted_by) if w.accepted_by else "",
                                          words["on"].format(when=w.accepted_on) if w.accepted_on else "") if part)
    until = words["until"].format(expires=w.expires) if w.expires else ""
    place = "; ".join(part for part in (f"{w.file}:{w.line}", accepted, until) if part)
    return words["active_note"].format(place=place, justification=w.justification)


def marker(f: Finding, lang: str) -> str:
    """` [dikecualikan]` / ` [pengecualian kedaluwarsa]` after a finding's first line, or ''."""
    state = status(f)
    return "" if state is None else f" [{TEXT[lang]['waived' if state == 'active' else 'expired']}]"


def waiver_record(w: Waiver) -> dict[str, Any]:
    return {"file": w.file, "line": w.line, "fingerprint": w.fingerprint, "rule": w.rule, "report": w.report,
            "path": w.path, "justification": w.justification, "accepted_by": w.accepted_by,
            "accepted_on": None if w.accepted_on is None else w.accepted_on.isoformat(),
            "expires": None if w.expires is None else w.expires.isoformat()}


def finding_waiver(f: Finding, lang: str) -> dict[str, Any] | None:
    """The `waiver` of a JSON finding record: the waiver, its status and a sentence about it."""
    state = status(f)
    if state is None:
        return None
    return {"status": state, **waiver_record(f.waiver), "note": note(f, lang)}


def stale_lines(result: Result, lang: str) -> list[str]:
    outcome = getattr(result, "waivers", None)
    if outcome is None:
        return []
    lines = []
    for w in outcome.stale:
        where = f" ({', '.join(x for x in (w.report, w.path) if x)})" if (w.report or w.path) else ""
        lines.append(TEXT[lang]["stale"].format(file=w.file, line=w.line, rule=w.rule, fingerprint=w.fingerprint, where=where))
    return lines


def summary_line(result: Result, lang: str) -> str | None:
    outcome = getattr(result, "waivers", None)
    if outcome is None:
        return None
    return TEXT[lang]["summary"].format(file=outcome.file, waived=outcome.waived, expired=len(outcome.expired),
                                        stale=len(outcome.stale))


def summary_counts(result: Result) -> dict[str, int]:
    outcome = getattr(result, "waivers", None)
    return {"waived": sum(1 for f in result.findings if f.waived),
            "expired_waivers": 0 if outcome is None else len(outcome.expired),
            "stale_waivers": 0 if outcome is None else len(outcome.stale)}


# --- baseline -----------------------------------------------------------------------------------------

def baseline_text(result: Result, target: Path, today: date, expires: date | None = None,
                  by: str | None = None, lang: str = "id") -> str:
    """A waiver file accepting every finding of `result`, to adopt the gate on existing data."""
    from validator.render import message
    from validator.reporters.json_report import rules_by_code

    rules = rules_by_code(result)
    folder = target.resolve().parent
    lines = [
        f"# Pengecualian temuan lakin, dibuat oleh `lakin baseline` pada {today.isoformat()}.",
        "# Setiap pengecualian menerima satu temuan (dicocokkan dengan fingerprint-nya). Ganti alasan",
        "# \"baseline: …\" dengan alasan sebenarnya saat temuan ditinjau, atau hapus pengecualiannya",
        "# setelah datanya diperbaiki. Format: docs/waivers.md.",
        f"format: {FORMAT}",
        "waivers:" if result.findings else "waivers: []",
    ]
    label = {"error": "GALAT", "warning": "PERINGATAN", "info": "INFO"} if lang == "id" else \
            {"error": "ERROR", "warning": "WARNING", "info": "INFO"}
    for f in result.findings:
        source = result.batch.sources[f.report].file
        try:
            report = Path(os.path.relpath(Path(source).resolve(), folder)).as_posix()
        except ValueError:  # another drive on Windows
            report = Path(source).as_posix()
        text = " ".join(message(f, rules[f.code], lang).split())
        lines.append(f"  # {label[f.severity]} {f.code}, {report}:{f.line}: {text}")
        lines.append(f"  - fingerprint: {_q(f.fingerprint)}")
        lines.append(f"    rule: {f.code}")
        lines.append(f"    report: {_q(report)}")
        lines.append(f"    path: {_q(f.path)}")
        lines.append(f"    justification: {_q(BASELINE_JUSTIFICATION)}")
        if by:
            lines.append(f"    accepted_by: {_q(by)}")
        lines.append(f"    accepted_on: {today.isoformat()}")
        if expires:
            lines.append(f"    expires: {expires.isoformat()}")
    return "\n".join(lines) + "\n"


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def parse_expires(text: str | None, today: date) -> date | None:
    """The --expires date of `lakin baseline`: a real date after today, or None."""
    if text is None:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ProblemError([Problem("usage", "--expires", f"{text!r} is not a date written YYYY-MM-DD")]) from None
    if day <= today:
        raise ProblemError([Problem("usage", "--expires", f"{day} is not after today ({today}): the waivers would never apply")])
    return day


def baseline_summary(result: Result, output: str, lang: str) -> str:
    counts = {s: sum(1 for f in result.findings if f.severity == s) for s in ("error", "warning", "info")}
    template = {"id": "{file}: {n} pengecualian ditulis ({error} galat, {warning} peringatan, {info} info) untuk {reports} laporan.",
                "en": "{file}: {n} waivers written ({error} errors, {warning} warnings, {info} info) for {reports} reports."}
    return template[lang].format(file=output, n=len(result.findings), reports=len(result.batch.sources), **counts)
