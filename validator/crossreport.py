"""Cross-report tables: figures of one report set beside the same figures in a related report.

Reports are related when they are of the same satker: quarters of one year (each quarter and the
quarter before it), a quarter and the annual report of its year, and a report and the earlier
year's own report. Each table is built with a few vectorised merges over the stacked tables; its
rows belong to the later report and carry the other report's figure (`*_lain`), file and path, so
cross-report rules are ordinary row rules whose findings name both reports.
"""

from __future__ import annotations

import re

import pandas as pd

from validator.tables import BASE_COLUMNS, Tables

RO_PREFIX = re.compile(r"^\[?\d{6}\.")  # a rincian output code may start with the satker code

#: Cross-report table → its columns (besides BASE_COLUMNS). Documented in docs/rules/tables.md.
CROSS_COLUMNS: dict[str, tuple[str, ...]] = {
    "lintas_triwulan": ("kode", "triwulan", "triwulan_lain", "volume", "capaian", "pagu", "realisasi",
                        "capaian_lain", "pagu_lain", "realisasi_lain", "pk_versi", "pk_versi_lain",
                        "file_lain", "path_lain"),
    "lintas_tw_pk": ("triwulan", "pagu", "pk_versi", "pk_tanggal", "pk_total", "pk_versi_berikut",
                     "pk_tanggal_berikut", "pk_total_berikut", "file_lain", "path_lain"),
    "lintas_tw_target": ("triwulan", "indikator", "target_pk", "target_lain", "pk_versi", "file_lain", "path_lain"),
    "lintas_tw_tahunan": ("kode", "triwulan", "pagu", "realisasi", "capaian", "pagu_lain", "realisasi_lain",
                          "volume_realisasi_lain", "file_lain", "path_lain"),
    "lintas_tw_capaian": ("triwulan", "indikator", "capaian_tw", "realisasi_lain", "file_lain", "path_lain"),
    "lintas_riwayat": ("indikator", "tahun", "realisasi", "target", "capaian_persen", "realisasi_lain",
                       "target_lain", "capaian_persen_lain", "file_lain", "path_lain"),
    "lintas_nka": ("tahun", "ikpa", "eka", "nka", "ikpa_lain", "eka_lain", "nka_lain", "file_lain", "path_lain"),
    "lintas_sakip": ("tahun", "nilai", "predikat", "nilai_lain", "predikat_lain", "file_lain", "path_lain"),
    "lintas_satker": ("kode", "nama", "file"),
}


def ro_code(code: object) -> str | None:
    """A rincian output code without its satker prefix or brackets: DI.6397.QDB.750."""
    if not isinstance(code, str):
        return None
    return RO_PREFIX.sub("", code.strip()).strip("[]")


def cross_tables(tables: Tables) -> dict[str, pd.DataFrame]:
    """Every cross-report table of a batch (empty frames when no reports are related)."""
    reports = tables["laporan"][["report", "file", "jenis", "tahun", "triwulan", "tanggal", "satker_kode"]]
    reports = reports[reports["satker_kode"].fillna("") != ""]
    built = {
        "lintas_triwulan": _quarter_series(tables, reports),
        "lintas_tw_pk": _quarter_pagu_vs_pk(tables, reports),
        "lintas_tw_target": _quarter_targets_vs_pk(tables, reports),
        "lintas_tw_tahunan": _quarter_vs_annual(tables, reports),
        "lintas_tw_capaian": _quarter_achievement_vs_annual(tables, reports),
        "lintas_riwayat": _history(tables, reports, "riwayat", "capaian", ["indikator"],
                                   ["realisasi", "target", "capaian_persen"]),
        "lintas_nka": _history(tables, reports, "nka", "nka", [], ["ikpa", "eka", "nka"]),
        "lintas_sakip": _history(tables, reports, "sakip", "sakip", [], ["nilai", "predikat"]),
        "lintas_satker": _stated_codes(tables),
    }
    return {name: _shape(frame, name) for name, frame in built.items()}


def _stated_codes(tables: Tables) -> pd.DataFrame:
    """The satker each report names; a report naming no code has no identity to compare."""
    named = tables["satker_disebut"]
    return named[(named["sumber"] == "laporan") & (named["kode"].fillna("").str.strip() != "")]


