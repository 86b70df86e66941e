"""Normalise validated report data into tables: one DataFrame per kind of fact.

Every row carries `report` (its index in the batch), `path` (readable path of the row), `line`
(data-file line) and `baris` (source-document line). Figure columns hold `Figure` objects, so a
rule sees the exact value, the written precision and the place of every input. Loading many
reports gives the same tables with more rows, so rules run once over all of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable

import pandas as pd

from validator.figures import Figure
from validator.formula import FormulaError, parse_relation, table_names
from validator.formula import columns as columns_of
from validator.narrative.claim_facts import date_facts, period_facts, words_figure
from validator.numbers import Kind, NumberProblem, read_figure
from validator.problems import Problem
from validator.inputs.source import Key, Source

LEVELS = ("fungsi", "subfungsi", "program", "kegiatan", "kro", "ro", "komponen")
NAME_KEYS = ("kode", "indikator", "versi", "id", "tahun", "uraian", "nama")
COUNT_UNITS = frozenset(
    "orang lembaga sekolah satuan dokumen laporan layanan unit paket kab/kota kabupaten wilayah "
    "kegiatan satpen guru peserta rekomendasi".split()
)
DECIMAL_UNITS = frozenset({"%", "persen", "nilai", "indeks", "indeks spm", "skor", "poin"})
SCALES = {"rupiah": 1, "ribuan": 1000, "jutaan": 1_000_000}
#: Fields that are set, not measured: a target written 50 is exactly 50 (not 49,5–50,5).
TARGETS = frozenset({"target", "target_renstra", "target_pk", "target_tw"})

#: Table name → its columns (besides report, path, line, baris). Documented in docs/rules/tables.md.
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "laporan": ("file", "jenis", "tahun", "triwulan", "tanggal", "tanggal_angka", "satker_kode",
                "satker_nama", "kementerian_kode", "eselon1_kode", "dokumen"),
    "satker_disebut": ("file", "sumber", "kode", "nama"),
    "pk": ("versi", "tanggal", "total", "skala", "urutan", "terakhir", "berlaku", "tanggal_angka",
           "versi_sebelumnya", "tanggal_sebelumnya", "tanggal_sebelumnya_angka"),
    "pk_indikator": ("versi", "tanggal", "sasaran", "indikator", "nama", "satuan", "target", "tipe",
                     "polaritas", "target_renstra", "terakhir", "berlaku"),
    "pk_kegiatan": ("versi", "tanggal", "tingkat", "kode", "nama", "pagu", "terakhir", "berlaku"),
    "capaian": ("indikator", "sasaran", "nama", "satuan", "target", "realisasi", "capaian_persen",
                "nilai", "pembilang", "penyebut", "tipe", "polaritas", "target_renstra",
                "capaian_renstra_persen", "status", "status_kategori", "realisasi_kumulatif",
                "realisasi_tahun_lalu", "tahun_lalu"),
    "riwayat": ("indikator", "tahun", "target", "realisasi", "capaian_persen", "nilai", "satuan",
                "polaritas", "tipe"),
    "sakip": ("tahun", "nilai", "predikat", "kenaikan", "nilai_sebelumnya"),
    "sakip_komponen": ("tahun", "nama", "bobot", "nilai"),
    "nka": ("tahun", "ikpa", "eka", "nka", "kategori", "bobot_ikpa", "bobot_eka", "nka_sebelumnya"),
    "ikpa_komponen": ("nama", "bobot", "nilai"),
    "anggaran": ("pagu_awal", "pagu_akhir", "blokir", "realisasi", "daya_serap", "sisa"),
    "anggaran_node": ("sumber", "tingkat", "kode", "kode_lengkap", "kode_induk", "tanpa_kode", "daun", "nama", "parent", "pagu",
                      "realisasi", "persen", "volume_target", "volume_realisasi", "volume_satuan",
                      "volume_progres", "skala"),
    "anggaran_baris": ("tabel", "total", "kode", "uraian", "pagu", "blokir", "realisasi", "persen",
                       "realisasi_sp2d", "persen_sp2d", "target", "pagu_keluaran"),
    "efisiensi": ("nilai", "persen", "nilai_efisiensi"),
    "efisiensi_keluaran": ("kode", "nama", "pagu", "capaian_persen", "realisasi", "efisiensi_persen",
                           "nilai_efisiensi"),
    "renaksi_keluaran": ("kode", "tw1", "tw2", "tw3", "tw4", "pola"),
    "renaksi_indikator": ("kode", "target", "tw1", "tw2", "tw3", "tw4", "pola", "tanggal", "tanggal_angka"),
    "tw_progres": ("sasaran", "indikator", "target_pk", "satuan", "target_tw", "capaian_tw"),
    "tw_keluaran": ("total", "kode", "nama", "satuan", "volume", "capaian", "sisa_capaian", "pagu",
                    "realisasi", "sisa_anggaran"),
    "pernyataan": ("kalimat", "nilai", "merujuk", "dirujuk"),
    "narasi": ("jenis", "kalimat", "ragu", "satuan", "bagian", "keseluruhan", "persen", "awal", "akhir", "selisih",
               "arah", "jumlah", "jumlah_rincian", "angka", "nilai_kata", "jumlah_daftar", "tanggal",
               "tanggal_angka", "tanggal_sah", "hari", "hari_seharusnya", "periode", "periode_tahun",
               "periode_triwulan"),
}
BASE_COLUMNS = ("report", "path", "line", "baris")
#: Columns flattened from nested fields, and where they are in the data file.
DATA_PATHS = {"volume_target": "volume.target", "volume_realisasi": "volume.realisasi",
              "volume_satuan": "volume.satuan", "volume_progres": "volume.progres"}


def data_path(row_path: str, column: str) -> str:
    """The readable path of a row's column as written in the data file."""
    return f"{row_path}.{DATA_PATHS.get(column, column)}"


