"""The web app of ``drafter serve``: three pages (检查草稿, 生成模板, 常用表述) and the JSON API
they use, documented at /docs and /openapi.json.

Uploads are limited in size (by Content-Length before the body is read, then while it streams),
checked by extension and by content, copied under a fixed name into a private temporary folder
that is deleted before the response leaves, and read by the hardened reader: never stored, never
executed. Every error is ``{"error": "中文说明"}`` with a 4xx status (a bug gives a 500 with the same
shape), never a traceback. Requests share no mutable state; CPU-bound work runs in the threadpool
(the endpoints are plain ``def``).
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
from datetime import date
from pathlib import Path
from typing import Annotated, Literal, Self

from fastapi import Body, FastAPI, File, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException

from drafter.document.model import YEAR_MAX, YEAR_MIN
from drafter.errors import InputError
from drafter.outputs.atomic import ANNOTATED_MARK, FIXED_MARK, copy_name
from drafter.outputs.report import JSON_VERSION
from drafter.web import uploads
from drafter.web.uploads import TooLarge, content_disposition, display_name, stem_of

HERE = Path(__file__).parent
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_FILES = 20
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})

log = logging.getLogger("drafter.web")

PAGE_CSP = ("default-src 'self'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; "
            "frame-ancestors 'none'; form-action 'self'")
DOCS_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")

TAGS = [
    {"name": "检查草稿", "description": "上传 .docx/.txt/.md 草稿，返回检查结果，或带批注、带修订的副本。"},
    {"name": "生成模板", "description": "按 GB/T 9704 生成报告模板（.docx）。"},
    {"name": "常用表述", "description": "各部分的常用说法，附出现次数和例句。"},
]


class WebError(Exception):
    """An error the user can act on: its status and one Chinese line."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


# ---------------------------------------------------------------- documented shapes (OpenAPI)

class ErrorOut(BaseModel):
    error: str = Field(description="一行中文说明")


class FindingOut(BaseModel):
    rule: str = Field(description="规则编号，如 placeholder")
    severity: Literal["error", "warning", "info"] = Field(description="级别：error 错误、warning 警告、info 提示")
    message: str = Field(description="问题说明")
    paragraph: int | None = Field(description="段落序号（.docx 为正文第几个段落，文本文件为行号）；全文性问题为 null")
    start: int | None = Field(description="该段可见文字中问题的起点（从 0 起，自动编号不计）")
    end: int | None = Field(description="终点（不含）")
    section: str = Field(description="所在部分，如“一、2025年工作总结 > （二）……”；空为全文")
    excerpt: str = Field(description="问题附近的原文")
    suggestion: str | None = Field(description="建议的改法")


class ParagraphOut(BaseModel):
    number: str = Field(description="Word 自动编号的文字，如“一、”；键入的编号在 text 中")
    text: str = Field(description="段落可见文字；start/end 据此计算")


class FileOut(BaseModel):
    path: str = Field(description="上传时的文件名（仅用于显示）")
    report: str = Field(description="报告标题")
    year: int | None = Field(description="总结年份")
    findings: list[FindingOut]
    upload: int = Field(description="这是第几个上传的文件（从 0 起）；汇编文件有多篇报告时多项相同")
    kind: Literal["docx", "text", "html", "pdf"] = Field(
        description="docx（含经 LibreOffice 转换的 .doc/.wps/.odt/.rtf）、html、pdf 按段计数，text 按行计数")
    paragraphs: dict[str, ParagraphOut] = Field(description="有问题的段落全文，键为段落序号，供页面标出问题位置")
    fixable: int = Field(description="其中可以自动修改（POST /api/fix）的问题数")


class FileErrorOut(BaseModel):
    path: str = Field(description="上传时的文件名")
    message: str = Field(description="无法读取的原因")
    upload: int = Field(description="这是第几个上传的文件（从 0 起）")


class LintOut(BaseModel):
    version: int = Field(JSON_VERSION, description="JSON 格式版本（与 drafter lint --format json 相同）")
    files: list[FileOut]
    errors: list[FileErrorOut]


class KindOut(BaseModel):
    name: str = Field(description="报告类型")
    description: str = Field(description="说明")
    required: list[str] = Field(description="必备部分（summary 总结、problems 存在问题、plan 计划……）")


class RuleOut(BaseModel):
    id: str = Field(description="规则编号（稳定接口），如 wording")
    name: str = Field(description="规则的中文名称，如 常见错词")
    severity: str
    description: str


