"""The CSV writer: a BOM for Excel, formulas defused, numbers kept as numbers."""

import csv
import io
from datetime import UTC, datetime
from decimal import Decimal

from surveys.exports import BOM, csv_lines, csv_safe


def read(lines) -> list[list[str]]:
    document = "".join(lines)
    assert document.startswith(BOM)
    return list(csv.reader(io.StringIO(document[len(BOM) :])))


def test_document_starts_with_a_bom_and_keeps_arabic():
    rows = read(csv_lines(["السؤال", "Answer"], [["التحويلات النقدية", "نعم"]]))
    assert rows == [["السؤال", "Answer"], ["التحويلات النقدية", "نعم"]]
    encoded = "".join(csv_lines(["a"], [])).encode("utf-8")
    assert encoded.startswith(b"\xef\xbb\xbf")


def test_formula_cells_are_defused():
    for hostile in (
        "=1+1",
        "+SUM(A1)",
        "-2+3",
        "@cmd",
        "\t=x",
        "\r=x",
        "\0=x",
        '  =HYPERLINK("x")',
    ):
        assert csv_safe(hostile) == "'" + hostile
    rows = read(csv_lines(["=HEADER"], [["=cmd|' /C calc'!A0", "ok"]]))
    assert rows == [["'=HEADER"], ["'=cmd|' /C calc'!A0", "ok"]]


def test_numbers_stay_numbers_and_other_values_are_plain():
    assert csv_safe(-5) == -5 and csv_safe(Decimal("-1.5")) == Decimal("-1.5")
    assert csv_safe(None) == "" and csv_safe(True) == "1"
    assert csv_safe(datetime(2026, 1, 2, 3, 4, tzinfo=UTC)) == "2026-01-02T03:04:00+00:00"
    assert read(csv_lines(["n"], [[-5]])) == [["n"], ["-5"]]


def test_quotes_commas_and_line_breaks_survive_a_round_trip():
    text = 'She said "yes", then\nmore'
    assert read(csv_lines(["t"], [[text]])) == [["t"], [text]]


def test_rows_are_produced_one_at_a_time():
    produced = []

    def rows():
        for n in range(3):
            produced.append(n)
            yield [n]

    lines = csv_lines(["n"], rows())
    next(lines), next(lines)
    assert produced == []
    next(lines)
    assert produced == [0]