TOTAL_ROW = "_baris_total"  # flag column of generic tables; a name no declared column can take


@dataclass
class GenericTable:
    """A generic table of one report: its declaration and its rows (figures by column)."""

    report: int
    path: str
    id: str
    judul: str
    columns: list[str]
    rows: list[dict[str, Any]]  # row_columns each: rules stack the rows of many tables, so no frame per table
    relasi: list[str]
    kolom_total: str | None
    kolom_dijumlah: list[str]
    kolom_tidak_turun: list[str]  # columns whose numbers must not decrease down the rows (page numbers)
    pita: dict[str, list[tuple[str, Figure | None, Figure | None]]]
    relasi_lines: list[int]

    @property
    def data_rows(self) -> list[dict[str, Any]]:
        """The rows without the stated total row."""
        return [row for row in self.rows if not row[TOTAL_ROW]]

    @property
    def row_columns(self) -> list[str]:
        """The keys of every row: BASE_COLUMNS, the TOTAL_ROW flag, one per declared column."""
        return [*BASE_COLUMNS, TOTAL_ROW, *self.columns]


@dataclass
class Tables:
    """All normalised tables of a batch of reports."""

    frames: dict[str, pd.DataFrame]
    generic: list[GenericTable] = field(default_factory=list)
    joined: dict[str, pd.DataFrame] = field(default_factory=dict)  # frames with report identity, by rules

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.frames[name]


class _Ctx:
    """Per-file state while normalising: reads figures, names paths, collects problems."""

    def __init__(self, source: Source, report: int) -> None:
        self.source = source
        self.report = report
        self.problems: list[Problem] = []
        self.rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLE_COLUMNS}
        self.generic: list[GenericTable] = []
        self.figures: dict[str, Figure] = {}

    def figure(self, key: Key, path: str, kind: Kind, *, labels: bool = False,
               mark: str | None = None, scale: int = 1, exact: bool = False) -> Figure | None:
        """Read the scalar at `key`; `exact` for figures fixed by definition (targets, weights)."""
        scalar = self.source.scalars.get(key)
        if scalar is None or scalar.tag == "null":
            return None
        try:
            fig = read_figure(scalar.text, kind, labels_allowed=labels, decimal_mark=mark, scale=scale,
                              line=scalar.line, column=scalar.column, exact=exact, path=path)
        except NumberProblem as exc:
            self.problems.append(Problem(exc.kind, self.source.file, str(exc), scalar.line, scalar.column, path))
            return None
        if fig is not None:
            self.figures[path] = fig
        return fig

    def add(self, table: str, key: Key, path: str, item: dict[str, Any], **values: Any) -> dict[str, Any]:
        line = self.source.places.get(key, (0, 0))[0]
        row = {"report": self.report, "path": path, "line": line, "baris": item.get("baris")}
        row.update(values)
        self.rows[table].append(row)
        return row

    def problem(self, kind: str, key: Key, path: str, message: str) -> None:
        line, col = self.source.places.get(key, (0, 0))
        self.problems.append(Problem(kind, self.source.file, message, line, col, path))


def item_name(item: Any, index: int, first_column: str | None = None) -> str:
    """How a list item is named in a readable path: its key field, else its position."""
    if isinstance(item, dict):
        keys = (first_column,) if first_column else NAME_KEYS
        for name in keys:
            if name and item.get(name) not in (None, ""):
                return str(item[name])
    return str(index)


def _items(ctx: _Ctx, items: list[Any], key: Key, path: str, unique: str | None = None,
           first_column: str | None = None):
    """Yield (item, key, path) for a list, reporting duplicate names when they must be unique."""
    seen: set[str] = set()
    for i, item in enumerate(items or []):
        name = item_name(item, i, first_column)
        item_path = f"{path}[{name}]"
        if unique and isinstance(item, dict) and item.get(unique) is not None:
            if name in seen:
                ctx.problem("duplicate-code", key + (i,), item_path, f"{unique} {name!r} appears twice in {path}")
            seen.add(name)
        yield item, key + (i,), item_path


def unit_kind(satuan: str | None) -> Kind:
    """Which number kind an indicator's satuan implies (Orang → count, % → decimal)."""
    unit = (satuan or "").strip().lower()
    if unit in COUNT_UNITS:
        return Kind.COUNT
    if unit in DECIMAL_UNITS:
        return Kind.DECIMAL
    return Kind.ANY


@dataclass
class FileTables:
    """One report normalised: its rows per table, generic tables, figures by path, problems."""

    rows: dict[str, list[dict[str, Any]]]
    generic: list[GenericTable]
    figures: dict[str, Figure]
    problems: list[Problem]


def normalise_source(source: Source) -> FileTables:
    """Normalise one report; its rows say report 0 until `assemble` numbers the batch."""
    ctx = _Ctx(source, 0)
    for section in SECTIONS:
        section(ctx, source.data)
    _resolve_pernyataan(ctx)
    _resolve_pagu_keluaran(ctx)
    _derive(ctx, source.data)
    return FileTables(ctx.rows, ctx.generic, ctx.figures, ctx.problems)


def assemble(parts: list[FileTables]) -> Tables:
    """Stack the reports' rows into one DataFrame per table, numbering reports in order."""
    for report, part in enumerate(parts):
        for rows in part.rows.values():
            for row in rows:
                row["report"] = report
        for table in part.generic:
            table.report = report
            for row in table.rows:
                row["report"] = report
    frames = {
        name: pd.DataFrame([row for part in parts for row in part.rows[name]], columns=list(BASE_COLUMNS + cols))
        for name, cols in TABLE_COLUMNS.items()
    }
    return Tables(frames, [table for part in parts for table in part.generic])


