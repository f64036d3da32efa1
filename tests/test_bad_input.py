"""Bad input: one Chinese line naming the file and the reason, exit code 2, the other files still done."""

import io
import subprocess
import sys
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from drafter import read
from drafter.cli import app
from drafter.errors import InputError
from tests.docx_factory import DocxBuilder, hostile
from tests.helpers import assert_only_input_errors

HOSTILE = {
    "not_a_zip.docx": (hostile.not_a_zip, "不是有效的 .docx"),
    "old.doc": (hostile.ole2_doc, "97-2003"),
    "old.wps": (hostile.ole2_doc, "WPS"),
    "renamed_doc.docx": (hostile.ole2_doc, "97-2003"),
    "encrypted.docx": (hostile.encrypted_docx, "密码"),
    "empty.docx": (hostile.empty, "文件为空"),
    "empty.txt": (hostile.empty, "文件为空"),
    "zip.docx": (hostile.zip_not_docx, "word/document.xml"),
    "truncated.docx": (hostile.truncated_zip, ""),
    "no_document.docx": (hostile.docx_missing_document_xml, "word/document.xml"),
    "invalid.docx": (hostile.invalid_xml, "XML"),
    "laughs.docx": (hostile.billion_laughs, "实体"),
    "xxe.docx": (hostile.external_entity, "实体"),
    "bomb.docx": (hostile.zip_bomb, "压缩炸弹"),
    "deep.docx": (hostile.deep_xml, "层级过深"),
}


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad")
    for name, (make, _) in HOSTILE.items():
        (folder / name).write_bytes(make())
    return folder


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_each_bad_file_is_one_clear_error(bad_files, name):
    path = bad_files / name
    with pytest.raises(InputError) as err:
        read(path)
    message = str(err.value)
    assert str(path) in message and "\n" not in message
    assert HOSTILE[name][1] in err.value.reason


def test_external_entity_is_never_resolved(bad_files):
    with pytest.raises(InputError) as err:
        read(bad_files / "xxe.docx")
    assert "root:" not in str(err.value)


def test_many_member_zip_is_read_without_unpacking_the_rest(tmp_path):
    path = tmp_path / "many.docx"
    path.write_bytes(hostile.zip_bomb_many_members())
    assert read(path).paragraphs  # only the parts a document needs are opened


def test_missing_file_and_empty_folder(tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["lint", str(tmp_path / "nope.docx")])
    assert result.exit_code == 2 and "文件不存在" in result.output
    (tmp_path / "empty").mkdir()
    result = runner.invoke(app, ["lint", str(tmp_path / "empty")])
    assert result.exit_code == 2 and "没有 .docx" in result.output


def test_cli_reports_bad_files_and_still_lints_the_good_one(bad_files, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("区财政局2023年工作总结\n一、工作情况\n完成投资XX万元。\n", encoding="utf-8")
    bad = [str(bad_files / n) for n in ("old.doc", "laughs.docx", "bomb.docx")]
    proc = subprocess.run([sys.executable, "-m", "drafter", "lint", *bad, str(good)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    errors = proc.stderr.strip().splitlines()
    assert len(errors) == 3 and all(line.startswith("错误：") for line in errors)
    assert "Traceback" not in proc.stderr + proc.stdout
    assert "placeholder" in proc.stdout  # the good file was linted


def _valid_docx() -> bytes:
    b = DocxBuilder()
    b.numbering(1)
    b.numbered("2023年工作总结", num_id=1)
    b.paragraph(runs=["完成投资", "XX万元。"])
    b.table([["单位", "数值"]])
    b.tracked_insert(before="a", inserted="b", after="c")
    return b.to_bytes()


VALID = _valid_docx()


def _rezip_with(part: str, data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(VALID)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, data if info.filename == part else src.read(info.filename))
    return out.getvalue()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=4096))
def test_random_bytes(tmp_path, data):
    assert_only_input_errors(tmp_path / "fuzz.docx", data)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(flips=st.lists(st.tuples(st.integers(0, len(VALID) - 1), st.integers(0, 255)), min_size=1, max_size=20))
def test_mutated_zip_bytes(tmp_path, flips):
    data = bytearray(VALID)
    for pos, value in flips:
        data[pos] = value
    assert_only_input_errors(tmp_path / "fuzz.docx", bytes(data))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(part=st.sampled_from(["word/document.xml", "word/numbering.xml", "word/styles.xml"]),
       cut=st.integers(0, 10_000), insert=st.binary(max_size=40))
def test_mutated_xml_parts(tmp_path, part, cut, insert):
    with zipfile.ZipFile(io.BytesIO(VALID)) as z:
        xml = z.read(part)
    cut %= len(xml)
    assert_only_input_errors(tmp_path / "fuzz.docx", _rezip_with(part, xml[:cut] + insert + xml[cut + len(insert):]))


def _header_bytes(data: bytes) -> list[int]:
    """Offsets of the zip's local headers, central directory entries and end record."""
    at = []
    for signature, length in ((b"PK\x03\x04", 30), (b"PK\x01\x02", 46), (b"PK\x05\x06", 22)):
        start = data.find(signature)
        while start >= 0:
            at.extend(range(start, min(start + length, len(data))))
            start = data.find(signature, start + 1)
    return at


def _package_outcome(path) -> object:
    """What the package reader makes of a file: its refusal, or each member's bytes or refusal."""
    from drafter.reader.ooxml import Package

    try:
        pkg = Package(str(path))
    except InputError as exc:
        return exc.reason
    outcome = {}
    for name in pkg.infos:
        try:
            outcome[name] = pkg.read(name)
        except InputError as exc:
            outcome[name] = exc.reason
    pkg.close()
    return outcome


_HEADERS = _header_bytes(VALID)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(flips=st.lists(st.tuples(st.sampled_from(_HEADERS), st.integers(0, 255)), min_size=1, max_size=4),
       tail=st.sampled_from([b"", b"PK\x05\x06", b"comment"]))
def test_zip_headers_read_as_zipfile_reads_them(tmp_path, monkeypatch, flips, tail):
    # a small package is unzipped by drafter's own reader, a large one by zipfile: both must give
    # the same bytes and the same refusals for every header the zip may hold
    from drafter.reader import ooxml

    data = bytearray(VALID)
    for pos, value in flips:
        data[pos] = value
    path = tmp_path / "fuzz.docx"
    path.write_bytes(bytes(data) + tail)
    ours = _package_outcome(path)
    with monkeypatch.context() as m:
        m.setattr(ooxml, "WHOLE_PACKAGE_BYTES", 0)
        assert _package_outcome(path) == ours
