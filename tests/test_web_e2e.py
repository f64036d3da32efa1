"""drafter serve end to end: a real server on a loopback port, driven by headless Chromium (Playwright).

Uses Debian's chromium (/usr/bin/chromium); never downloads a browser. Set DRAFTER_SCREENSHOTS to a
folder to keep a screenshot of every page with its results.
"""

from __future__ import annotations

import os
import re
import shutil
import warnings
import zipfile
from pathlib import Path

import pytest

from tests.helpers import skip_unless_ci

CHROMIUM = "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    skip_unless_ci(f"没有安装 {CHROMIUM}（apt-get install chromium）：跳过网页端到端测试", allow_module_level=True)
import playwright.sync_api as playwright_sync  # noqa: E402 - after the browser check

warnings.filterwarnings("ignore", message=".*httpx.*", category=DeprecationWarning)

from drafter.web.app import create_app
from tests.docx_factory import hostile
from tests.helpers import FINANCE, FINANCE_TXT, LiveServer, finance_docx

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TIMEOUT_MS = 30_000
SHOTS = os.environ.get("DRAFTER_SCREENSHOTS")


@pytest.fixture(scope="module")
def server():
    with LiveServer(create_app()) as live:
        yield live


@pytest.fixture(scope="module")
def browser():
    with playwright_sync.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    """A fresh page that records console errors and every URL it asks for."""
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.set_default_timeout(TIMEOUT_MS)
    pg = context.new_page()
    pg.problems = []
    pg.requests = []
    pg.on("console", lambda m: pg.problems.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.problems.append(str(e)))
    pg.on("request", lambda r: pg.requests.append(r.url))
    yield pg
    # nothing but this server (and the page's own blob: downloads) was asked for
    outside = [u for u in pg.requests if not u.startswith((server.url, "blob:", "data:"))]
    context.close()
    assert outside == []


def shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=False)


@pytest.fixture
def drafts(tmp_path) -> dict[str, Path]:
    """A seed-based text draft (lines 45-69) and the same report as .docx."""
    txt = tmp_path / "区财政局草稿.txt"
    txt.write_bytes(FINANCE_TXT)
    docx = tmp_path / "区财政局草稿.docx"
    docx.write_bytes(finance_docx())
    return {"txt": txt, "docx": docx}


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def test_upload_see_findings_filter_and_download_both_copies(page, server, drafts, tmp_path):
    page.goto(server.url + "/")
    assert page.title().startswith("检查草稿")
    page.set_input_files("#files", [str(drafts["docx"]), str(drafts["txt"])])
    page.wait_for_selector("#status.ok")
    assert "检查完成：2 个文件" in page.inner_text("#status")
    cards = page.locator("article.report")
    assert cards.count() == 2
    docx_card = page.locator('article.report[data-upload="0"]')
    assert FINANCE[0] in docx_card.inner_text()
    # the findings: grouped by part, the offending text marked in its paragraph
    assert page.locator(".section-head", has_text="一、财政收支情况").count() >= 2
    marks = docx_card.locator(".finding[data-rule=placeholder] mark")
    assert marks.count() > 10 and set(marks.all_inner_texts()) <= {"XX", "X", "××", "某某"}
    # a rule is shown by its Chinese name, its id beside it
    rule_tag = docx_card.locator(".finding[data-rule=placeholder] .rule").first.inner_text()
    assert "未填占位符" in rule_tag and "placeholder" in rule_tag
    assert any(o.startswith("未填占位符（") for o in page.locator("#rule-filter option").all_inner_texts())
    dup = docx_card.locator(".finding[data-rule=duplicate-sentence]").first
    assert "一般公共预算收入完成情况。" in dup.locator("mark").first.inner_text()
    range_finding = docx_card.locator(".finding[data-rule=number-format]").first.inner_text()
    assert range_finding.count("建议") == 1  # said by the message, not again below it
    shot(page, "check-results")

    # filters: one rule; then no errors
    page.select_option("#rule-filter", "placeholder")
    rules = set(page.locator(".finding").evaluate_all("els => els.map(e => e.dataset.rule)"))
    assert rules == {"placeholder"}
    page.select_option("#rule-filter", "")
    page.uncheck('input[data-sev="error"]')
    severities = set(page.locator(".finding").evaluate_all("els => els.map(e => e.dataset.severity)"))
    assert severities and "error" not in severities
    page.check('input[data-sev="error"]')
    shown = page.inner_text("#shown")
    assert re.match(r"显示 (\d+) / \1 处", shown), shown

    # the annotated copy: one Word comment per finding
    with page.expect_download() as info:
        docx_card.locator('button[data-action="annotate"]').click()
    download = info.value
    assert download.suggested_filename == "区财政局草稿.批注.docx"
    annotated = tmp_path / "annotated.docx"
    download.save_as(annotated)
    parts = members(annotated)
    comments = parts["word/comments.xml"].decode()
    assert "[未填占位符（placeholder）]" in comments and "[重复句子（duplicate-sentence）]" in comments
    count = int(re.search(r"(\d+)", docx_card.locator(".badge.error").first.inner_text()).group(1))
    assert comments.count("<w:comment ") >= count

    # the fixed copy: tracked changes by drafter
    with page.expect_download() as info:
        docx_card.locator('button[data-action="fix"]').click()
    download = info.value
    assert download.suggested_filename == "区财政局草稿.修改.docx"
    fixed = tmp_path / "fixed.docx"
    download.save_as(fixed)
    document = members(fixed)["word/document.xml"].decode()
    assert "<w:ins " in document and "<w:del " in document and 'w:author="drafter"' in document
    assert "已下载：区财政局草稿.修改.docx" in page.inner_text("#status")

    # the text draft: no comments possible, a fixed text copy
    txt_card = page.locator('article.report[data-upload="1"]')
    assert txt_card.locator('button[data-action="annotate"]').count() == 0
    with page.expect_download() as info:
        txt_card.locator('button[data-action="fix"]').click()
    download = info.value
    assert download.suggested_filename == "区财政局草稿.修改.txt"
    fixed_txt = tmp_path / "fixed.txt"
    download.save_as(fixed_txt)
    text = fixed_txt.read_text(encoding="utf-8")
    assert text != FINANCE_TXT.decode() and "1—11月" in text
    assert page.problems == []


