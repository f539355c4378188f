"""Hostile files are refused with a Dutch message naming the limit, before any parser sees them (issue 17).

The attack: an 11.7 MB zip-bomb .xlsx held the worker for 25 minutes, a CSV with 1,000,000 columns grew the
server to 2.5 GB on its mapping page, and an XXE workbook gave a 500. Every hostile file is made here, in the
test; "before parsing" is shown by the parsers (``read_csv``/``read_xlsx``) never being called and no run
being stored.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imports import limits, reading
from imports.models import ImportRun
from imports.reading import UnreadableFile
from imports.tests.conftest import read

MB = 1024 * 1024


@pytest.fixture
def parsed(monkeypatch: Any) -> list[str]:
    """The names of the parsers that were reached (they still run: this only records the call)."""
    calls: list[str] = []
    for name in ("read_csv", "read_xlsx"):
        real = getattr(reading, name)

        def spy(data: bytes, _real: Any = real, _name: str = name) -> Any:
            calls.append(_name)
            return _real(data)

        monkeypatch.setattr(reading, name, spy)
    return calls


def _refused(client: Any, name: str, data: bytes) -> str:
    before = ImportRun.objects.count()
    response = client.post(reverse("imports:index"), {"kind": "casussen", "file": SimpleUploadedFile(name, data)})
    assert response.status_code == 200, "refused: the upload page again, with the message"
    assert ImportRun.objects.count() == before, "a refused file is not stored"
    return response.content.decode()


def _xlsx(sheet_xml: bytes | None = None, *, member_size: int = 0, extra: dict[str, bytes] | None = None) -> bytes:
    """A real workbook (openpyxl), its first sheet replaced by ``sheet_xml`` or by ``member_size`` bytes."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Dossiernummer", "Casustype", "Startdatum"])
    workbook.active.append(["X-1", "ots", "01-01-2026"])
    original = io.BytesIO()
    workbook.save(original)
    out = io.BytesIO()
    with zipfile.ZipFile(original) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst:
        for item in src.infolist():
            if item.filename == "xl/worksheets/sheet1.xml" and (sheet_xml is not None or member_size):
                if sheet_xml is not None:
                    dst.writestr(item.filename, sheet_xml)
                else:
                    with dst.open(item.filename, "w", force_zip64=True) as stream:
                        stream.write(b'<?xml version="1.0"?><worksheet><sheetData>')
                        chunk = b'<row r="1"><c r="A1" t="n"><v>1</v></c></row>' * (MB // 44)
                        for _ in range(member_size // len(chunk) + 1):
                            stream.write(chunk)
                        stream.write(b"</sheetData></worksheet>")
            elif extra and item.filename in extra:
                dst.writestr(item.filename, extra[item.filename])
            else:
                dst.writestr(item, src.read(item.filename))
    return out.getvalue()


def test_a_zip_bomb_is_refused_by_its_unpacked_size(login, noord, parsed):
    bomb = _xlsx(member_size=limits.DEFAULTS["IMPORT_MAX_XLSX_UNCOMPRESSED"] + 10 * MB)
    assert len(bomb) < 2 * MB, "small on disk"
    page = _refused(login("teammanager.noord"), "bom.xlsx", bomb)
    assert "Uitgepakt zou het Excel-bestand groter zijn dan 300 MB, de grens voor een import" in page
    assert parsed == []


def test_a_member_packed_far_more_tightly_than_a_spreadsheet_is_refused(login, noord, parsed):
    bomb = _xlsx(member_size=50 * MB)  # under the unpacked limit, but packed some 1,000 times
    info = next(i for i in zipfile.ZipFile(io.BytesIO(bomb)).infolist() if i.filename.endswith("sheet1.xml"))
    assert info.file_size > 100 * info.compress_size
    page = _refused(login("teammanager.noord"), "bom.xlsx", bomb)
    assert "meer dan 100 keer zo sterk ingepakt als een spreadsheet ooit is" in page
    assert parsed == []


def test_a_sheet_whose_dimension_holds_too_many_cells_is_refused(login, noord, parsed):
    sheet = b'<?xml version="1.0"?><worksheet><dimension ref="A1:CV60000"/><sheetData/></worksheet>'
    page = _refused(login("teammanager.noord"), "groot.xlsx", _xlsx(sheet))
    assert "meer dan 5.000.000 cellen (rijen × kolommen), de grens voor een import" in page
    wide = b'<?xml version="1.0"?><worksheet><dimension ref="A1:ZZ10"/><sheetData/></worksheet>'
    page = _refused(login("teammanager.noord"), "breed.xlsx", _xlsx(wide))
    assert "meer dan 200 kolommen, de grens voor een import" in page
    assert parsed == []


def test_cells_are_counted_when_the_sheet_states_no_dimension(login, noord, parsed, settings):
    settings.IMPORT_MAX_CELLS = 1_000
    row = b'<row r="%d"><c r="A%d"><v>1</v></c><c r="B%d"><v>2</v></c></row>'
    cells = b"".join(row % (i, i, i) for i in range(1, 600))
    sheet = b'<?xml version="1.0"?><worksheet><sheetData>' + cells + b"</sheetData></worksheet>"
    page = _refused(login("teammanager.noord"), "telling.xlsx", _xlsx(sheet))
    assert "meer dan 1.000 cellen" in page
    assert parsed == []


def test_an_xxe_workbook_is_refused_with_a_dutch_message_not_a_500(login, noord, parsed):
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>'
    )
    page = _refused(login("teammanager.noord"), "xxe.xlsx", _xlsx(xxe))
    assert "bevat XML-declaraties (een DTD of entiteiten) die een spreadsheet nooit nodig heeft" in page
    assert "root:" not in page
    assert parsed == []


def test_openpyxl_itself_refuses_an_entity_through_defusedxml():
    """Defence in depth: should the pre-check miss a declaration, openpyxl's parser (defusedxml) refuses it."""
    from django.utils.translation import override
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML, "defusedxml must be installed (requirements/base.txt): openpyxl then parses with it"
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY xxe "boom">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>'
    )
    with override("nl"), pytest.raises(UnreadableFile) as refused:
        reading.read_xlsx(_xlsx(xxe))
    assert "bevat XML-declaraties" in str(refused.value)


