"""The `lakin` command: parse options, call the engine, render, and map the result to an exit code.

Exit codes (docs/cli.md): 0 no finding at or above --fail-on; 1 findings at or above it;
2 unusable input, rules or configuration. Problems are one line each on stderr, never a traceback.
"""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path
from typing import Iterable, List, Optional

import typer

from validator import __version__
from validator.config import find_config, parameter_problems
from validator.engine import Options, Result, run, selected
from validator.loader import find_files
from validator.findings import SEVERITIES
from validator.problems import Problem, ProblemError
from validator.progress import progress
from validator.rulepack import load_packs, pack_dirs
from validator import waivers as waiving

EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2
FAIL_ON = ("error", "warning", "info", "never")

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Validate and audit Laporan Kinerja (SAKIP) report data.")
rules_app = typer.Typer(add_completion=False, no_args_is_help=True, help="List, show and test the rules.")
app.add_typer(rules_app, name="rules")

RulesOpt = typer.Option(None, "--rules", help="Rule pack folder(s) or built-in pack names (default: all built-in packs).")
LangOpt = typer.Option(None, "--lang", help="Language of messages: id (default) or en.")


def _fail(problems) -> None:
    for p in problems:
        typer.echo(p.one_line(), err=True)
    raise typer.Exit(EXIT_UNUSABLE)


def _packs(rules: Optional[List[str]]):
    try:
        return load_packs(pack_dirs(rules))
    except ProblemError as exc:
        _fail(exc.problems)


def _split(values: Optional[List[str]]) -> list[str]:
    return [v.strip() for value in values or [] for v in value.split(",") if v.strip()]


@app.command()
def check(
    paths: List[str] = typer.Argument(..., help="Report files (YAML/JSON/XLSX) or directories to check."),
    format: str = typer.Option("text", "--format", "-f", help="Output format: text, json, sarif, junit, github, markdown (docs/formats.md); html, xlsx, chr (review worksheet, docs/worksheet.md)."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help="Lowest severity that fails: error (default), warning, info, never."),
    lang: Optional[str] = LangOpt,
    rules: Optional[List[str]] = RulesOpt,
    select: Optional[List[str]] = typer.Option(None, "--select", help="Only these rule codes or prefixes (comma-separated)."),
    ignore: Optional[List[str]] = typer.Option(None, "--ignore", help="Skip these rule codes or prefixes (comma-separated)."),
    config: Optional[str] = typer.Option(None, "--config", help="Configuration file (default: the nearest lakin.toml, or the tool.lakin table of pyproject.toml)."),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="Write the report to this file instead of standard output."),
    waivers: Optional[str] = typer.Option(None, "--waivers", help="Waiver file (default: lakin-waivers.yaml next to the configuration file, or in the current folder)."),
    no_waivers: bool = typer.Option(False, "--no-waivers", help="Apply no waiver file."),
) -> None:
    """Check report data files and print findings."""
    from validator.reporters import REPORTERS

    try:
        cfg = find_config(Path.cwd(), config)
    except ProblemError as exc:
        _fail(exc.problems)
    lang = lang or cfg.lang or "id"
    fail_on = fail_on or cfg.fail_on or "error"
    if format not in REPORTERS or lang not in ("id", "en") or fail_on not in FAIL_ON:
        where = f" (set in {cfg.source})" if cfg.source and (lang == cfg.lang or fail_on == cfg.fail_on) else ""
        typer.echo(f"lakin: usage: --format {'|'.join(REPORTERS)}, --lang id|en, --fail-on {'|'.join(FAIL_ON)}{where}", err=True)
        raise typer.Exit(EXIT_UNUSABLE)
    packs = _packs(_split(rules) + cfg.rules or None)
    if problems := parameter_problems(cfg, packs):
        _fail(problems)
    options = Options(select=_split(select) or cfg.select, ignore=_split(ignore) + cfg.ignore,
                      severity=cfg.severity, parameters=cfg.parameters)
    try:
        name = None if no_waivers else waiving.locate(Path.cwd(), cfg, waivers)
        accepted, today = (waiving.load_waivers(name), waiving.today()) if name else (None, None)
        _refuse_output(output, paths, {"waiver": name, "configuration": cfg.source})
    except ProblemError as exc:
        _fail(exc.problems)
    with progress() as shown:
        result: Result = run(paths, packs, options, shown)
    result.config = cfg
    result.options = options  # which rules ran, for reporters that list passing rules (sarif, junit)
    waiving.apply_waivers(result, accepted, today, {r.code for p in packs for r in p.rules if selected(r, options)})
    rendered = REPORTERS[format](result, lang)
    try:
        emit(rendered, output, colour=format == "text")
    except ProblemError as exc:
        _fail(exc.problems)
    for problem in result.problems:
        typer.echo(problem.one_line(), err=True)
    raise typer.Exit(exit_code(result, fail_on))


