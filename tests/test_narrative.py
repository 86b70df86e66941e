"""Narrative claims on sentences written for these tests, in the styles Indonesian reports use
(word order, "Rp." and ",-", "persen" and "%", either decimal mark), never only the reference
reports' wording: number words, dates, the extractor, and the `narasi` rules end to end."""

from __future__ import annotations

import pytest

from validator.engine import Options, run_rules
from validator.examples import batch_for
from validator.narrative.claim_facts import date_facts, period_facts
from validator.narrative.claims import extract_claims, sentences
from validator.narrative.dates import find_dates, find_periods
from validator.narrative.numwords import words_value
from validator.problems import ProblemError
from validator.rulepack import load_packs, pack_dirs
from validator.tables import counted_items

LAPORAN = {"jenis": "tahunan", "tahun": 2024, "tanggal": "2025-01-30", "satker": {"kode": "999999", "nama": "Contoh"}}


@pytest.fixture(scope="module")
def packs():
    return load_packs(pack_dirs(["narasi", "pernyataan"]))


def claims_of(text: str) -> list[dict]:
    """The claims of `text` without their sentence and place, for short comparisons."""
    return [{k: v for k, v in c.items() if k not in ("kalimat", "baris")} for c in extract_claims(text, 7)]


def findings(packs, data: dict) -> list[tuple[str, str, str]]:
    batch = batch_for({"laporan": LAPORAN, **data}, "uji")
    found, problems = run_rules(batch, packs, Options())
    assert not problems
    return sorted((f.code, f.path, f.outcome) for f in found)


# --- number words ----------------------------------------------------------------------------

@pytest.mark.parametrize("words, value", [
    ("satu", 1), ("sepuluh", 10), ("sebelas", 11), ("dua belas", 12), ("sembilan belas", 19),
    ("dua puluh", 20), ("dua puluh tiga", 23), ("sembilan puluh sembilan", 99), ("seratus", 100),
    ("seratus sebelas", 111), ("tiga ratus lima", 305), ("seribu", 1000), ("seribu dua ratus", 1200),
    ("dua ribu dua puluh empat", 2024), ("sejuta", 10**6), ("lima juta", 5 * 10**6),
    ("satu miliar", 10**9), ("dua milyar", 2 * 10**9), ("tiga triliun", 3 * 10**12),
    ("Empat Puluh Delapan", 48), ("dua-puluh", 20),
    ("tiga puluh sembilan miliar lima ratus dua puluh empat juta tiga puluh sembilan ribu", 39_524_039_000),
])
def test_number_words(words, value):
    assert words_value(words) == value


@pytest.mark.parametrize("words", ["", "dua tiga", "puluh", "belas", "ratus dua", "seratus seratus",
                                   "seribu juta", "dua juta tiga juta", "sepuluh puluh", "empat apel"])
def test_not_a_numeral(words):
    assert words_value(words) is None


# --- dates and periods -----------------------------------------------------------------------

@pytest.mark.parametrize("text, iso, problems", [
    ("pada Senin, 3 Juni 2024 di aula", "2024-06-03", []),
    ("tanggal 12 s.d. 14 Maret 2024", "2024-03-14", []),
    ("Kamis–Jumat, 14-15 Maret 2024", "2024-03-15", []),
    ("Jum'at, 25-10-2024", "2024-10-25", []),
    ("25 Okt. 2024", "2024-10-25", []),
    ("1 Agt 2024", "2024-08-01", []),
    ("Rabu, 3 Juni 2024", "2024-06-03", ["Rabu ≠ Senin"]),
    ("31 Juni 2024", None, ["tanggal 31"]),
    ("29 Februari 2023", None, ["tanggal 29"]),
    ("30 Januari 20025", None, ["tahun 20025"]),
])
def test_dates(text, iso, problems):
    (date,) = find_dates(text)
    assert date.iso == iso
    assert date.problems() == problems


def test_no_date_in_codes_and_figures():
    assert find_dates("SK Nomor 0134/C7.20/PR.04.03/2025, pagu 39.524.039.000 dan 96,77 %") == []


