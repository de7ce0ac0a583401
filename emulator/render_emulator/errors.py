"""Exceptions that become render-ws error responses (text/plain body = message).

render-ws picks the status from the Java exception class: ObjectNotFoundException -> 404,
IllegalArgumentException -> 400, anything else (IllegalStateException, ...) -> 500.
"""


class RenderWsError(Exception):
    """Base class: an error answered with ``status`` and ``message`` as a text/plain body."""

    status = 500

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotFound(RenderWsError):
    """ObjectNotFoundException (404)."""

    status = 404


class BadRequest(RenderWsError):
    """IllegalArgumentException / IllegalServiceArgumentException (400)."""

    status = 400


class ServerError(RenderWsError):
    """IllegalStateException and any other server-side failure render-ws answers with 500."""

    status = 500


class NotImplementedPath(RenderWsError):
    """A render-ws path the emulator does not implement (501)."""

    status = 501

    def __init__(self, method: str, path: str):
        super().__init__(f"render-ws emulator: {method} {path} is not implemented")
