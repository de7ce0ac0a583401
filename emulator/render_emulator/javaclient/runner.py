"""ClientRunner: parse the client's command line, run it, map the outcome to render's exit codes.

Exit 0 on success; 1 when the command line does not parse ("ERROR: failed to parse command line
arguments" + usage on stderr) or the run fails (the error logged to stderr).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from render_emulator.javaclient.data_client import ClientError
from render_emulator.javaclient.options import CommandLine, ParameterError

PARSE_FAILURE = "ERROR: failed to parse command line arguments"


def log(message: str) -> None:
    """One log line on stderr, in render's ``HH:mm:ss.SSS [thread] LEVEL`` spirit."""
    moment = time.strftime("%H:%M:%S", time.localtime())
    print(f"{moment} [main] INFO  {message}", file=sys.stderr, flush=True)


def log_error(message: str) -> None:
    moment = time.strftime("%H:%M:%S", time.localtime())
    print(f"{moment} [main] ERROR {message}", file=sys.stderr, flush=True)


@dataclass(frozen=True)
class EmulatedClient:
    """One java client class: its parameters and what it does with them."""

    class_name: str
    command_line: Callable[[], CommandLine]
    run: Callable[[dict], None]


def run_client(client: EmulatedClient, argv: Sequence[str]) -> int:
    command_line = client.command_line()
    try:
        values = command_line.parse(argv)
    except ParameterError as error:
        print(f"\n{PARSE_FAILURE}: {error}\n\n{command_line.usage()}\n", file=sys.stderr, flush=True)
        return 1
    log(f"main: running {client.class_name} with {' '.join(argv)}")
    started = time.monotonic()
    try:
        client.run(values)
    except ClientError as error:
        log_error(f"main: caught exception\n{client.class_name} failed: {error}")
        return 1
    except Exception as error:  # noqa: BLE001 - ClientRunner logs any failure and exits 1
        log_error(f"main: caught exception\n{type(error).__name__}: {error}")
        return 1
    log(f"main: exit code 0, elapsed time {time.monotonic() - started:.3f} seconds")
    return 0
