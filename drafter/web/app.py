"""The web app of ``drafter serve``: three pages (检查草稿, 生成模板, 常用表述) and the JSON API
they use, documented at /docs and /openapi.json.

Where things are: ``routes`` (the pages and the API, adapters over ``drafter.api``), ``schemas``
(the documented request and response shapes), ``uploads`` (names, type checks, bounded copies in a
private folder deleted before the response leaves: never stored, never executed), ``guard`` (Host
check, size limit, security headers), ``errors`` (every error is ``{"error": "中文说明"}`` with a 4xx
status, a bug a 500 of the same shape, never a traceback). This module assembles them.
"""

from __future__ import annotations

import os
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from drafter.web import uploads
from drafter.web.errors import WebError, install_handlers
from drafter.web.guard import Guard
from drafter.web.linting import Linter
from drafter.web.routes import add_api, add_pages
from drafter.web.schemas import TAGS
from drafter.web.uploads import MAX_FILES

HERE = Path(__file__).parent
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def create_app(max_upload_mb: float = 20, allowed_hosts: frozenset[str] | set[str] | None = None,
               jobs: int = 1) -> FastAPI:
    """The app. ``max_upload_mb`` bounds one request's body; ``allowed_hosts`` (e.g. the loopback
    names when bound to 127.0.0.1) bounds the Host header, None accepting any; ``jobs``: drafts
    linted at once, each in a worker process when more than one (see ``linting``)."""
    from drafter import __version__ as version

    limit = int(max_upload_mb * 1024 * 1024)
    linter = Linter(jobs)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        linter.start()
        yield
        linter.close()

    app = FastAPI(
        lifespan=lifespan,
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
    app.state.linter = linter
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    swagger = _swagger_dir()
    if swagger is not None:
        app.mount("/swagger-ui", StaticFiles(directory=swagger), name="swagger-ui")
    install_handlers(app)
    app.add_middleware(Guard, max_bytes=limit, allowed_hosts=frozenset(allowed_hosts) if allowed_hosts else None)

    def page(request: Request, template: str, status_code: int = 200, **context) -> HTMLResponse:
        context.update(max_upload_mb=f"{max_upload_mb:g}", max_files=MAX_FILES, version=version,
                       accept=",".join(uploads.SUFFIXES))  # every upload takes what the server reads
        return templates.TemplateResponse(request, template, context, status_code=status_code)

    app.state.page = page

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon():  # what browsers ask for before reading the page's <link rel="icon">
        return FileResponse(HERE / "static" / "favicon.svg", media_type="image/svg+xml")

    add_pages(app, page)

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs():
        if swagger is None:
            raise WebError(404, "未安装接口文档页面所需的 swagger-ui-bundle-v2；接口说明见 /openapi.json")
        return get_swagger_ui_html(openapi_url="/openapi.json", title="drafter 网页版接口",
                                   swagger_js_url="/swagger-ui/swagger-ui-bundle.js",
                                   swagger_css_url="/swagger-ui/swagger-ui.css",
                                   swagger_favicon_url="/static/favicon.svg")

    add_api(app, limit, linter)
    return app


ENV_MAX_UPLOAD = "DRAFTER_SERVE_MAX_UPLOAD_MB"
ENV_LOOPBACK = "DRAFTER_SERVE_LOOPBACK"
ENV_JOBS = "DRAFTER_SERVE_JOBS"


def app_from_env() -> FastAPI:
    """The app as ``drafter serve --workers N`` starts it in each worker process (settings from the environment)."""
    hosts = LOOPBACK_HOSTS if os.environ.get(ENV_LOOPBACK) == "1" else None
    return create_app(max_upload_mb=float(os.environ.get(ENV_MAX_UPLOAD, "20")), allowed_hosts=hosts,
                      jobs=int(os.environ.get(ENV_JOBS, "1")))


def _swagger_dir() -> str | None:
    try:
        import swagger_ui_bundle
    except ImportError:
        return None
    path = getattr(swagger_ui_bundle, "swagger_ui_path", None)
    return str(path) if path and os.path.isdir(path) else None