def normalise(sources: list[Source]) -> tuple[Tables, list[Problem], list[dict[str, Figure]]]:
    """Tables for a batch of sources, the problems met, and each report's figures by path."""
    parts = [normalise_source(source) for source in sources]
    return assemble(parts), [p for part in parts for p in part.problems], [part.figures for part in parts]


# --- sections -------------------------------------------------------------------------------

def _laporan(ctx: _Ctx, data: dict) -> None:
    lap = data["laporan"]
    ctx.add("satker_disebut", ("laporan", "satker"), "laporan.satker", lap["satker"], file=ctx.source.file,
            sumber="laporan", kode=lap["satker"]["kode"], nama=lap["satker"].get("nama"))
    ctx.add("laporan", ("laporan",), "laporan", lap, file=ctx.source.file, jenis=lap["jenis"],
            tahun=lap["tahun"], triwulan=lap.get("triwulan"), tanggal=lap.get("tanggal"),
            satker_kode=lap["satker"]["kode"], satker_nama=lap["satker"].get("nama"),
            kementerian_kode=(lap.get("kementerian") or {}).get("kode"),
            eselon1_kode=(lap.get("eselon1") or {}).get("kode"), dokumen=lap.get("dokumen"))


def _pk(ctx: _Ctx, data: dict) -> None:
    for pk, key, path in _items(ctx, data.get("perjanjian_kinerja"), ("perjanjian_kinerja",), "perjanjian_kinerja", "versi"):
        versi, tanggal = pk["versi"], pk.get("tanggal")
        seen: set[str] = set()
        for sasaran, skey, spath in _items(ctx, pk.get("sasaran"), key + ("sasaran",), f"{path}.sasaran"):
            for ind, ikey, ipath in _items(ctx, sasaran.get("indikator"), skey + ("indikator",), f"{spath}.indikator"):
                if ind["kode"] in seen:
                    ctx.problem("duplicate-code", ikey, ipath, f"indikator {ind['kode']!r} appears twice in PK {versi}")
                seen.add(ind["kode"])
                kind = unit_kind(ind.get("satuan"))
                ctx.add("pk_indikator", ikey, ipath, ind, versi=versi, tanggal=tanggal,
                        sasaran=sasaran["kode"], indikator=ind["kode"], nama=ind.get("nama"),
                        satuan=ind.get("satuan"),
                        target=ctx.figure(ikey + ("target",), f"{ipath}.target", kind, labels=True, exact=True),
                        tipe=ind.get("tipe"), polaritas=ind.get("polaritas"),
                        target_renstra=ctx.figure(ikey + ("target_renstra",), f"{ipath}.target_renstra", kind,
                                                  labels=True, exact=True))
        budget = pk.get("anggaran") or {}
        bkey, bpath = key + ("anggaran",), f"{path}.anggaran"
        scale = SCALES[budget.get("skala", "rupiah")]
        for keg, kkey, kpath in _items(ctx, budget.get("kegiatan"), bkey + ("kegiatan",), f"{bpath}.kegiatan", "kode"):
            ctx.add("pk_kegiatan", kkey, kpath, keg, versi=versi, tanggal=tanggal, tingkat="kegiatan", kode=keg["kode"],
                    nama=keg.get("nama"), pagu=ctx.figure(kkey + ("pagu",), f"{kpath}.pagu", Kind.MONEY, scale=scale))
        ctx.add("pk", key, path, pk, versi=versi, tanggal=tanggal, skala=scale,
                total=ctx.figure(bkey + ("total",), f"{bpath}.total", Kind.MONEY, scale=scale))


def _pk_attribute(data: dict, indikator: str, name: str) -> Any:
    """An indicator attribute (satuan, polaritas, tipe) from the latest PK version that has it."""
    for pk in reversed(data.get("perjanjian_kinerja") or []):
        for sasaran in pk.get("sasaran") or []:
            for ind in sasaran.get("indikator") or []:
                if ind.get("kode") == indikator and ind.get(name):
                    return ind[name]
    return None


def _capaian(ctx: _Ctx, data: dict) -> None:
    for cap, key, path in _items(ctx, data.get("capaian"), ("capaian",), "capaian", "indikator"):
        code = cap["indikator"]
        satuan = cap.get("satuan") or _pk_attribute(data, code, "satuan")
        polaritas = cap.get("polaritas") or _pk_attribute(data, code, "polaritas") or "positif"
        tipe = cap.get("tipe") or _pk_attribute(data, code, "tipe") or "non-kumulatif"
        kind = unit_kind(satuan)
        fig = _figure_reader(ctx, key, path)
        ctx.add("capaian", key, path, cap, indikator=code, sasaran=cap.get("sasaran"), nama=cap.get("nama"),
                satuan=satuan, target=fig("target", kind, True), realisasi=fig("realisasi", kind, True),
                capaian_persen=fig("capaian_persen", Kind.DECIMAL), nilai=fig("nilai", Kind.DECIMAL),
                pembilang=fig("pembilang", Kind.COUNT), penyebut=fig("penyebut", Kind.COUNT),
                tipe=tipe, polaritas=polaritas, target_renstra=fig("target_renstra", kind, True),
                capaian_renstra_persen=fig("capaian_renstra_persen", Kind.DECIMAL), status=cap.get("status"))
        for old, okey, opath in _items(ctx, cap.get("riwayat"), key + ("riwayat",), f"{path}.riwayat", "tahun"):
            ofig = _figure_reader(ctx, okey, opath)
            ctx.add("riwayat", okey, opath, old, indikator=code, tahun=old["tahun"],
                    target=ofig("target", kind, True), realisasi=ofig("realisasi", kind, True),
                    capaian_persen=ofig("capaian_persen", Kind.DECIMAL), nilai=ofig("nilai", Kind.DECIMAL),
                    satuan=satuan, polaritas=polaritas, tipe=tipe)


