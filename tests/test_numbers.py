"""read_figure: figures written the way Indonesian reports write them (docs/format.md, "Writing numbers").

Every expectation is an exact Decimal and a written precision: `decimals` is None for an exact
whole number in a money or count field, the number of decimals written otherwise.
"""

from __future__ import annotations

import pickle
from dataclasses import fields
from decimal import Decimal

import pytest

from validator.figures import Figure
from validator.numbers import Kind, NumberProblem, read_figure

D = Decimal
MONEY, COUNT, DECIMAL, ANY = Kind.MONEY, Kind.COUNT, Kind.DECIMAL, Kind.ANY


# (written, kind, value, decimals)
READS = [
    # docs/format.md row 1: 13.12 in its four spellings, 2 decimals
    ("13.12", DECIMAL, D("13.12"), 2),
    ("13,12", DECIMAL, D("13.12"), 2),
    ("13,12 %", DECIMAL, D("13.12"), 2),
    ("13.12%", DECIMAL, D("13.12"), 2),
    ("13.12", ANY, D("13.12"), 2),
    ("13,12 %", ANY, D("13.12"), 2),
    # row 2: a whole amount of money, exact
    ("39524039000", MONEY, D("39524039000"), None),
    ("39.524.039.000", MONEY, D("39524039000"), None),
    ("Rp 39.524.039.000", MONEY, D("39524039000"), None),
    ("Rp. 39.524.039.000,-", MONEY, D("39524039000"), None),
    ("Rp17.384.952.000", MONEY, D("17384952000"), None),
    # row 3: two decimals, Indonesian style and SAKTI export
    ("39.524.039.000,00", MONEY, D("39524039000.00"), 2),
    ("39.524.039.000.00", MONEY, D("39524039000.00"), 2),
    # row 4: English thousands
    ("1,031,869,000", MONEY, D("1031869000"), None),
    ("1,031,869,000", COUNT, D("1031869000"), None),
    # row 5: one separator and three digits, decided by the field
    ("5.542", COUNT, D("5542"), None),
    ("5.542", MONEY, D("5542"), None),
    ("5.542", DECIMAL, D("5.542"), 3),
    ("161,205", COUNT, D("161205"), None),
    ("161,205", MONEY, D("161205"), None),
    ("161,205", DECIMAL, D("161.205"), 3),
    # precision is evidence
    ("93.50", DECIMAL, D("93.50"), 2),
    ("93.5", DECIMAL, D("93.5"), 1),
    ("99,15", DECIMAL, D("99.15"), 2),
    # whole numbers: exact in money/count fields, 0 decimals elsewhere
    ("35", DECIMAL, D("35"), 0),
    ("35", ANY, D("35"), 0),
    ("35", COUNT, D("35"), None),
    ("0", MONEY, D("0"), None),
    # negatives: sign or accounting brackets
    ("(1.234)", MONEY, D("-1234"), None),
    ("-1.234", MONEY, D("-1234"), None),
    ("-2,5", DECIMAL, D("-2.5"), 1),
    # a unit word after the number
    ("5916 Lembaga", COUNT, D("5916"), None),
    ("5.916 Lembaga", COUNT, D("5916"), None),
    ("810 orang", COUNT, D("810"), None),
    # surrounding and non-breaking spaces
    ("  13.12  ", DECIMAL, D("13.12"), 2),
    ("13,12\u00a0%", DECIMAL, D("13.12"), 2),
]


@pytest.mark.parametrize(("written", "kind", "value", "decimals"), READS,
                         ids=[f"{w!r}-{k.name}" for w, k, _, _ in READS])
def test_read_figure(written, kind, value, decimals):
    fig = read_figure(written, kind)
    assert fig is not None
    assert fig.value == value
    assert type(fig.value) is Decimal
    assert fig.decimals == decimals
    assert fig.label is None
    assert fig.text == written   # kept as written, never normalised
    assert fig.scale == 1


@pytest.mark.parametrize("written", ["-", "", "—", "–", " - ", "\u00a0"])
@pytest.mark.parametrize("kind", list(Kind))
def test_missing_marks_are_no_value(written, kind):
    assert read_figure(written, kind) is None
    assert read_figure(written, kind, labels_allowed=True) is None


# (written, decimal_mark, value, decimals) in a generic-table (ANY) field
DECLARED = [
    ("5.542", ",", D("5542"), 0),
    ("5.542", ".", D("5.542"), 3),
    ("161,205", ",", D("161.205"), 3),
    ("161,205", ".", D("161205"), 0),
]


@pytest.mark.parametrize(("written", "mark", "value", "decimals"), DECLARED)
def test_declared_decimal_mark_settles_ambiguous_numbers(written, mark, value, decimals):
    fig = read_figure(written, ANY, decimal_mark=mark)
    assert (fig.value, fig.decimals) == (value, decimals)