def _shape(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    columns = list(BASE_COLUMNS) + list(CROSS_COLUMNS[name])
    if frame.empty:
        return pd.DataFrame(columns=columns)
    return frame[columns].reset_index(drop=True)


def _with_report(frame: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    return frame.merge(reports, on="report", how="inner")


def _pk_in_force(tables: Tables) -> pd.DataFrame:
    """Each report's PK version in force at its date: report, pk_versi."""
    pk = tables["pk"]
    return pk[pk["berlaku"] == "ya"][["report", "versi"]].rename(columns={"versi": "pk_versi"})


def _quarter_series(tables: Tables, reports: pd.DataFrame) -> pd.DataFrame:
    """Each quarterly RO row beside the same RO in the previous quarter's report."""
    rows = tables["tw_keluaran"]
    rows = rows[rows["total"] != True].copy()  # noqa: E712
    rows["kode"] = rows["kode"].map(ro_code)
    rows = _with_report(rows, reports[reports["jenis"] == "triwulan"]).merge(_pk_in_force(tables), on="report", how="left")
    earlier = rows[["satker_kode", "tahun", "triwulan", "kode", "capaian", "pagu", "realisasi", "pk_versi", "file", "path"]]
    earlier = earlier.assign(triwulan=earlier["triwulan"] + 1).rename(columns={
        "capaian": "capaian_lain", "pagu": "pagu_lain", "realisasi": "realisasi_lain", "pk_versi": "pk_versi_lain",
        "file": "file_lain", "path": "path_lain"})
    earlier["triwulan_lain"] = earlier["triwulan"] - 1
    return rows.merge(earlier, on=["satker_kode", "tahun", "triwulan", "kode"], how="inner")


def _annual_pk(tables: Tables, reports: pd.DataFrame) -> pd.DataFrame:
    """The annual reports' PK versions with the annual report's file."""
    annual = reports[reports["jenis"] == "tahunan"][["report", "satker_kode", "tahun", "file"]]
    pk = tables["pk"][["report", "path", "versi", "tanggal", "total"]]
    return pk.merge(annual, on="report").rename(columns={"report": "report_lain", "file": "file_lain",
                                                          "path": "path_lain", "versi": "pk_versi",
                                                          "tanggal": "pk_tanggal"})


def _version_at(quarters: pd.DataFrame, versions: pd.DataFrame) -> pd.DataFrame:
    """For each quarter, the annual report's PK version in force at the quarter's date: the latest
    dated on or before it, else the earliest."""
    pairs = quarters.merge(versions, on=["satker_kode", "tahun"], how="inner")
    if pairs.empty:
        return pairs
    pairs["_berlaku"] = pairs["pk_tanggal"].fillna("").astype(str) <= pairs["tanggal"].fillna("").astype(str)
    pairs = pairs.sort_values(["report", "_berlaku", "pk_tanggal"])
    return pairs.groupby("report", as_index=False).tail(1).drop(columns="_berlaku")


def _quarter_pagu_vs_pk(tables: Tables, reports: pd.DataFrame) -> pd.DataFrame:
    """Each quarterly report's stated total pagu beside the annual report's PK in force then."""
    totals = tables["tw_keluaran"]
    totals = totals[totals["total"] == True][["report", "path", "line", "baris", "pagu"]]  # noqa: E712
    quarters = _with_report(totals, reports[reports["jenis"] == "triwulan"])
    versions = _annual_pk(tables, reports)
    pairs = _version_at(quarters, versions).rename(columns={"total": "pk_total"})
    if pairs.empty:
        return pairs
    later = versions[["report_lain", "pk_versi", "pk_tanggal", "total"]].rename(columns={
        "pk_versi": "pk_versi_berikut", "pk_tanggal": "pk_tanggal_berikut", "total": "pk_total_berikut"})
    following = pairs[["report", "report_lain", "pk_tanggal"]].merge(later, on="report_lain")
    following = following[following["pk_tanggal_berikut"].astype(str) > following["pk_tanggal"].astype(str)]
    following = following.sort_values(["report", "pk_tanggal_berikut"]).groupby("report", as_index=False).head(1)
    return pairs.merge(following.drop(columns=["report_lain", "pk_tanggal"]), on="report", how="left")


def _quarter_targets_vs_pk(tables: Tables, reports: pd.DataFrame) -> pd.DataFrame:
    """Section A targets of each quarter beside the annual PK version in force at its date."""
    rows = _with_report(tables["tw_progres"], reports[reports["jenis"] == "triwulan"])
    if rows.empty:
        return rows
    versions = _annual_pk(tables, reports)
    chosen = _version_at(rows[["report", "satker_kode", "tahun", "tanggal"]].drop_duplicates("report"), versions)
    chosen = chosen[["report", "report_lain", "pk_versi", "file_lain"]]
    targets = tables["pk_indikator"][["report", "path", "versi", "indikator", "target"]].rename(
        columns={"report": "report_lain", "path": "path_lain", "versi": "pk_versi", "target": "target_lain"})
    return rows.merge(chosen, on="report").merge(targets, on=["report_lain", "pk_versi", "indikator"], how="inner")


def _quarter_vs_annual(tables: Tables, reports: pd.DataFrame) -> pd.DataFrame:
    """Each RO of a quarterly report beside the same RO in the annual realisation tree."""
    rows = tables["tw_keluaran"]
    rows = rows[rows["total"] != True].copy()  # noqa: E712
    rows["kode"] = rows["kode"].map(ro_code)
    rows = _with_report(rows, reports[reports["jenis"] == "triwulan"])
    nodes = tables["anggaran_node"]
    nodes = nodes[(nodes["sumber"] == "realisasi_rincian") & (nodes["tingkat"] == "ro")]
    nodes = _with_report(nodes[["report", "path", "kode_lengkap", "pagu", "realisasi", "volume_realisasi"]],
                         reports[reports["jenis"] == "tahunan"])
    nodes = nodes.rename(columns={"kode_lengkap": "kode", "pagu": "pagu_lain", "realisasi": "realisasi_lain",
                                  "volume_realisasi": "volume_realisasi_lain", "file": "file_lain",
                                  "path": "path_lain", "report": "report_lain"})
    return rows.merge(nodes[["satker_kode", "tahun", "kode", "pagu_lain", "realisasi_lain", "volume_realisasi_lain",
                             "file_lain", "path_lain"]], on=["satker_kode", "tahun", "kode"], how="inner")


def _quarter_achievement_vs_annual(tables: Tables, reports: pd.DataFrame) -> pd.DataFrame:
    """Section A achievement of each quarter beside the annual report's realisasi of the indicator."""
    rows = _with_report(tables["tw_progres"], reports[reports["jenis"] == "triwulan"])
    annual = _with_report(tables["capaian"][["report", "path", "indikator", "realisasi"]],
                          reports[reports["jenis"] == "tahunan"])
    annual = annual.rename(columns={"realisasi": "realisasi_lain", "file": "file_lain", "path": "path_lain"})
    return rows.merge(annual[["satker_kode", "tahun", "indikator", "realisasi_lain", "file_lain", "path_lain"]],
                      on=["satker_kode", "tahun", "indikator"], how="inner")


def _history(tables: Tables, reports: pd.DataFrame, table: str, own: str, keys: list[str],
             figures: list[str]) -> pd.DataFrame:
    """Figures an annual report restates for an earlier year (`table` rows whose `tahun` is before
    the report's year) beside that year's own annual report (`own` rows of its own year)."""
    annual = reports[reports["jenis"] == "tahunan"][["report", "satker_kode", "tahun", "file"]]
    rows = tables[table].merge(annual.rename(columns={"tahun": "tahun_laporan"}), on="report")
    rows = rows[rows["tahun"] < rows["tahun_laporan"]]
    theirs = tables[own].merge(annual.rename(columns={"tahun": "tahun_laporan"}), on="report")
    if "tahun" in theirs:
        theirs = theirs[theirs["tahun"] == theirs["tahun_laporan"]]
    else:
        theirs = theirs.assign(tahun=theirs["tahun_laporan"])
    theirs = theirs.rename(columns={**{f: f"{f}_lain" for f in figures}, "file": "file_lain", "path": "path_lain"})
    return rows.merge(theirs[["satker_kode", "tahun", *keys, *[f"{f}_lain" for f in figures], "file_lain", "path_lain"]],
                      on=["satker_kode", "tahun", *keys], how="inner")
