"""Every render-ws endpoint (method, @Path template relative to /render-ws), for 501s and coverage.

Placeholder inventory; replaced by the full list read from render-ws's *Service classes.
"""

UPSTREAM_ENDPOINTS: tuple[tuple[str, str], ...] = (
    ("GET", "v1/owners"),
)