def test_drag_and_drop(page, server):
    page.goto(server.url + "/")
    content = FINANCE_TXT.decode()
    page.evaluate("""(content) => {
        const dt = new DataTransfer();
        dt.items.add(new File([content], "拖入的草稿.txt", {type: "text/plain"}));
        const drop = document.querySelector("#drop");
        drop.dispatchEvent(new DragEvent("dragover", {dataTransfer: dt, bubbles: true, cancelable: true}));
        drop.dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
    }""", content)
    page.wait_for_selector("article.report")
    assert "拖入的草稿.txt" in page.inner_text("article.report .file")
    assert page.locator(".finding[data-rule=placeholder]").count() > 0


def test_bad_files_are_explained_in_chinese(page, server, drafts, tmp_path):
    old = tmp_path / "旧稿.doc"
    old.write_bytes(hostile.ole2_doc())
    bomb = tmp_path / "炸弹.docx"
    bomb.write_bytes(hostile.zip_bomb())
    page.goto(server.url + "/")
    page.set_input_files("#files", [str(old)])
    page.wait_for_selector("#status.err")
    assert "旧稿.doc：" in page.inner_text("#status") and "另存为 .docx" in page.inner_text("#status")
    # with a good file beside them, the good one is checked and the others listed
    page.set_input_files("#files", [str(old), str(bomb), str(drafts["txt"])])
    page.wait_for_selector("#status.ok")
    errors = page.inner_text("#file-errors")
    assert "旧稿.doc" in errors and "压缩炸弹" in errors
    assert page.locator("article.report").count() == 1
    shot(page, "check-errors")
    assert all("400" in p for p in page.problems)  # the browser logs the 400 of the first upload, nothing else