@pytest.mark.parametrize("text, year, quarter", [
    ("Laporan Keuangan Triwulan III tahun 2023", 2023, 3),
    ("laporan triwulan ke-empat", None, None),
    ("capaian TW 2 2024", 2024, 2),
    ("Triwulan pertama Tahun Anggaran 2024", 2024, 1),
    ("DIPA TA. 2025", 2025, None),
    ("pada tahun 20024", 20024, None),
])
def test_periods(text, year, quarter):
    found = find_periods(text)
    assert [(p.year, p.quarter) for p in found] == ([] if year is None else [(year, quarter)])


def test_date_facts_name_the_weekday_it_is():
    assert date_facts("Selasa, 3 Juni 2024")["hari_seharusnya"] == "Senin"
    assert date_facts("Ahad, 2 Juni 2024")["hari"] == "Minggu"
    assert date_facts("31 Juni 2024")["tanggal_sah"] == "tidak"
    assert period_facts("Triwulan IV tahun 2024") == {"periode": "Triwulan IV tahun 2024", "periode_tahun": 2024,
                                                      "periode_triwulan": 4}


# --- the extractor ---------------------------------------------------------------------------

def test_sentences_do_not_end_at_rp_or_initials():
    text = "Pagu sebesar Rp. 1.000.000,- terserap. Kepala Balai, Dr. A. Budi, menandatangani."
    assert sentences(text) == ["Pagu sebesar Rp. 1.000.000,- terserap.", "Kepala Balai, Dr. A. Budi, menandatangani."]


@pytest.mark.parametrize("text, claim", [
    ("Dari 22 kabupaten/kota, 13 kabupaten/kota (59,09%) telah menetapkan perda.",
     {"jenis": "bagian", "bagian": "13", "keseluruhan": "22", "persen": "59,09%"}),
    ("Sebanyak 1.200 orang atau 60 persen dari 2.000 orang guru sasaran telah dilatih.",
     {"jenis": "bagian", "bagian": "1.200", "keseluruhan": "2.000", "persen": "60 persen"}),
    ("Bantuan telah tersalur 75,5% (151 dari 200 satuan pendidikan).",
     {"jenis": "bagian", "bagian": "151", "keseluruhan": "200", "persen": "75,5%"}),
    ("Capaian 86.2 % atau 1,431 guru dari 1,660 guru sasaran.",
     {"jenis": "bagian", "bagian": "1,431", "keseluruhan": "1,660", "persen": "86.2 %"}),
    ("Sekolah yang terakreditasi A berjumlah 45 dari 150 sekolah atau 30 %.",
     {"jenis": "bagian", "bagian": "45", "keseluruhan": "150", "persen": "30 %"}),
    ("Realisasi anggaran sebesar Rp. 1.234.567.000,- atau 95,00% dari pagu Rp. 1.299.544.211,-.",
     {"jenis": "anggaran", "bagian": "Rp. 1.234.567.000,-", "keseluruhan": "Rp. 1.299.544.211,-", "persen": "95,00%"}),
    ("Terserap Rp 2.500.000 (62,5 persen) dari Rp 4.000.000.",
     {"jenis": "anggaran", "bagian": "Rp 2.500.000", "keseluruhan": "Rp 4.000.000", "persen": "62,5 persen"}),
])
def test_parts_of_a_whole(text, claim):
    assert claims_of(text) == [claim]


