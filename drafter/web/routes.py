"""The pages (检查草稿, 生成模板, 常用表述) and the JSON API they use: thin adapters over
``drafter.api``. Requests share no mutable state; the endpoints are plain ``def`` (run in the
threadpool), and lints go through ``linting.Linter`` (in turn, or in worker processes)."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import Annotated, Callable

from fastapi import Body, FastAPI, File, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, Response

from drafter.document.model import YEAR_MAX, YEAR_MIN
from drafter.errors import InputError
from drafter.outputs.atomic import ANNOTATED_MARK, FIXED_MARK, copy_name
from drafter.outputs.report import JSON_VERSION
from drafter.reader import SUPPORTED
from drafter.web.errors import WebError
from drafter.web.linting import Linter, lint_results, lint_upload, warm
from drafter.web.schemas import DOCX_MIME, DOCX_RESPONSE, ErrorOut, KindOut, LintOut, NewIn, PhrasesOut, RuleOut
from drafter.web.uploads import (
    MAX_FILES,
    TOO_MANY_FILES,
    TooLarge,
    UploadFolder,
    content_disposition,
    display_name,
    stem_of,
    suffix_of,
)

log = logging.getLogger("drafter.web")


def add_pages(app: FastAPI, page: Callable[..., HTMLResponse]) -> None:
    """The three pages; ``page`` renders a template with the settings every page shows."""

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def check_page(request: Request):
        return page(request, "check.html", active="check", rules=_rules())

    @app.get("/new", response_class=HTMLResponse, include_in_schema=False)
    def new_page(request: Request):
        today = date.today()
        default_year = today.year if today.month >= 7 else today.year - 1  # the year being summed up
        return page(request, "new.html", active="new", kinds=_kinds(), default_year=default_year,
                    previews=_kind_previews(), unit_mark=UNIT_MARK, year_mark=YEAR_MARK)

    @app.get("/phrases", response_class=HTMLResponse, include_in_schema=False)
    def phrases_page(request: Request):
        return page(request, "phrases.html", active="phrases", sections=_phrase_sections(), default_section="summary")


def add_api(app: FastAPI, limit: int, linter: Linter) -> None:
    """The JSON API; ``limit`` bounds one request's uploads in bytes; ``linter`` runs the lints."""

    # ------------------------------------------------------------ API: 检查草稿

    @app.post("/api/lint", tags=["检查草稿"], summary="检查草稿",
              responses={200: {"model": LintOut}, 400: {"model": ErrorOut}, 413: {"model": ErrorOut}})
    def api_lint(
        files: Annotated[list[UploadFile], File(description=f"要检查的文件（{SUPPORTED}），一次最多 {MAX_FILES} 个")],
        year: Annotated[int | None, Query(ge=YEAR_MIN, le=YEAR_MAX, description="总结年份（默认从标题推断）")] = None,
        plan: Annotated[UploadFile | None, File(
            description="去年的报告（可选）：逐条对照其工作计划，本年总结未交代的事项报告为 plan-coverage，"
                        "结果中的 `plan` 注明该事项在去年报告中的位置")] = None,
    ) -> JSONResponse:
        """检查一个或多个草稿，返回与 `drafter lint --format json` 相同的结果（version、files、errors），
        每项另附 `paragraphs`（有问题的段落全文，供标出问题位置）、`upload`（第几个文件）和 `kind`。

        无法读取的文件列在 `errors` 中，其他文件照常检查；全部无法读取时返回 400。去年的报告无法读取或
        没有工作计划部分时返回 400。"""
        if not files:
            raise WebError(400, "请选择要检查的文件")
        if len(files) > MAX_FILES:
            raise WebError(400, TOO_MANY_FILES)
        out_files: list[dict] = []
        errors: list[dict] = []
        with UploadFolder(limit) as box:
            plans = _plans(box, plan, len(files))
            for index, upload in enumerate(files):
                name = display_name(upload.filename)
                try:
                    name, path = box.save(upload, index)
                    entries = linter.run(lint_upload, path, year, plans)
                except InputError as exc:
                    errors.append({"path": name, "message": exc.reason, "upload": index})
                    continue
                except (WebError, TooLarge):
                    raise
                except Exception:  # a bug on one file must not hide the others' results
                    log.exception("drafter serve: linting upload %d failed", index)
                    errors.append({"path": name, "message": "处理此文件时出现内部错误，请把文件交给维护人员", "upload": index})
                    continue
                for entry in entries:
                    entry.update(path=name, upload=index)
                out_files.extend(entries)
        if errors and len(errors) == len(files):
            message = (f"{errors[0]['path']}：{errors[0]['message']}" if len(errors) == 1
                       else "所有文件都无法读取：" + "；".join(f"{e['path']}：{e['message']}" for e in errors))
            return JSONResponse({"error": message, "errors": errors}, status_code=400)
        return JSONResponse({"version": JSON_VERSION, "files": out_files, "errors": errors})

    @app.post("/api/annotate", tags=["检查草稿"], summary="带批注的副本", response_class=Response,
              responses=DOCX_RESPONSE)
    def api_annotate(
        file: Annotated[UploadFile, File(description="要检查的 .docx 文件")],
        year: Annotated[int | None, Query(ge=YEAR_MIN, le=YEAR_MAX, description="总结年份（默认从标题推断）")] = None,
    ) -> Response:
        """检查一个 .docx，返回其副本：每个问题写成一条 Word 批注，标在出问题的文字上。文件名为“原名.批注.docx”。"""
        from drafter.api import annotate

        with UploadFolder(limit) as box:
            name, path = box.save(file, 0)
            _require_docx(name, "只能为 .docx（或 .doc/.wps/.odt/.rtf）加批注；PDF、网页和文本文件无法加批注")
            results = lint_results(path, year)
            target = Path(box.folder) / "annotated.docx"
            annotate(path, target, results=results)
            data = target.read_bytes()
        return _docx_response(data, copy_name(stem_of(name), ANNOTATED_MARK, ".docx"))

    @app.post("/api/fix", tags=["检查草稿"], summary="修改后的副本（修订）", response_class=Response,
              responses={200: {"content": {DOCX_MIME: {}, "text/plain": {}},
                               "description": "修改后的副本：.docx 中每处修改是一条修订（作者 drafter），"
                                              "文本文件为修改后的文本；Content-Disposition 中带 UTF-8 中文文件名"},
                         400: {"model": ErrorOut}, 413: {"model": ErrorOut},
                         422: {"model": ErrorOut, "description": "没有可以自动修改的问题"}})
    def api_fix(
        file: Annotated[UploadFile, File(description="要修改的 .docx/.txt/.md 文件（.doc/.wps/.odt/.rtf 经 LibreOffice 转换后以 .docx 返回）")],
    ) -> Response:
        """把能机械修正的问题（重复标点、半角标点、序号写法、连字符范围、重复的句子、标题末尾标点、确定的用词）
        改在副本中。.docx 的每处修改是一条修订，可在 Word“审阅”中逐条接受或拒绝；.txt/.md 返回修改后的文本。
        文件名为“原名.修改.docx”（或 .txt/.md）。没有可以修改的问题时返回 422。"""
        from drafter.api import fix
        from drafter.reader.convert import needs_conversion

        with UploadFolder(limit) as box:
            name, path = box.save(file, 0)
            suffix = ".docx" if needs_conversion(path) else suffix_of(name)
            warm()
            # as for lint: no drafter.toml lookup from the temporary folder
            result = fix(path, Path(box.folder) / f"fixed{suffix}", discover=False)
            if result.output is None:
                raise WebError(422, f"{name}：没有可以自动修改的问题，未生成副本")
            data = Path(result.output).read_bytes()
        filename = copy_name(stem_of(name), FIXED_MARK, suffix)
        if suffix == ".docx":
            return _docx_response(data, filename)
        return Response(data, media_type="text/plain", headers={"Content-Disposition": content_disposition(filename)})

    @app.get("/api/rules", tags=["检查草稿"], summary="检查规则", response_model=list[RuleOut])
    def api_rules() -> list[dict]:
        """全部检查规则：编号、级别和说明。"""
        return _rules()

    # ------------------------------------------------------------ API: 生成模板

    @app.get("/api/kinds", tags=["生成模板"], summary="报告类型", response_model=list[KindOut])
    def api_kinds() -> list[dict]:
        """可生成的报告类型，默认类型在前。"""
        return _kinds()

    @app.post("/api/new", tags=["生成模板"], summary="生成模板", response_class=Response,
              responses={**DOCX_RESPONSE, 422: {"model": ErrorOut, "description": "参数有误"}})
    def api_new(spec: Annotated[NewIn, Body()]) -> Response:
        """生成符合 GB/T 9704-2012 的报告模板（.docx），每处待填内容写在【】中。
        文件名如“区财政局2026年工作总结及2027年工作计划.docx”。"""
        from drafter.api import new

        if spec.kind and spec.kind not in {k["name"] for k in _kinds()}:
            raise WebError(400, f"没有这种报告类型：{spec.kind}")
        skeleton = new(spec.unit, spec.year, spec.kind, hints=spec.hints, seal=spec.seal)  # the same document as drafter new
        return _docx_response(skeleton.data, skeleton.name)

    @app.post("/api/new-from", tags=["生成模板"], summary="从去年的报告生成", response_class=Response,
              responses=DOCX_RESPONSE)
    def api_new_from(
        file: Annotated[UploadFile, File(description=f"去年的报告（{SUPPORTED}），须有下一年工作计划部分")],
        report: Annotated[int | None, Query(ge=1, le=500, description="汇编文件中的第几篇（从 1 起）")] = None,
        hints: Annotated[bool, Query(description="问题和计划部分插入常用表述提示")] = True,
        seal: Annotated[bool, Query(description="落款按加盖印章排（GB/T 9704 7.3.5.1）；默认不加盖印章（7.3.5.2）")] = False,
    ) -> Response:
        """下一年的报告模板：单位、报告类型和（.docx 的）版式沿用去年的报告，年份顺延一年；
        本年总结部分以去年计划的各项为小标题，每项下提示“【对照去年计划：……完成情况，写明数据与成效】”。"""
        from drafter.api import new_from

        with UploadFolder(limit) as box:
            name, path = box.save(file, 0)
            try:
                skeleton = new_from(path, report, hints=hints, seal=seal)  # the same document as drafter new --from
            except InputError as exc:
                raise WebError(400, f"{name}：{exc.reason}") from None
        return _docx_response(skeleton.data, skeleton.name)

    # ------------------------------------------------------------ API: 常用表述

    @app.get("/api/phrases", tags=["常用表述"], summary="常用表述",
             responses={200: {"model": PhrasesOut}, 400: {"model": ErrorOut}, 503: {"model": ErrorOut}})
    def api_phrases(
        section: Annotated[str, Query(max_length=40, description="部分：lead 开头、summary 工作总结、highlights 工作亮点、problems 存在问题、plan 工作计划、all 全部")],
        q: Annotated[str, Query(max_length=40, description="只列出含此词的表述")] = "",
        top: Annotated[int, Query(ge=1, le=200, description="最多列出多少条")] = 30,
    ) -> JSONResponse:
        """某部分的常用表述：越靠前越是这一部分特有的说法（在这一部分的报告中用得多、在其他部分用得少）；
        每条附该部分的出现次数和报告篇数、本部分占比、句式填过的内容和例句；语料不足 30 篇时附整理的常用写法。"""
        return JSONResponse(_phrases(section, q.strip(), top))


