"""An XLSX workbook of one sheet, produced row by row as the download goes.

openpyxl's write-only mode keeps memory flat but only hands the file over once it is complete, so the
first byte of a national export came after every row was read. Here the sheet's XML is generated as
the rows come and zipped on the fly by ``stream-zip``: the first bytes leave at once and memory stays
flat. Only the parts a spreadsheet needs are written (content types, relations, workbook, styles, one
sheet); strings are inline, so no shared-strings table has to be known in advance.
"""

from __future__ import annotations

import datetime
import re
import zlib
from collections.abc import Iterable, Iterator
from decimal import Decimal
from stat import S_IFREG
from xml.sax.saxutils import escape

from stream_zip import ZIP_32, stream_zip

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    'Target="styles.xml"/>'
    "</Relationships>"
)
# Style 0: general; 1: date (jj/mm/aaaa in a French spreadsheet); 2: date and time; 3: bold (header).
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy hh:mm"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_EPOCH = datetime.datetime(1899, 12, 30)
_DATE, _DATETIME, _BOLD = 1, 2, 3


def _workbook(sheet: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<sheets><sheet name="{escape(sheet[:31], {chr(34): "&quot;"})}" sheetId="1" r:id="rId1"/></sheets>'
        "</workbook>"
    )


# XML 1.0 has no place for most control characters: they are dropped rather than break the file.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _text(value: str) -> str:
    return escape(_CONTROL.sub("", value))


def _cell(value, style: int = 0) -> str:
    """One cell of a row. Strings are always written as text, never as formulas: the caller has already
    made inert what a spreadsheet would run."""
    styled = f' s="{style}"' if style else ""
    if value is None or value == "":
        return f"<c{styled}/>"
    if isinstance(value, bool):
        value = "oui" if value else "non"
    if isinstance(value, datetime.datetime):
        days = (value.replace(tzinfo=None) - _EPOCH).total_seconds() / 86400
        return f'<c s="{_DATETIME}"><v>{days!r}</v></c>'
    if isinstance(value, datetime.date):
        return f'<c s="{_DATE}"><v>{(value - _EPOCH.date()).days}</v></c>'
    if isinstance(value, int | float | Decimal):
        return f"<c{styled}><v>{value}</v></c>"
    return f'<c t="inlineStr"{styled}><is><t xml:space="preserve">{_text(str(value))}</t></is></c>'


def _sheet(rows: Iterable[list]) -> Iterator[bytes]:
    yield (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    )
    buffer: list[str] = []
    for number, row in enumerate(rows, start=1):
        style = _BOLD if number == 1 else 0
        buffer.append(f'<row r="{number}">{"".join(_cell(value, style) for value in row)}</row>')
        if len(buffer) >= 200:  # a few hundred rows per chunk: fewer, larger writes to the zip stream
            yield "".join(buffer).encode()
            buffer.clear()
    yield ("".join(buffer) + "</sheetData></worksheet>").encode()


def xlsx_stream(rows: Iterable[list], *, sheet: str) -> Iterator[bytes]:
    """The bytes of an XLSX file whose only sheet holds ``rows`` (the first one is the header)."""
    now = datetime.datetime.now()
    mode = S_IFREG | 0o600

    def part(text: str):
        yield text.encode()

    files = (
        ("[Content_Types].xml", now, mode, ZIP_32, part(_CONTENT_TYPES)),
        ("_rels/.rels", now, mode, ZIP_32, part(_ROOT_RELS)),
        ("xl/workbook.xml", now, mode, ZIP_32, part(_workbook(sheet))),
        ("xl/_rels/workbook.xml.rels", now, mode, ZIP_32, part(_WORKBOOK_RELS)),
        ("xl/styles.xml", now, mode, ZIP_32, part(_STYLES)),
        ("xl/worksheets/sheet1.xml", now, mode, ZIP_32, _sheet(rows)),
    )
    # zlib's default level, as spreadsheet writers use: level 9 (stream-zip's default) took a third of
    # a national export's time for a file a few per cent smaller.
    return stream_zip(files, get_compressobj=lambda: zlib.compressobj(wbits=-zlib.MAX_WBITS, level=6))