@pytest.mark.parametrize("text, claim", [
    ("Nilai IKPA naik dari 88,50 menjadi 92,10 atau meningkat 3,60 poin.",
     {"jenis": "perubahan", "arah": "naik", "poin": "3,60", "awal": "88,50", "akhir": "92,10"}),
    ("Jumlah peserta menurun sebesar 12,5% dari 400 orang menjadi 350 orang.",
     {"jenis": "perubahan", "arah": "turun", "persen": "12,5%", "awal": "400", "akhir": "350", "satuan": "orang"}),
    ("Capaian tahun 2024 sebesar 38,40% lebih rendah dibandingkan tahun 2023 sebesar 63,24%, atau turun sebesar 60,7%.",
     {"jenis": "perubahan", "arah": "turun", "persen": "60,7%", "awal": "63,24%", "akhir": "38,40%", "satuan": "%"}),
    ("Realisasi Rp 900.000.000 lebih tinggi dibanding tahun lalu yang mencapai Rp 800.000.000 atau naik 12,5%.",
     {"jenis": "perubahan", "arah": "naik", "persen": "12,5%", "awal": "Rp 800.000.000", "akhir": "Rp 900.000.000"}),
    ("Capaian lebih rendah dari 63,24% menjadi 38,40%, turun sebesar 39,28%.",
     {"jenis": "perubahan", "arah": "turun", "persen": "39,28%", "awal": "63,24%", "akhir": "38,40%", "satuan": "%"}),
])
def test_changes(text, claim):
    assert claims_of(text) == [claim]


def test_a_change_finds_the_figures_it_is_the_difference_of():
    text = ("Pada tahun 2023 peserta berjumlah 1.500 orang, sedangkan tahun 2024 sebanyak 1.650 orang. "
            "Jumlah peserta mengalami kenaikan 150 orang atau 10%.")
    (claim,) = [c for c in claims_of(text) if c["jenis"] == "perubahan"]
    assert (claim["awal"], claim["akhir"], claim["selisih"], claim["persen"]) == ("1.500", "1.650", "150", "10%")


def test_no_change_without_its_figures():
    assert claims_of("Capaian kinerja meningkat 4,07% dibandingkan tahun lalu.") == []


@pytest.mark.parametrize("text, claim", [
    ("Jumlah peserta sebanyak 120 orang, terdiri atas 40 guru SD, 50 guru SMP dan 30 guru SMA.",
     {"jenis": "jumlah", "jumlah": "120", "rincian": ["40", "50", "30"]}),
    ("Sasaran program 25 satuan pendidikan yang terdiri dari PAUD 10 satpen, SD 8 satpen, serta SMP 7 satpen.",
     {"jenis": "jumlah", "jumlah": "25", "rincian": ["10", "8", "7"]}),
])
def test_sums(text, claim):
    assert claims_of(text) == [claim]


def test_a_breakdown_after_two_figures_is_unsure():
    (claim,) = claims_of("Ada 12 sekolah belum melapor dan 15 sekolah belum login, terdiri dari SD 9 sekolah dan SMP 6 sekolah.")
    assert claim["ragu"] is True and claim["jumlah"] == "15"


def test_codes_are_not_parts():
    assert claims_of("Sasaran 2 terdiri dari IKK 2.1 (predikat SAKIP) dan IKK 2.2 (nilai kinerja anggaran).") == []


def test_counts_in_figures_and_words():
    assert claims_of("Pada tahun ini ditetapkan 3 (tiga) sasaran strategis dan 7 (tujuh) indikator kinerja.") == [
        {"jenis": "cacah", "angka": "3", "kata": "tiga", "satuan": "sasaran strategis"},
        {"jenis": "cacah", "angka": "7", "kata": "tujuh", "satuan": "indikator kinerja"}]


def test_a_count_with_its_list():
    (claim,) = claims_of("Kegiatan diikuti oleh 5 (lima) kabupaten yaitu: a) Kupang, b) Belu, c) Alor, d) Ende.")
    assert claim["daftar"] == ["Kupang", "Belu", "Alor", "Ende"]
    (claim,) = claims_of("Mitra kerja sama berjumlah 3 (tiga) lembaga, yaitu Unicef, Inovasi dan Tanoto Foundation.")
    assert claim["daftar"] == ["Unicef", "Inovasi", "Tanoto Foundation"]


def test_a_partial_list_is_not_counted():
    (claim,) = claims_of("Kegiatan melibatkan 6 (enam) mitra, antara lain: Unicef, Inovasi.")
    assert "daftar" not in claim


