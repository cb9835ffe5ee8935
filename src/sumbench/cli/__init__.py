"""The ``sumbench`` command: argparse, then one library call per command (:mod:`.commands`).

Settings come from three layers (see :func:`sumbench.load_experiment`): the defaults
table, an experiment file (``--config`` or ``[tool.sumbench]`` in ``./pyproject.toml``),
then the flags actually given.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Sequence

from sumbench.cli.parser import build_parser, parse_value
from sumbench.errors import EXIT_INTERRUPTED, SettingError, SumbenchError
from sumbench.textsafe import printable

EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a tool killed by it

__all__ = ["build_parser", "main", "parse_value"]


def _terminate(signum: int, frame: object) -> None:
    # SIGTERM unwinds like Ctrl-C, so that staging folders are cleaned up.
    raise KeyboardInterrupt


def _message(exc: SumbenchError) -> str:
    """The error as the command line says it: a setting is named by its flag."""
    text = str(exc)
    if isinstance(exc, SettingError) and text.startswith(exc.key):
        from sumbench.defaults import DEFAULTS, flag

        name = flag(exc.key) if exc.key in DEFAULTS else "--" + exc.key.replace("_", "-")
        return name + text[len(exc.key) :]
    return text


def _broken_pool(exc: BaseException) -> bool:
    """Whether ``exc`` is a process pool's BrokenExecutor (a worker died)."""
    # Checked without importing concurrent.futures (and logging) at start-up: a pool
    # can only break after it was imported.
    futures = sys.modules.get("concurrent.futures")
    return futures is not None and isinstance(exc, futures.BrokenExecutor)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``sumbench`` command; returns the exit code."""
    from sumbench.cli.commands import COMMANDS

    args = build_parser().parse_args(argv)
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        return COMMANDS[args.command](args)
    except SumbenchError as exc:
        # An error may quote an id or a path: escapes in it must not reach the terminal.
        print(f"sumbench: error: {printable(_message(exc))}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("sumbench: interrupted; previous results left untouched", file=sys.stderr)
        return EXIT_INTERRUPTED
    except RuntimeError as exc:
        if not _broken_pool(exc):
            raise
        print(
            "sumbench: error: a worker process died (killed?); previous results left"
            " untouched, finished results are in the cache: run again to resume",
            file=sys.stderr,
        )
        return 1
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away: stop quietly, as Unix tools do on SIGPIPE.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except OSError as exc:
        # The one place an OS error (disk full, read-only or vanished folder, permission)
        # becomes one line; staging folders were removed on the way up.
        from sumbench.fsio import os_error_exit, os_error_line

        print(f"sumbench: error: {os_error_line(exc)}", file=sys.stderr)
        return os_error_exit(exc)
    finally:
        signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
