"""Errors of the web app: every one leaves as ``{"error": "中文说明"}`` with a 4xx status (a bug
gives a 500 with the same shape), never a traceback; a browser mistyping an address gets a page."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from drafter.errors import InputError
from drafter.web.uploads import TOO_MANY_FILES, TooLarge

log = logging.getLogger("drafter.web")


class WebError(Exception):
    """An error the user can act on: its status and one Chinese line."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def error_response(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


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


def install_handlers(app: FastAPI) -> None:
    """Every error as ``{"error": "中文说明"}``."""
    @app.exception_handler(WebError)
    async def web_error(request: Request, exc: WebError):
        return error_response(exc.status, exc.message)

    @app.exception_handler(TooLarge)
    async def too_large(request: Request, exc: TooLarge):
        return error_response(413, exc.message)

    @app.exception_handler(InputError)
    async def input_error(request: Request, exc: InputError):
        return error_response(400, exc.reason)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        return error_response(422, _validation_message(exc))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        if exc.status_code == 404 and _wants_page(request):  # a mistyped address in the browser: a page
            return request.app.state.page(request, "missing.html", status_code=404, active="", path=request.url.path)
        detail = exc.detail if isinstance(exc.detail, str) else ""
        cause = str(exc.__cause__ or "")
        if "Too many files" in cause:
            message = TOO_MANY_FILES
        elif detail and any("\u4e00" <= c <= "\u9fff" for c in detail):
            message = detail
        else:
            message = _STATUS.get(exc.status_code, "请求无法处理")
        return JSONResponse({"error": message}, status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception):
        log.exception("drafter serve: %s %s", request.method, request.url.path)
        return error_response(500, "服务器内部错误，请稍后重试；如一再出现，请把文件交给维护人员")


