"""Every file a writer has: .doc/.wps/.odt/.rtf through LibreOffice, saved web pages, PDFs.

Inputs are the seed corpus's reports written here as GB/T 9704 .docx, converted by LibreOffice; web
pages come from page templates of our own (tests/formats_factory.py).
"""

import json
import re
import shutil
import tempfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from drafter import read
from drafter.cli import app
from drafter.errors import InputError
from drafter.mining.miner import mine
from drafter.reader import convert
from drafter.rules.run import lint_file
from tests.docx_factory import DocxBuilder, hostile
from tests.formats_factory import NEW_SITE, OLD_SITE, copy_as, seed_reports, soffice_convert, write_docx, write_html
from tests.helpers import assert_only_input_errors, skip_unless_ci

runner = CliRunner()
REPORTS = seed_reports()
# in the mixed folder: which report is in which format (the others stay .docx)
MIXED = {0: "doc", 1: "doc", 2: "wps", 3: "odt", 4: "rtf", 5: "html", 6: "htm", 7: "pdf", 8: "pdf"}
FURNITURE = ("当前位置", "首页", "发布时间", "浏览次数", "字体", "打印本页", "关闭窗口", "相关文章", "分享到",
             "网站标识码", "ICP备", "主办", "热点信息", "信息公开")


def _need_soffice():
    if convert.soffice() is None:
        skip_unless_ci("LibreOffice (soffice) 不在 PATH 上：跳过旧格式转换和 PDF 的检查")


def _squeezed(text: str) -> str:
    """Text without blanks and without the marks (、，。；：) that LibreOffice's PDF export leaves out where one
    ends a full line (it hangs into the margin and is neither drawn nor in the text layer): what is
    measured is whether the paragraphs come back, not LibreOffice's rendering."""
    return re.sub(r"[\s、，。；：]+", "", text)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """docx/: the 11 reports as .docx; pdf/: all of them as PDF; mixed/: each in the format MIXED gives."""
    _need_soffice()
    root = tmp_path_factory.mktemp("formats")
    docx = root / "docx"
    docx.mkdir()
    paths = [write_docx(r, docx / f"{i:02d}.docx") for i, r in enumerate(REPORTS, 1)]
    mixed = root / "mixed"
    mixed.mkdir()
    pdfs = soffice_convert(paths, "pdf", root / "pdf")
    for to in ("doc", "odt", "rtf"):
        chosen = [i for i, kind in MIXED.items() if kind == to or (to == "doc" and kind == "wps")]
        for i, made in zip(chosen, soffice_convert([paths[i] for i in chosen], to, root / to)):
            copy_as(made, "." + MIXED[i], mixed)
    for i, kind in MIXED.items():
        if kind == "pdf":
            shutil.copyfile(pdfs[i], mixed / pdfs[i].name)
    write_html(REPORTS[5], mixed / "06.html")
    write_html(REPORTS[6], mixed / "07.htm", OLD_SITE, "gb2312")
    for i in range(len(REPORTS)):
        if i not in MIXED:
            shutil.copyfile(paths[i], mixed / paths[i].name)
    return root


def _comparable(profile) -> dict:
    """The profile without what a PDF cannot give back exactly: blanks beside Chinese characters (a typed
    space and a glyph gap look alike) and the commas LibreOffice's PDF export leaves out at some line
    ends (pdftotext and pypdf lose them too), so paragraph lengths and example sentences are compared
    without them, and phrases by their text."""
    data = profile.to_json()
    for key in ("files", "characters", "phrases"):
        data.pop(key)
    for part in data["roles"].values():
        part.pop("paragraph_chars", None)
    return data


def _phrase_counts(profile) -> dict[str, int]:
    return {p["text"]: p["count"] for p in profile.to_json()["phrases"]}


def test_mixed_folder_mines_like_the_docx_versions(corpus):
    assert sorted(f.suffix for f in (corpus / "mixed").iterdir()) == sorted(
        [".doc", ".doc", ".wps", ".odt", ".rtf", ".html", ".htm", ".pdf", ".pdf", ".docx", ".docx"])
    alone = mine([corpus / "docx"], progress=False)
    mixed = mine([corpus / "mixed"], progress=False)
    assert mixed.files == alone.files == 11 and mixed.reports == alone.reports
    assert _comparable(mixed) == _comparable(alone)  # parts, headings, order, item counts
    assert abs(mixed.characters - alone.characters) <= 0.001 * alone.characters  # blanks, line-end commas in PDFs
    ours, theirs = _phrase_counts(mixed), _phrase_counts(alone)
    same = [t for t in theirs if ours.get(t) == theirs[t]]
    assert len(same) >= 0.95 * len(theirs) and len(ours) >= 0.95 * len(theirs)