def _refuse_output(output: str | None, paths: list[str], others: dict[str, str | None]) -> None:
    """Refuse, before anything runs, an output file that is an input: any data file found (an
    unusable one too, which the report about it would replace), the waiver or configuration file."""
    if output is None:
        return
    target = Path(output).resolve()
    if any(target == path.resolve() for path, _ in find_files(paths)[0]):
        raise ProblemError([Problem("usage", output, "is one of the reports being checked; choose another output file")])
    for what, name in others.items():
        if name and target == Path(name).resolve():
            raise ProblemError([Problem("usage", output, f"is the {what} file; choose another output file")])


def emit(rendered: str | bytes | Iterable[str], output: str | None, colour: bool = False) -> None:
    """Write to standard output or, atomically, to a file (inputs are refused earlier by
    `_refuse_output`); text in pieces is written piece by piece, so a large batch's output is
    never held whole."""
    if output is None:
        if isinstance(rendered, bytes):
            if sys.stdout.isatty():
                raise ProblemError([Problem("usage", "-", "this format is binary: write it to a file with -o FILE")])
            sys.stdout.buffer.write(rendered)
            return
        if isinstance(rendered, str):
            sys.stdout.write(_colour(rendered) if colour and sys.stdout.isatty() else rendered)
            return
        sys.stdout.writelines(rendered)
        return
    target = Path(output)
    if target.is_symlink():  # a link to the output: the file it names is written, the link stays
        target = target.resolve()
    if target.is_dir():
        raise ProblemError([Problem("usage", output, "is a folder; name the file to write")])
    if target.exists() and not target.is_file():  # a device or pipe (/dev/stdout): written, never replaced
        try:
            _write(target, rendered)
        except OSError as exc:
            raise ProblemError([Problem("usage", output, f"cannot be written: {exc.strerror or exc}")]) from None
        return
    temporary = target.with_name(f".{target.name}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _write(temporary, rendered)
        temporary.replace(target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)  # no half-written file left beside the output
        raise ProblemError([Problem("usage", output, f"cannot be written: {exc.strerror or exc}")]) from None


def _write(path: Path, rendered: str | bytes | Iterable[str]) -> None:
    if isinstance(rendered, bytes):
        path.write_bytes(rendered)
        return
    with path.open("w", encoding="utf-8", newline="") as stream:
        stream.writelines([rendered] if isinstance(rendered, str) else rendered)


def exit_code(result: Result, fail_on: str) -> int:
    if result.problems or not result.batch.files_seen:
        return EXIT_UNUSABLE
    if fail_on == "never":
        return EXIT_OK
    worst = SEVERITIES.index(fail_on)
    failing = any(SEVERITIES.index(f.severity) <= worst for f in result.findings if not f.waived)
    return EXIT_FINDINGS if failing else EXIT_OK


def _colour(text: str) -> str:
    colours = {" GALAT ": "31", " ERROR ": "31", " PERINGATAN ": "33", " WARNING ": "33", " INFO ": "36"}
    for word, code in colours.items():
        text = text.replace(word, f" \033[1;{code}m{word.strip()}\033[0m ")
    return text


@app.command()
def baseline(
    paths: List[str] = typer.Argument(..., help="Report files (YAML/JSON) or directories whose current findings are accepted."),
    output: str = typer.Option(waiving.DEFAULT_NAME, "--output", "-o", help="Waiver file to write."),
    expires: Optional[str] = typer.Option(None, "--expires", help="Date (YYYY-MM-DD) from which the waivers no longer apply."),
    by: Optional[str] = typer.Option(None, "--by", help="Who accepts the findings (name, NIP or role)."),
    force: bool = typer.Option(False, "--force", help="Replace the waiver file if it exists."),
    lang: Optional[str] = LangOpt,
    rules: Optional[List[str]] = RulesOpt,
    config: Optional[str] = typer.Option(None, "--config", help="Configuration file (as for `lakin check`)."),
) -> None:
    """Write a waiver file accepting every current finding, to adopt the CI gate on existing data."""
    try:
        cfg = find_config(Path.cwd(), config)
        today = waiving.today()
        until = waiving.parse_expires(expires, today)
        if Path(output).exists() and not force:
            raise ProblemError([Problem("usage", output, "already exists; use --force to replace it")])
        _refuse_output(output, paths, {"configuration": cfg.source})
    except ProblemError as exc:
        _fail(exc.problems)
    lang = lang or cfg.lang or "id"
    if lang not in ("id", "en"):
        _fail([Problem("usage", "--lang", f"{lang!r} is not id or en")])
    packs = _packs(_split(rules) + cfg.rules or None)
    if problems := parameter_problems(cfg, packs):
        _fail(problems)
    result = run(paths, packs, Options(select=cfg.select, ignore=cfg.ignore, severity=cfg.severity, parameters=cfg.parameters))
    if result.problems or not result.batch.files_seen:
        _fail(result.problems or [Problem("usage", " ".join(paths), "holds no report file (.yaml, .yml, .json)")])
    try:
        emit(waiving.baseline_text(result, Path(output), today, until, by, lang), output)
    except ProblemError as exc:
        _fail(exc.problems)
    typer.echo(waiving.baseline_summary(result, output, lang))


@app.command()
def template(
    output: str = typer.Option(..., "--output", "-o", help="The workbook to write (.xlsx)."),
    jenis: str = typer.Option("tahunan", "--jenis", help="Kind of report: tahunan (LKj) or triwulan."),
    contoh: bool = typer.Option(False, "--contoh", help="Fill the template with the bundled example report."),
    force: bool = typer.Option(False, "--force", help="Overwrite OUTPUT if it exists."),
) -> None:
    """Write the Excel template of a report (docs/excel.md)."""
    from validator.xlsx_template import JENIS, template_bytes

    target = Path(output)
    if jenis not in JENIS or target.suffix.lower() != ".xlsx":
        _fail([Problem("usage", output, f"--jenis {'|'.join(JENIS)} and an .xlsx output file")])
    if target.exists() and not force:
        _fail([Problem("usage", output, "exists; add --force to overwrite it")])
    try:
        emit(template_bytes(jenis, contoh), output)
    except ProblemError as exc:
        _fail(exc.problems)
    typer.echo(f"{output}: templat {jenis}{' (contoh)' if contoh else ''}; periksa dengan / check with: lakin check {output}")


@app.command()
def convert(
    source: str = typer.Argument(..., help="The report to convert (.yaml, .yml, .json or .xlsx)."),
    output: str = typer.Option(..., "--output", "-o", help="The file to write; its suffix picks the format."),
    force: bool = typer.Option(False, "--force", help="Overwrite OUTPUT if it exists (never the input)."),
    lang: Optional[str] = LangOpt,
) -> None:
    """Convert a report between YAML, JSON and Excel, keeping every figure as written."""
    from validator.convert import convert as run_convert

    try:
        written, notes = run_convert(source, output, force)
    except ProblemError as exc:
        _fail(exc.problems)
    for note in notes:
        typer.echo(f"{source}: {'catatan' if (lang or 'id') == 'id' else 'note'}: {note.text(lang or 'id')}", err=True)
    typer.echo(f"{source} → {written}")


@app.command()
def schema() -> None:
    """Print the JSON Schema of the lakin/1 report data format."""
    from validator.schema_check import schema as load_schema

    sys.stdout.write(json.dumps(load_schema(), ensure_ascii=False, indent=2) + "\n")


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(f"lakin-audit {__version__}")


@rules_app.command("list")
def rules_list(rules: Optional[List[str]] = RulesOpt, lang: Optional[str] = LangOpt) -> None:
    """A table of every rule: code, name, pack, kind, severity, status, title."""
    lang = lang or "id"
    for pack in _packs(rules):
        for rule in pack.rules:
            typer.echo(f"{rule.code}\t{rule.name}\t{pack.name}\t{rule.kind}\t{rule.severity}\t{rule.status}\t{rule.text('title', lang)}")


@rules_app.command("show")
def rules_show(code: str, rules: Optional[List[str]] = RulesOpt, lang: Optional[str] = LangOpt) -> None:
    """A rule's documentation, parameters and examples."""
    from validator.ruledocs import rule_page

    for pack in _packs(rules):
        for rule in pack.rules:
            if code.upper() in (rule.code, *rule.data.get("aliases", [])) or code == rule.name:
                sys.stdout.write(rule_page(rule, lang or "id"))
                return
    typer.echo(f"lakin: usage: no rule {code!r}; see `lakin rules list`", err=True)
    raise typer.Exit(EXIT_UNUSABLE)


@rules_app.command("test")
def rules_test(rules: Optional[List[str]] = RulesOpt) -> None:
    """Run every rule's passing and failing examples."""
    from validator.examples import run_all

    results = run_all(_packs(rules))
    failed = [r for r in results if not r.ok]
    for r in failed:
        typer.echo(f"FAIL {r.id} ({r.rule.file}): {r.detail}")
    typer.echo(f"rules: {len(results) - len(failed)} passed, {len(failed)} failed")
    raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)


def main() -> None:
    app()