def test_amount_in_words():
    (claim,) = claims_of("Pagu tahun 2024 sebesar Rp. 2.750.000.000,- (dua miliar tujuh ratus lima puluh juta rupiah).")
    assert (claim["angka"], claim["kata"]) == ("Rp. 2.750.000.000,-", "dua miliar tujuh ratus lima puluh juta")


def test_dates_and_periods():
    assert claims_of("Rapat dilaksanakan pada hari Kamis, 15 Februari 2024 di Kupang.") == [
        {"jenis": "tanggal", "tanggal": "Kamis, 15 Februari 2024"}]
    assert claims_of("Reviu akan dilaksanakan pada 10 Februari 2025.") == [
        {"jenis": "tanggal", "tanggal": "10 Februari 2025", "ragu": True}]
    assert claims_of("Kegiatan dibiayai DIPA Tahun Anggaran 2023.") == [
        {"jenis": "periode", "periode": "Tahun Anggaran 2023"}]
    assert all(c.get("ragu") for c in claims_of("Realisasi tahun anggaran 2023 dibandingkan tahun anggaran 2024."))


@pytest.mark.parametrize("text", [
    "Capaian IKK 1.1 sebesar 13,12% dari target 3,92% atau 334,69%.",  # a capaian, no part of a whole
    "Sesuai Peraturan Menteri Nomor 14 Tahun 2022 tentang Organisasi dan Tata Kerja.",
    "Realisasi 90% dari target 95%.",
    "Tabel 3.2 menyajikan 12 indikator.",
])
def test_no_claim(text):
    assert claims_of(text) == []


def test_every_claim_carries_its_sentence_and_place():
    (claim,) = extract_claims("Judul bab. Sebanyak 40 dari 50 sekolah (80%) telah lulus.", "12:3")
    assert claim["kalimat"] == "Sebanyak 40 dari 50 sekolah (80%) telah lulus." and claim["baris"] == "12:3"


# --- claims through the rules ----------------------------------------------------------------

def test_right_sentences_give_no_finding(packs):
    text = ("Dari 22 kabupaten/kota, 13 kabupaten/kota (59,09%) telah menetapkan perda. "
            "Realisasi anggaran sebesar Rp. 1.234.567.000,- atau 95,00% dari pagu Rp. 1.299.544.211,-. "
            "Nilai IKPA naik dari 88,50 menjadi 92,10 atau meningkat 3,60 poin. "
            "Jumlah peserta sebanyak 120 orang, terdiri atas 40 guru SD, 50 guru SMP dan 30 guru SMA. "
            "Ditetapkan 3 (tiga) sasaran. Rapat pada hari Kamis, 15 Februari 2024. DIPA Tahun Anggaran 2024.")
    claims = extract_claims(text, 1)
    assert len(claims) == 7
    assert findings(packs, {"narasi": claims}) == []


def test_wrong_sentences_are_found(packs):
    text = ("Sebanyak 1.200 orang atau 70 persen dari 2.000 orang guru sasaran telah dilatih. "
            "Jumlah peserta menurun sebesar 15% dari 400 orang menjadi 350 orang. "
            "Capaian 2024 sebesar 38,40% lebih rendah dibandingkan tahun 2023 sebesar 63,24%, turun sebesar 60,7%. "
            "Jumlah peserta sebanyak 120 orang, terdiri atas 40 guru SD, 50 guru SMP dan 20 guru SMA. "
            "Ditetapkan 5 (empat) indikator. Rapat pada hari Selasa, 15 Februari 2024 dan 31 April 2024. "
            "Penyampaian Laporan Keuangan Triwulan III tahun 2023.")
    got = findings(packs, {"narasi": extract_claims(text, 1)})
    assert [(code, outcome) for code, _, outcome in got] == [
        ("NAR001", "mismatch"), ("NAR003", "mismatch"), ("NAR003", "mismatch"), ("NAR006", "mismatch"), ("NAR007", "mismatch"),
        ("NAR009", "violated"), ("NAR010", "violated"), ("NAR012", "violated")]