def test_generate_a_skeleton(page, server, tmp_path):
    page.goto(server.url + "/new")
    page.fill("#unit", "")
    page.click("#new-btn")
    assert "请填写单位名称" in page.inner_text("#status")
    page.fill("#unit", "区财政局")
    page.fill("#year", "2026")
    parts = page.locator("#kind-parts li").all_inner_texts()
    assert parts[0] == "标题：区财政局2026年工作总结及2027年工作计划" and "三、2027年工作计划" in parts
    # the panel follows the chosen kind, and the unit and year typed
    page.select_option("#kind", "法治政府建设年度报告")
    page.fill("#unit", "县司法局")
    parts = page.locator("#kind-parts li").all_inner_texts()
    assert parts[0].startswith("标题：县司法局2026年") and "法治政府建设" in parts[0]
    assert page.inner_text("#kind-name") == "法治政府建设年度报告" and "三、2027年工作计划" not in parts
    assert any("第一责任人" in p for p in parts) or len(parts) >= 5
    page.select_option("#kind", "年度工作总结及下年工作计划")
    page.fill("#unit", "区财政局")
    shot(page, "new")
    with page.expect_download() as info:
        page.click("#new-btn")
    download = info.value
    assert download.suggested_filename == "区财政局2026年工作总结及2027年工作计划.docx"
    path = tmp_path / "skeleton.docx"
    download.save_as(path)
    document = members(path)["word/document.xml"].decode()
    assert "区财政局2026年工作总结" in document and "及2027年工作计划" in document and "【" in document
    assert "已生成并下载" in page.inner_text("#status")
    # another kind, hints off
    kinds = page.locator("#kind option").all_inner_texts()
    if len(kinds) > 1:
        page.select_option("#kind", label=kinds[1])
        page.uncheck("#hints")
        with page.expect_download() as info:
            page.click("#new-btn")
        other = tmp_path / "other.docx"
        info.value.save_as(other)
        assert "常用表述" not in members(other)["word/document.xml"].decode()
    assert page.problems == []


def test_unknown_address_is_a_chinese_page_and_the_icon_is_there(page, server):
    response = page.goto(server.url + "/nosuchpage")
    assert response.status == 404
    assert page.inner_text("h1") == "没有这个页面" and "/nosuchpage" in page.inner_text("main")
    assert page.locator("a[href='/new']").count() >= 1 and "{" not in page.inner_text("body")
    icon = page.request.get(server.url + "/favicon.ico")
    assert icon.status == 200 and icon.headers["content-type"].startswith("image/svg+xml")
    page.problems[:] = [p for p in page.problems if "404" not in p]  # the page's own status
    assert page.problems == []


def test_phrases(page, server):
    page.goto(server.url + "/phrases")
    page.wait_for_selector("#phrase-rows tr")
    assert page.locator("#phrase-rows tr").count() > 0
    page.select_option("#section", "plan")
    playwright_sync.expect(page.locator("#status")).to_contain_text("“工作计划”部分")
    first = page.locator("#phrase-rows tr").first
    counts = [c.split(" / ") for c in page.locator("#phrase-rows td.count:not(.stock)").all_inner_texts()]
    assert counts and all(int(docs) <= int(n) and int(docs) >= 1 for n, docs in counts)
    word = first.locator("td.phrase").inner_text().replace("……", "")[:2]
    page.fill("#q", word)
    page.click("#phrases-btn")
    playwright_sync.expect(page.locator("#status")).to_contain_text(f"含“{word}”")
    phrases = page.locator("#phrase-rows td.phrase").all_inner_texts()
    assert phrases and all(word in p for p in phrases)
    shot(page, "phrases")
    page.fill("#q", "没有这样的词语啊")
    page.click("#phrases-btn")
    page.wait_for_selector("#status.err")
    assert "没有找到" in page.inner_text("#status")
    assert page.problems == []


def test_api_docs_render_offline(page, server):
    page.goto(server.url + "/docs")
    page.wait_for_selector(".opblock-summary-path")
    paths = {p.replace("\u200b", "") for p in page.locator(".opblock-summary-path").all_inner_texts()}
    assert {"/api/lint", "/api/annotate", "/api/fix", "/api/new", "/api/kinds", "/api/phrases"} <= paths
    assert page.locator("h3", has_text="检查草稿").count() > 0
    shot(page, "docs")
    assert page.problems == []


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="没有安装 fontconfig（fc-list）：跳过字体检查")
def test_chinese_fonts_are_installed():
    """Without a CJK font Chromium draws boxes (apt-get install fonts-noto-cjk)."""
    import subprocess

    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False).stdout
    assert fonts.strip(), "no Chinese font: apt-get install fonts-noto-cjk"