@pytest.mark.parametrize("written", ["5.542", "161,205", "(1.234)"])
def test_ambiguous_number_in_generic_field_is_a_problem(written):
    with pytest.raises(NumberProblem) as exc:
        read_figure(written, ANY)
    assert exc.value.kind == "ambiguous-number"
    assert written in str(exc.value)
    # a label is no way out of the ambiguity: it is still a number that cannot be read
    with pytest.raises(NumberProblem) as exc:
        read_figure(written, ANY, labels_allowed=True)
    assert exc.value.kind == "ambiguous-number"


# (written, kind): not a number at all
UNREADABLE = [
    ("A", ANY),
    ("A", DECIMAL),
    ("BB", MONEY),
    ("WTP", COUNT),
    ("XX%", DECIMAL),
    ("abc", DECIMAL),
    ("1.2.3", ANY),
    ("1.2.3", MONEY),
    ("1.234.5", MONEY),
    ("12,34.5", MONEY),
]


@pytest.mark.parametrize(("written", "kind"), UNREADABLE)
def test_unreadable_number_is_a_problem(written, kind):
    with pytest.raises(NumberProblem) as exc:
        read_figure(written, kind)
    assert exc.value.kind == "number"
    assert isinstance(exc.value, ValueError)


@pytest.mark.parametrize("written", ["A", "BB", "WTP", "Tuntas Madya", "XX%"])
def test_grade_or_label_where_labels_are_allowed(written):
    fig = read_figure(written, ANY, labels_allowed=True, line=12, column=5)
    assert fig.value is None
    assert fig.label == written
    assert fig.text == written
    assert not fig.is_number
    assert (fig.line, fig.column) == (12, 5)
    with pytest.raises(ValueError):
        fig.interval()


def test_malformed_separators_are_not_a_label():
    """`1.2.3` looks like a number, so it is a number problem even where a label may stand."""
    with pytest.raises(NumberProblem) as exc:
        read_figure("1.2.3", ANY, labels_allowed=True)
    assert exc.value.kind == "number"


def test_scale_thousands():
    fig = read_figure("17.675.901", MONEY, scale=1000)
    assert fig.value == D("17675901000")
    assert fig.decimals is None
    assert fig.scale == 1000
    assert fig.text == "17.675.901"
    interval = fig.interval()
    assert interval.low == D("17675900500")
    assert interval.high == D("17675901500")


# (written, kind, low, high): what the written precision allows
INTERVALS = [
    ("93.5", DECIMAL, D("93.45"), D("93.55")),
    ("93.50", DECIMAL, D("93.495"), D("93.505")),
    ("35", DECIMAL, D("34.5"), D("35.5")),
    ("39.524.039.000", MONEY, D("39524039000"), D("39524039000")),
    ("39.524.039.000.00", MONEY, D("39524038999.995"), D("39524039000.005")),
]


@pytest.mark.parametrize(("written", "kind", "low", "high"), INTERVALS)
def test_interval_of_written_precision(written, kind, low, high):
    interval = read_figure(written, kind).interval()
    assert (interval.low, interval.high) == (low, high)


def test_place_is_kept():
    fig = read_figure("1.000", MONEY, line=7, column=13)
    assert (fig.line, fig.column) == (7, 13)


# (written, kind): `exact` drops the written precision of a number fixed by definition (a target)
EXACT = [("93.50", DECIMAL), ("35", DECIMAL), ("35", ANY), ("1.5e3", DECIMAL), ("13,12 %", ANY), ("1.000", MONEY)]


@pytest.mark.parametrize(("written", "kind"), EXACT)
def test_exact_figure_has_no_written_precision(written, kind):
    fig = read_figure(written, kind, exact=True)
    assert fig.value == read_figure(written, kind).value
    assert fig.decimals is None


def test_exact_label_stays_a_label():
    fig = read_figure("A", ANY, labels_allowed=True, exact=True)
    assert (fig.value, fig.label, fig.decimals) == (None, "A", None)


@pytest.mark.parametrize(("written", "kind", "value", "decimals"), [
    ("35", DECIMAL, D(35), 0), ("007", MONEY, D(7), None), ("٣٥", ANY, D(35), 0), ("0", COUNT, D(0), None)])
def test_plain_digits(written, kind, value, decimals):
    fig = read_figure(written, kind, scale=1000, path="capaian[IKK 1.1].target")
    assert (fig.value, fig.decimals, fig.path) == (value * 1000, decimals, "capaian[IKK 1.1].target")


def test_figure_pickles_whole():
    """Load workers send figures pickled; every field must come back."""
    fig = Figure(D("1500.5"), "1,5005", 3, 1000, "a label", 7, 13, "tabel[T1].rincian[x].nilai")
    back = pickle.loads(pickle.dumps(fig))
    assert back == fig and type(back) is Figure
    assert [getattr(back, f.name) for f in fields(Figure)] == [getattr(fig, f.name) for f in fields(Figure)]
    assert len(fig.__reduce__()[1]) == len(fields(Figure))  # a field added later must be pickled too