def test_a_csv_with_a_million_columns_is_refused(login, noord, parsed):
    data = b";".join(b"k%d" % i for i in range(1_000_000)) + b"\n" + b"1;" * 999_999 + b"1\n"
    page = _refused(login("teammanager.noord"), "breed.csv", data)
    assert "Het bestand heeft meer dan 200 kolommen, de grens voor een import" in page
    assert parsed == []


def test_a_ten_megabyte_line_is_refused(login, noord, parsed):
    page = _refused(login("teammanager.noord"), "regel.csv", b"x" * (10 * MB))
    assert "Een regel van het bestand is langer dan 131.072 bytes, de grens voor een import" in page
    assert parsed == []


def test_too_many_rows_are_refused(login, noord, parsed):
    data = b"Dossiernummer\n" + b"1\n" * 500_001
    page = _refused(login("teammanager.noord"), "lang.csv", data)
    assert "Het bestand heeft meer dan 500.000 rijen, de grens voor een import" in page
    assert parsed == []


def test_too_many_cells_are_refused(login, noord, parsed):
    data = b"a;b\n" + (b";" * 100_000 + b"\n") * 51
    page = _refused(login("teammanager.noord"), "cellen.csv", data)
    assert "meer dan 5.000.000 cellen" in page
    assert parsed == []


