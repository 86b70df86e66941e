"""GitHub Actions workflow commands: one annotation line per finding (docs/formats.md).

    ::error file=laporan.yaml,line=435,col=12,title=ANG003 persen-…::Persentase realisasi …

error → `::error`, warning → `::warning`, info → `::notice`. The message is followed by the
figure's path and the recommendation on their own lines (encoded as %0A). Waived findings are not
annotated (a finding whose waiver expired is, with a note); a stale waiver is a `::warning` on the
waiver file. A file that could not be used is an `::error` naming the problem type.

Escaping follows GitHub's runner (actions/toolkit `escapeData` / `escapeProperty`): in the message
`%`, CR and LF become %25, %0D, %0A; in a property (file, title) also `:` and `,` become %3A, %2C.
Paths are relative to the working directory, so run `lakin` from the repository root.
"""

from __future__ import annotations

from validator.engine import Result
from validator.problems import Problem
from validator.reporters._shared import WORDS, baris, display_path
from validator.reporters.json_report import rules_by_code
from validator.render import message, recommendation
from validator.waivers import note, stale_lines

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, text: str, **props: object) -> str:
    given = [f"{key}={escape_property(str(value))}" for key, value in props.items() if value not in (None, "", 0)]
    return f"::{kind}{' ' + ','.join(given) if given else ''}::{escape_data(text)}"


def _problem(p: Problem) -> str:
    file = display_path(p.file) if p.file and p.file != "-" else None
    return command("error", p.one_line(), file=file, line=p.line, col=p.column, title=f"lakin {p.type}")


def render(result: Result, lang: str) -> str:
    words = WORDS[lang]
    rules = rules_by_code(result)
    lines = [_problem(p) for p in result.problems]
    for f in result.findings:
        if f.waived:
            continue
        rule = rules[f.code]
        doc = f" ({words['doc_line']} {baris(f.baris)})" if baris(f.baris) is not None else ""
        text = f"{message(f, rule, lang)}\n{f.path}{doc}\n{words['recommend']}: {recommendation(f, rule, lang)}"
        if f.waiver is not None:      # an expired waiver: say so
            text += f"\n{note(f, lang)}"
        lines.append(command(COMMANDS[f.severity], text, file=display_path(result.batch.sources[f.report].file),
                             line=f.line, col=f.column, title=f"{f.code} {rule.name}"))
    if result.waivers is not None:
        for w, text in zip(result.waivers.stale, stale_lines(result, lang)):
            lines.append(command("warning", text, file=display_path(w.file) if w.file else None, line=w.line,
                                 title="lakin stale-waiver"))
    return "".join(line + "\n" for line in lines)