def _figure_reader(ctx: _Ctx, key: Key, path: str, scale: int = 1, mark: str | None = None) -> Callable[..., Figure | None]:
    """A shorthand reading field `name` of the item at key/path; targets are exact by definition."""
    def read(name: str, kind: Kind, labels: bool = False) -> Figure | None:
        parts = tuple(name.split("."))
        return ctx.figure(key + parts, f"{path}.{name}", kind, labels=labels, scale=scale, mark=mark,
                          exact=name in TARGETS)
    return read


def _sakip(ctx: _Ctx, data: dict) -> None:
    for row, key, path in _items(ctx, data.get("sakip"), ("sakip",), "sakip", "tahun"):
        fig = _figure_reader(ctx, key, path)
        ctx.add("sakip", key, path, row, tahun=row["tahun"], nilai=fig("nilai", Kind.DECIMAL),
                predikat=fig("predikat", Kind.ANY, True), kenaikan=fig("kenaikan", Kind.DECIMAL))
        for comp, ckey, cpath in _items(ctx, row.get("komponen"), key + ("komponen",), f"{path}.komponen", "nama"):
            cfig = _figure_reader(ctx, ckey, cpath)
            ctx.add("sakip_komponen", ckey, cpath, comp, tahun=row["tahun"], nama=comp["nama"],
                    bobot=cfig("bobot", Kind.WEIGHT), nilai=cfig("nilai", Kind.DECIMAL))


def _nka(ctx: _Ctx, data: dict) -> None:
    nka = data.get("nka") or {}
    rumus = nka.get("rumus") or {}
    weights = _figure_reader(ctx, ("nka", "rumus"), "nka.rumus")
    w_ikpa = weights("ikpa", Kind.WEIGHT) if rumus else None
    w_eka = weights("eka", Kind.WEIGHT) if rumus else None
    for row, key, path in _items(ctx, nka.get("tahun"), ("nka", "tahun"), "nka.tahun", "tahun"):
        fig = _figure_reader(ctx, key, path)
        ctx.add("nka", key, path, row, tahun=row["tahun"], ikpa=fig("ikpa", Kind.DECIMAL),
                eka=fig("eka", Kind.DECIMAL), nka=fig("nka", Kind.DECIMAL), kategori=fig("kategori", Kind.ANY, True),
                bobot_ikpa=w_ikpa, bobot_eka=w_eka)
    for comp, key, path in _items(ctx, nka.get("komponen_ikpa"), ("nka", "komponen_ikpa"), "nka.komponen_ikpa", "nama"):
        fig = _figure_reader(ctx, key, path)
        ctx.add("ikpa_komponen", key, path, comp, nama=comp["nama"], bobot=fig("bobot", Kind.WEIGHT),
                nilai=fig("nilai", Kind.DECIMAL))


def _anggaran(ctx: _Ctx, data: dict) -> None:
    ang = data.get("anggaran")
    if not ang:
        return
    fig = _figure_reader(ctx, ("anggaran",), "anggaran")
    ctx.add("anggaran", ("anggaran",), "anggaran", ang, pagu_awal=fig("pagu_awal", Kind.MONEY),
            pagu_akhir=fig("pagu_akhir", Kind.MONEY), blokir=fig("blokir", Kind.MONEY),
            realisasi=fig("realisasi", Kind.MONEY), daya_serap=fig("daya_serap", Kind.DECIMAL),
            sisa=fig("sisa", Kind.MONEY))
    lrk = ang.get("realisasi_rincian")
    if lrk and lrk.get("satker"):
        key = ("anggaran", "realisasi_rincian", "satker")
        ctx.add("satker_disebut", key, "anggaran.realisasi_rincian.satker", lrk["satker"], file=ctx.source.file,
                sumber="realisasi_rincian", kode=lrk["satker"]["kode"], nama=lrk["satker"].get("nama"))
    if lrk:
        scale = SCALES[lrk.get("skala", "rupiah")]
        _nodes(ctx, lrk["rincian"], ("anggaran", "realisasi_rincian", "rincian"),
               "anggaran.realisasi_rincian.rincian", "realisasi_rincian", None, "", scale)
    for i, renja in enumerate(ang.get("renja") or []):
        key, path = ("anggaran", "renja", i), f"anggaran.renja[{i}]"
        scale = SCALES[renja.get("skala", "ribuan")]
        source = f"renja[{i}]"
        _nodes(ctx, renja["rincian"], key + ("rincian",), f"{path}.rincian", source, None, "", scale)
        total = renja.get("total")
        if total:
            tfig = _figure_reader(ctx, key + ("total",), f"{path}.total", scale)
            ctx.add("anggaran_node", key + ("total",), f"{path}.total", total, sumber=source, tingkat="total",
                    kode="total", kode_lengkap="total", kode_induk=None, tanpa_kode="tidak", daun="tidak",
                    nama=renja.get("judul"), parent=None,
                    pagu=tfig("pagu", Kind.MONEY), realisasi=None, persen=None,
                    volume_target=_figure_reader(ctx, key + ("total",), f"{path}.total")("volume", Kind.COUNT),
                    volume_realisasi=None, volume_satuan=None, volume_progres=None, skala=scale)
    for name in ("jenis_belanja", "per_indikator"):
        table = ang.get(name)
        if table:
            _budget_rows(ctx, table, ("anggaran", name), f"anggaran.{name}", name)


