"""CSV: one row per claim and citation, UTF-8 (with a BOM for Excel), formulas inert."""

import csv
import io

import pytest

from reports.exporters import get
from reports.exporters.csv_table import COLUMNS, FORMULA_LEADS, neutralise


def table(payload: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(payload.decode("utf-8-sig"), newline="")))


def test_header_and_one_row_per_claim_and_citation(seed):
    payload = get("csv").render(seed)
    assert payload.split(b"\r\n", 1)[0].decode() == ",".join(COLUMNS)
    rows = table(payload)
    expected = sum(max(1, len(claim["citations"])) for claim in seed["claims"])
    assert len(rows) == expected
    first = rows[0]
    claim = seed["claims"][0]
    assert first["claim_number"] == "1"
    assert first["claim_url"] == "https://desk.example.org/reports/12/#claim-1"
    assert first["claim_text"] == claim["text"]
    assert first["verdict"] == "Mostly true"
    assert first["verdict_ordinal"] == "4"
    assert first["citation_number"] == "1"
    assert first["stance"] == "supports"
    assert first["source_url"] == claim["citations"][0]["source"]["url"]


def test_a_claim_without_citations_still_gets_its_row(seed):
    rows = [row for row in table(get("csv").render(seed)) if row["claim_number"] == "6"]
    assert len(rows) == 1
    assert rows[0]["verdict"] == "Unverifiable"
    assert rows[0]["verdict_ordinal"] == ""
    assert rows[0]["citation_number"] == rows[0]["source_url"] == ""
    assert rows[0]["two_person_override_reason"].startswith("Only one editor")


def test_utf8_without_bom_and_the_excel_variant_with_one(seed):
    seed["claims"][0]["verdict"]["explanation"] = "Überprüft: 北京 — «ok»"
    plain = get("csv").render(seed)
    excel = get("csv-excel").render(seed)
    assert not plain.startswith(b"\xef\xbb\xbf")
    assert excel == b"\xef\xbb\xbf" + plain
    assert "Überprüft: 北京 — «ok»".encode() in plain
    assert get("csv-excel").extension == "csv"
    assert get("csv-excel").filename(seed).endswith("-csv-excel.csv")


@pytest.mark.parametrize("lead", FORMULA_LEADS)
def test_cells_that_start_a_formula_are_neutralised(seed, lead):
    seed["claims"][0]["attribution"] = f'{lead}HYPERLINK("https://evil.example","x")'
    row = table(get("csv").render(seed))[0]
    assert row["attribution"] == f'\'{lead}HYPERLINK("https://evil.example","x")'


def test_neutralise_touches_only_strings():
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("1+1") == "1+1"
    assert neutralise(-3) == -3
    assert neutralise(None) is None


def test_hostile_snapshot_no_cell_can_run(hostile):
    rows = table(get("csv").render(hostile))
    assert rows
    cells = [value for row in rows for value in row.values()]
    assert not [cell for cell in cells if cell.startswith(FORMULA_LEADS)]
    assert any(cell.startswith("'=HYPERLINK(") for cell in cells)
    assert any(cell.startswith("'\r") for cell in cells)
