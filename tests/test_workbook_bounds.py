"""A hostile or broken workbook is one located problem within seconds, in bounded memory.

The files are built small on disk (tests/hostile_workbooks.py): each starts from the bundled example
workbook and has one part rewritten by a stream (repeated cells, a huge string), so that no test
holds what the file unpacks to. The files that took gigabytes before are checked in a separate process limited to
600 MB of address space and a minute, so a regression fails the test instead of the machine.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Iterator

import openpyxl
import pytest
from typer.testing import CliRunner

from validator.cli import app
from validator.inputs.workbook import read_workbook
from validator.inputs.workbook_bounds import (MAX_CELL_TEXT, MAX_CELLS, MAX_PART_BYTES, MAX_PARTS, MAX_RATIO,
                                             MAX_TOTAL_BYTES, MAX_WHOLE_PART_BYTES)
from validator.problems import ProblemError

from hostile_workbooks import (MARK, generic_table, repeated_cells_in_own_sheet, repeated_rows, repeated_text, rewritten,
                               sheet_data, with_shared_string, with_sheet)

PYTHON_LAKIN = [sys.executable, "-c", "from validator.cli import main; main()"]
MEMORY = 600 * 1024 * 1024


@pytest.fixture(scope="module")
def contoh(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("contoh") / "contoh.xlsx"
    assert CliRunner().invoke(app, ["template", "-o", str(path), "--contoh"]).exit_code == 0
    return path


def check_limited(workbook: Path) -> subprocess.CompletedProcess:
    """`lakin check` in a process that cannot take more than 600 MB nor more than a minute."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))

    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    return subprocess.run([*PYTHON_LAKIN, "check", workbook.name], capture_output=True, text=True, cwd=workbook.parent,
                          preexec_fn=limit, env=env, timeout=60)


def problem_of(path: Path) -> str:
    """The one problem line of reading a workbook in this process."""
    with pytest.raises(ProblemError) as caught:
        read_workbook(path, path.name)
    assert len(caught.value.problems) == 1, caught.value.problems
    return caught.value.problems[0].one_line()


# --- the outside review's files, in a process with bounded memory -----------------------------

def test_repeated_cells_in_a_hidden_own_sheet_are_refused_before_reading(contoh, tmp_path):
    """The review: 5.8 GB and 114 s before a MemoryError. 4 million cells: 60 MB unpacked."""
    bad, part = repeated_cells_in_own_sheet(contoh, tmp_path)
    assert bad.stat().st_size < 1024 * 1024
    done = check_limited(bad)
    assert done.returncode == 2, done.stderr[-2000:]
    assert done.stderr.splitlines() == [
        f"laporan.xlsx: too-large: sheet '_catatan' ({part}) unpacks to "
        + re.search(r"unpacks to ([\d,]+)", done.stderr).group(1)
        + f" bytes; the limit for one part is {MAX_PART_BYTES:,}: delete what it does not need, or keep that data in "
        "another file"]


def test_a_generic_table_of_a_million_cells_is_refused(contoh, tmp_path):
    """The review: a 378 KB file took 52 s and 2.3 GB and was accepted. Here a generic table's
    sheet of 9,999 rows × 100 columns, within the row and column limits."""
    bad = generic_table(contoh, tmp_path, 9_999, 100)
    assert bad.stat().st_size < 4 * 1024 * 1024
    done = check_limited(bad)
    assert done.returncode == 2, done.stderr[-2000:]
    assert len(done.stderr.splitlines()) == 1, done.stderr
    assert re.fullmatch(r"laporan\.xlsx: too-large: sheet 'Tabel T1' \(xl/worksheets/sheet\d+\.xml\) unpacks to [\d,]+ "
                        r"bytes; the limit for one part is [\d,]+: .*\n", done.stderr), done.stderr


def test_a_huge_shared_string_is_refused_before_reading(contoh, tmp_path):
    """The review: one 1 GB string cell in a 1 MB file took 3.2 GB. Here 256 MB of text in 1 MB."""
    bad = with_shared_string(contoh, tmp_path, repeated_text(256 << 20))
    assert bad.stat().st_size < 2 * 1024 * 1024
    done = check_limited(bad)
    assert done.returncode == 2, done.stderr[-2000:]
    assert re.fullmatch(r"laporan\.xlsx: too-large: part xl/sharedStrings\.xml unpacks to 268,435,\d+ bytes; the limit "
                        r"for one part is [\d,]+: .*\n", done.stderr), done.stderr


# --- each limit -------------------------------------------------------------------------------

def test_a_part_packed_more_than_the_ratio_is_refused(contoh, tmp_path):
    base, part, xml = with_sheet(contoh, tmp_path, "_catatan")
    bad = rewritten(base, tmp_path / "laporan.xlsx", {part: sheet_data(xml, repeated_rows(4_000))}, level=9)
    line = problem_of(bad)
    assert f"sheet '_catatan' ({part}) unpacks to" in line
    assert f"more than {MAX_RATIO} times its packed size" in line


