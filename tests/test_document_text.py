"""The extracted-text reader: headings, paragraphs and tables keep their text and their place."""

from validator.inputs.documents.model import Paragraph, Place, Table
from validator.inputs.documents.text import clean, parse_text_document


def test_tab_rows_make_one_table_with_places_and_bold_cells():
    doc = parse_text_document("# BAB III\n\nJudul tabel\nNo\tIKK\tTarget\n1\t<b>IKK 1.1</b>\t95,15\n\nSesudah\n", "x.txt")
    heading, caption, table, after = doc.blocks
    assert isinstance(heading, Paragraph) and heading.level == 1 and heading.text == "BAB III"
    assert isinstance(table, Table) and [r.texts for r in table.rows] == [["No", "IKK", "Target"], ["1", "IKK 1.1", "95,15"]]
    assert table.rows[1].place == Place(None, 5) and table.rows[1].cells[1].bold
    assert after.text == "Sesudah" and doc.quote(Place(None, 5)) == "1\t<b>IKK 1.1</b>\t95,15"


def test_form_feeds_start_pages():
    doc = parse_text_document("satu\n\fdua\ntiga\t4\n", "x.txt")
    assert [b.place for b in doc.blocks] == [Place(1, 1), Place(2, 1), Place(2, 2)]
    assert Place(2, 2).baris == "hal. 2, baris 2" and Place(None, 7).baris == "7"


def test_spaced_titles_close_up_but_figures_keep_their_characters():
    assert clean("P E R J A N J I A N  K I N E R J A") == "PERJANJIAN KINERJA"
    assert clean("Rp. 39.524.039.000,-") == "Rp. 39.524.039.000,-"
    assert clean("\u00a0<b>95,15 %</b>") == "95,15 %"
