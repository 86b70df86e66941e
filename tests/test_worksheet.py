"""The review worksheet (Kertas Kerja Reviu): `--format html`, `xlsx` and `chr`.

What a reviewer relies on: every finding is there with its figures, place, criteria and
recommendation; the HTML page is one file that makes no request and survives hostile report data;
the workbook opens with every field in its cell; the draft review notes use limited-assurance
wording. The rendering in a real browser is in test_worksheet_browser.py.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.fixtures import BOTH
from typer.testing import CliRunner

from validator.cli import app
from validator.engine import Options, run
from validator.reporters import REPORTERS, chr as chr_report, html as html_report, xlsx as xlsx_report
from validator.reporters.json_report import render as json_render
from validator.rulepack import load_packs, pack_dirs

ROOT = Path(__file__).resolve().parent.parent
REPORT_000 = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "sample_reports").glob("000_*.yaml"))
CLEAN = "sample_reports/clean_lkj_2024_bpmp_contoh.yaml"
DAY = date(2026, 1, 2)

# Hostile data: markup, a formula, a control character, Markdown, and a URL in the satker's name,
# markup in a budget code that the messages quote, and ANG001/ANG003 failing so findings exist.
EVIL = """\
format: lakin/1
laporan:
  jenis: tahunan
  tahun: 2024
  dokumen: "x<img src=https://evil.example/a.png>"
  satker: {kode: "999999", nama: "=HYPERLINK(\\"https://evil.example\\") <script>alert(1)</script> \\u0007 *[x](javascript:y)* # h"}
"""
EVIL += BOTH[BOTH.index("anggaran:"):].replace("kode: EBA", 'kode: "<b>EBA"')


@pytest.fixture(scope="module")
def packs():
    return load_packs(pack_dirs())


def check(paths, packs, cwd: Path = ROOT):
    with contextlib.chdir(cwd):
        return run([str(p) for p in paths], packs, Options())


@pytest.fixture(scope="module")
def result_000(packs):
    return check(REPORT_000, packs)


@pytest.fixture(scope="module")
def evil(tmp_path_factory, packs):
    folder = tmp_path_factory.mktemp("evil")
    (folder / "evil.yaml").write_text(EVIL, encoding="utf-8")
    return check([folder / "evil.yaml"], packs)


def records(result, lang="id") -> list[dict]:
    return json.loads(json_render(result, lang))["findings"]


class Page(HTMLParser):
    """What the tests look at in an HTML page: text, headings, ids, links, tables, form controls."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.tags: list[tuple[str, dict]] = []
        self.text_parts: list[str] = []
        self.headings: list[tuple[int, str]] = []
        self.labelled_inputs = 0
        self.inputs = 0
        self._heading: list[str] | None = None
        self.feed(text)
        self.text = " ".join(" ".join(self.text_parts).split())

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "input":
            self.inputs += 1
            self.labelled_inputs += any(t == "label" for t, _ in self.stack)
            return
        if tag in ("meta", "br", "wbr", "link", "img"):
            return
        self.stack.append((tag, attrs))
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = []

    def handle_endtag(self, tag):
        if re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            self.headings.append((int(tag[1]), " ".join("".join(self._heading).split())))
            self._heading = None
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if any(t in ("script", "style") for t, _ in self.stack):
            return
        self.text_parts.append(data)
        if self._heading is not None:
            self._heading.append(data)

    def find(self, tag: str, **want) -> list[dict]:
        return [a for t, a in self.tags if t == tag and all(a.get(k.replace("_", "-")) == v for k, v in want.items())]


# --- HTML -------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def page_000(result_000) -> str:
    return html_report.render(result_000, "id", today=DAY)


def test_html_is_one_file_that_requests_nothing(page_000):
    assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", page_000, re.I)
    page = Page(page_000)
    assert not page.find("link") and not page.find("img") and not page.find("iframe")
    assert all(not a.get("src") for _, a in page.tags)
    assert all(a["href"].startswith("#") for t, a in page.tags if t == "a")
    assert "@import" not in page_000 and "url(" not in page_000 and "@font-face" not in page_000
    csp = page.find("meta", http_equiv="Content-Security-Policy")
    assert csp and "default-src 'none'" in csp[0]["content"]


def test_html_header_names_what_was_checked(page_000, result_000):
    page = Page(page_000)
    assert page.find("html", lang="id")
    head = page.text.split("Ringkasan")[0]
    assert "Balai Penjaminan Mutu Pendidikan (BPMP) Provinsi Nusa Tenggara Timur (419546)" in head
    assert "2024" in head and "Tahunan" in head and "Triwulan IV" in head
    for report in REPORT_000:
        assert report in head
    for pack in result_000.packs:
        assert f"{pack.name} {pack.version}" in head
    assert "lakin-audit 0.1.0" in head
    assert "2 Januari 2026" in head
    assert page.find("time", datetime="2026-01-02")


def test_html_has_every_finding_as_a_reviewer_writes_it(page_000, result_000):
    page = Page(page_000)
    found = records(result_000)
    articles = [a for t, a in page.tags if t == "article"]
    assert len(articles) == len(found) == len(result_000.findings) > 0
    assert [a["data-code"] for a in articles] == [f["rule"] for f in found]
    for f in found:
        for text in (f["title"], f["message"], f["kriteria"], f["akibat"], f["rekomendasi"], f["location"]["path"]):
            assert text in page.text, text
    for heading in ("Kondisi", "Kriteria", "Sebab", "Akibat", "Rekomendasi"):
        assert page.text.count(f" {heading} ") >= len(found)
    assert "Tidak cukup data" in page.text


def test_html_lays_out_the_computation(page_000):
    """ANG003 on RO 994 of report 000: inputs as written with their lines, the relation, expected and
    interval against the reported value, the difference and the likely culprit."""
    article = page_000.split('data-code="ANG003"')[1].split("</article>")[0]
    text = Page("<div " + article).text
    assert "persen = realisasi ÷ pagu × 100" in text
    assert re.search(r"pagu 18\.066\.234\.000\.00 \S*rincian\[994\]\.pagu 434", text)
    assert "Nilai tertulis 99.41%" in text and "Nilai seharusnya 99,08" in text
    assert "Interval hasil hitung [99,08075 ; 99,08075]" in text and "Selisih 0,33" in text
    assert "Kemungkinan penyebab" in text and "18.006.234.000,00" in text
    assert "baris 436" in text and "dokumen sumber baris 2140" in text
    assert "Agar persentase realisasi ro 994 dihitung ulang" in text


def test_html_summary_counts_by_category_and_severity(page_000, result_000):
    table = page_000.split("<table", 2)[1]
    page = Page("<table" + table)
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    counts = {}
    for row in rows[1:]:
        cells = [Page(c).text for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        counts[cells[0]] = [int(c) for c in cells[1:]]
    findings = result_000.findings
    for label, category in (("Konsistensi angka", "konsistensi-angka"), ("Pembulatan", "pembulatan")):
        assert counts[label][:3] == [sum(1 for f in findings if f.category == category and f.severity == s)
                                     for s in ("error", "warning", "info")]
    assert counts["Jumlah"][3] == len(findings)
    assert page.find("th", scope="col")


def test_html_is_accessible_markup(page_000):
    page = Page(page_000)
    levels = [level for level, _ in page.headings]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels
    assert all(a.get("scope") in ("col", "row") for t, a in page.tags if t == "th")
    assert page.inputs > 0 and page.labelled_inputs == page.inputs
    assert page.find("main") and page.find("nav") and page.find("header", role="banner")
    assert page.find("footer", role="contentinfo")
    assert "hidden" in page.find("form", id="saring")[0]  # no dead controls without JS
    ids = [a["id"] for _, a in page.tags if "id" in a]
    assert len(ids) == len(set(ids))
    for _, a in page.tags:
        for ref in filter(None, [a.get("aria-labelledby"), (a.get("href") or "").lstrip("#") or None]):
            assert ref in ids, ref


def test_html_prints_on_a4_without_the_filter(page_000):
    css = page_000.split("<style>")[1].split("</style>")[0]
    printing = css.split("@media print{", 1)[1]
    assert "size:A4" in printing
    assert re.search(r"section\.report\{[^}]*break-before:page", printing)
    assert re.search(r"\.filters[^{]*\{display:none", printing)


def test_html_index_links_each_report_section(packs):
    result = check(REPORT_000 + [CLEAN], packs)
    page = Page(html_report.render(result, "id", today=DAY))
    sections = [a["id"] for t, a in page.tags if t == "section" and "report" in a.get("class", "")]
    links = [a["href"][1:] for t, a in page.tags if t == "a" and a["href"].startswith("#laporan-")]
    assert sections == links and len(sections) == len(REPORT_000) + 1
    assert "Tidak ada temuan." in page.text  # the clean report is listed, reviewed, with nothing found


def test_html_in_english(result_000):
    page = Page(html_report.render(result_000, "en", today=DAY))
    assert page.find("html", lang="en")
    assert "Performance Report Review Worksheet" in page.text and "2 January 2026" in page.text
    for word in ("Condition", "Criteria", "Cause", "Effect", "Recommendation", "Insufficient data"):
        assert word in page.text
    assert records(result_000, "en")[0]["message"] in page.text


def test_html_output_is_deterministic_but_for_the_date(result_000):
    one = html_report.render(result_000, "id", today=DAY)
    assert one == html_report.render(result_000, "id", today=DAY)
    other = html_report.render(result_000, "id", today=date(2027, 3, 4))
    assert [line for line in one.splitlines() if line not in other.splitlines()] \
        == [line for line in one.splitlines() if "2026" in line and line not in other.splitlines()]


def test_html_escapes_hostile_report_data(evil):
    page_html = html_report.render(evil, "id", today=DAY)
    page = Page(page_html)
    assert len(page.find("script")) == 1 and "alert(1)" not in page_html.split("<script>")[1]
    assert "<b>EBA" not in page_html and not page.find("b") and not page.find("img")
    assert "\x07" not in page_html
    assert "<script>alert(1)</script>" in page.text and "kro <b>EBA" in page.text
    assert all(a["href"].startswith("#") for t, a in page.tags if t == "a")


def test_html_marks_waived_findings(packs):
    result = check(REPORT_000, packs)
    waived = result.findings[0]
    waived.waived = True
    page_html = html_report.render(result, "id", today=DAY)
    page = Page(page_html)
    marked = [a for t, a in page.tags if t == "article" and a.get("data-waived") == "1"]
    assert len(marked) == 1 and "waived" in marked[0]["class"] and marked[0]["data-code"] == waived.code
    article = page_html.split('data-waived="1"')[1].split("</article>")[0]
    assert "Dikecualikan" in article and "tidak dihitung dalam simpulan" in article
    assert page.find("input", name="waived")


def test_html_shows_the_rules_cause_when_it_states_one(packs):
    result = check(REPORT_000, packs)
    rule = next(r for p in result.packs for r in p.rules if r.code == result.findings[0].code)
    rule.data["sebab"] = {"id": "Rumus NKA berubah pada tahun itu.", "en": "The NKA formula changed that year."}
    try:
        page = html_report.render(result, "id", today=DAY)
    finally:
        del rule.data["sebab"]
    first = page.split("<article", 2)[1]
    assert "Rumus NKA berubah pada tahun itu." in first and "Tidak cukup data" not in first


# --- XLSX -------------------------------------------------------------------------------------------

def workbook(data: bytes):
    from openpyxl import load_workbook
    return load_workbook(io.BytesIO(data))


def test_xlsx_has_summary_findings_and_rules(result_000):
    data = xlsx_report.render(result_000, "id", today=DAY)
    book = workbook(data)
    assert book.sheetnames == ["Ringkasan", "Temuan", "Aturan"]
    every = {sheet.title: [[cell.value for cell in row] for row in sheet.iter_rows()] for sheet in book}

    sheet = book["Temuan"]
    header = every["Temuan"][0]
    for name in ("Laporan", "Satker", "Tahun", "Periode", "Tingkat", "Kategori", "Aturan", "Nama aturan", "Judul",
                 "Lokasi data", "Baris data", "Baris dokumen", "Pesan", "Kondisi", "Kriteria", "Akibat",
                 "Rekomendasi", "Seharusnya", "Tertulis", "Selisih", "Kemungkinan penyebab", "Dikecualikan",
                 "Sidik jari"):
        assert name in header, name
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}{len(result_000.findings) + 1}"
    col = {name: i for i, name in enumerate(header)}
    rows = every["Temuan"][1:]
    found = records(result_000)
    assert len(rows) == len(found)
    for row, f in zip(rows, found):
        assert row[col["Aturan"]] == f["rule"] and row[col["Sidik jari"]] == f["fingerprint"]
        assert row[col["Lokasi data"]] == f["location"]["path"] and row[col["Baris data"]] == f["location"]["line"]
        assert row[col["Pesan"]] == f["message"] and row[col["Rekomendasi"]] == f["rekomendasi"]
        assert row[col["Tertulis"]] == (f["actual"] or None) and row[col["Laporan"]] == f["report"]
        assert row[col["Tahun"]] == 2024 and row[col["Dikecualikan"]] == "tidak"
    ang003 = rows[[f["rule"] for f in found].index("ANG003")]
    assert ang003[col["Seharusnya"]] == "99,08" and ang003[col["Baris dokumen"]] == 2140
    assert "18.006.234.000,00" in ang003[col["Kemungkinan penyebab"]]
    assert sheet.column_dimensions["M"].width >= 40 and sheet.cell(2, col["Pesan"] + 1).alignment.wrap_text

    summary = every["Ringkasan"]
    assert any(r[:2] == ["Tanggal pemeriksaan", "2 Januari 2026"] for r in summary)
    per_report = [r for r in summary if r[1] in REPORT_000]
    assert [r[5] + r[6] + r[7] for r in per_report] == [
        sum(1 for f in found if f["report"] == report) for report in REPORT_000]

    rules = every["Aturan"]
    assert rules[0][:8] == ["Kode", "Nama", "Paket", "Versi", "Tingkat", "Kategori", "Judul", "Kriteria"]
    codes = [r[0] for r in rules[1:]]
    assert len(codes) == sum(len(p.rules) for p in result_000.packs) and "ANG003" in codes


def test_xlsx_is_deterministic_for_a_date(result_000):
    one = xlsx_report.render(result_000, "en", today=DAY)
    assert one == xlsx_report.render(result_000, "en", today=DAY)
    book = workbook(one)
    assert book["Temuan"]["A1"].value == "Report" and book.properties.modified.year == 2026


def test_xlsx_keeps_hostile_text_as_text(evil):
    data = xlsx_report.render(evil, "id", today=DAY)
    book = workbook(data)
    summary = [c for row in book["Ringkasan"].iter_rows() for c in row if isinstance(c.value, str)]
    name = next(c for c in summary if c.value.startswith("=HYPERLINK"))
    assert name.data_type == "s" and "\x07" not in name.value
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert sheets and not any(b"<f>" in s or b"<f " in s for s in sheets)


def test_xlsx_is_not_imported_by_other_formats():
    code = ("import sys, contextlib, io\nfrom validator.cli import app\nfrom typer.testing import CliRunner\n"
            "CliRunner().invoke(app, ['check', 'sample_reports/000_tw1_2024_bpmp_ntt.yaml', '--format', 'html'])\n"
            "print('openpyxl' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.strip() == "False", done.stderr


@pytest.mark.skipif(not (shutil.which("libreoffice") or shutil.which("soffice")), reason="LibreOffice is not installed")
def test_xlsx_opens_in_libreoffice(result_000, tmp_path):
    (tmp_path / "kkr.xlsx").write_bytes(xlsx_report.render(result_000, "id", today=DAY))
    office = shutil.which("libreoffice") or shutil.which("soffice")
    done = subprocess.run([office, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                           "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "kkr.xlsx")],
                          capture_output=True, text=True, timeout=180)
    pdf = tmp_path / "kkr.pdf"
    assert pdf.is_file(), done.stdout + done.stderr
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000


# --- Catatan Hasil Reviu ------------------------------------------------------------------------------

def test_chr_uses_limited_assurance_wording(result_000):
    text = chr_report.render(result_000, "id", today=DAY)
    assert text.startswith("# Catatan Hasil Reviu atas Laporan Kinerja Balai Penjaminan Mutu Pendidikan")
    assert "keyakinan terbatas" in text and "tidak menyatakan pendapat" in text
    assert "Berdasarkan reviu atas Laporan Kinerja" in text and "kami tidak menemukan" in text
    assert "kecuali hal-hal berikut:" in text and "Terdapat perbedaan" in text
    assert "penyimpangan" not in text.lower()
    for f in records(result_000):
        assert f"`{f['rule']}`" in text and f["rekomendasi"].split(" ")[0] == "Agar"


def test_chr_groups_findings_by_category(result_000):
    text = chr_report.render(result_000, "id", today=DAY)
    headings = re.findall(r"^## ([A-Z])\. (.+)$", text, re.M)
    assert [h[0] for h in headings] == list("ABCDEFG"[:len(headings)])
    categories = {f.category for f in result_000.findings}
    assert len(headings) == len(categories)
    section = text.split("## A. Konsistensi angka")[1].split("\n## ")[0]
    assert "`ANG003`" in section and "`PNY001`" not in section
    assert "Triwulan IV" in text  # quarterly findings say which report they come from


def test_chr_clean_report_has_no_exception(packs):
    text = chr_report.render(check([CLEAN], packs), "id", today=DAY)
    assert "kami tidak menemukan" in text and "kecuali" not in text


def test_chr_in_english(result_000):
    text = chr_report.render(result_000, "en", today=DAY)
    assert "limited assurance" in text and "except for the following:" in text and "There is a difference" in text


def test_chr_leaves_waived_findings_out_of_the_conclusion(packs):
    result = check([CLEAN, "sample_reports/000_tw1_2024_bpmp_ntt.yaml"], packs)
    tw1 = [f for f in result.findings if "tw1" in result.batch.sources[f.report].file]
    assert tw1
    for f in tw1:
        f.waived = True
    text = chr_report.render(result, "id", today=DAY)
    assert "kecuali hal-hal berikut" not in text and "kami tidak menemukan" in text
    assert "dikecualikan" in text and all(f"`{f.code}`" in text for f in tw1)


def test_chr_escapes_markdown(evil):
    text = chr_report.render(evil, "id", today=DAY)
    prose = re.sub(r"(`+).*?\1", "", text)  # code spans are inert
    assert "`anggaran.realisasi_rincian.rincian[<b>EBA].pagu`" in text  # the data is shown ...
    assert "<script>" not in prose and "<b>" not in prose and "](javascript" not in prose.replace("\\](", "")
    assert "\\<script\\>" in prose and "*[x]" not in prose  # ... escaped where Markdown would act on it
    assert "\x07" not in text and not re.search(r"^\s*#\s*h\b", text, re.M)


# --- the command --------------------------------------------------------------------------------------

def test_cli_writes_each_format(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767312000")  # 2026-01-02
    runner = CliRunner()
    for fmt, name in (("html", "kkr.html"), ("xlsx", "kkr.xlsx"), ("chr", "chr.md")):
        out = tmp_path / name
        with contextlib.chdir(ROOT):
            done = runner.invoke(app, ["check", *REPORT_000, "--format", fmt, "-o", str(out)])
        assert done.exit_code == 1, done.output
        assert out.stat().st_size > 1000
    assert "2 Januari 2026" in (tmp_path / "kkr.html").read_text("utf-8")
    assert workbook((tmp_path / "kkr.xlsx").read_bytes()).sheetnames == ["Ringkasan", "Temuan", "Aturan"]
    assert set(REPORTERS) >= {"html", "xlsx", "chr"}


def test_cli_unusable_input_is_one_line(tmp_path):
    with contextlib.chdir(ROOT):
        done = CliRunner().invoke(app, ["check", "no_such_file.yaml", "--format", "html", "-o", str(tmp_path / "k.html")])
    assert done.exit_code == 2 and "Traceback" not in done.output
    assert "no_such_file.yaml" in done.stderr
