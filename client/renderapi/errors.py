"""Exceptions raised by renderapi (same hierarchy as render-python)."""


class RenderError(Exception):
    """Base error: a failed render-ws request or an invalid renderapi call."""


class ClientScriptError(RenderError):
    """The java client script is missing, invalid or failed."""


class ConversionError(RenderError):
    """Point arrays of the wrong shape or an impossible conversion."""


class EstimationError(RenderError):
    """A transform could not be fitted to the given points."""


class SpecError(RenderError):
    """An invalid specification (kept for compatibility; renderapi itself does not raise it)."""


__all__ = ["RenderError", "ClientScriptError", "ConversionError", "EstimationError", "SpecError"]