def test_a_folder_is_converted_in_one_libreoffice_run(corpus, monkeypatch):
    runs = []
    real = convert._run
    monkeypatch.setattr(convert, "_run", lambda *a: runs.append(len(a[2])) or real(*a))
    mine([corpus / "mixed"], progress=False)
    assert runs == [5]  # .doc ×2, .wps, .odt, .rtf


@pytest.mark.parametrize("suffix", [".doc", ".wps", ".odt", ".rtf"])
def test_converted_files_lint_like_the_docx(corpus, suffix):
    i = next(i for i, kind in MIXED.items() if "." + kind == suffix)
    name = f"{i + 1:02d}"

    def findings(path):
        return [(f.rule, f.paragraph, f.start, f.end, f.message) for r in lint_file(str(path)) for f in r.findings]

    converted = corpus / "mixed" / (name + suffix)
    assert findings(converted) == findings(corpus / "docx" / f"{name}.docx")
    assert read(converted).path == str(converted)


def test_conversion_leaves_no_files_and_never_touches_the_input(corpus, tmp_path, monkeypatch):
    source = corpus / "mixed" / "01.doc"
    before = source.read_bytes(), sorted(p.name for p in source.parent.iterdir())
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert read(source).paragraphs
    assert list(tmp_path.iterdir()) == []  # the profile and the converted copy are gone
    assert (source.read_bytes(), sorted(p.name for p in source.parent.iterdir())) == before


def test_pdf_paragraphs_are_recovered(corpus):
    expected = recovered = 0
    for i, report in enumerate(REPORTS, 1):
        got = [p.text for p in read(corpus / "pdf" / f"{i:02d}.pdf").paragraphs]
        assert _squeezed(got[0]) == _squeezed(report[0])  # the title, its two lines joined
        assert not any(re.fullmatch(r"[—-]\s*\d+\s*[—-]", t) or re.search(r"—\s*\d+\s*—$", t) for t in got)
        found = {_squeezed(t) for t in got}
        expected += len(report)
        recovered += sum(_squeezed(t) in found for t in report)
    # 289 paragraphs; LibreOffice's PDFs drop a few full-width commas hung at a line's end
    assert recovered / expected >= 0.97


@pytest.mark.parametrize("template,encoding,suffix", [(NEW_SITE, "utf-8", ".html"), (OLD_SITE, "gb2312", ".htm"),
                                                      (OLD_SITE, "gbk", ".htm")])
def test_web_page_gives_the_article_only(tmp_path, template, encoding, suffix):
    for i, report in enumerate(REPORTS):
        page = write_html(report, tmp_path / f"{i}{suffix}", template, encoding)
        got = [p.text for p in read(page).paragraphs]
        assert got == [re.sub(r"\s+", " ", t).strip() for t in report]  # blanks collapsed as a browser shows
        assert not any(word in t for t in got[:1] + got[-2:] for word in FURNITURE)


def test_web_page_encoding_is_sniffed_without_a_declaration(tmp_path):
    report = REPORTS[0]
    page = write_html(report, tmp_path / "p.html", NEW_SITE.replace('<meta charset="utf-8">', ""), "gbk")
    assert read(page).paragraphs[0].text == report[0]
    page.write_bytes(b"\xef\xbb\xbf" + page.read_bytes().decode("gbk").encode("utf-8"))
    assert read(page).paragraphs[0].text == report[0]


def test_web_page_keeps_tables_and_short_lines_of_the_report(tmp_path):
    body = ("<p>区财政局2025年工作总结</p><p>一、工作情况</p><p>全年一般公共预算收入完成12.6亿元，同比增长5.2%，"
            "完成年初预算的91.3%。</p><table><tr><td>项目</td><td>完成数</td></tr><tr><td>收入</td><td>126000</td>"
            "</tr></table><p>区财政局</p><p>2025年12月18日</p>")
    page = tmp_path / "p.html"
    page.write_text(f"<html><head><title>区财政局2025年工作总结</title></head><body>{body}</body></html>",
                    encoding="utf-8")
    assert [p.text for p in read(page).paragraphs] == [
        "区财政局2025年工作总结", "一、工作情况", "全年一般公共预算收入完成12.6亿元，同比增长5.2%，完成年初预算的91.3%。",
        "项目\t完成数", "收入\t126000", "区财政局", "2025年12月18日"]


