"""The error ingestion raises for input it cannot use: its message names the file and what is wrong with it."""


class IngestError(Exception):
    """Bad input, not a bug: ``str(error)`` is one line a person can act on."""

    def __init__(self, message: str) -> None:
        # A message may quote an OS error or a file name with odd spacing; keep it on one line.
        super().__init__(" ".join(message.split()))