def test_too_many_parts_are_refused(contoh, tmp_path):
    extra = {f"customXml/item{i}.xml": b"<a/>" for i in range(MAX_PARTS)}
    line = problem_of(rewritten(contoh, tmp_path / "laporan.xlsx", {}, extra))
    assert re.fullmatch(rf"laporan\.xlsx: too-large: the workbook has 1,\d\d\d parts; the limit is {MAX_PARTS:,}", line)


def test_parts_unpacking_past_the_total_are_refused(contoh, tmp_path):
    """Five parts each within the part limit and packed only about 30 times."""
    size = MAX_TOTAL_BYTES // 5 + 1

    def part() -> bytes:  # 1 KB of random digits in every 16 KB
        return b"".join(os.urandom(512).hex().encode() + b"x" * 15_360 for _ in range(size // 16_384 + 1))[:size]
    extra = {f"customXml/item{i}.xml": part() for i in range(5)}
    line = problem_of(rewritten(contoh, tmp_path / "laporan.xlsx", {}, extra))
    assert re.fullmatch(rf"laporan\.xlsx: too-large: the workbook unpacks to [\d,]+ bytes; the limit is {MAX_TOTAL_BYTES:,}",
                        line)


def test_styles_past_their_limit_are_refused(contoh, tmp_path):
    """openpyxl builds an object for every cell format: 245,000 of them took 29 s and 450 MB."""
    styles = zipfile.ZipFile(contoh).read("xl/styles.xml")
    head, tail = styles.split(b"</cellXfs>")

    def write(stream) -> None:
        stream.write(head)
        for i in range(MAX_WHOLE_PART_BYTES // 50):
            stream.write(b'<xf numFmtId="%d" fontId="0" fillId="0" borderId="0"/>' % (i % 50))
        stream.write(b"</cellXfs>" + tail)
    line = problem_of(rewritten(contoh, tmp_path / "laporan.xlsx", {"xl/styles.xml": write}))
    assert re.fullmatch(rf"laporan\.xlsx: too-large: part xl/styles\.xml unpacks to [\d,]+ bytes; the limit for it is "
                        rf"{MAX_WHOLE_PART_BYTES:,} \(a workbook saved by Excel has a few KB there\): save it again from "
                        r"Excel", line)


def test_a_part_packed_with_another_method_is_refused(contoh, tmp_path):
    target = tmp_path / "laporan.xlsx"
    rewritten(contoh, target, {})
    with zipfile.ZipFile(target, "a") as archive:
        archive.writestr("customXml/item1.xml", b"<a/>", compress_type=zipfile.ZIP_BZIP2)
    assert problem_of(target) == ("laporan.xlsx: workbook: part customXml/item1.xml is packed with method 12, which Excel "
                                  "never uses (a damaged file): save it again from Excel")


def test_too_many_filled_cells_are_refused_where_the_limit_is_reached(contoh, tmp_path):
    """Within the part, ratio and row/column limits: 10,000 rows × 21 columns of figures."""
    assert MAX_CELLS < 10_000 * 21
    base, part, xml = with_sheet(contoh, tmp_path, "Capaian2")

    def rows() -> Iterator[bytes]:
        for r in range(1, 10_001):
            yield b'<row r="%d">' % r + b"".join(b"<c><v>%d</v></c>" % (r * 31 + c) for c in range(21)) + b"</row>"
    line = problem_of(rewritten(base, tmp_path / "laporan.xlsx", {part: sheet_data(xml, rows)}))
    assert re.fullmatch(rf"laporan\.xlsx:Capaian2!\w+: too-large: the report sheets hold more than {MAX_CELLS:,} filled "
                        rf"cells; the limit is {MAX_CELLS:,}: keep notes and exports in a sheet named with a leading '_'",
                        line)


def test_own_sheets_are_not_read(contoh, tmp_path):
    """More rows and cells than a report sheet may have, in a sheet of the user's own: not parsed."""
    base, part, xml = with_sheet(contoh, tmp_path, "_ekspor SAKTI")

    def rows() -> Iterator[bytes]:
        for r in range(1, 12_001):
            yield b'<row r="%d">' % r + b"".join(b"<c><v>%d</v></c>" % (r * 31 + c) for c in range(21)) + b"</row>"
    good = rewritten(base, tmp_path / "laporan.xlsx", {part: sheet_data(xml, rows)})
    assert read_workbook(good).data["laporan"]["tahun"] == 2024


def test_a_cell_longer_than_excel_allows_is_refused(contoh, tmp_path):
    """openpyxl cuts a longer text to Excel's limit when it writes; another program need not."""
    base, part, xml = with_sheet(contoh, tmp_path, "Capaian2")
    long = b'<c r="A1" t="inlineStr"><is><t>' + b"a" * (MAX_CELL_TEXT + 1) + b"</t></is></c>"
    bad = rewritten(base, tmp_path / "laporan.xlsx", {part: lambda s: s.write(xml.replace(b'<c r="A1" t="n"><v>%d</v></c>' % MARK, long))})
    assert problem_of(bad) == (
        f"laporan.xlsx:Capaian2!A1: too-large: the cell holds {MAX_CELL_TEXT + 1:,} characters; a cell holds at most "
        f"{MAX_CELL_TEXT:,} (as in Excel)")


def test_a_shared_string_longer_than_excel_allows_is_refused(contoh, tmp_path):
    bad = with_shared_string(contoh, tmp_path, lambda stream: stream.write(b"a" * (MAX_CELL_TEXT + 1)))
    assert problem_of(bad) == (
        f"laporan.xlsx:Laporan!C5: too-large: the cell holds {MAX_CELL_TEXT + 1:,} characters; a cell holds at most "
        f"{MAX_CELL_TEXT:,} (as in Excel)")


def test_a_shared_string_is_read(contoh, tmp_path):
    """The same file with a short string: the reader sees it where Excel shows it."""
    good = with_shared_string(contoh, tmp_path, lambda stream: stream.write(b"2024-03-01"))
    assert read_workbook(good).data["laporan"]["tanggal"] == "2024-03-01"


def test_a_cell_of_endless_parts_is_refused(contoh, tmp_path):
    base, part, xml = with_sheet(contoh, tmp_path, "Capaian2")

    def rows() -> Iterator[bytes]:
        yield b'<row r="1"><c r="B1" t="inlineStr"><is>' + b"<r><t>a</t></r>" * (MAX_CELL_TEXT + 1) + b"</is></c></row>"
    line = problem_of(rewritten(base, tmp_path / "laporan.xlsx", {part: sheet_data(xml, rows)}))
    assert line == f"laporan.xlsx:Capaian2!B1: too-large: the cell holds more than {MAX_CELL_TEXT:,} parts"


def test_a_sheet_that_is_not_xml_is_a_located_problem(contoh, tmp_path):
    base, part, xml = with_sheet(contoh, tmp_path, "Capaian2")
    bad = rewritten(base, tmp_path / "laporan.xlsx", {part: lambda stream: stream.write(xml[: len(xml) // 2])})
    line = problem_of(bad)
    assert line.startswith("laporan.xlsx: workbook: sheet 'Capaian2' is not well-formed XML (")
    assert line.endswith("(a damaged file): save it again from Excel")


def test_a_cell_that_names_a_missing_shared_string_is_a_located_problem(contoh, tmp_path):
    base, part, xml = with_sheet(contoh, tmp_path, "Capaian2")
    cell = f'<c r="A1" t="n"><v>{MARK}</v></c>'.encode()
    assert cell in xml
    bad = rewritten(base, tmp_path / "laporan.xlsx", {part: lambda s: s.write(xml.replace(cell, b'<c r="A1" t="s"><v>99999</v></c>'))})
    assert problem_of(bad) == "laporan.xlsx:Capaian2!A1: workbook: the cell cannot be read (a damaged file): save it again from Excel"


def test_a_hidden_sheet_is_bounded_like_any_other(contoh, tmp_path):
    """Only a leading `_` keeps a sheet from being read; hiding it does not."""
    wb = openpyxl.load_workbook(contoh)
    ws = wb.create_sheet("Catatan")
    ws.sheet_state = "hidden"
    ws["B20000"] = "x"
    wb.save(tmp_path / "laporan.xlsx")
    assert problem_of(tmp_path / "laporan.xlsx").startswith(
        "laporan.xlsx:Catatan!B20000: workbook: the sheet reaches row 20,000, column B; a report sheet has at most 10,000 rows")


def test_a_sheet_that_cannot_be_unpacked_is_a_located_problem(contoh, tmp_path):
    """Bytes flipped inside a sheet's packed data: found while the sheet is streamed."""
    base, part, xml = with_sheet(contoh, tmp_path, "Capaian2")
    data = bytearray(base.read_bytes())
    info = zipfile.ZipFile(base).getinfo(part)
    start = info.header_offset + 30 + len(info.filename.encode()) + int.from_bytes(data[info.header_offset + 28:info.header_offset + 30], "little")
    for offset in range(start + info.compress_size // 3, start + info.compress_size // 3 + 8):
        data[offset] ^= 0xFF
    bad = tmp_path / "laporan.xlsx"
    bad.write_bytes(bytes(data))
    line = problem_of(bad)
    assert re.fullmatch(r"laporan\.xlsx: workbook: sheet 'Capaian2' (cannot be unpacked|is not well-formed XML) \(.*\) "
                        r"\(a damaged file\): save it again from Excel", line), line
