"""The guard in front of every request of the web app (ASGI middleware)."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException

from drafter.web.errors import error_response
from drafter.web.uploads import too_large_message

PAGE_CSP = ("default-src 'self'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; "
            "frame-ancestors 'none'; form-action 'self'")
DOCS_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")


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
            await error_response(400, "不接受此主机名的请求（请用 127.0.0.1 或 localhost 访问）")(scope, receive, send_with_headers)
            return
        if scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send_with_headers)
            return
        length = headers.get("content-length")
        if length is not None:
            if not length.isdigit():
                await error_response(400, "请求头 Content-Length 有误")(scope, receive, send_with_headers)
                return
            if int(length) > self.max_bytes:
                await error_response(413, too_large_message(self.max_bytes))(scope, receive, send_with_headers)
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
                    raise HTTPException(413, too_large_message(self.max_bytes))
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
            await error_response(413, too_large_message(self.max_bytes))(scope, receive, send_with_headers)


def _host_name(host: str) -> str:
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host

