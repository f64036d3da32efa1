"""drafter serve: the JSON API (FastAPI's TestClient), hostile uploads, limits, concurrency on a real server."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
import warnings
import zipfile
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO
from pathlib import Path
from urllib.parse import unquote

import pytest

warnings.filterwarnings("ignore", message=".*httpx.*", category=DeprecationWarning)


from fastapi.testclient import TestClient

from drafter.web.app import LOOPBACK_HOSTS, MAX_FILES, create_app
from drafter.web.uploads import content_disposition, display_name
from tests.docx_factory import hostile
from tests.helpers import FINANCE, FINANCE_TXT, SEED, LiveServer, finance_docx

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CJK = re.compile(r"[\u4e00-\u9fff]")


def clean_txt(unit: str = "区财政局", year: int = 2025) -> bytes:
    lines = [f"{unit}{year}年工作总结及{year + 1}年工作计划",
             f"一、{year}年工作总结", "全年完成各项工作任务，收入同比增长百分之五。",
             "二、存在的问题", "一是工作力量不足。二是制度建设滞后。",
             f"三、{year + 1}年工作计划", "一是加强队伍建设。二是完善制度。",
             unit, f"{year}年12月20日"]
    return ("\n".join(lines) + "\n").encode("utf-8")


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(), raise_server_exceptions=False) as c:
        yield c


def lint(client, *files, **params):
    return client.post("/api/lint", files=[("files", f) for f in files], params=params)


def assert_chinese_error(response, status: int | tuple[int, ...]):
    statuses = status if isinstance(status, tuple) else (status,)
    assert response.status_code in statuses, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["error"], str) and CJK.search(body["error"]), body
    text = response.text
    assert "Traceback" not in text and "File \"" not in text and "/tmp/" not in text and "drafter-web-" not in text
    return body["error"]


def docx_members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def filename_star(response) -> str:
    cd = response.headers["content-disposition"]
    assert cd.startswith("attachment;")
    m = re.search(r"filename\*=UTF-8''([^;]+)", cd)
    assert m, cd
    ascii_name = re.search(r'filename="([^"]+)"', cd).group(1)
    assert ascii_name.isascii()
    return unquote(m.group(1))


# ---- pages and documentation ------------------------------------------------------------------

@pytest.mark.parametrize("path, words", [("/", ["检查草稿", "把文件拖到这里", "下载"]),
                                         ("/new", ["生成模板", "单位名称", "总结年份", "报告类型"]),
                                         ("/phrases", ["常用表述", "部分"])])
def test_pages_are_chinese_local_and_guarded(client, path, words):
    r = client.get(path)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    for w in words:
        assert w in r.text
    assert '<html lang="zh-CN">' in r.text
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    # everything the page loads comes from this server
    for ref in re.findall(r'(?:src|href)="([^"]+)"', r.text):
        assert ref.startswith("/"), ref
    for asset in re.findall(r'(?:src|href)="(/static/[^"?]+)', r.text):
        got = client.get(asset)
        assert got.status_code == 200, asset
        text = got.text.replace("http://www.w3.org/2000/svg", "")  # an XML namespace, not a request
        assert "http://" not in text and "https://" not in text, asset


def test_openapi_documents_every_endpoint_in_chinese(client):
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path, method in [("/api/lint", "post"), ("/api/annotate", "post"), ("/api/fix", "post"),
                         ("/api/new", "post"), ("/api/kinds", "get"), ("/api/phrases", "get"), ("/api/rules", "get")]:
        op = paths[path][method]
        assert CJK.search(op["summary"]) and CJK.search(op.get("description", "")), path
    assert CJK.search(spec["info"]["description"])
    lint_params = json.dumps(spec["components"]["schemas"], ensure_ascii=False)
    assert "有问题的段落全文" in lint_params and "级别" in lint_params
    # the uploads the page takes (.doc, web pages, PDF, …) are the ones the documentation names
    assert ".pdf" in lint_params and ".pdf" in json.dumps(spec["tags"], ensure_ascii=False)


def test_every_upload_field_takes_the_formats_the_server_reads(client):
    from drafter.web.uploads import SUFFIXES

    pages = client.get("/").text + client.get("/new").text
    fields = re.findall(r'<input type="file"[^>]*>', pages)
    assert len(fields) == 3 and all(f'accept="{",".join(SUFFIXES)}"' in f for f in fields), fields
    assert "另存为 .docx" not in client.get("/").text  # .doc is read as it is


def test_docs_page_uses_local_swagger_assets(client):
    r = client.get("/docs")
    assert r.status_code == 200
    assert "cdn." not in r.text and "https://" not in r.text.replace("https://fastapi.tiangolo.com", "")
    for asset in re.findall(r"""['"](/swagger-ui/[^'"]+)['"]""", r.text):
        assert client.get(asset).status_code == 200, asset
    assert re.search(r"/swagger-ui/swagger-ui-bundle\.js", r.text)


# ---- lint -------------------------------------------------------------------------------------

def test_lint_text_gives_the_json_contract_plus_paragraph_texts(client):
    r = lint(client, ("区财政局.txt", FINANCE_TXT))
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["version"] == 1 and data["errors"] == []
    [entry] = data["files"]
    assert entry["path"] == "区财政局.txt" and entry["upload"] == 0 and entry["kind"] == "text"
    assert entry["report"] == FINANCE[0] and entry["year"] == 2023
    keys = {"rule", "severity", "message", "paragraph", "start", "end", "section", "excerpt", "suggestion"}
    rules = {f["rule"] for f in entry["findings"]}
    assert {"placeholder", "duplicate-sentence", "number-format"} <= rules
    for f in entry["findings"]:
        assert set(f) == keys
        if f["paragraph"] is None:
            continue
        para = entry["paragraphs"][str(f["paragraph"])]
        assert para["text"] == FINANCE[f["paragraph"] - 1]  # a text file: paragraph = line number
        if f["start"] is not None and f["end"] is not None and f["end"] > f["start"]:
            span = para["text"][f["start"]:f["end"]]
            assert span and span in f["excerpt"].replace("……", "") + span
    placeholder = next(f for f in entry["findings"] if f["rule"] == "placeholder")
    assert entry["paragraphs"][str(placeholder["paragraph"])]["text"][placeholder["start"]:placeholder["end"]] \
        .startswith(("XX", "X"))
    assert entry["fixable"] >= 1


def test_lint_docx_offsets_match_paragraph_texts(client):
    r = lint(client, ("草稿.docx", finance_docx()))
    assert r.status_code == 200, r.text
    [entry] = r.json()["files"]
    assert entry["kind"] == "docx" and entry["report"] == FINANCE[0]
    marks = [entry["paragraphs"][str(f["paragraph"])]["text"][f["start"]:f["end"]]
             for f in entry["findings"] if f["rule"] == "placeholder"]
    assert marks and all("X" in m for m in marks)
    sections = {f["section"] for f in entry["findings"]}
    assert any(s.startswith("一、财政收支情况") for s in sections)


def test_lint_results_equal_the_command_lines(client, tmp_path):
    path = tmp_path / "区财政局.txt"
    path.write_bytes(FINANCE_TXT)
    out = subprocess.run([sys.executable, "-m", "drafter", "lint", "--format", "json", "--min-severity", "info",
                          "--fail-on", "never", str(path)], capture_output=True, text=True, check=False, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    cli = json.loads(out.stdout)["files"][0]["findings"]
    web = lint(client, ("区财政局.txt", FINANCE_TXT)).json()["files"][0]["findings"]
    assert web == cli


def test_a_compilation_gives_one_entry_per_report(client):
    r = lint(client, ("汇编.txt", SEED.read_bytes()))
    assert r.status_code == 200
    files = r.json()["files"]
    assert len(files) == 11 and {f["path"] for f in files} == {"汇编.txt"} and {f["upload"] for f in files} == {0}


def test_several_files_keep_their_own_results_and_bad_ones_are_listed(client):
    r = lint(client, ("a.txt", clean_txt("县文旅局")), ("b.docx", finance_docx("区审计局")),
             ("c.doc", hostile.ole2_doc()), ("d.docx", hostile.zip_bomb()))
    assert r.status_code == 200, r.text
    data = r.json()
    by_upload = {f["upload"]: f for f in data["files"]}
    assert set(by_upload) == {0, 1}
    assert by_upload[0]["report"].startswith("县文旅局") and by_upload[1]["report"].startswith("区审计局")
    assert [(e["upload"], e["path"]) for e in data["errors"]] == [(2, "c.doc"), (3, "d.docx")]
    assert "另存为 .docx" in data["errors"][0]["message"]
    assert "压缩炸弹" in data["errors"][1]["message"]


def test_year_option(client):
    r = lint(client, ("a.txt", clean_txt(year=2025)), year=2024)
    assert r.status_code == 200
    assert r.json()["files"][0]["year"] == 2024
    assert_chinese_error(lint(client, ("a.txt", clean_txt()), year=12), 422)


# ---- hostile and wrong uploads -----------------------------------------------------------------

HOSTILE = {
    "bomb.docx": (hostile.zip_bomb, "压缩炸弹"),
    "laughs.docx": (hostile.billion_laughs, "实体"),
    "xxe.docx": (hostile.external_entity, "实体"),
    "not_a_zip.docx": (hostile.not_a_zip, "不是有效的 .docx"),
    "old.doc": (hostile.ole2_doc, "另存为 .docx"),
    "old.wps": (hostile.ole2_doc, "另存为 .docx"),
    "renamed_doc.docx": (hostile.ole2_doc, "97-2003"),
    "encrypted.docx": (hostile.encrypted_docx, "密码"),
    "empty.docx": (hostile.empty, "文件为空"),
    "empty.txt": (hostile.empty, "文件为空"),
    "zip.docx": (hostile.zip_not_docx, "word/document.xml"),
    "truncated.docx": (hostile.truncated_zip, "不是有效的 .docx"),
    "invalid.docx": (hostile.invalid_xml, "XML"),
    "deep.docx": (hostile.deep_xml, "层级过深"),
    "report.pdf": (lambda: b"%PDF-1.7\n", "PDF 文件已损坏"),
    "setup.exe": (lambda: b"MZ\x90\x00", "不支持的文件类型"),
    "noextension": (lambda: FINANCE_TXT, "不支持的文件类型"),
    "docx_as.txt": (finance_docx, "不是文本文件"),
    "doc_as.txt": (hostile.ole2_doc, "另存为 .docx"),
    "binary.txt": (lambda: b"\x00\x01\x02\x03" * 100, "二进制"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_each_bad_upload_is_one_chinese_error(client, name):
    make, reason = HOSTILE[name]
    r = lint(client, (name, make()))
    message = assert_chinese_error(r, 400)
    assert message.startswith(name + "：") and reason in message
    assert r.json()["errors"][0]["path"] == name


def test_external_entity_is_never_resolved(client):
    r = lint(client, ("xxe.docx", hostile.external_entity()))
    assert "root:" not in r.text


@pytest.mark.parametrize("endpoint", ["/api/annotate", "/api/fix"])
@pytest.mark.parametrize("name", ["bomb.docx", "laughs.docx", "not_a_zip.docx", "old.doc", "empty.docx"])
def test_bad_uploads_to_the_copy_endpoints(client, endpoint, name):
    make, reason = HOSTILE[name]
    r = client.post(endpoint, files={"file": (name, make())})
    assert reason in assert_chinese_error(r, 400)


NAMES = [
    ("../../etc/passwd.docx", "passwd.docx"),
    ("..\\..\\Windows\\win.ini.txt", "win.ini.txt"),
    ("/etc/cron.d/x.md", "x.md"),
    ("\u202etxt.exe.docx", "txt.exe.docx"),  # a right-to-left override hiding the real extension
    ("..", "未命名"),
    ("a:b*c?.txt", "a_b_c_.txt"),
]


@pytest.mark.parametrize("raw, shown", NAMES + [("草稿\x00.txt", "草稿.txt"), ("\r\n报告.md", "报告.md"), ("", "未命名")])
def test_display_names(raw, shown):
    assert display_name(raw) == shown


@pytest.mark.parametrize("raw, shown", NAMES)
def test_client_names_never_reach_the_file_system(client, tmp_path, monkeypatch, raw, shown):
    monkeypatch.chdir(tmp_path)
    data = clean_txt() if shown.endswith((".txt", ".md")) else finance_docx()
    r = lint(client, (raw, data))
    assert r.status_code in (200, 400)
    body = r.json()
    names = [f["path"] for f in body.get("files", [])] + [e["path"] for e in body.get("errors", [])]
    assert set(names) == {shown}
    assert list(tmp_path.iterdir()) == []


def test_long_names_are_cut_keeping_the_extension():
    name = display_name("很长" * 200 + ".docx")
    assert len(name) <= 100 and name.endswith(".docx")


def test_no_files_and_too_many_files(client):
    assert "文件" in assert_chinese_error(client.post("/api/lint"), 422)
    assert "文件" in assert_chinese_error(client.post("/api/lint", data={"x": "1"}), 422)
    many = [("files", (f"{i}.txt", clean_txt())) for i in range(MAX_FILES + 1)]
    assert "过多" in assert_chinese_error(client.post("/api/lint", files=many), 400)
    lots = [("files", (f"{i}.txt", b"x")) for i in range(1001)]  # past the multipart parser's own limit
    assert_chinese_error(client.post("/api/lint", files=lots), 400)


def test_many_files_within_the_limit(client):
    files = [("files", (f"{i:02d}.txt", clean_txt(f"第{i}局"))) for i in range(MAX_FILES)]
    r = client.post("/api/lint", files=files)
    assert r.status_code == 200
    reports = [f["report"] for f in r.json()["files"]]
    assert len(reports) == MAX_FILES and all(t.startswith(f"第{i}局2025") for i, t in enumerate(reports))


def test_not_multipart(client):
    assert_chinese_error(client.post("/api/lint", content=b"hello", headers={"content-type": "text/plain"}), (400, 422))
    assert_chinese_error(client.post("/api/lint", content=b"--x\r\nbroken", headers={
        "content-type": "multipart/form-data; boundary=x"}), (400, 422))


# ---- size limit --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def small_client():
    with TestClient(create_app(max_upload_mb=1), raise_server_exceptions=False) as c:
        yield c


def test_oversize_is_refused_by_content_length(small_client):
    big = b"a" * (2 * 1024 * 1024)
    r = small_client.post("/api/lint", files={"files": ("big.txt", big)})
    assert "1 MB" in assert_chinese_error(r, 413)


def test_oversize_is_refused_while_streaming_without_content_length(small_client):
    def body():
        boundary = b"--BOUNDARY\r\n"
        yield boundary + b'Content-Disposition: form-data; name="files"; filename="big.txt"\r\n'
        yield b"Content-Type: text/plain\r\n\r\n"
        for _ in range(40):
            yield b"b" * (64 * 1024)
        yield b"\r\n--BOUNDARY--\r\n"

    r = small_client.post("/api/lint", content=body(),
                          headers={"content-type": "multipart/form-data; boundary=BOUNDARY"})
    assert "content-length" not in {k.lower() for k in r.request.headers}
    assert "1 MB" in assert_chinese_error(r, 413)


def test_a_lying_content_length_is_caught_while_streaming():
    """A raw request that claims a small body and sends a big one: cut at the limit."""
    app = create_app(max_upload_mb=1)
    sent = []
    big = b"x" * (3 * 1024 * 1024)
    chunks = [b'--B\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\n']
    chunks += [big[i:i + 65536] for i in range(0, len(big), 65536)]

    async def receive():
        if chunks:
            return {"type": "http.request", "body": chunks.pop(0), "more_body": bool(chunks)}
        return {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": "/api/lint", "raw_path": b"/api/lint", "query_string": b"",
             "root_path": "", "server": ("127.0.0.1", 8080), "client": ("127.0.0.1", 5000),
             "headers": [(b"host", b"127.0.0.1"), (b"content-length", b"100"),
                         (b"content-type", b"multipart/form-data; boundary=B")]}
    import anyio

    anyio.run(app, scope, receive, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    assert start["status"] == 413 and "MB" in json.loads(body)["error"]
    assert len(chunks) > 0  # stopped reading before the end


def test_within_the_limit_passes(small_client):
    assert small_client.post("/api/lint", files={"files": ("a.txt", clean_txt())}).status_code == 200


# ---- temporary folder --------------------------------------------------------------------------

def test_uploads_live_in_a_private_folder_deleted_after_the_response(client, tmp_path, monkeypatch):
    import tempfile

    seen = []
    real = tempfile.TemporaryDirectory

    class Spy(real):
        def __init__(self, *a, **kw):
            super().__init__(*a, **kw)
            seen.append(Path(self.name))

    monkeypatch.setattr(tempfile, "TemporaryDirectory", Spy)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    for endpoint, files in [("/api/lint", [("files", ("a.txt", clean_txt())), ("files", ("b.docx", finance_docx()))]),
                            ("/api/lint", [("files", ("bomb.docx", hostile.zip_bomb()))]),
                            ("/api/annotate", [("file", ("b.docx", finance_docx()))]),
                            ("/api/fix", [("file", ("b.docx", finance_docx()))])]:
        r = client.post(endpoint, files=files)
        assert r.status_code in (200, 400)
    assert len(seen) == 4
    for folder in seen:
        assert folder.parent == tmp_path and folder.name.startswith("drafter-web-")
        assert not folder.exists()
    assert [p for p in tmp_path.iterdir() if p.name.startswith("drafter-web-")] == []


# ---- annotated and fixed copies -----------------------------------------------------------------

def test_annotate_returns_a_docx_with_comments_and_a_chinese_name(client):
    r = client.post("/api/annotate", files={"file": ("区财政局 草稿.docx", finance_docx())})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == DOCX_MIME
    assert filename_star(r) == "区财政局 草稿.批注.docx"
    parts = docx_members(r.content)
    comments = parts["word/comments.xml"].decode()
    findings = lint(client, ("a.docx", finance_docx())).json()["files"][0]["findings"]
    assert comments.count("<w:comment ") == len(findings)
    assert "[未填占位符（placeholder）]" in comments
    assert b"commentRangeStart" in parts["word/document.xml"]


def test_annotate_refuses_text_files(client):
    assert "批注" in assert_chinese_error(client.post("/api/annotate", files={"file": ("a.txt", FINANCE_TXT)}), 400)


def test_fix_returns_tracked_changes(client):
    r = client.post("/api/fix", files={"file": ("草稿.docx", finance_docx())})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == DOCX_MIME
    assert filename_star(r) == "草稿.修改.docx"
    document = docx_members(r.content)["word/document.xml"].decode()
    assert "<w:ins " in document and "<w:del " in document and 'w:author="drafter"' in document


def test_fix_of_a_text_file_returns_the_fixed_text(client):
    r = client.post("/api/fix", files={"file": ("草稿.txt", FINANCE_TXT)})
    assert r.status_code == 200, r.text
    assert filename_star(r) == "草稿.修改.txt"
    fixed = r.content.decode("utf-8")
    assert fixed != FINANCE_TXT.decode() and fixed.count("\n") == FINANCE_TXT.decode().count("\n")


def test_fix_with_nothing_to_fix(client):
    assert "没有可以自动修改" in assert_chinese_error(
        client.post("/api/fix", files={"file": ("a.txt", "区财政局工作总结\n全年工作顺利完成。\n".encode())}), 422)


# ---- skeletons ---------------------------------------------------------------------------------

def test_new_returns_the_skeleton_with_an_rfc5987_name(client):
    r = client.post("/api/new", json={"unit": "区财政局", "year": 2026})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == DOCX_MIME
    assert filename_star(r) == "区财政局2026年工作总结及2027年工作计划.docx"
    document = docx_members(r.content)["word/document.xml"].decode()
    assert "区财政局2026年工作总结" in document and "及2027年工作计划" in document
    assert "常用表述" in document  # hints on by default
    sealed = docx_members(client.post("/api/new", json={"unit": "区财政局", "year": 2026, "seal": True}).content)
    # the same paragraphs; only the 落款 moves (GB/T 9704 7.3.5.1: a line more above it, the date four from the edge)
    assert sealed["word/document.xml"] != docx_members(r.content)["word/document.xml"]
    assert f'w:before="{2 * 579}"' in sealed["word/document.xml"].decode()


def test_new_hints_off_and_every_kind(client):
    kinds = client.get("/api/kinds").json()
    assert kinds and all({"name", "description", "required"} <= set(k) for k in kinds)
    for k in kinds:
        r = client.post("/api/new", json={"unit": "县司法局", "year": 2025, "kind": k["name"], "hints": False})
        assert r.status_code == 200, (k["name"], r.text)
        assert "常用表述" not in docx_members(r.content)["word/document.xml"].decode()
        assert filename_star(r).endswith(".docx")


@pytest.mark.parametrize("body, status, words", [
    ({"unit": "区财政局", "year": 2026, "kind": "没有这种"}, 400, "没有这种报告类型"),
    ({"unit": "区财政局", "year": 26}, 422, "年份"),
    ({"unit": "", "year": 2026}, 422, "单位名称"),
    ({"year": 2026}, 422, "缺少单位名称"),
    ({"unit": "区财政局\n办公室", "year": 2026}, 400, "换行"),
    ({"unit": "区" * 61, "year": 2026}, 422, "过长"),
    ({"unit": "区财政局", "year": "二〇二六"}, 422, "整数"),
])
def test_new_bad_requests(client, body, status, words):
    assert words in assert_chinese_error(client.post("/api/new", json=body), status)


def test_new_bad_json(client):
    r = client.post("/api/new", content=b"{unit:", headers={"content-type": "application/json"})
    assert "JSON" in assert_chinese_error(r, 422)


def test_content_disposition_fallback_is_ascii():
    cd = content_disposition("区财政局2026年工作总结.docx")
    assert cd.isascii() and 'filename="2026.docx"' in cd and "filename*=UTF-8''%E5%8C%BA" in cd
    assert 'filename="drafter.docx"' in content_disposition("草稿.docx")
    assert '"' not in content_disposition('a"b.docx').split("filename=", 1)[1][1:-1].split('"')[0]


# ---- phrases, rules ----------------------------------------------------------------------------

def test_phrases_of_a_section_with_counts_and_examples(client):
    r = client.get("/api/phrases", params={"section": "plan", "top": 10})
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["label"] == "工作计划" and 0 < len(data["phrases"]) <= 10
    for p in data["phrases"]:
        assert p["count"] > 0 and p["phrase"] and isinstance(p["examples"], list)
    word = data["phrases"][0]["text"][:2]
    found = client.get("/api/phrases", params={"section": "all", "q": word}).json()
    assert found["phrases"] and all(word in p["text"] for p in found["phrases"])
    assert all(p["section"] in ("lead", "summary", "highlights", "problems", "plan") for p in found["phrases"])


def test_phrases_bad_requests(client):
    assert "没有这个部分" in assert_chinese_error(client.get("/api/phrases", params={"section": "x"}), 400)
    assert "缺少部分" in assert_chinese_error(client.get("/api/phrases"), 422)
    assert "条数" in assert_chinese_error(client.get("/api/phrases", params={"section": "plan", "top": 0}), 422)


def test_rules(client):
    rules = client.get("/api/rules").json()
    assert {"placeholder", "wording", "section-missing"} <= {r["id"] for r in rules}
    assert {r["id"]: r["name"] for r in rules}["wording"] == "常见错词"


# ---- errors, methods, hosts ------------------------------------------------------------------------

def test_unknown_paths_and_methods_are_chinese_json(client):
    assert "没有" in assert_chinese_error(client.get("/api/nothing"), 404)
    assert "请求方式" in assert_chinese_error(client.get("/api/lint"), 405)
    assert_chinese_error(client.get("/static/../app.py"), 404)
    # a browser asking for a page that is not there gets a page, the API still JSON
    page = client.get("/nosuchpage", headers={"Accept": "text/html,application/xhtml+xml"})
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "没有这个页面" in page.text and "/nosuchpage" in page.text
    assert client.get("/api/nothing", headers={"Accept": "text/html"}).headers["content-type"] == "application/json"
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.content.lstrip().startswith(b"<svg")


def test_a_bug_is_a_500_in_chinese_without_a_traceback(monkeypatch):
    import drafter.web.routes as web

    def broken(*a, **kw):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(web, "_kinds", broken)
    with TestClient(create_app(), raise_server_exceptions=False) as c:
        r = c.get("/api/kinds")
    assert "服务器内部错误" in assert_chinese_error(r, 500)
    assert "secret" not in r.text


def test_a_bug_on_one_file_does_not_hide_the_others(client, monkeypatch):
    import drafter.web.routes as web

    real = web.lint_upload

    def sometimes(path, year, *plans):
        if path.endswith(".docx"):
            raise RuntimeError("boom")
        return real(path, year, *plans)

    monkeypatch.setattr(web, "lint_upload", sometimes)
    r = lint(client, ("a.txt", clean_txt()), ("b.docx", finance_docx()))
    assert r.status_code == 200
    assert [f["upload"] for f in r.json()["files"]] == [0]
    assert "内部错误" in r.json()["errors"][0]["message"] and "boom" not in r.text


def test_loopback_server_refuses_other_host_names():
    with TestClient(create_app(allowed_hosts=LOOPBACK_HOSTS), base_url="http://127.0.0.1:8080") as c:
        assert c.get("/").status_code == 200
        assert c.get("/", headers={"host": "localhost:8080"}).status_code == 200
        assert c.get("/", headers={"host": "[::1]:8080"}).status_code == 200
        assert "主机名" in assert_chinese_error(c.get("/", headers={"host": "attacker.example"}), 400)
        assert_chinese_error(c.get("/", headers={"host": "127.0.0.1.attacker.example:8080"}), 400)


def test_cli_start_does_not_import_the_web_stack():
    code = ("import sys, drafter.cli; bad = [m for m in sys.modules if m.split('.')[0] in "
            "('fastapi', 'pydantic', 'uvicorn', 'starlette', 'drafter.web')]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_serve_help_and_busy_port():
    out = subprocess.run([sys.executable, "-m", "drafter", "serve", "--help"], capture_output=True, text=True, check=False)
    assert out.returncode == 0 and "--max-upload-mb" in out.stdout and "127.0.0.1" in out.stdout
    assert "没有登录验证" in out.stdout and "…" not in out.stdout and "Usage" not in out.stdout
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        out = subprocess.run([sys.executable, "-m", "drafter", "serve", "--port", str(port)],
                             capture_output=True, text=True, check=False, timeout=60)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    line, = out.stderr.strip().splitlines()  # one line, saying it once
    assert line == f"错误：端口 {port} 已被其他程序占用，请用 --port 换一个，如 --port {port + 1}"


@pytest.mark.parametrize("workers", [1, 2])
def test_drafter_serve_runs_on_loopback(workers):
    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "drafter", "serve", "--port", str(port), "--workers", str(workers),
                             "--max-upload-mb", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, proc.stderr.read().decode()
            try:
                if httpx.get(url + "/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "drafter serve did not answer"
            time.sleep(0.1)
        r = httpx.post(url + "/api/lint", files={"files": ("a.txt", FINANCE_TXT)}, timeout=60)
        assert r.status_code == 200 and r.json()["files"][0]["report"] == FINANCE[0]
        big = httpx.post(url + "/api/lint", files={"files": ("a.txt", b"x" * (2 << 20))}, timeout=60)
        assert big.status_code == 413 and "1 MB" in big.json()["error"]
        other = httpx.get(url + "/", headers={"host": "rebound.example"}, timeout=10)
        assert other.status_code == 400
    finally:
        proc.send_signal(2)  # SIGINT, as Ctrl+C
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
    assert "Traceback" not in proc.stderr.read().decode()


# ---- a real server: concurrent users ----------------------------------------------------------------

def test_concurrent_users_get_their_own_results():
    import httpx

    units = [f"{name}局" for name in ("财政", "审计", "统计", "民政", "司法", "商务", "水利", "交通")]
    # every user uploads a different document, several times, all at once
    uploads = {u: (finance_docx(u) if i % 2 else clean_txt(u, 2020 + i), ".docx" if i % 2 else ".txt")
               for i, u in enumerate(units)}

    def user(unit: str) -> list[tuple[str, str, int]]:
        data, suffix = uploads[unit]
        got = []
        with httpx.Client(base_url=server.url, timeout=60) as http:
            for _ in range(3):
                r = http.post("/api/lint", files={"files": (f"{unit}{suffix}", data)})
                assert r.status_code == 200, r.text
                [entry] = r.json()["files"]
                got.append((entry["path"], entry["report"], len(entry["findings"])))
        return got

    with LiveServer(create_app()) as server:
        expected = {}
        with httpx.Client(base_url=server.url, timeout=60) as http:
            for unit, (data, suffix) in uploads.items():
                entry = http.post("/api/lint", files={"files": (f"{unit}{suffix}", data)}).json()["files"][0]
                expected[unit] = (f"{unit}{suffix}", entry["report"], len(entry["findings"]))
        with ThreadPoolExecutor(len(units)) as pool:
            results = dict(zip(units, pool.map(user, units)))
    for unit in units:
        assert expected[unit][1].startswith(unit)
        assert results[unit] == [expected[unit]] * 3, unit


def test_first_requests_in_parallel_see_every_rule():
    """A fresh process linting in parallel threads finds what one thread finds (lazy indexes built once)."""
    code = r"""
