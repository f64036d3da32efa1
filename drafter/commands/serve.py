"""drafter serve."""

from __future__ import annotations

from typing import Annotated

import typer

from drafter.commands.common import fail
from drafter.errors import os_reason


def _is_loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(
    host: Annotated[str, typer.Option("--host", help="监听地址；默认只允许本机访问。设为 0.0.0.0 等地址时其他电脑也能访问，且没有登录验证，只应在可信的内部网络中使用")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="端口", min=1, max=65535)] = 8080,
    max_upload_mb: Annotated[float, typer.Option("--max-upload-mb", help="单次上传的大小上限（MB）", min=0.1,
                                                 max=1024)] = 20,
    workers: Annotated[int, typer.Option("--workers", help="网页服务的进程数（一般用 1 即可）", min=1,
                                         max=64)] = 1,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help="每个服务进程同时检查几份草稿（各在一个进程中）；"
                                             "默认为 CPU 核数除以 --workers", min=1, max=64)] = None,
) -> None:
    """启动网页版：在浏览器中检查草稿、生成模板、查常用表述（默认 http://127.0.0.1:8080）。"""
    import uvicorn

    from drafter.web.app import LOOPBACK_HOSTS, create_app

    _check_port(host, port)
    loopback = _is_loopback(host)
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"drafter 网页版：http://{shown}:{port}/    接口文档：http://{shown}:{port}/docs    按 Ctrl+C 停止", err=True)
    if not loopback:
        typer.echo(f"注意：监听 {host}，其他电脑也能访问此页面（没有登录验证）。只在可信的内部网络中这样做。", err=True)
    options = {"host": host, "port": port, "log_level": "warning", "server_header": False, "date_header": False}
    import os

    jobs = jobs or max(1, (os.cpu_count() or 1) // workers)
    if workers == 1:
        app = create_app(max_upload_mb=max_upload_mb, allowed_hosts=LOOPBACK_HOSTS if loopback else None, jobs=jobs)
        uvicorn.run(app, **options)
        return
    from drafter.web.app import ENV_JOBS, ENV_LOOPBACK, ENV_MAX_UPLOAD

    os.environ[ENV_MAX_UPLOAD] = repr(max_upload_mb)  # read by each worker process
    os.environ[ENV_LOOPBACK] = "1" if loopback else "0"
    os.environ[ENV_JOBS] = str(jobs)
    uvicorn.run("drafter.web.app:app_from_env", factory=True, workers=workers, **options)


def _check_port(host: str, port: int) -> None:
    """Fail with one Chinese line when the address cannot be bound (uvicorn would log in English)."""
    import socket

    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        fail(f"无法识别监听地址 {host}")
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except OSError as exc:
            import errno

            if exc.errno == errno.EADDRINUSE:
                fail(f"端口 {port} 已被其他程序占用，请用 --port 换一个，如 --port {port + 1 if port < 65535 else 8081}")
            fail(f"无法在 {host}:{port} 启动（{os_reason(exc)}）")
