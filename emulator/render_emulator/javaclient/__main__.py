"""``python -m render_emulator.javaclient <main-class> [args…]``: run one emulated java client."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

USAGE = "USAGE: python -m render_emulator.javaclient <main-class> [client-arg-0 ... client-arg-n]"


def main(argv: Sequence[str] | None = None) -> int:
    """Exit status of the client (0 ok, 1 on any failure)."""
    # each client is one short process multiplying small matrices: without a setting of the user's, OpenBLAS
    # would start a thread per core when numpy loads, ~50 ms of CPU per process for nothing
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from render_emulator.javaclient.registry import load_client, not_emulated_message

    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        print(USAGE, file=sys.stderr)
        return 1
    client = load_client(args[0])
    if client is None:
        print(not_emulated_message(args[0]), file=sys.stderr)
        return 1
    from render_emulator.javaclient.runner import run_client

    return run_client(client, args[1:])


if __name__ == "__main__":
    sys.exit(main())