class PhraseOut(BaseModel):
    phrase: str = Field(description="表述（“……”处可填入不同内容）")
    text: str = Field(description="风格档案中的原文（{…} 为可替换处，{year} 为报告年份，{数字} 为数字）")
    kind: str = Field(description="phrase 固定说法，frame 带空位的句式")
    count: int = Field(description="在该部分出现的次数（“全部”为总次数；整理的写法为 0）")
    docs: int = Field(description="在该部分用到它的报告篇数（不超过次数）")
    share: float = Field(description="本部分占比：它的全部用例中出现在该部分的比例（0～1）")
    section: str = Field(description="所属部分（“全部”时为最有代表性的部分）")
    fillers: list[str] = Field(description="带空位的句式在报告中实际填过的内容（2～3 个）")
    examples: list[str] = Field(description="例句")
    stock: bool = Field(description="true：整理的常用写法（语料不足 30 篇时附在挖掘结果之后），不是从报告中挖掘的")
    note: str = Field(description="整理的写法的用法说明")


class PhrasesOut(BaseModel):
    section: str
    label: str = Field(description="部分的中文名")
    q: str
    total: int = Field(description="符合条件的表述总数")
    phrases: list[PhraseOut]


class NewIn(BaseModel):
    unit: str = Field(min_length=1, max_length=60, description="单位名称，如“区财政局”", examples=["区财政局"])
    year: int = Field(ge=YEAR_MIN, le=YEAR_MAX, description="总结年份，如 2026", examples=[2026])
    kind: str | None = Field(None, max_length=60, description="报告类型（见 GET /api/kinds）；默认为第一种")
    hints: bool = Field(True, description="每部分插入常用表述提示")
    seal: bool = Field(False, description="落款按加盖印章排（GB/T 9704 7.3.5.1）；默认不加盖印章（7.3.5.2）")


DOCX_RESPONSE = {
    200: {"content": {DOCX_MIME: {}}, "description": "Word 文件；Content-Disposition 中带 UTF-8 中文文件名（filename*）"},
    400: {"model": ErrorOut, "description": "文件无法读取或参数有误"},
    413: {"model": ErrorOut, "description": "上传内容过大"},
}


# ---------------------------------------------------------------- the work, off the event loop

_warm_lock = threading.Lock()
_warm_done = False


def _warm() -> None:
    """Load the rules and compile their patterns once, so no user waits for it (about 0.2 s)."""
    global _warm_done
    if _warm_done:
        return
    with _warm_lock:
        if _warm_done:
            return
        from drafter.rules.registry import pattern_rules

        for rule in pattern_rules():
            for entry in rule.entries:
                entry.regex  # noqa: B018 - compiled on first use
        _warm_done = True


def _lint_path(path: str, year: int | None, plans: tuple | None = None):
    """(results, document kind, paragraphs by index) of one saved upload; ``plans``: last year's report."""
    from drafter.api import lint

    _warm()
    results = lint(path, year=year, plan=plans, discover=False)  # no drafter.toml lookup from the temporary folder
    report = results[0].outline.report
    return results, report.kind, {p.index: p for r in results for p in r.outline.report.paragraphs}


def _file_entries(results, kind: str, paragraphs, name: str, index: int) -> list[dict]:
    entries = []
    for result in results:
        entry = result.to_json()
        entry["path"] = name
        entry["upload"] = index
        entry["kind"] = kind
        used = sorted({f.paragraph for f in result.findings if f.paragraph is not None})
        entry["fixable"] = sum(1 for f in result.findings if f.fix is not None)
        entry["paragraphs"] = {str(i): {"number": paragraphs[i].number, "text": paragraphs[i].text}
                               for i in used if i in paragraphs}
        entries.append(entry)
    return entries


class Uploads:
    """A request's private temporary folder, deleted on exit, and the uploads saved in it."""

    def __init__(self, limit: int):
        self.limit = limit
        self._dir = tempfile.TemporaryDirectory(prefix="drafter-web-")
        self.folder = self._dir.name

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self._dir.cleanup()

    def save(self, upload: UploadFile, index: int) -> tuple[str, str]:
        """(display name, saved path); InputError with the display name for a bad file."""
        name = display_name(upload.filename)
        try:
            return name, uploads.save(upload.file, self.folder, index, name, self.limit)
        except TooLarge:
            raise WebError(413, _too_large(self.limit)) from None