def _nodes(ctx: _Ctx, items: list, key: Key, list_path: str, source: str, parent: dict | None,
           prefix: str, scale: int) -> None:
    """The budget hierarchy, depth first; each row names its parent row's path."""
    for node, nkey, npath in _items(ctx, items, key, list_path, "kode"):
        level = node["tingkat"]
        if parent is not None and LEVELS.index(level) <= LEVELS.index(parent["tingkat"]):
            ctx.problem("wrong-parent", nkey, npath,
                        f"a {level} cannot sit under the {parent['tingkat']} {parent['kode']!r}")
        code = f"{prefix}.{node['kode']}" if prefix and level not in ("fungsi", "subfungsi", "program") else node["kode"]
        fig = _figure_reader(ctx, nkey, npath, scale)
        vol = _figure_reader(ctx, nkey, npath)
        volume = node.get("volume") or {}
        ctx.add("anggaran_node", nkey, npath, node, sumber=source, tingkat=level, kode=node["kode"],
                kode_lengkap=code, kode_induk=parent["kode"] if parent else None,
                tanpa_kode="ya" if node.get("tanpa_kode") else "tidak", daun="tidak" if node.get("rincian") else "ya",
                nama=node.get("nama"),
                parent=parent["path"] if parent else None,
                pagu=fig("pagu", Kind.MONEY), realisasi=fig("realisasi", Kind.MONEY),
                persen=vol("persen", Kind.DECIMAL), volume_target=vol("volume.target", Kind.COUNT),
                volume_realisasi=vol("volume.realisasi", Kind.COUNT), volume_satuan=volume.get("satuan"),
                volume_progres=vol("volume.progres", Kind.DECIMAL), skala=scale)
        here = {"tingkat": level, "kode": node["kode"], "path": npath}
        child_prefix = code if level not in ("fungsi", "subfungsi") else ""
        _nodes(ctx, node.get("rincian") or [], nkey + ("rincian",), f"{npath}.rincian", source, here, child_prefix, scale)


def _budget_rows(ctx: _Ctx, table: dict, key: Key, path: str, name: str) -> None:
    scale = SCALES[table.get("skala", "rupiah")]
    rows = [(item, ikey, ipath, False) for item, ikey, ipath in
            _items(ctx, table["rincian"], key + ("rincian",), f"{path}.rincian", "kode")]
    if table.get("total"):
        rows.append((table["total"], key + ("total",), f"{path}.total", True))
    for item, ikey, ipath, is_total in rows:
        fig = _figure_reader(ctx, ikey, ipath, scale)
        ctx.add("anggaran_baris", ikey, ipath, item, tabel=name, total=is_total, kode=item.get("kode"),
                uraian=item.get("uraian"), pagu=fig("pagu", Kind.MONEY), blokir=fig("blokir", Kind.MONEY),
                realisasi=fig("realisasi", Kind.MONEY), persen=fig("persen", Kind.DECIMAL),
                realisasi_sp2d=fig("realisasi_sp2d", Kind.MONEY), persen_sp2d=fig("persen_sp2d", Kind.DECIMAL),
                target=fig("target", Kind.ANY, True), pagu_keluaran=list(item.get("pagu_keluaran") or []))


def _efisiensi(ctx: _Ctx, data: dict) -> None:
    eff = data.get("efisiensi")
    if not eff:
        return
    fig = _figure_reader(ctx, ("efisiensi",), "efisiensi")
    ctx.add("efisiensi", ("efisiensi",), "efisiensi", eff, nilai=fig("nilai", Kind.MONEY),
            persen=fig("persen", Kind.DECIMAL), nilai_efisiensi=fig("nilai_efisiensi", Kind.DECIMAL))
    for out, key, path in _items(ctx, eff.get("keluaran"), ("efisiensi", "keluaran"), "efisiensi.keluaran", "kode"):
        ofig = _figure_reader(ctx, key, path)
        ctx.add("efisiensi_keluaran", key, path, out, kode=out["kode"], nama=out.get("nama"),
                pagu=ofig("pagu", Kind.MONEY), capaian_persen=ofig("capaian_persen", Kind.DECIMAL),
                realisasi=ofig("realisasi", Kind.MONEY), efisiensi_persen=ofig("efisiensi_persen", Kind.DECIMAL),
                nilai_efisiensi=ofig("nilai_efisiensi", Kind.DECIMAL))


def _rencana_aksi(ctx: _Ctx, data: dict) -> None:
    ra = data.get("rencana_aksi")
    if not ra:
        return
    for ind, key, path in _items(ctx, ra.get("indikator"), ("rencana_aksi", "indikator"), "rencana_aksi.indikator", "kode"):
        kind = unit_kind(_pk_attribute(data, ind["kode"], "satuan"))
        fig = _figure_reader(ctx, key, path)
        tw = [ctx.figure(key + ("tw", i), f"{path}.tw[{i}]", kind, labels=True, exact=True)
              for i in range(len(ind.get("tw") or []))]
        tw += [None] * (4 - len(tw))
        ctx.add("renaksi_indikator", key, path, ind, kode=ind["kode"], target=fig("target", kind, True),
                tw1=tw[0], tw2=tw[1], tw3=tw[2], tw4=tw[3], pola=ra.get("pola"), tanggal=ra.get("tanggal"),
                tanggal_angka=date_number(ra.get("tanggal")))
    _nodes(ctx, ra.get("keluaran") or [], ("rencana_aksi", "keluaran"), "rencana_aksi.keluaran", "rencana_aksi", None, "", 1)
    for out, key, path in _items(ctx, ra.get("tw_keluaran"), ("rencana_aksi", "tw_keluaran"), "rencana_aksi.tw_keluaran", "kode"):
        tw = [ctx.figure(key + ("tw", i), f"{path}.tw[{i}]", Kind.COUNT) for i in range(len(out.get("tw") or []))]
        tw += [None] * (4 - len(tw))
        ctx.add("renaksi_keluaran", key, path, out, kode=out["kode"], tw1=tw[0], tw2=tw[1], tw3=tw[2], tw4=tw[3],
                pola=ra.get("pola"))
    if ra.get("total") is not None:
        ctx.add("anggaran_node", ("rencana_aksi", "total"), "rencana_aksi.total", {}, sumber="rencana_aksi",
                tingkat="total", kode="total", kode_lengkap="total", kode_induk=None, tanpa_kode="tidak", daun="tidak",
                nama="Rencana aksi", parent=None,
                pagu=ctx.figure(("rencana_aksi", "total"), "rencana_aksi.total", Kind.MONEY), realisasi=None,
                persen=None, volume_target=None, volume_realisasi=None, volume_satuan=None, volume_progres=None, skala=1)