@pytest.mark.parametrize("site", ["某县人民政府门户网站", "某县人民政府", "首页"])
def test_a_page_titled_with_the_site_s_name_gains_no_title_line(tmp_path, site):
    # the article's title is its first paragraph; <title> names only the site: nothing is put before it
    body = ("<p>县医保局2025年工作总结</p><p>一、工作情况</p><p>全年参保人数达到52.6万人，参保率稳定在97%以上。</p>"
            "<p>县医保局</p><p>2025年12月22日</p>")
    page = tmp_path / "p.html"
    page.write_text(f"<html><head><title>{site}</title></head><body>{body}</body></html>", encoding="utf-8")
    assert read(page).paragraphs[0].text == "县医保局2025年工作总结"
    assert not [f.rule for r in lint_file(str(page)) for f in r.findings if f.rule in ("title", "web-junk")]


def test_lint_folder_mixed_formats_from_the_command_line(corpus):
    result = runner.invoke(app, ["lint", "--format", "json", "--fail-on", "never", str(corpus / "mixed")])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["errors"] == [] and len({f["path"] for f in data["files"]}) == 11


def test_annotate_and_fix_write_docx_copies_of_a_doc(corpus, tmp_path):
    source = tmp_path / "草稿.doc"
    shutil.copyfile(corpus / "mixed" / "01.doc", source)
    result = runner.invoke(app, ["lint", "--annotate", "--fail-on", "never", str(source)])
    assert result.exit_code == 0, result.output
    assert "经 LibreOffice 转换，副本为 .docx" in result.output
    annotated = tmp_path / "草稿.批注.docx"
    assert annotated.exists() and read(annotated).paragraphs
    result = runner.invoke(app, ["fix", str(source)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "草稿.修改.docx").exists() and "副本为 .docx" in result.output


def test_annotate_and_fix_of_a_pdf_ask_for_the_docx(corpus, tmp_path):
    pdf = tmp_path / "报告.pdf"
    shutil.copyfile(corpus / "pdf" / "01.pdf", pdf)
    result = runner.invoke(app, ["lint", "--annotate", "--fail-on", "never", str(pdf)])
    assert result.exit_code == 0 and "请用 .docx 原稿" in result.output
    result = runner.invoke(app, ["fix", str(pdf)])
    assert result.exit_code == 2 and "请用 .docx 原稿" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["报告.pdf"]


# ---- bad input ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bad(tmp_path_factory, corpus):
    folder = tmp_path_factory.mktemp("bad-formats")
    (folder / "broken.doc").write_bytes(hostile.ole2_doc())
    (folder / "broken.wps").write_bytes(hostile.ole2_doc())
    (folder / "text.rtf").write_bytes("这不是 RTF".encode())
    (folder / "bomb.odt").write_bytes(hostile.zip_bomb())
    (folder / "bomb.doc").write_bytes(hostile.zip_bomb())  # a zip bomb in a .doc's name: read as the .docx it is
    (folder / "empty.rtf").write_bytes(b"")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <<>>\n%%EOF")
    (folder / "renamed.pdf").write_bytes(b"PK\x03\x04 not a pdf")
    (folder / "empty.html").write_bytes(b"<html><body><script>var a = 1;</script></body></html>")
    blank = DocxBuilder()
    blank.empty()
    (pdf,) = soffice_convert([blank.save(folder / "scan.docx")], "pdf", folder / "made")
    shutil.copyfile(pdf, folder / "scan.pdf")
    (folder / "scan.docx").unlink()
    locked = soffice_convert(
        [corpus / "docx" / "01.docx"],
        'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
        '"DocumentOpenPassword":{"type":"string","value":"secret"}}', folder / "locked")
    shutil.copyfile(locked[0], folder / "locked.pdf")
    shutil.rmtree(folder / "made")
    shutil.rmtree(folder / "locked")
    return folder


BAD = {
    "broken.doc": "Word 97-2003文件已损坏",
    "broken.wps": "WPS文件已损坏",
    "text.rtf": "不是有效的 .rtf",
    "bomb.odt": "疑似恶意文件",
    "bomb.doc": "压缩炸弹",
    "empty.rtf": "文件为空",
    "broken.pdf": "PDF 文件已损坏",
    "renamed.pdf": "不是有效的 PDF",
    "empty.html": "没有找到正文",
    "scan.pdf": "没有文字层",
    "locked.pdf": "密码",
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_each_bad_file_is_one_clear_error(bad, name):
    with pytest.raises(InputError) as err:
        read(bad / name)
    assert str(bad / name) in str(err.value) and "\n" not in str(err.value)
    assert BAD[name] in err.value.reason


def test_bad_files_are_reported_and_the_good_ones_mined(bad, corpus):
    mixed = corpus / "mixed"
    result = runner.invoke(app, ["mine", str(mixed), *[str(bad / n) for n in sorted(BAD)]])
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith("错误：")]
    assert len(errors) == len(BAD) and "Traceback" not in result.output
    assert "11 篇报告" in result.output or "报告：11" in result.output or "11 篇" in result.output


def test_without_libreoffice_the_message_says_how_to_install(corpus, monkeypatch):
    monkeypatch.setattr(convert, "soffice", lambda: None)
    with pytest.raises(InputError) as err:
        read(corpus / "mixed" / "03.wps")
    assert "WPS" in err.value.reason and "apt-get install libreoffice-writer-nogui" in err.value.reason


def test_a_conversion_that_runs_out_of_time_is_one_error(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(convert, "START_SECONDS", 0.05)
    monkeypatch.setattr(convert, "FILE_SECONDS", 0)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with pytest.raises(InputError) as err:
        read(corpus / "mixed" / "01.doc")
    assert "转换超时" in err.value.reason
    assert list(tmp_path.iterdir()) == []


def test_web_page_checks_every_format_and_annotates_a_doc(corpus):
    import warnings

    warnings.filterwarnings("ignore", message=".*httpx.*", category=DeprecationWarning)
    from fastapi.testclient import TestClient

    from drafter.web.app import create_app

    mixed = corpus / "mixed"
    names = ["01.doc", "04.odt", "06.html", "08.pdf"]
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        r = client.post("/api/lint", files=[("files", (n, (mixed / n).read_bytes())) for n in names])
        assert r.status_code == 200, r.text
        data = r.json()
        assert data["errors"] == [] and [f["path"] for f in data["files"]] == names
        assert [f["kind"] for f in data["files"]] == ["docx", "docx", "html", "pdf"]
        r = client.post("/api/annotate", files={"file": ("草稿.doc", (mixed / "01.doc").read_bytes())})
        assert r.status_code == 200 and r.content.startswith(b"PK")
        r = client.post("/api/annotate", files={"file": ("报告.pdf", (mixed / "08.pdf").read_bytes())})
        assert r.status_code == 400 and "PDF" in r.json()["error"]


# ---- fuzzing: whatever the bytes, a reader raises InputError or reads -------------------------------


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2048), suffix=st.sampled_from([".html", ".pdf", ".odt", ".rtf", ".doc", ".wps"]))
def test_random_bytes_in_other_formats(tmp_path, data, suffix):
    assert_only_input_errors(tmp_path / f"fuzz{suffix}", data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(flips=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=10))
