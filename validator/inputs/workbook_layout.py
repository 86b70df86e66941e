"""The Excel layout of a lakin/1 report: which sheets, which columns, what each column holds.

One description serves the three users of the layout: the template writer
(validator/xlsx_template.py), the workbook reader (validator/inputs/workbook.py) and the converter
(validator/convert.py). Nothing here imports openpyxl.

Two kinds of sheet:

- a *form* (`Laporan`, `Anggaran`, `NKA`, `Efisiensi`, `Rencana Aksi`): one field per row, with the
  field's key in column A, its description in column B and its value in column C;
- a *table*: the header in row 1 (Indonesian labels; the data key is accepted too), one record per
  row from row 2. Nested parts of the format are flattened: child rows name their parent (the PK
  `versi`, the indicator of a `riwayat` row, the `tahun` of a SAKIP component, the full code of a
  budget node's parent in `Kode Induk`).

Generic tables (`tabel`) have one data sheet each, listed in the sheet `Tabel`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FORM_HEADERS = ("Kunci", "Uraian", "Nilai")  # key, description, value
EMPTY_TEXT = '""'                              # a cell holding "" is the empty string (kode: "")
SYSTEM_BARIS = "Baris Dokumen"                # generic-table data sheets: the row's `baris`
SYSTEM_TOTAL = "Jenis Baris"                  # rincian (default) or total
TOTAL_VALUES = ("rincian", "total")
LIST_SHEET = "_Daftar"                         # hidden sheet of the validation lists
HELP_SHEET = "Petunjuk"

#: Validation lists (sheet _Daftar). `open` lists accept other values after a warning.
LISTS: dict[str, tuple[tuple[str, ...], bool]] = {
    "jenis": (("tahunan", "triwulan"), False),
    "versi": (("awal", "revisi", "akhir"), False),
    "tipe": (("kumulatif", "non-kumulatif"), False),
    "polaritas": (("positif", "negatif"), False),
    "tingkat": (("fungsi", "subfungsi", "program", "kegiatan", "kro", "ro", "komponen"), False),
    "skala": (("rupiah", "ribuan", "jutaan"), False),
    "desimal": (("koma", "titik"), False),
    "pola": (("kumulatif", "per-triwulan"), False),
    "jenis_baris": (TOTAL_VALUES, False),
    "ya_tidak": (("ya", "tidak"), False),
    "jenis_narasi": (("bagian", "anggaran", "perubahan", "jumlah", "cacah", "tanggal", "periode"), False),
    "arah": (("naik", "turun"), False),
    "predikat": (("AA", "A", "BB", "B", "CC", "C", "D"), True),
    "satuan": (("%", "Persen", "Nilai", "Indeks", "Indeks SPM", "Skor", "Poin", "Predikat", "Opini",
                "Orang", "Lembaga", "Sekolah", "Satuan", "Satpen", "Guru", "Peserta", "Dokumen",
                "Laporan", "Layanan", "Unit", "Paket", "Kegiatan", "Rekomendasi", "Kab/Kota",
                "Kabupaten", "Wilayah"), True),
}

# Column types: how a cell becomes data.
TEXT, CODE, INT, FIGURE, BARIS, DATE, BOOL, ENUM, LIST = (
    "text", "code", "int", "figure", "baris", "date", "bool", "enum", "list")


@dataclass(frozen=True)
class Col:
    """One column of a table sheet, or one row of a form sheet."""

    key: str                 # data key; dotted for a nested field (volume.target)
    label: str               # Indonesian header (table) or description (form)
    type: str = TEXT
    kind: str = ""           # for figures: uang, cacah, desimal, bobot, nilai (by satuan)
    choices: str = ""        # a LISTS name
    help_id: str = ""
    help_en: str = ""
    width: int = 14
    required: bool = False
    separator: str = ","     # between the items of a list cell


@dataclass(frozen=True)
class Sheet:
    name: str
    section: str             # the part of the format it fills
    jenis: frozenset[str] = frozenset({"tahunan", "triwulan"})  # the kinds of report it belongs to
    cols: tuple[Col, ...] = ()
    form: bool = False
    about_id: str = ""
    about_en: str = ""
    child_of: str = ""       # the sheet whose rows this sheet's rows belong to

    def column(self, key: str) -> Col:
        return next(c for c in self.cols if c.key == key)


BOTH = frozenset({"tahunan", "triwulan"})
ANNUAL = frozenset({"tahunan"})
QUARTER = frozenset({"triwulan"})

B = Col("baris", SYSTEM_BARIS, BARIS, help_id="Baris atau halaman di dokumen sumber (mis. 560 atau hal. 25).",
        help_en="Line or page of the source document (e.g. 560 or hal. 25).", width=12)


#: Figure columns by what they hold: number kind, default help (id, en) and width.
FIGURE_KINDS = {
    "money": ("uang", "Rupiah, seperti tertulis (angka, atau teks mis. 39.524.039.000).",
              "Rupiah as written (a number, or text such as 39.524.039.000).", 18),
    "pct": ("desimal", "Persen seperti tertulis; desimal sesuai dokumen (96,77).",
            "Percent as written, with the document's decimals (96.77).", 12),
    "count": ("cacah", "Cacah (orang, lembaga, sekolah …), bilangan bulat.",
              "A count (people, institutions, schools …), a whole number.", 12),
    "dec": ("desimal", "Nilai/skor seperti tertulis, dengan desimalnya.", "Score as written, with its decimals.", 12),
    "value": ("nilai", "Angka atau predikat seperti tertulis (45,00 · 1200 · BB).",
              "A figure or grade as written (45.00 · 1200 · BB).", 12),
}


def _figure(what: str):
    """A constructor of figure columns of one kind (_money, _pct, …), help overridable per column."""
    kind, default_id, default_en, width = FIGURE_KINDS[what]

    def column(key: str, label: str, help_id: str = "", help_en: str = "") -> Col:
        return Col(key, label, FIGURE, kind, help_id=help_id or default_id, help_en=help_en or default_en, width=width)
    return column


_money, _pct, _count, _dec, _value = (_figure(w) for w in ("money", "pct", "count", "dec", "value"))


def _enum(key: str, label: str, choices: str, help_id: str = "", help_en: str = "", required: bool = False) -> Col:
    options = ", ".join(LISTS[choices][0])
    return Col(key, label, ENUM, choices=choices, help_id=help_id or f"Salah satu: {options}.",
               help_en=help_en or f"One of: {options}.", width=14, required=required)


def _code(key: str, label: str, help_id: str = "", help_en: str = "", required: bool = False, width: int = 12) -> Col:
    return Col(key, label, CODE, help_id=help_id or "Kode, ditulis sebagai teks (\"023\", \"6397\").",
               help_en=help_en or "A code, as text (\"023\", \"6397\").", width=width, required=required)


def _text(key: str, label: str, help_id: str = "", help_en: str = "", width: int = 40) -> Col:
    return Col(key, label, TEXT, help_id=help_id, help_en=help_en, width=width)


def _year(key: str, label: str, help_id: str = "Tahun (2000–2100).", help_en: str = "Year (2000–2100).",
          required: bool = False) -> Col:
    return Col(key, label, INT, help_id=help_id, help_en=help_en, width=8, required=required)


def _date(key: str, label: str, help_id: str, help_en: str) -> Col:
    return Col(key, label, DATE, help_id=help_id + " Format TTTT-BB-HH.", help_en=help_en + " Written YYYY-MM-DD.", width=12)


# The budget tree (realisasi_rincian, renja[].rincian, rencana_aksi.keluaran): one row per node.
TREE = (
    _enum("tingkat", "Tingkat", "tingkat", required=True,
          help_id="fungsi, subfungsi, program, kegiatan, kro, ro atau komponen.",
          help_en="fungsi, subfungsi, program, kegiatan, kro, ro or komponen."),
    _code("kode", "Kode", required=True, help_id="Kode tingkat ini saja (750, bukan DI.6397.QDB.750).",
          help_en="This level's own code (750, not DI.6397.QDB.750)."),
    Col("induk", "Kode Induk", CODE, width=18,
        help_id="Kode lengkap induknya: kode dari tingkat teratas sampai induk, dipisah titik (DI.6397.QDB). "
                "Kosong untuk tingkat teratas. Induk harus ditulis di baris sebelumnya.",
        help_en="The parent's full code: the codes from the top level down to the parent, joined by dots "
                "(DI.6397.QDB). Empty for a top-level row. The parent must be on an earlier row."),
    _text("nama", "Uraian"),
    _money("pagu", "Pagu"),
    _money("realisasi", "Realisasi"),
    _pct("persen", "Persen Realisasi (%)"),
    _count("volume.target", "Volume Target"),
    _count("volume.realisasi", "Volume Realisasi"),
    _text("volume.satuan", "Satuan Volume", width=12),
    _pct("volume.progres", "Progres Volume (%)"),
    Col("tanpa_kode", "Tanpa Kode", BOOL, choices="ya_tidak", width=10,
        help_id="ya bila dokumen tidak mencetak kode baris ini (Kode lalu berisi label baris).",
        help_en="ya when the document prints no code for this row (Kode then holds the row label)."),
    _text("catatan", "Catatan", width=24),
    B,
)

BUDGET_ROW = (
    _enum("total", SYSTEM_TOTAL, "jenis_baris", help_id="rincian (bawaan) atau total untuk baris jumlah.",
          help_en="rincian (default), or total for the stated total row."),
    _code("kode", "Kode"),
    _text("uraian", "Uraian"),
    _money("pagu", "Pagu"),
    _money("blokir", "Blokir"),
    _money("realisasi", "Realisasi"),
    _pct("persen", "Persen (%)"),
    _money("realisasi_sp2d", "Realisasi SP2D"),
    _pct("persen_sp2d", "Persen SP2D (%)"),
    _value("target", "Target Indikator"),
    Col("pagu_keluaran", "Pagu Keluaran", LIST, width=30,
        help_id="Jalur pagu keluaran (RO) yang membentuk pagu baris ini, dipisah koma, mis. rencana_aksi.keluaran[4].pagu.",
        help_en="Paths of the output (RO) pagu this row's pagu is made of, comma-separated, e.g. rencana_aksi.keluaran[4].pagu."),
    B,
)

_CLAIM_FIGURES = ("bagian", "keseluruhan", "persen", "awal", "akhir", "selisih", "poin", "jumlah", "angka")
NARASI = Sheet("Narasi", "narasi", about_id="Klaim narasi yang membawa hitungannya sendiri, satu per baris; angka seperti tertulis.",
               about_en="Narrative claims that carry their own arithmetic, one per row; figures as written.", cols=(
    _enum("jenis", "Jenis", "jenis_narasi", "bagian, anggaran, perubahan, jumlah, cacah, tanggal atau periode.",
          "bagian, anggaran, perubahan, jumlah, cacah, tanggal or periode.", required=True),
    _text("kalimat", "Kalimat", width=60),
    Col("ragu", "Ragu", BOOL, choices="ya_tidak", width=8, help_id="ya bila klaim terbaca dengan ragu (paling tinggi info).",
        help_en="ya when the claim was read with doubt (info at most)."),
    _value("bagian", "Bagian", "X dari Y, atau jumlah Rp A.", "X of Y, or the amount Rp A."),
    _value("keseluruhan", "Keseluruhan", "Y, atau jumlah Rp B (pagu).", "Y, or the amount Rp B (the pagu)."),
    _value("persen", "Persen", "Z % seperti tertulis.", "Z % as written."),
    _value("awal", "Awal", "Perubahan: angka awal (dari A).", "Change: the starting figure (from A)."),
    _value("akhir", "Akhir", "Perubahan: angka akhir (menjadi B).", "Change: the final figure (to B)."),
    _value("selisih", "Selisih", "Perubahan: selisih yang tertulis.", "Change: the stated difference."),
    _value("poin", "Poin", "Perubahan dalam poin.", "Change in points."),
    _enum("arah", "Arah", "arah", "naik atau turun, seperti kalimatnya.", "naik or turun, as the sentence says."),
    _value("jumlah", "Jumlah", "Total yang dirinci.", "The total broken down."),
    Col("rincian", "Rincian", LIST, width=24, separator=";", help_id="Bagian-bagian total, dipisah titik koma.",
        help_en="The parts of the total, separated by semicolons."),
    _value("angka", "Angka", "Cacah dalam angka (4).", "The count in figures (4)."),
    _text("kata", "Kata", "Cacah dalam huruf (empat).", "The count in words (empat).", width=24),
    _text("satuan", "Satuan", "Yang dihitung (indikator, sekolah).", "What is counted (indikator, sekolah).", width=14),
    Col("daftar", "Daftar", LIST, width=30, separator=";", help_id="Butir yang dihitung, dipisah titik koma.",
        help_en="The items counted, separated by semicolons."),
    _text("dihitung", "Dihitung", "Jalur daftar data yang dihitung, mis. perjanjian_kinerja[akhir].sasaran.",
          "Path of the data list counted, e.g. perjanjian_kinerja[akhir].sasaran.", width=30),
    _text("tanggal", "Tanggal", "Tanggal seperti tertulis (Senin, 3 Juni 2024).", "The date as written.", width=24),
    _text("periode", "Periode", "Periode seperti tertulis (Triwulan III tahun 2024).", "The period as written.", width=24),
    *(_text(f"merujuk.{name}", f"Merujuk {name.capitalize()}", f"Jalur angka data yang sama dengan {name}.",
            f"Path of the data figure equal to {name}.", width=28) for name in _CLAIM_FIGURES),
    B,
))

SHEETS: tuple[Sheet, ...] = (
    Sheet("Laporan", "laporan", form=True, about_id="Identitas laporan (wajib).", about_en="The report's identity (required).", cols=(
        _enum("jenis", "Jenis laporan: tahunan (LKj) atau triwulan", "jenis", required=True),
        _year("tahun", "Tahun yang dilaporkan", required=True),
        Col("triwulan", "Triwulan (1–4), wajib bila jenis triwulan", INT, width=8,
            help_id="1, 2, 3 atau 4.", help_en="1, 2, 3 or 4."),
        _date("tanggal", "Tanggal laporan ditandatangani", "Tanggal tanda tangan.", "Signing date."),
        _code("satker.kode", "Kode satker", required=True),
        _text("satker.nama", "Nama satker"),
        Col("satker.baris", "Baris dokumen: satker", BARIS),
        _code("kementerian.kode", "Kode kementerian/lembaga (bagian anggaran, mis. 023)"),
        _text("kementerian.nama", "Nama kementerian/lembaga"),
        Col("kementerian.baris", "Baris dokumen: kementerian", BARIS),
        _code("eselon1.kode", "Kode unit eselon I (mis. 023.03)"),
        _text("eselon1.nama", "Nama unit eselon I"),
        Col("eselon1.baris", "Baris dokumen: eselon I", BARIS),
        _text("dokumen", "Nama berkas dokumen sumber"),
        _text("catatan", "Catatan"),
        _year("renstra.dari", "Periode Renstra: dari tahun"),
        _year("renstra.sampai", "Periode Renstra: sampai tahun"),
    )),
    Sheet("PK", "perjanjian_kinerja", about_id="Versi Perjanjian Kinerja (awal, revisi, akhir) dan tanggalnya.",
          about_en="Performance Agreement versions and their dates.", cols=(
        _enum("versi", "Versi PK", "versi", required=True),
        _date("tanggal", "Tanggal PK", "Tanggal PK ditandatangani.", "Date the PK was signed."),
        B,
        _enum("anggaran.skala", "Skala Anggaran PK", "skala"),
        _money("anggaran.total", "Total Anggaran PK", "Total anggaran PK seperti tertulis.", "The PK budget total as stated."),
        Col("anggaran.baris", "Baris Dokumen Anggaran", BARIS, width=12),
    )),
    Sheet("PK Indikator", "perjanjian_kinerja", child_of="PK",
          about_id="Sasaran dan indikator setiap versi PK; satu baris per indikator.",
          about_en="Each PK version's goals and indicators; one row per indicator.", cols=(
        _enum("versi", "Versi PK", "versi", required=True),
        _code("sasaran.kode", "Kode Sasaran", required=True),
        _text("sasaran.nama", "Nama Sasaran", width=30),
        Col("sasaran.baris", "Baris Dokumen Sasaran", BARIS, width=12),
        _code("kode", "Kode Indikator", required=True, help_id="Mis. IKK 1.1; unik dalam satu versi.",
              help_en="E.g. IKK 1.1; unique within a version."),
        _text("nama", "Nama Indikator"),
        Col("satuan", "Satuan", TEXT, choices="satuan", width=10,
            help_id="%, Nilai, Predikat, Orang, Lembaga … (menentukan cara membaca target).",
            help_en="%, Nilai, Predikat, Orang, Lembaga … (decides how targets are read)."),
        _value("target", "Target"),
        _enum("tipe", "Tipe", "tipe"),
        _enum("polaritas", "Polaritas", "polaritas"),
        _value("target_renstra", "Target Renstra"),
        B,
    )),
    Sheet("PK Anggaran", "perjanjian_kinerja", child_of="PK", about_id="Pagu per kegiatan di setiap versi PK.",
          about_en="Budget per activity in each PK version.", cols=(
        _enum("versi", "Versi PK", "versi", required=True),
        _code("kode", "Kode Kegiatan", required=True),
        _text("nama", "Nama Kegiatan"),
        _money("pagu", "Pagu"),
        B,
    )),
    Sheet("Capaian", "capaian", ANNUAL, about_id="Capaian kinerja per indikator (Bab III A).",
          about_en="Achievement per indicator (chapter III A).", cols=(
        _code("indikator", "Kode Indikator", required=True, help_id="Sama persis dengan kode di PK.",
              help_en="Exactly the PK code."),
        _code("sasaran", "Kode Sasaran"),
        _text("nama", "Nama Indikator"),
        Col("satuan", "Satuan", TEXT, choices="satuan", width=10),
        _value("target", "Target"),
        _value("realisasi", "Realisasi"),
        _pct("capaian_persen", "Capaian (%)"),
        _dec("nilai", "Nilai", "Skor di balik predikat (mis. 74,35 untuk BB).", "The score behind a grade."),
        _count("pembilang", "Pembilang"),
        _count("penyebut", "Penyebut"),
        _enum("tipe", "Tipe", "tipe"),
        _enum("polaritas", "Polaritas", "polaritas"),
        _value("target_renstra", "Target Renstra"),
        _pct("capaian_renstra_persen", "Capaian Renstra (%)"),
        _text("status", "Status", "Pernyataan laporan: tercapai, melebihi target, tidak tercapai …",
              "The report's statement: tercapai, melebihi target, tidak tercapai …", width=18),
        B,
    )),
    Sheet("Riwayat", "capaian", ANNUAL, child_of="Capaian",
          about_id="Angka tahun lain per indikator, sebagaimana ditulis laporan ini.",
          about_en="Other years' figures per indicator, as this report states them.", cols=(
        _code("indikator", "Kode Indikator", required=True, help_id="Indikator di lembar Capaian.",
              help_en="An indicator of sheet Capaian."),
        _year("tahun", "Tahun", required=True),
        _value("target", "Target"),
        _value("realisasi", "Realisasi"),
        _pct("capaian_persen", "Capaian (%)"),
        _dec("nilai", "Nilai"),
        B,
    )),
    Sheet("SAKIP", "sakip", ANNUAL, about_id="Nilai dan predikat SAKIP per tahun.", about_en="SAKIP score and grade per year.", cols=(
        _year("tahun", "Tahun", required=True),
        _dec("nilai", "Nilai"),
        Col("predikat", "Predikat", TEXT, choices="predikat", width=10),
        _dec("kenaikan", "Kenaikan", "Kenaikan dari tahun sebelumnya seperti tertulis.", "Stated change from the previous year."),
        B,
    )),
    Sheet("SAKIP Komponen", "sakip", ANNUAL, child_of="SAKIP", about_id="Komponen nilai SAKIP per tahun.",
          about_en="SAKIP score components per year.", cols=(
        _year("tahun", "Tahun", required=True, help_id="Tahun di lembar SAKIP.", help_en="A year of sheet SAKIP."),
        _text("nama", "Komponen", width=30),
        Col("bobot", "Bobot", FIGURE, "bobot", help_id="Bobot komponen.", help_en="Component weight."),
        _dec("nilai", "Nilai"),
        B,
    )),
    Sheet("NKA", "nka", ANNUAL, form=True, about_id="Rumus NKA (bobot IKPA dan EKA, persen).",
          about_en="The NKA formula (IKPA and EKA weights, percent).", cols=(
        Col("rumus.ikpa", "Bobot IKPA dalam rumus NKA (%)", FIGURE, "bobot"),
        Col("rumus.eka", "Bobot EKA dalam rumus NKA (%)", FIGURE, "bobot"),
        Col("rumus.baris", "Baris dokumen: rumus", BARIS),
    )),
    Sheet("NKA Tahun", "nka", ANNUAL, about_id="IKPA, EKA, NKA dan kategori per tahun.",
          about_en="IKPA, EKA, NKA and category per year.", cols=(
        _year("tahun", "Tahun", required=True),
        _dec("ikpa", "IKPA"),
        _dec("eka", "EKA"),
        _dec("nka", "NKA"),
        _text("kategori", "Kategori", width=14),
        B,
    )),
    Sheet("NKA Komponen", "nka", ANNUAL, about_id="Komponen IKPA.", about_en="IKPA components.", cols=(
        _text("nama", "Komponen", width=30),
        Col("bobot", "Bobot", FIGURE, "bobot"),
        _dec("nilai", "Nilai"),
        B,
    )),
    Sheet("Anggaran", "anggaran", ANNUAL, form=True, about_id="Angka utama anggaran (Bab III B) dan judul tabel anggaran.",
          about_en="Headline budget figures (chapter III B) and the budget tables' titles.", cols=(
        _money("pagu_awal", "Pagu awal"),
        _money("pagu_akhir", "Pagu akhir"),
        _money("blokir", "Blokir"),
        _money("realisasi", "Realisasi"),
        _pct("daya_serap", "Daya serap (%)"),
        _money("sisa", "Sisa anggaran"),
        Col("baris", "Baris dokumen: angka utama", BARIS),
        _text("realisasi_rincian.judul", "Realisasi Rincian: judul tabel"),
        _text("realisasi_rincian.periode", "Realisasi Rincian: periode"),
        _enum("realisasi_rincian.skala", "Realisasi Rincian: skala", "skala"),
        Col("realisasi_rincian.baris", "Realisasi Rincian: baris dokumen", BARIS),
        _code("realisasi_rincian.satker.kode", "Realisasi Rincian: kode satker di kepala tabel"),
        _text("realisasi_rincian.satker.nama", "Realisasi Rincian: nama satker di kepala tabel"),
        Col("realisasi_rincian.satker.baris", "Realisasi Rincian: baris dokumen kepala tabel", BARIS),
        _text("jenis_belanja.judul", "Jenis Belanja: judul tabel"),
        _enum("jenis_belanja.skala", "Jenis Belanja: skala", "skala"),
        Col("jenis_belanja.baris", "Jenis Belanja: baris dokumen", BARIS),
        _text("per_indikator.judul", "Per Indikator: judul tabel"),
        _enum("per_indikator.skala", "Per Indikator: skala", "skala"),
        Col("per_indikator.baris", "Per Indikator: baris dokumen", BARIS),
    )),
    Sheet("Realisasi Rincian", "anggaran", ANNUAL, about_id="Laporan Realisasi Kinerja sebagai pohon: satu baris per simpul.",
          about_en="The budget realisation tree: one row per node.", cols=TREE),
    Sheet("Jenis Belanja", "anggaran", ANNUAL, about_id="Realisasi per jenis belanja, dengan baris total.",
          about_en="Realisation per type of spending, with its total row.", cols=BUDGET_ROW),
    Sheet("Per Indikator", "anggaran", ANNUAL, about_id="Anggaran per indikator, dengan baris total.",
          about_en="Budget per indicator, with its total row.", cols=BUDGET_ROW),
    Sheet("Renja", "anggaran", ANNUAL, about_id="Tabel Renja/RKA (bawaan dalam ribuan rupiah): judul dan baris total.",
          about_en="Renja/RKA tables (thousands of rupiah by default): title and total row.", cols=(
        Col("no", "No Renja", INT, width=8, required=True, help_id="Nomor tabel Renja (1, 2, …).",
            help_en="Number of the Renja table (1, 2, …)."),
        _text("judul", "Judul"),
        _enum("skala", "Skala", "skala", help_id="Bawaan: ribuan.", help_en="Default: ribuan."),
        B,
        _money("total.pagu", "Total Pagu"),
        _count("total.volume", "Total Volume"),
        Col("total.baris", "Baris Dokumen Total", BARIS, width=12),
    )),
    Sheet("Renja Rincian", "anggaran", ANNUAL, child_of="Renja", about_id="Pohon setiap tabel Renja; kolom No Renja menunjuk tabelnya.",
          about_en="The tree of each Renja table; No Renja names the table.",
          cols=(Col("renja", "No Renja", INT, width=8, required=True),) + TREE),
    Sheet("Efisiensi", "efisiensi", ANNUAL, form=True, about_id="Efisiensi keseluruhan seperti tertulis.",
          about_en="Overall efficiency as stated.", cols=(
        _money("nilai", "Nilai efisiensi (rupiah)"),
        _pct("persen", "Efisiensi E (%)"),
        _dec("nilai_efisiensi", "Nilai efisiensi NE"),
        Col("baris", "Baris dokumen", BARIS),
    )),
    Sheet("Efisiensi Keluaran", "efisiensi", ANNUAL, about_id="Efisiensi per keluaran.", about_en="Efficiency per output.", cols=(
        _code("kode", "Kode Keluaran", required=True),
        _text("nama", "Nama Keluaran"),
        _money("pagu", "Pagu"),
        _pct("capaian_persen", "Capaian Keluaran (%)"),
        _money("realisasi", "Realisasi"),
        _pct("efisiensi_persen", "Efisiensi E (%)"),
        _dec("nilai_efisiensi", "Nilai Efisiensi NE"),
        B,
    )),
    Sheet("Rencana Aksi", "rencana_aksi", form=True, about_id="Rencana aksi PK: tanggal, pola dan total.",
          about_en="The PK action plan: date, pattern and total.", cols=(
        _date("tanggal", "Tanggal rencana aksi", "Tanggal rencana aksi.", "Date of the action plan."),
        _enum("pola", "Pola: kumulatif (TW IV = target tahunan) atau per-triwulan", "pola"),
        _money("total", "Total pagu rencana aksi"),
    )),
    Sheet("RA Indikator", "rencana_aksi", about_id="Target triwulanan per indikator (TW I–IV).",
          about_en="Quarterly targets per indicator (TW I–IV).", cols=(
        _code("kode", "Kode Indikator", required=True),
        _value("target", "Target Tahunan"),
        _value("tw.0", "TW I"),
        _value("tw.1", "TW II"),
        _value("tw.2", "TW III"),
        _value("tw.3", "TW IV"),
        B,
    )),
    Sheet("RA Keluaran", "rencana_aksi", about_id="Keluaran rencana aksi sebagai pohon anggaran.",
          about_en="The action plan's outputs as a budget tree.", cols=TREE),
    Sheet("RA TW Keluaran", "rencana_aksi", about_id="Nilai TW I–IV per rincian output.",
          about_en="TW I–IV values per output.", cols=(
        _code("kode", "Kode Keluaran", required=True),
        Col("tw.0", "TW I", FIGURE, "nilai"),
        Col("tw.1", "TW II", FIGURE, "nilai"),
        Col("tw.2", "TW III", FIGURE, "nilai"),
        Col("tw.3", "TW IV", FIGURE, "nilai"),
        B,
    )),
    Sheet("TW Progres", "triwulan", QUARTER, about_id="Bagian A: progres capaian per indikator.",
          about_en="Section A: progress per indicator.", cols=(
        _code("sasaran", "Kode Sasaran"),
        _code("indikator", "Kode Indikator", required=True),
        _value("target_pk", "Target PK"),
        Col("satuan", "Satuan", TEXT, choices="satuan", width=10),
        _value("target_tw", "Target TW"),
        _value("capaian_tw", "Capaian TW"),
        B,
    )),
    Sheet("TW Keluaran", "triwulan", QUARTER, about_id="Bagian C: capaian fisik dan anggaran per rincian output, dengan baris total.",
          about_en="Section C: physical and budget achievement per output, with the total row.", cols=(
        _enum("total", SYSTEM_TOTAL, "jenis_baris", help_id="rincian (bawaan) atau total untuk baris jumlah.",
              help_en="rincian (default), or total for the stated total row."),
        _code("kode", "Kode Rincian Output", width=22, help_id="Dengan atau tanpa kode satker (DI.6397.QDB.750).",
              help_en="With or without the satker code (DI.6397.QDB.750)."),
        _text("nama", "Nama"),
        _text("satuan", "Satuan", width=10),
        _count("volume", "Volume"),
        _count("capaian", "Capaian"),
        _count("sisa_capaian", "Sisa Capaian"),
        _money("pagu", "Pagu"),
        _money("realisasi", "Realisasi"),
        _money("sisa_anggaran", "Sisa Anggaran"),
        B,
    )),
    Sheet("Tabel", "tabel", about_id="Daftar tabel umum; data setiap tabel ada di lembarnya sendiri (kolom Lembar).",
          about_en="The generic tables; each table's data is on its own sheet (column Lembar).", cols=(
        _code("id", "ID Tabel", required=True, help_id="Pengenal unik, mis. T14.", help_en="Unique id, e.g. T14."),
        _text("lembar", "Lembar", "Nama lembar berisi data tabel ini (bawaan: Tabel <ID>).",
              "The sheet holding this table's data (default: Tabel <ID>).", width=16),
        _text("judul", "Judul"),
        _enum("skala", "Skala", "skala"),
        _enum("desimal", "Desimal", "desimal", help_id="koma atau titik: tanda desimal tabel (untuk 5.542).",
              help_en="koma or titik: the table's decimal mark (settles 5.542)."),
        _text("kolom_total", "Kolom Total", "Kolom berisi jumlah kolom lain di setiap baris.",
              "The column holding each row's total.", width=14),
        Col("kolom_dijumlah", "Kolom Dijumlah", LIST, width=18, help_id="Kolom yang dijumlahkan ke Kolom Total, dipisah koma.",
            help_en="Columns that add up to the total column, comma-separated."),
        Col("kolom_pasti", "Kolom Pasti", LIST, width=16, help_id="Kolom yang bilangan bulatnya tepat (target, cacah), dipisah koma.",
            help_en="Columns whose whole numbers are exact (targets, counts), comma-separated."),
        Col("kolom_tidak_turun", "Kolom Tidak Turun", LIST, width=18,
            help_id="Kolom yang angkanya tidak turun dari baris ke baris (nomor halaman Daftar Isi), dipisah koma.",
            help_en="Columns whose numbers do not decrease down the rows (Daftar Isi page numbers), comma-separated."),
        B,
    )),
    Sheet("Tabel Relasi", "tabel", child_of="Tabel", about_id="Relasi antarkolom tabel umum, satu per baris.",
          about_en="Declared relations between a generic table's columns, one per row.", cols=(
        _code("id", "ID Tabel", required=True),
        _text("relasi", "Relasi", "Mis. naik = t2024 - t2023 atau kategori = band(t2024, 'spm').",
              "E.g. naik = t2024 - t2023 or kategori = band(t2024, 'spm').", width=50),
    )),
    Sheet("Tabel Pita", "tabel", child_of="Tabel", about_id="Tabel kategori (pita) untuk band() dalam relasi.",
          about_en="Band tables used by band() in relations.", cols=(
        _code("id", "ID Tabel", required=True),
        _text("pita", "Nama Pita", width=12),
        _text("kategori", "Kategori", width=20),
        _dec("di_atas", "Di Atas", "Batas bawah, tidak termasuk.", "Lower bound, exclusive."),
        _dec("sampai", "Sampai", "Batas atas, termasuk.", "Upper bound, inclusive."),
    )),
    Sheet("Pernyataan", "pernyataan", about_id="Angka yang disebut di narasi dan angka data yang diulangnya.",
          about_en="Figures stated in the narrative and the data figure each restates.", cols=(
        _text("kalimat", "Kalimat", width=60),
        _value("nilai", "Nilai", "Angka seperti tertulis di kalimat.", "The figure as written in the sentence."),
        _text("merujuk", "Merujuk", "Jalur angka yang diulang, mis. capaian[IKK 1.1].realisasi.",
              "Path of the restated figure, e.g. capaian[IKK 1.1].realisasi.", width=40),
        B,
    )),
    NARASI,
)


BY_NAME = {sheet.name.casefold(): sheet for sheet in SHEETS}
SECTION_ORDER = ("format", "laporan", "perjanjian_kinerja", "capaian", "sakip", "nka", "anggaran", "efisiensi",
                 "rencana_aksi", "triwulan", "tabel", "pernyataan", "narasi")


def sheet(name: str) -> Sheet:
    return BY_NAME[name.casefold()]


def header_key(text: str) -> str:
    """How a header is compared: case, spaces and a trailing `*` do not matter."""
    return " ".join(str(text).replace("*", " ").split()).casefold()


def header_names(sheet_: Sheet) -> dict[str, Col]:
    """Every accepted header of a table sheet (its label and its data key) → column."""
    names: dict[str, Col] = {}
    for col in sheet_.cols:
        names[header_key(col.label)] = col
        names[header_key(col.key)] = col
    return names


def table_sheet_name(table_id: str, taken: set[str]) -> str:
    """A valid, unused sheet name for a generic table's data."""
    clean = "".join(" " if ch in "[]:*?/\\" else ch for ch in str(table_id)).strip() or "tabel"
    base = f"Tabel {clean}"[:31].strip()
    name, n = base, 2
    while name.casefold() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    return name


@dataclass
class Layout:
    """The sheets a template holds for one kind of report."""

    jenis: str
    sheets: list[Sheet] = field(default_factory=list)


def layout(jenis: str) -> Layout:
    return Layout(jenis, [s for s in SHEETS if jenis in s.jenis])


def column_letter(index: int) -> str:
    """1 → A, 27 → AA (as Excel names columns)."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