def _triwulan(ctx: _Ctx, data: dict) -> None:
    tw = data.get("triwulan")
    if not tw:
        return
    for row, key, path in _items(ctx, tw.get("progres"), ("triwulan", "progres"), "triwulan.progres", "indikator"):
        kind = unit_kind(row.get("satuan"))
        fig = _figure_reader(ctx, key, path)
        ctx.add("tw_progres", key, path, row, sasaran=row.get("sasaran"), indikator=row["indikator"],
                target_pk=fig("target_pk", kind, True), satuan=row.get("satuan"),
                target_tw=fig("target_tw", kind, True), capaian_tw=fig("capaian_tw", kind, True))
    rows = [(r, k, p, False) for r, k, p in _items(ctx, tw.get("keluaran"), ("triwulan", "keluaran"), "triwulan.keluaran", "kode")]
    if tw.get("total"):
        rows.append((tw["total"], ("triwulan", "total"), "triwulan.total", True))
    for row, key, path, is_total in rows:
        fig = _figure_reader(ctx, key, path)
        ctx.add("tw_keluaran", key, path, row, total=is_total, kode=row.get("kode"), nama=row.get("nama"),
                satuan=row.get("satuan"), volume=fig("volume", Kind.COUNT), capaian=fig("capaian", Kind.COUNT),
                sisa_capaian=fig("sisa_capaian", Kind.COUNT), pagu=fig("pagu", Kind.MONEY),
                realisasi=fig("realisasi", Kind.MONEY), sisa_anggaran=fig("sisa_anggaran", Kind.MONEY))


def _tabel(ctx: _Ctx, data: dict) -> None:
    for tab, key, path in _items(ctx, data.get("tabel"), ("tabel",), "tabel", "id"):
        columns = list(tab["kolom"])
        mark = {"koma": ",", "titik": "."}.get(tab.get("desimal"))
        scale = SCALES[tab.get("skala", "rupiah")]
        label = columns[0] if columns else None
        exact = set(tab.get("kolom_pasti") or [])
        rows = [(r, k, p, False) for r, k, p in _items(ctx, tab["rincian"], key + ("rincian",), f"{path}.rincian",
                                                         unique=label, first_column=label)]
        if tab.get("total"):
            rows.append((tab["total"], key + ("total",), f"{path}.total", True))
        records = []
        for row, rkey, rpath, is_total in rows:
            for name in row:
                if name not in columns and name != "baris":
                    ctx.problem("unknown-key", rkey + (name,), rpath, f"column {name!r} is not declared in kolom {columns}")
            line = ctx.source.places.get(rkey, (0, 0))[0]
            record = {"report": ctx.report, "path": rpath, "line": line, "baris": row.get("baris"), TOTAL_ROW: is_total}
            for name in columns:
                if name == label:
                    record[name] = row.get(name)
                else:
                    record[name] = ctx.figure(rkey + (name,), f"{rpath}.{name}", Kind.ANY, labels=True, mark=mark,
                                              scale=scale, exact=name in exact)
            records.append(record)
        pita = {}
        for band_name, bands in (tab.get("pita") or {}).items():
            pkey = key + ("pita", band_name)
            pita[band_name] = [
                (b["kategori"],
                 ctx.figure(pkey + (i, "di_atas"), f"{path}.pita.{band_name}[{i}].di_atas", Kind.DECIMAL),
                 ctx.figure(pkey + (i, "sampai"), f"{path}.pita.{band_name}[{i}].sampai", Kind.DECIMAL))
                for i, b in enumerate(bands)
            ]
        _check_relations(ctx, tab, key, path, columns)
        for name in tab.get("kolom_tidak_turun") or []:
            if name not in columns:
                ctx.problem("unknown-key", key + ("kolom_tidak_turun",), f"{path}.kolom_tidak_turun",
                            f"column {name!r} of kolom_tidak_turun is not declared in kolom {columns}")
        ctx.generic.append(GenericTable(
            report=ctx.report, path=path, id=tab["id"], judul=tab.get("judul", ""), columns=columns,
            rows=records, relasi=list(tab.get("relasi") or []), kolom_total=tab.get("kolom_total"),
            kolom_dijumlah=list(tab.get("kolom_dijumlah") or []),
            kolom_tidak_turun=list(tab.get("kolom_tidak_turun") or []), pita=pita,
            relasi_lines=[ctx.source.places.get(key + ("relasi", i), (0, 0))[0] for i in range(len(tab.get("relasi") or []))],
        ))