import sys, json, warnings
warnings.simplefilter("ignore")
from concurrent.futures import ThreadPoolExecutor
from fastapi.testclient import TestClient
from drafter.web.app import create_app
data = open(sys.argv[1], "rb").read()
c = TestClient(create_app())
def one(i):
    r = c.post("/api/lint", files={"files": ("a.txt", data)})
    return len(r.json()["files"][0]["findings"])
with ThreadPoolExecutor(8) as pool:
    print(json.dumps(sorted(set(pool.map(one, range(8))))))
"""
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".txt", delete=False) as fh:
        fh.write(FINANCE_TXT)
    try:
        out = subprocess.run([sys.executable, "-c", code, fh.name], capture_output=True, text=True, check=False, timeout=120)
    finally:
        Path(fh.name).unlink()
    assert out.returncode == 0, out.stderr
    assert len(json.loads(out.stdout)) == 1, out.stdout


def test_worker_processes_give_the_answers_of_one_process(client):
    uploads = [("a.txt", clean_txt()), ("b.docx", finance_docx()), ("c.docx", b"not a zip")]
    expected = lint(client, *uploads).json()
    with TestClient(create_app(jobs=2), raise_server_exceptions=False) as pooled:
        answer = lint(pooled, *uploads)
    assert answer.status_code == 200
    assert answer.json() == expected
    assert expected["files"] and expected["errors"]  # findings came back, and the unreadable file's error


def test_a_worker_process_that_dies_is_replaced():
    import os
    import signal

    app = create_app(jobs=2)
    with TestClient(app, raise_server_exceptions=False) as c:
        first = lint(c, ("b.docx", finance_docx()))
        pool = app.state.linter._executor
        for pid in list(pool._processes):
            os.kill(pid, signal.SIGKILL)  # as a parser crash on a hostile file would
        again = lint(c, ("b.docx", finance_docx()))
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
