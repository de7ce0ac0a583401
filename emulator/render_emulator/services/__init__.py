"""render-ws logic without Flask, one module per concern; services raise render_emulator.errors."""
