"""Python stand-ins for the render-ws java client classes renderapi runs through ``run_ws_client.sh``.

``scripts/run_ws_client.sh <memory> <main-class> [args…]`` runs ``python -m render_emulator.javaclient
<main-class> [args…]``; the classes talk to ``--baseDataUrl`` (this emulator or a real render-ws) over
HTTP with the same arguments, files, requests and exit codes as render's java clients.
"""

from pathlib import Path

CLIENT_SCRIPT_NAME = "run_ws_client.sh"
CLIENT_SCRIPTS_DIR = Path(__file__).resolve().parent / "scripts"  # holds the emulated run_ws_client.sh
