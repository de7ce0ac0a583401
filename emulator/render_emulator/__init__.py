"""render_emulator: an in-process emulator of Janelia's render web service (render-ws)."""

from render_emulator.app import create_app
from render_emulator.server import EmulatorServer
from render_emulator.store import RenderStore

__all__ = ["create_app", "EmulatorServer", "RenderStore"]
