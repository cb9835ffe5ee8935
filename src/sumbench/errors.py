"""The exceptions sumbench raises on purpose, each tied to a process exit code."""

from __future__ import annotations

EXIT_OK = 0
EXIT_REGRESSION = 1
EXIT_INPUT = 2
EXIT_INCOMPLETE = 3
EXIT_INTERRUPTED = 130


class SumbenchError(Exception):
    """Base class: a failure with a one-line message and an exit code."""

    exit_code = 1


class InputError(SumbenchError):
    """Unusable input: a missing or malformed file, folder or option (exit code 2)."""

    exit_code = EXIT_INPUT


class SettingError(InputError):
    """A setting with a value out of range; ``key`` names it (the CLI shows its flag)."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


class SystemFailed(SumbenchError):
    """A system failed on a document and the run was asked to stop (``--fail-fast``)."""

    exit_code = EXIT_INCOMPLETE


class SystemTimeout(Exception):
    """A system ran past the per-document time limit (``--timeout``)."""