def test_an_unsure_claim_is_info_at_most(packs):
    text = "Sekolah negeri 52,47% atau 1.020 dan swasta 16,89% atau 113 dari 1.133 satuan pendidikan."
    claims = extract_claims(text, 1)
    assert [c.get("ragu", False) for c in claims] == [False, True]
    batch = batch_for({"laporan": LAPORAN, "narasi": claims}, "uji")
    found, _ = run_rules(batch, packs, Options())
    assert {(f.code, f.severity) for f in found} == {("NAR001", "error"), ("NAR013", "info")}


def test_a_count_against_the_pk_it_counts(packs):
    pk = [{"versi": "akhir", "tanggal": "2024-01-20", "sasaran": [
        {"kode": "SK 1", "indikator": [{"kode": "IKK 1.1", "satuan": "%", "target": "50"}]},
        {"kode": "SK 2", "indikator": [{"kode": "IKK 2.1", "satuan": "%", "target": "60"},
                                       {"kode": "IKK 2.2", "satuan": "Nilai", "target": "90"}]}]}]
    claims = [{"jenis": "cacah", "angka": "2", "kata": "dua", "dihitung": "perjanjian_kinerja[akhir].sasaran"},
              {"jenis": "cacah", "angka": "4", "kata": "empat", "dihitung": "perjanjian_kinerja[akhir].sasaran[*].indikator"}]
    assert findings(packs, {"perjanjian_kinerja": pk, "narasi": claims}) == [("NAR008", "narasi[1].angka", "mismatch")]


def test_a_count_path_naming_nothing_is_a_problem():
    with pytest.raises(ValueError, match="names nothing"):
        counted_items({"dihitung": "perjanjian_kinerja[revisi].sasaran"}, {"perjanjian_kinerja": []})
    with pytest.raises(ProblemError):
        batch_for({"laporan": LAPORAN, "narasi": [{"jenis": "cacah", "angka": "2", "dihitung": "tabel[T9].rincian"}]}, "uji")


def test_a_claim_figure_linked_to_the_data_is_checked_like_a_restatement(packs):
    data = {"anggaran": {"pagu_akhir": "39.524.039.000", "realisasi": "38.245.866.482"},
            "narasi": [{"jenis": "anggaran", "bagian": "Rp 38.245.866.482", "keseluruhan": "Rp 39.524.093.000",
                        "persen": "96,77%", "merujuk": {"keseluruhan": "anggaran.pagu_akhir",
                                                         "bagian": "anggaran.realisasi"}}]}
    assert ("PNY001", "narasi[0].keseluruhan", "mismatch") in findings(packs, data)
    assert not any(path == "narasi[0].bagian" for _, path, _ in findings(packs, data))


def test_a_date_after_the_signing_date(packs):
    claims = extract_claims("Monitoring dilaksanakan pada 12 Agustus 2025. Reviu akan dilaksanakan pada 10 Februari 2025.", 1)
    assert findings(packs, {"narasi": claims}) == [("NAR011", "narasi[0].tanggal", "violated")]


def test_reference_scan_is_current():
    """tests/data/narasi_scan.yaml (docs/coverage.md's narrative section) matches the extractor and
    the rules today, and no finding lands on a sentence the audits hold right."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    reference = Path(os.environ.get("LAKIN_AUDIT_REFERENCE", root.parent / "shared" / "reference"))
    if not any(reference.glob("000_*.txt")):
        pytest.skip(f"reference texts not available ({reference})")
    done = subprocess.run([sys.executable, str(root / "scripts" / "narrative_scan.py"), "--check"],
                          capture_output=True, text=True, env={**os.environ, "LAKIN_AUDIT_REFERENCE": str(reference)})
    assert done.returncode == 0, done.stdout + done.stderr
    import yaml
    scan = yaml.safe_load((root / "tests" / "data" / "narasi_scan.yaml").read_text("utf-8"))
    assert all(r["temuan_salah"] == 0 for r in scan.values())
