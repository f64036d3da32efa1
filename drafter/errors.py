"""Errors a user can act on. Their text is the one-line Chinese message the CLI prints."""

import errno


class InputError(Exception):
    """A file drafter cannot read: the message names the file and the reason."""

    def __init__(self, path: str, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"{path}：{reason}" if path else reason)

    def __reduce__(self):  # raised in a worker process, raised again in the caller's
        return InputError, (self.path, self.reason)


_OS_REASONS = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EROFS: "磁盘为只读",
    errno.ENOSPC: "磁盘空间不足",
    errno.EISDIR: "这是一个文件夹",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EBUSY: "文件正被占用",
    errno.EADDRINUSE: "端口已被占用",
    errno.EADDRNOTAVAIL: "本机没有这个地址",
}


def os_reason(exc: OSError) -> str:
    """The operating system's refusal in Chinese, for the one-line messages."""
    return _OS_REASONS.get(exc.errno, exc.strerror or str(exc))
