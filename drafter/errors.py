"""Errors a user can act on. Their text is the one-line Chinese message the CLI prints."""


class InputError(Exception):
    """A file drafter cannot read: the message names the file and the reason."""

    def __init__(self, path: str, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"{path}：{reason}")