def test_mutated_pdf_bytes(corpus, tmp_path, flips):
    data = bytearray((corpus / "pdf" / "11.pdf").read_bytes())
    for pos, value in flips:
        data[pos % len(data)] = value
    assert_only_input_errors(tmp_path / "mutated.pdf", bytes(data))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(0, 10**6), insert=st.text(alphabet="<>/=\"' abcdivpa中文", max_size=30))
def test_mutated_web_pages(tmp_path, cut, insert):
    page = write_html(REPORTS[10], tmp_path / "page.html").read_text(encoding="utf-8")
    cut %= len(page)
    assert_only_input_errors(tmp_path / "mutated.html", (page[:cut] + insert + page[cut:]).encode("utf-8"))


def test_deeply_nested_web_page(tmp_path):
    page = tmp_path / "deep.html"
    page.write_text("<html><body>" + "<div>" * 50_000 + "区财政局2025年工作总结" + "</div>" * 50_000 + "</body></html>",
                    encoding="utf-8")
    assert_only_input_errors(page, page.read_bytes())


def test_api_reads_a_doc_from_a_file_object(corpus, tmp_path, monkeypatch):
    import io

    import drafter

    data = (corpus / "mixed" / "01.doc").read_bytes()
    stream = io.BytesIO(data)
    stream.name = "旧稿.doc"  # no such file: the bytes are all there is
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    doc = drafter.read(stream)
    assert doc.path == "旧稿.doc" and [p.text for p in doc.paragraphs] == [p.text for p in read(corpus / "mixed" / "01.doc").paragraphs]
    assert list(tmp_path.iterdir()) == []
