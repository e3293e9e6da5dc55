"""Reading the ONS Postcode Directory CSV: which rows are kept, and clear errors for the wrong file."""

import csv
import io
import logging

import pytest

from directory.places import OnspdFormatError, OnspdRow, iter_onspd_rows

HEADER = ["PCD", "pcds", "dointr", "doterm", "oscty", "oslaua", "osward", "lat", "long", "imd"]
STOCKPORT = "E08000007"
CHESHIRE_EAST = "E06000049"
MANCHESTER = "E08000003"

ROWS = [
    # pcd, pcds, dointr, doterm, oscty, oslaua, osward, lat, long, imd
    ["SK4 1AA", "SK4 1AA", "198001", "", "E99999999", STOCKPORT, "E05000001", "53.417", "-2.162", "100"],
    ["SK4 1AB", "SK4 1AB", "198001", "200512", "E99999999", STOCKPORT, "E05000001", "53.418", "-2.163", "1"],
    ["SK4 1AD", "SK4 1AD", "198001", "", "E99999999", STOCKPORT, "E05000001", "99.999999", "0.000000", "1"],
    ["SK9 1AA", "SK9 1AA", "198001", "", "E99999999", CHESHIRE_EAST, "E05000002", "53.328", "-2.230", "2"],
    ["M19 9ZZ", "M19 9ZZ", "198001", "", "E99999999", STOCKPORT, "E05000003", "53.440", "-2.180", "3"],
    ["M1  1AE", "M1 1AE", "198001", "", "E99999999", MANCHESTER, "E05000004", "53.480", "-2.240", "4"],
    ["NOTAPC", "NOT A PC", "198001", "", "E99999999", STOCKPORT, "E05000005", "53.4", "-2.1", "5"],
    ["SK5 6AA", "SK5 6AA", "198001", "", "E99999999", STOCKPORT, "E05000006", "north", "-2.1", "6"],
]


def write_csv(tmp_path, header=HEADER, rows=ROWS, *, bom=False, name="onspd.csv"):
    path = tmp_path / name
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_live_located_stockport_and_sk_postcodes_are_kept_and_the_rest_skipped(tmp_path):
    path = write_csv(tmp_path)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(iter_onspd_rows(handle))
    assert rows == [
        OnspdRow("SK4 1AA", 53.417, -2.162, "SK4 1", "SK4", STOCKPORT),
        OnspdRow("SK9 1AA", 53.328, -2.230, "SK9 1", "SK9", CHESHIRE_EAST),
        OnspdRow("M19 9ZZ", 53.440, -2.180, "M19 9", "M19", STOCKPORT),
    ]


def test_terminated_postcodes_are_skipped(tmp_path):
    path = write_csv(tmp_path)
    with path.open(encoding="utf-8", newline="") as handle:
        postcodes = {row.postcode for row in iter_onspd_rows(handle)}
    assert "SK4 1AB" not in postcodes


def test_postcodes_with_the_placeholder_location_are_skipped(tmp_path):
    path = write_csv(tmp_path)
    with path.open(encoding="utf-8", newline="") as handle:
        postcodes = {row.postcode for row in iter_onspd_rows(handle)}
    assert "SK4 1AD" not in postcodes


def test_a_binary_file_with_a_byte_order_mark_and_upper_case_headers_is_read(tmp_path):
    header = [name.upper() for name in HEADER]
    path = write_csv(tmp_path, header=header, bom=True)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with path.open("rb") as handle:
        postcodes = [row.postcode for row in iter_onspd_rows(handle)]
    assert postcodes == ["SK4 1AA", "SK9 1AA", "M19 9ZZ"]


def test_a_text_file_with_a_byte_order_mark_is_read():
    text = "\ufeffpcd,lat,long,doterm,oslaua\r\nSK1  1AA,53.41,-2.15,,E08000007\r\n"
    rows = list(iter_onspd_rows(io.StringIO(text)))
    assert rows == [OnspdRow("SK1 1AA", 53.41, -2.15, "SK1 1", "SK1", STOCKPORT)]


def test_the_fixed_width_pcd_column_is_used_when_pcds_is_absent(tmp_path):
    header = [name for name in HEADER if name != "pcds"]
    rows = [[cell for index, cell in enumerate(row) if index != 1] for row in ROWS]
    path = write_csv(tmp_path, header=header, rows=rows)
    with path.open(encoding="utf-8", newline="") as handle:
        postcodes = [row.postcode for row in iter_onspd_rows(handle, local_authorities=(), prefixes=("M",))]
    assert postcodes == ["M19 9ZZ", "M1 1AE"]


def test_other_local_authorities_and_prefixes_can_be_chosen(tmp_path):
    path = write_csv(tmp_path)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = iter_onspd_rows(handle, local_authorities=(MANCHESTER,), prefixes=())
        postcodes = [row.postcode for row in rows]
    assert postcodes == ["M1 1AE"]


def test_a_dated_local_authority_column_is_accepted_when_oslaua_is_absent():
    text = "pcds,lat,long,doterm,lad23cd\nSK2 6AA,53.39,-2.13,,E08000007\nSK2 6AB,53.39,-2.13,,E08000003\n"
    rows = list(iter_onspd_rows(io.StringIO(text), prefixes=()))
    assert [(row.postcode, row.local_authority) for row in rows] == [("SK2 6AA", STOCKPORT)]


@pytest.mark.parametrize("missing", ["doterm", "lat", "long", "oslaua"])
def test_a_missing_required_column_raises_a_format_error_naming_it(tmp_path, missing):
    index = HEADER.index(missing)
    header = [name for name in HEADER if name != missing]
    rows = [row[:index] + row[index + 1 :] for row in ROWS]
    path = write_csv(tmp_path, header=header, rows=rows)
    with path.open(encoding="utf-8", newline="") as handle, pytest.raises(OnspdFormatError, match=missing):
        iter_onspd_rows(handle)  # raised straight away, before any row is read


def test_a_file_with_no_postcode_column_raises_a_format_error_naming_pcds():
    with pytest.raises(OnspdFormatError, match="pcds"):
        iter_onspd_rows(io.StringIO("lat,long,doterm,oslaua\n53.4,-2.1,,E08000007\n"))


def test_an_empty_file_raises_a_format_error():
    with pytest.raises(OnspdFormatError, match="empty"):
        iter_onspd_rows(io.StringIO(""))


def test_short_and_blank_rows_are_skipped_without_stopping_the_import():
    text = "pcds,lat,long,doterm,oslaua\n\nSK1 1AA,53.4\nSK1 1AB,53.41,-2.15,,E08000007\n"
    assert [row.postcode for row in iter_onspd_rows(io.StringIO(text))] == ["SK1 1AB"]


def test_the_import_logs_how_many_rows_it_kept_and_skipped(tmp_path, caplog):
    path = write_csv(tmp_path)
    with path.open(encoding="utf-8", newline="") as handle, caplog.at_level(logging.INFO):
        list(iter_onspd_rows(handle))
    assert "kept 3 postcodes; skipped 1 terminated, 1 without a location, 2 malformed" in caplog.text
