"""Property: whatever workbook is uploaded, the reader answers with rows or its own refusal, within a bound.

Generated inputs: workbooks of random size with empty rows, long strings, many columns and hostile text;
sheets of up to 400.000 blank rows (a zip bomb of blank lines); any of these truncated or with bytes
flipped; and sound zips whose XML parts are truncated, flipped or given stray markup. Each parse runs in a forked child and is measured there with resource.getrusage: at most
PARSE_CPU_SECONDS of CPU (ru_utime + ru_stime) and PARSE_MEMORY_MB of peak resident growth (ru_maxrss),
with the reader's row bound lowered to MAX_ROWS so that the examples stay fast; at the real bound the
same shapes cost at most what the largest accepted list costs (test_import_bounds.py measures those).
"""

import io
import random
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from core.exports import write_text_row
from enterprises import importing
from enterprises.models import EnterpriseImport
from tests.enterprises.xlsx_files import measure_parse, replace_parts, with_sheet

PARSE_CPU_SECONDS = 2.0
PARSE_MEMORY_MB = 64
MAX_ROWS = 200
TITLES = [column.title for column in importing.COLUMNS]

# Text a spreadsheet can hold (XML has no control characters; openpyxl refuses them before any file exists).
texts = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)
cell_values = st.one_of(
    st.none(),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    texts,
    st.text(alphabet="=+-@\t;,\"'ĐđăâêôơưA1 ", max_size=20),
    st.builds(lambda n, c: c * n, st.integers(min_value=1_000, max_value=30_000), st.sampled_from("aĐ ")),
)


@st.composite
def workbooks(draw) -> bytes:
    width = draw(st.integers(min_value=0, max_value=70))
    header = draw(st.lists(st.one_of(st.sampled_from(TITLES), texts), min_size=width, max_size=width))
    rows = draw(st.lists(st.lists(cell_values, max_size=width + 3), max_size=40))
    workbook = Workbook()
    sheet = workbook.active
    if draw(st.booleans()):
        write_text_row(sheet, header)
    for line in rows:
        if draw(st.integers(min_value=0, max_value=4)) == 0:
            sheet.append([])  # an empty row
        values = [
            value if not isinstance(value, float) or value == value and abs(value) != float("inf") else str(value)
            for value in line
        ]
        write_text_row(sheet, values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@st.composite
def blank_row_bombs(draw) -> bytes:
    count = draw(st.integers(min_value=0, max_value=400_000))
    step = draw(st.integers(min_value=1, max_value=50))
    cell = draw(st.sampled_from([b"", b'<c r="Z1"/>', b"<c><v>1</v></c>"]))
    return with_sheet(b"".join(b'<row r="%d">%s</row>' % (n, cell) for n in range(2, 2 + count * step, step)))


@st.composite
def damaged(draw, source) -> bytes:
    data = bytearray(draw(source))
    rng = random.Random(draw(st.integers(min_value=0, max_value=2**32)))
    if draw(st.booleans()):
        del data[rng.randrange(len(data)) :]
    for _ in range(draw(st.integers(min_value=0, max_value=20))):
        if data:
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    return bytes(data)


@st.composite
def damaged_parts(draw, source) -> bytes:
    """A sound zip whose XML is broken: a part truncated, bytes flipped or markup inserted, then re-zipped."""
    archive = zipfile.ZipFile(io.BytesIO(draw(source)))
    names = sorted(name for name in archive.namelist() if name.endswith((".xml", ".rels")))
    name = draw(st.sampled_from(names))
    part = bytearray(archive.read(name))
    rng = random.Random(draw(st.integers(min_value=0, max_value=2**32)))
    action = draw(st.sampled_from(["truncate", "flip", "insert"]))
    if action == "truncate":
        del part[rng.randrange(len(part)) :]
    elif action == "flip":
        for _ in range(draw(st.integers(min_value=1, max_value=10))):
            part[rng.randrange(len(part))] ^= 1 << rng.randrange(7)  # stays ASCII-compatible, so openpyxl sees it
    else:
        at = rng.randrange(len(part))
        part[at:at] = draw(st.sampled_from([b"<", b"<c>", b'<c r="A0" t="s"><v>99</v></c>', b"</row>", b"&x;", b'"']))
    return replace_parts({name: bytes(part)}, data=bytes(archive.fp.getvalue()))


uploads = st.one_of(
    workbooks(),
    blank_row_bombs(),
    damaged(workbooks()),
    damaged(blank_row_bombs()),
    damaged_parts(workbooks()),
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(uploads)
def test_any_upload_is_read_or_refused_within_the_time_and_memory_bound(data):
    cost = measure_parse(data, max_rows=MAX_ROWS)
    assert not cost.crashed, cost.crashed
    assert all(isinstance(message, str) and message for message in cost.errors)
    assert cost.cpu_seconds < PARSE_CPU_SECONDS, cost
    assert cost.memory_mb < PARSE_MEMORY_MB, cost


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
@given(data=st.one_of(damaged(workbooks()), damaged_parts(workbooks()), blank_row_bombs()))
def test_the_upload_page_answers_every_file_with_a_page_never_an_error(cast, login, data):
    client = login(cast.staff_hcm)
    upload = SimpleUploadedFile("danh-sach.xlsx", data, content_type="application/octet-stream")
    count = EnterpriseImport.objects.count()
    response = client.post(reverse("enterprises:import_upload"), {"file": upload})
    assert response.status_code in (200, 302)
    if response.status_code == 200 and EnterpriseImport.objects.count() > count:  # not a form error (empty file)
        assert EnterpriseImport.objects.latest("created_at").status == EnterpriseImport.Status.FAILED
        assert "chưa lưu dòng nào" in response.content.decode()