# ---------------------------------------------------------------- helpers of the endpoints (run in the threadpool)

def _docx_response(data: bytes, filename: str) -> Response:
    return Response(data, media_type=DOCX_MIME, headers={"Content-Disposition": content_disposition(filename)})


def _require_docx(name: str, message: str) -> None:
    """.docx, or a file LibreOffice converts to one."""
    from drafter.reader.convert import needs_conversion

    if suffix_of(name) != ".docx" and not needs_conversion(name):
        raise WebError(400, f"{name}：{message}")


def _plans(box: UploadFolder, plan: UploadFile | None, index: int) -> tuple | None:
    """Last year's report of a lint request, read once for every draft; None when none was sent."""
    if plan is None or not plan.filename:
        return None
    from drafter.api import load_plan

    name = display_name(plan.filename)
    try:
        name, path = box.save(plan, index)
        return load_plan(path, name=name)  # findings name the file as uploaded, not its temporary copy
    except InputError as exc:
        raise WebError(400, f"去年的报告 {name}：{exc.reason}") from None


def _rules() -> list[dict]:
    from drafter.rules.registry import rule_infos

    return [{"id": i.id, "name": i.name, "severity": i.severity, "description": i.description} for i in rule_infos()]


def _kinds() -> list[dict]:
    from drafter.api import kinds

    return kinds()