def _too_large(limit: int) -> str:
    return f"上传内容超过 {limit / (1024 * 1024):.3g} MB 的限制，请分批上传"


def _docx_response(data: bytes, filename: str) -> Response:
    return Response(data, media_type=DOCX_MIME, headers={"Content-Disposition": content_disposition(filename)})


# ---------------------------------------------------------------- guard: hosts, sizes, headers

class Guard:
    """Pure ASGI middleware: Host check (loopback servers refuse DNS-rebinding names), the upload
    size limit (Content-Length first, then counted while streaming), and security headers."""

    def __init__(self, app, max_bytes: int, allowed_hosts: frozenset[str] | None):
        self.app = app
        self.max_bytes = max_bytes
        self.allowed_hosts = allowed_hosts

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        csp = DOCS_CSP if path == "/docs" else PAGE_CSP

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(b"content-security-policy", csp.encode()), (b"x-content-type-options", b"nosniff"),
                            (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY")]
                if path.startswith("/api/"):
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        headers = Headers(scope=scope)
        if self.allowed_hosts is not None and _host_name(headers.get("host", "")) not in self.allowed_hosts:
            await _error(400, "不接受此主机名的请求（请用 127.0.0.1 或 localhost 访问）")(scope, receive, send_with_headers)
            return
        if scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send_with_headers)
            return
        length = headers.get("content-length")
        if length is not None:
            if not length.isdigit():
                await _error(400, "请求头 Content-Length 有误")(scope, receive, send_with_headers)
                return
            if int(length) > self.max_bytes:
                await _error(413, _too_large(self.max_bytes))(scope, receive, send_with_headers)
                return
        seen = 0
        exceeded = False
        started = False

        async def limited_receive():
            nonlocal seen, exceeded
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    exceeded = True
                    raise HTTPException(413, _too_large(self.max_bytes))
            return message

        async def guarded_send(message):
            nonlocal started
            if exceeded and not started:
                return  # whatever the app answers to a cut body, the answer is 413
            if message["type"] == "http.response.start":
                started = True
            await send_with_headers(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except Exception:
            if not exceeded:
                raise
        if exceeded and not started:
            await _error(413, _too_large(self.max_bytes))(scope, receive, send_with_headers)


def _host_name(host: str) -> str:
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


# ---------------------------------------------------------------- error handlers

_FIELDS = {"files": "文件", "file": "文件", "unit": "单位名称", "year": "年份", "kind": "报告类型", "hints": "常用表述提示",
           "seal": "加盖印章",
           "section": "部分", "q": "搜索词", "top": "条数", "body": "请求内容"}
_STATUS = {404: "没有这个页面或接口", 405: "不支持这种请求方式", 413: "上传内容过大",
           400: "上传内容无法解析（请用页面或 multipart/form-data 上传文件）"}


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = [str(x) for x in err.get("loc", ()) if not isinstance(x, int)]
        label = _FIELDS.get(loc[-1] if loc else "body", loc[-1] if loc else "请求内容")
        kind = err.get("type", "")
        if kind == "missing":
            parts.append(f"缺少{label}")
        elif kind == "json_invalid":
            parts.append("请求内容不是有效的 JSON")
        elif kind in ("int_parsing", "int_type", "int_from_float"):
            parts.append(f"{label}应为整数")
        elif kind in ("bool_parsing", "bool_type"):
            parts.append(f"{label}应为 true 或 false")
        elif kind.startswith(("greater_than", "less_than")):
            parts.append(f"{label}超出范围")
        elif kind == "string_too_short":
            parts.append(f"{label}不能为空")
        elif kind == "string_too_long":
            parts.append(f"{label}过长")
        elif kind in ("literal_error", "enum"):
            parts.append(f"{label}的取值无效")
        else:
            parts.append(f"{label}有误")
    return "请求参数有误：" + "；".join(dict.fromkeys(parts)) if parts else "请求参数有误"


def _wants_page(request: Request) -> bool:
    """A browser asking for a page (not the JSON API or a file under /static)."""
    path = request.url.path
    return (request.method == "GET" and not path.startswith(("/api/", "/static/", "/swagger-ui/"))
            and "text/html" in request.headers.get("accept", ""))


def _install_handlers(app: FastAPI) -> None:
    @app.exception_handler(WebError)
    async def web_error(request: Request, exc: WebError):
        return _error(exc.status, exc.message)

    @app.exception_handler(InputError)
    async def input_error(request: Request, exc: InputError):
        return _error(400, exc.reason)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        return _error(422, _validation_message(exc))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        if exc.status_code == 404 and _wants_page(request):  # a mistyped address in the browser: a page
            return request.app.state.page(request, "missing.html", status_code=404, active="", path=request.url.path)
        detail = exc.detail if isinstance(exc.detail, str) else ""
        cause = str(exc.__cause__ or "")
        if "Too many files" in cause:
            message = f"一次上传的文件过多（最多 {MAX_FILES} 个）"
        elif detail and any("\u4e00" <= c <= "\u9fff" for c in detail):
            message = detail
        else:
            message = _STATUS.get(exc.status_code, "请求无法处理")
        return JSONResponse({"error": message}, status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception):
        log.exception("drafter serve: %s %s", request.method, request.url.path)
        return _error(500, "服务器内部错误，请稍后重试；如一再出现，请把文件交给维护人员")


# ---------------------------------------------------------------- the app

def create_app(max_upload_mb: float = 20, allowed_hosts: frozenset[str] | set[str] | None = None) -> FastAPI:
    """The app. ``max_upload_mb`` bounds one request's body; ``allowed_hosts`` (e.g. the loopback
    names when bound to 127.0.0.1) bounds the Host header, None accepting any."""
    from drafter import __version__ as version

    limit = int(max_upload_mb * 1024 * 1024)
    app = FastAPI(
        title="drafter 网页版接口",
        version=version,
        description=(
            "机关年度工作总结及工作计划的审稿检查、模板生成与常用表述。页面（/、/new、/phrases）用的就是这些接口。\n\n"
            f"- 上传：multipart/form-data；一次请求不超过 {max_upload_mb:g} MB、{MAX_FILES} 个文件；"
            "接受 .docx、.txt、.md，以及 .doc/.wps/.odt/.rtf（经 LibreOffice 转换）、网页 .html 和 PDF。\n"
            "- 上传的文件只在处理期间存放在临时文件夹，处理完即删除，不保存、不执行。\n"
            "- 出错时返回 4xx 和 `{\"error\": \"中文说明\"}`。"
        ),
        openapi_tags=TAGS,
        docs_url=None,
        redoc_url=None,
    )
    app.state.max_upload_bytes = limit
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    swagger = _swagger_dir()
    if swagger is not None:
        app.mount("/swagger-ui", StaticFiles(directory=swagger), name="swagger-ui")
    _install_handlers(app)
    app.add_middleware(Guard, max_bytes=limit, allowed_hosts=frozenset(allowed_hosts) if allowed_hosts else None)

    def page(request: Request, template: str, status_code: int = 200, **context) -> HTMLResponse:
        context.update(max_upload_mb=f"{max_upload_mb:g}", max_files=MAX_FILES, version=version)
        return templates.TemplateResponse(request, template, context, status_code=status_code)

    app.state.page = page

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon():  # what browsers ask for before reading the page's <link rel="icon">
        return FileResponse(HERE / "static" / "favicon.svg", media_type="image/svg+xml")

    # ------------------------------------------------------------ pages

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

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs():
        if swagger is None:
            raise WebError(404, "未安装接口文档页面所需的 swagger-ui-bundle-v2；接口说明见 /openapi.json")
        return get_swagger_ui_html(openapi_url="/openapi.json", title="drafter 网页版接口",
                                   swagger_js_url="/swagger-ui/swagger-ui-bundle.js",
                                   swagger_css_url="/swagger-ui/swagger-ui.css",
                                   swagger_favicon_url="/static/favicon.svg")

    # ------------------------------------------------------------ API: 检查草稿

    @app.post("/api/lint", tags=["检查草稿"], summary="检查草稿",
              responses={200: {"model": LintOut}, 400: {"model": ErrorOut}, 413: {"model": ErrorOut}})
    def api_lint(
        files: Annotated[list[UploadFile], File(description=f"要检查的 .docx/.txt/.md 文件，一次最多 {MAX_FILES} 个")],
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
            raise WebError(400, f"一次上传的文件过多（最多 {MAX_FILES} 个）")
        out_files: list[dict] = []
        errors: list[dict] = []
        with Uploads(limit) as box:
            plans = _plans(box, plan, len(files))
            for index, upload in enumerate(files):
                name = display_name(upload.filename)
                try:
                    name, path = box.save(upload, index)
                    results, kind, paragraphs = _lint_path(path, year, plans)
                except InputError as exc:
                    errors.append({"path": name, "message": exc.reason, "upload": index})
                    continue
                except WebError:
                    raise
                except Exception:  # a bug on one file must not hide the others' results
                    log.exception("drafter serve: linting upload %d failed", index)
                    errors.append({"path": name, "message": "处理此文件时出现内部错误，请把文件交给维护人员", "upload": index})
                    continue
                out_files.extend(_file_entries(results, kind, paragraphs, name, index))
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

        with Uploads(limit) as box:
            name, path = box.save(file, 0)
            _require_docx(name, "只能为 .docx（或 .doc/.wps/.odt/.rtf）加批注；PDF、网页和文本文件无法加批注")
            results, _, _ = _lint_path(path, year)
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
        file: Annotated[UploadFile, File(description="要修改的 .docx/.txt/.md 文件")],
    ) -> Response:
        """把能机械修正的问题（重复标点、半角标点、序号写法、连字符范围、重复的句子、标题末尾标点、确定的用词）
        改在副本中。.docx 的每处修改是一条修订，可在 Word“审阅”中逐条接受或拒绝；.txt/.md 返回修改后的文本。
        文件名为“原名.修改.docx”（或 .txt/.md）。没有可以修改的问题时返回 422。"""
        from drafter.api import fix
        from drafter.reader.convert import needs_conversion

        with Uploads(limit) as box:
            name, path = box.save(file, 0)
            suffix = ".docx" if needs_conversion(path) else uploads.suffix_of(name)
            _warm()
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
        file: Annotated[UploadFile, File(description="去年的报告（.docx/.txt/.md），须有下一年工作计划部分")],
        report: Annotated[int | None, Query(ge=1, le=500, description="汇编文件中的第几篇（从 1 起）")] = None,
        hints: Annotated[bool, Query(description="问题和计划部分插入常用表述提示")] = True,
        seal: Annotated[bool, Query(description="落款按加盖印章排（GB/T 9704 7.3.5.1）；默认不加盖印章（7.3.5.2）")] = False,
    ) -> Response:
        """下一年的报告模板：单位、报告类型和（.docx 的）版式沿用去年的报告，年份顺延一年；
        本年总结部分以去年计划的各项为小标题，每项下提示“【对照去年计划：……完成情况，写明数据与成效】”。"""
        from drafter.api import new_from

        with Uploads(limit) as box:
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

    return app