def _check_relations(ctx: _Ctx, tab: dict, key: Key, path: str, columns: list[str]) -> None:
    """A declared relation must parse and name only the table's columns and band tables."""
    for i, text in enumerate(tab.get("relasi") or []):
        where = key + ("relasi", i)
        try:
            target, expr = parse_relation(text)
        except FormulaError as exc:
            ctx.problem("formula", where, f"{path}.relasi[{i}]", f"relasi {text!r}: {exc}")
            continue
        unknown = sorted(name for name in ({target} if target else set()) | columns_of(expr) if name not in columns)
        if unknown:
            ctx.problem("formula", where, f"{path}.relasi[{i}]",
                        f"relasi {text!r} names {', '.join(unknown)}, not among the columns {columns}")
        bands = set(tab.get("pita") or {})
        missing = sorted(name for name in table_names(expr, "band") if name not in bands)
        if missing:
            ctx.problem("formula", where, f"{path}.relasi[{i}]", f"relasi {text!r} uses band table(s) "
                        f"{', '.join(missing)} that `pita` does not define")


def _pernyataan(ctx: _Ctx, data: dict) -> None:
    for row, key, path in _items(ctx, data.get("pernyataan"), ("pernyataan",), "pernyataan"):
        ctx.add("pernyataan", key, path, row, kalimat=row.get("kalimat"), nilai=None,
                merujuk=row["merujuk"], dirujuk=None)


def _narasi(ctx: _Ctx, data: dict) -> None:
    """Narrative claims: their figures as written, and what the rules compare them with (the sum
    of the parts, the count in words, the listed or counted items, the date's facts). A figure the
    claim says also stands in the data (`merujuk`) becomes a `pernyataan` of that figure."""
    for claim, key, path in _items(ctx, data.get("narasi"), ("narasi",), "narasi"):
        fig = _figure_reader(ctx, key, path)
        money = any(str(claim.get(name, "")).strip().lower().startswith("rp") for name in ("bagian", "keseluruhan"))
        part_kind = Kind.MONEY if money else Kind.COUNT
        satuan = claim.get("satuan")
        level_kind = Kind.DECIMAL if "%" in str(claim.get("awal", "")) else unit_kind(satuan)
        level = _figure_reader(ctx, key, path, mark=None if level_kind is not Kind.ANY else ",")
        parts = [ctx.figure(key + ("rincian", i), f"{path}.rincian[{i}]", part_kind)
                 for i in range(len(claim.get("rincian") or []))]
        try:
            items = counted_items(claim, data)
        except ValueError as exc:
            ctx.problem("bad-reference", key + ("dihitung",), f"{path}.dihitung", str(exc))
            items = None
        ctx.add("narasi", key, path, claim, jenis=claim["jenis"], kalimat=claim.get("kalimat"),
                ragu="ya" if claim.get("ragu") else "tidak", satuan=satuan,
                bagian=fig("bagian", part_kind), keseluruhan=fig("keseluruhan", part_kind),
                persen=fig("persen", Kind.DECIMAL), awal=level("awal", level_kind), akhir=level("akhir", level_kind),
                selisih=level("selisih", level_kind) if "poin" not in claim else fig("poin", Kind.DECIMAL), arah=claim.get("arah"),
                jumlah=fig("jumlah", part_kind), jumlah_rincian=_figure_sum(parts, "Σ rincian") if parts else None,
                angka=fig("angka", Kind.MONEY if _is_money_text(claim.get("angka")) else Kind.COUNT),
                nilai_kata=words_figure(claim.get("kata")), jumlah_daftar=items,
                **date_facts(claim.get("tanggal")), **period_facts(claim.get("periode")))
        for name, target in (claim.get("merujuk") or {}).items():
            ctx.add("pernyataan", key + ("merujuk", name), f"{path}.{name}", claim, kalimat=claim.get("kalimat"),
                    nilai=None, merujuk=target, dirujuk=None, nilai_key=key + (name,))


_SEGMENT = re.compile(r"^(?P<name>[^\[\]]+)(?:\[(?P<pick>[^\]]+)\])?$")


def counted_items(claim: dict, data: dict) -> Figure | None:
    """How many items a count claim counts: its `daftar`, or the items of the list its `dihitung`
    path names in the report, items named as in every readable path (`perjanjian_kinerja[akhir]
    .sasaran[*].indikator`; `[*]` takes every item). Raises ValueError for a path naming no list."""
    if claim.get("daftar") is not None:
        count = len(claim["daftar"])
        return Figure(Decimal(count), f"{count} butir daftar", None)
    path = claim.get("dihitung")
    if not path:
        return None
    values: list[Any] = [data]
    for segment in path.split("."):
        m = _SEGMENT.match(segment)
        if m is None:
            raise ValueError(f"dihitung {path!r}: {segment!r} is not a path segment")
        values = [v.get(m["name"]) for v in values if isinstance(v, dict)]
        if m["pick"] is not None:
            values = [item for v in values if isinstance(v, list) for i, item in enumerate(v)
                      if m["pick"] == "*" or item_name(item, i) == m["pick"]]
        if not values or any(v is None for v in values):
            raise ValueError(f"dihitung {path!r} names nothing in this report (at {segment!r})")
    if not all(isinstance(v, list) for v in values):
        raise ValueError(f"dihitung {path!r} does not name a list")
    count = sum(len(v) for v in values)
    return Figure(Decimal(count), f"{count} butir {path}", None)


def _is_money_text(value: Any) -> bool:
    return str(value or "").strip().lower().startswith("rp")


def _resolve_pernyataan(ctx: _Ctx) -> None:
    """Attach the figure each narrative statement restates, and read the statement's figure the
    way that one is read (a restated count `5.542` is 5542); a path naming nothing is a problem."""
    for i, row in enumerate(ctx.rows["pernyataan"]):
        target = _referenced(ctx, row["merujuk"], "merujuk", row["line"], row["path"])
        if target is not None:
            kind = Kind.DECIMAL if target.decimals is not None or target.value is None else Kind.COUNT
            nilai_key = row.get("nilai_key") or ("pernyataan", i, "nilai")
            nilai_path = row["path"] if row.get("nilai_key") else f"{row['path']}.nilai"
            row["nilai"] = ctx.figure(nilai_key, nilai_path, kind, labels=True)
        row["dirujuk"] = target