UNIT_MARK = "〔单位〕"  # rendered in place of the unit and the year, replaced by the page as the user types
YEAR_MARK = 3000


def _kind_previews() -> dict[str, dict]:
    """Per kind, what its skeleton holds: the title and the level-1 headings (prompts shown as ……),
    with ``UNIT_MARK`` and ``YEAR_MARK`` (and the years beside it) for the page to fill in."""
    import re

    from drafter.skeleton.templates import render_kind

    prompt = re.compile(r"【[^【】]*】")
    out = {}
    for k in _kinds():
        blocks = render_kind(k["name"], unit=UNIT_MARK, year=YEAR_MARK)
        out[k["name"]] = {"title": next((b.text for b in blocks if b.kind == "title"), ""),
                          "parts": [prompt.sub("……", b.text) for b in blocks if b.kind == "h1"],
                          "signed": any(b.kind == "sign-unit" for b in blocks)}
    return out


def _profile():
    """The bundled style profile (mined from the seed corpus)."""
    try:
        from drafter.mining.profile import load_profile
    except ImportError:
        raise WebError(503, "此版本没有常用表述数据") from None
    try:
        return load_profile()
    except InputError as exc:
        raise WebError(503, f"常用表述数据无法读取：{exc.reason}") from None


def _phrase_sections() -> list[dict]:
    try:
        from drafter.mining.profile import ROLE_NAMES, SECTIONS
    except ImportError:
        return []
    return [{"id": s, "label": ROLE_NAMES.get(s, s)} for s in SECTIONS] + [{"id": "all", "label": "全部"}]


def _phrases(section: str, q: str, top: int) -> dict:
    from drafter.api import phrases
    from drafter.mining.profile import ROLE_NAMES, SECTIONS, phrase_as_prompt

    if section not in SECTIONS and section != "all":
        raise WebError(400, f"没有这个部分：{section}（可用：{'、'.join(SECTIONS)}、all）")
    _profile()  # a bundled profile that cannot be read: 503
    entries = phrases(section, contains=q or None, top=None)
    out = [{"phrase": phrase_as_prompt(e.text), "text": e.text, "kind": e.kind, "count": e.count, "docs": e.docs,
            "share": round(e.share, 3), "section": e.section, "fillers": e.fillers,
            "examples": [e.example] if e.example else [], "stock": e.stock, "note": e.note}
           for e in entries[:top]]
    return {"section": section, "label": ROLE_NAMES.get(section, "全部"), "q": q, "total": len(entries),
            "phrases": out}