ENV_MAX_UPLOAD = "DRAFTER_SERVE_MAX_UPLOAD_MB"
ENV_LOOPBACK = "DRAFTER_SERVE_LOOPBACK"


def app_from_env() -> FastAPI:
    """The app as ``drafter serve --workers N`` starts it in each worker process (settings from the environment)."""
    hosts = LOOPBACK_HOSTS if os.environ.get(ENV_LOOPBACK) == "1" else None
    return create_app(max_upload_mb=float(os.environ.get(ENV_MAX_UPLOAD, "20")), allowed_hosts=hosts)


# ---------------------------------------------------------------- adapters to the other modules

def _require_docx(name: str, message: str) -> None:
    """.docx, or a file LibreOffice converts to one."""
    from drafter.reader.convert import needs_conversion

    if uploads.suffix_of(name) != ".docx" and not needs_conversion(name):
        raise WebError(400, f"{name}：{message}")


def _plans(box: Uploads, plan: UploadFile | None, index: int) -> tuple | None:
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
    from drafter.mining.profile import ROLE_NAMES, SECTIONS, hint_text

    if section not in SECTIONS and section != "all":
        raise WebError(400, f"没有这个部分：{section}（可用：{'、'.join(SECTIONS)}、all）")
    _profile()  # a bundled profile that cannot be read: 503
    entries = phrases(section, contains=q or None, top=None)
    out = [{"phrase": hint_text(e.text), "text": e.text, "kind": e.kind, "count": e.count, "docs": e.docs,
            "share": round(e.share, 3), "section": e.section, "fillers": e.fillers,
            "examples": [e.example] if e.example else [], "stock": e.stock, "note": e.note}
           for e in entries[:top]]
    return {"section": section, "label": ROLE_NAMES.get(section, "全部"), "q": q, "total": len(entries),
            "phrases": out}


def _swagger_dir() -> str | None:
    try:
        import swagger_ui_bundle
    except ImportError:
        return None
    path = getattr(swagger_ui_bundle, "swagger_ui_path", None)
    return str(path) if path and os.path.isdir(path) else None