def _resolve_pagu_keluaran(ctx: _Ctx) -> None:
    """Replace each budget row's `pagu_keluaran` paths by (path, figure) pairs, once every section
    is read (the outputs may come after the table); a path naming nothing is a problem."""
    for row in ctx.rows["anggaran_baris"]:
        named = [(target, _referenced(ctx, target, "pagu_keluaran", row["line"], f"{row['path']}.pagu_keluaran"))
                 for target in row["pagu_keluaran"]]
        row["pagu_keluaran"] = [(target, fig) for target, fig in named if fig is not None]


def _referenced(ctx: _Ctx, target: str, field: str, line: int, path: str) -> Figure | None:
    """The figure of this report a path names, read after every section; a path naming nothing is
    a problem, with the figures of the same name as a hint."""
    fig = ctx.figures.get(target)
    if fig is None:
        near = [p for p in ctx.figures if p.rsplit(".", 1)[-1] == target.rsplit(".", 1)[-1]][:3]
        hint = f"; figures with that name: {', '.join(near)}" if near else ""
        ctx.problems.append(Problem("bad-reference", ctx.source.file,
                                    f"{field} {target!r} names no figure of this report{hint}", line, 0, path))
    return fig


# --- derived columns: never stated figures, only what rules need to find the right counterpart ---

def version_rank(versi: str) -> float:
    """awal < revisi < revisi-2 < … < akhir."""
    if versi == "awal":
        return 0
    if versi == "akhir":
        return 10_000
    number = versi.partition("-")[2]
    return 1 + (int(number) if number.isdigit() else 1)
ACHIEVED = ("melebihi", "melampaui", "tercapai", "mencapai", "terpenuhi")
NOT_ACHIEVED = ("tidak", "belum", "kurang")


def _derive(ctx: _Ctx, data: dict) -> None:
    """PK version flags, cumulative and previous-year realisasi, and the status category."""
    report_date = str(data["laporan"].get("tanggal") or "")
    versions = sorted(ctx.rows["pk"], key=lambda r: (str(r["tanggal"] or ""), version_rank(r["versi"])))
    latest = versions[-1]["versi"] if versions else None
    dated = [r for r in versions if r["tanggal"] and report_date and str(r["tanggal"]) <= report_date]
    in_force = dated[-1]["versi"] if dated else latest
    for table in ("pk", "pk_indikator", "pk_kegiatan"):
        for row in ctx.rows[table]:
            row["terakhir"] = "ya" if row["versi"] == latest else "tidak"
            row["berlaku"] = "ya" if row["versi"] == in_force else "tidak"
    for i, row in enumerate(versions):
        row["urutan"] = i  # position by date
    previous = None
    for row in sorted(ctx.rows["pk"], key=lambda r: version_rank(r["versi"])):
        row["tanggal_angka"] = date_number(row["tanggal"])
        row["versi_sebelumnya"] = previous["versi"] if previous else None
        row["tanggal_sebelumnya"] = previous["tanggal"] if previous else None
        row["tanggal_sebelumnya_angka"] = previous["tanggal_angka"] if previous else None
        previous = row
    for row in ctx.rows["laporan"]:
        row["tanggal_angka"] = date_number(row["tanggal"])
    scores = {r["tahun"]: r["nilai"] for r in ctx.rows["sakip"]}
    for row in ctx.rows["sakip"]:
        row["nilai_sebelumnya"] = scores.get(row["tahun"] - 1)
    nka = {r["tahun"]: r["nka"] for r in ctx.rows["nka"]}
    for row in ctx.rows["nka"]:
        row["nka_sebelumnya"] = nka.get(row["tahun"] - 1)
    year = data["laporan"]["tahun"]
    start = (data["laporan"].get("renstra") or {}).get("dari", 0)
    for row in ctx.rows["capaian"]:
        history = {r["tahun"]: r for r in ctx.rows["riwayat"] if r["indikator"] == row["indikator"]}
        last = history.get(year - 1)
        row["tahun_lalu"] = year - 1
        row["realisasi_tahun_lalu"] = last["realisasi"] if last else None
        earlier = [r["realisasi"] for t, r in history.items() if start <= t < year]
        row["realisasi_kumulatif"] = _figure_sum([*earlier, row["realisasi"]], "Σ realisasi")
        row["status_kategori"] = _status_category(row["status"])


def date_number(value: Any) -> int | None:
    """A date as the whole number YYYYMMDD, so rules can compare dates (`tanggal_angka <= …`)."""
    text = str(value or "")
    return int(text.replace("-", "")) if len(text) == 10 and text[4] == "-" else None


def _figure_sum(parts: list[Figure | None], text: str) -> Figure | None:
    """A derived sum of stated figures, at the coarsest precision of its parts."""
    if not parts or any(p is None or p.value is None for p in parts):
        return None
    decimals = [p.decimals for p in parts if p.decimals is not None]
    return Figure(sum((p.value for p in parts), Decimal(0)), f"{text} = " + " + ".join(p.text for p in parts),
                  max(decimals) if decimals else None, line=parts[-1].line, column=parts[-1].column)


def _status_category(status: str | None) -> str | None:
    """`tercapai` or `tidak-tercapai` from a statement such as "melebihi target"; None if unclear."""
    text = (status or "").lower()
    if any(word in text for word in NOT_ACHIEVED):
        return "tidak-tercapai"
    if any(word in text for word in ACHIEVED):
        return "tercapai"
    return None


SECTIONS = (_laporan, _pk, _capaian, _sakip, _nka, _anggaran, _efisiensi, _rencana_aksi, _triwulan, _tabel, _pernyataan, _narasi)