class _Body(io.RawIOBase):
    """A multipart request body of ``size`` bytes of CSV, made while it is read: nothing on disk or in memory."""

    def __init__(self, boundary: str, size: int) -> None:
        self.head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\ncasussen\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="groot.csv"\r\n'
            "Content-Type: text/csv\r\n\r\nDossiernummer;Casustype\r\n"
        ).encode()
        self.tail = f"\r\n--{boundary}--\r\n".encode()
        self.size, self.position = size, 0
        self.line = b"X-0000001;ots\r\n" * 4096
        self.length = len(self.head) + size + len(self.tail)

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        n = self.length - self.position if n is None or n < 0 else min(n, self.length - self.position)
        out = bytearray()
        while len(out) < n:
            p = self.position + len(out)
            if p < len(self.head):
                piece = self.head[p : p + n - len(out)]
            elif p < len(self.head) + self.size:
                offset = (p - len(self.head)) % len(self.line)
                left = len(self.head) + self.size - p
                piece = self.line[offset : offset + min(n - len(out), left)]
            else:
                q = p - len(self.head) - self.size
                piece = self.tail[q : q + n - len(out)]
            out += piece
        self.position += len(out)
        return bytes(out)


def test_a_200_mb_upload_is_refused_without_keeping_it(login, noord, parsed, monkeypatch):
    from imports.uploads import InMemoryUploadHandler

    client = login("teammanager.noord")
    received: list[int] = []
    real = InMemoryUploadHandler.receive_data_chunk

    def counting(self: Any, raw_data: bytes, start: int) -> Any:
        received.append(len(raw_data))
        return real(self, raw_data, start)

    monkeypatch.setattr(InMemoryUploadHandler, "receive_data_chunk", counting)
    body = _Body("grens", 200 * MB)
    before = ImportRun.objects.count()
    environ = client._base_environ(
        REQUEST_METHOD="POST",
        PATH_INFO=reverse("imports:index"),
        CONTENT_TYPE="multipart/form-data; boundary=grens",
        CONTENT_LENGTH=str(body.length),
        **{"wsgi.input": body},
    )
    response = client.handler(environ)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Het bestand is groter dan 50 MB, de grens voor een import; splits het op." in page
    assert ImportRun.objects.count() == before
    assert received == [], "the Content-Length said too large: not one byte of the file was kept"
    assert parsed == []
    assert body.position == body.length, "the rest of the request was read and thrown away"


def test_an_upload_without_a_content_length_stops_at_the_limit(settings):
    """Chunked uploads give no Content-Length: the handler then stops keeping the file at the limit."""
    from django.core.files.uploadhandler import SkipFile, StopFutureHandlers
    from django.test import RequestFactory

    from imports.uploads import InMemoryUploadHandler

    settings.IMPORT_MAX_BYTES = MB
    request = RequestFactory().post("/")
    handler = InMemoryUploadHandler(request)
    handler.handle_raw_input(None, {}, 0, b"x")
    with pytest.raises(StopFutureHandlers):  # how Django's memory handler says "I keep this file"
        handler.new_file("file", "groot.csv", "text/csv", None)
    handler.receive_data_chunk(b"x" * (MB // 2), 0)
    with pytest.raises(SkipFile):
        handler.receive_data_chunk(b"x" * MB, MB // 2)
    assert request.import_upload_too_large


def test_a_real_export_of_100000_rows_passes_every_limit():
    """The limits leave room for what bench/bench_import.py imports (100,000 rows, ~7.5 MB)."""
    lines = ["Dossiernummer;Team;Casustype;Startdatum;Einddatum;Verwachte einddatum;Medewerker;Fase;Kinderen"]
    lines += [f"C-{i:07d};Team {i % 4};ots;01-01-2025;;31-12-2026;Medewerker {i % 400};start;1" for i in range(100_000)]
    data = "\n".join(lines).encode()
    assert len(data) > 6 * MB
    limits.check(data, "groot.csv")
    assert len(reading.read_table(data, "groot.csv").rows) == 100_000


@pytest.mark.parametrize("name", ["cases_openpyxl.xlsx", "cases_libreoffice.xlsx", "cases_semicolon_cp1252.csv"])
def test_the_files_real_tools_write_pass_every_limit(name):
    limits.check(read(name), name)
