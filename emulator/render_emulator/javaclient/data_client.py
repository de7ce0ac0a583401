"""The REST calls of render's ``RenderDataClient``, made with :mod:`.http_session` against ``--baseDataUrl``.

Writes expect exactly 201 (``ResourceCreatedResponseHandler``); reads, DELETEs and the
``resolutionValues`` / ``mipmapPathBuilder`` PUTs expect exactly 200 (``TextResponseHandler`` /
``JsonResponseHandler``). Any other status raises :class:`ClientError` carrying the server's text.
"""

from __future__ import annotations

import http.client
import json
from typing import Any
from urllib.parse import quote

import orjson

from render_emulator.javaclient.http_session import Response, Session
from render_emulator.model.dates import now_date
from renderapi._java import java_number_text

JSON_HEADERS = {"Content-Type": "application/json", "Accept": "application/json"}
TIMEOUT_S = 300.0


def encoded_body(body: Any) -> str | bytes:
    """``body`` as JSON: orjson's bytes (a 5,000-tile collection in ~10 ms, json.dumps ~60 ms) when they are
    ASCII and hold no ``null`` (orjson writes NaN/Infinity as null), else ``json.dumps`` as before. The
    two texts differ only in spacing and exponent spelling: the server reads the same values."""
    try:
        text = orjson.dumps(body)
    except orjson.JSONEncodeError:   # a subclass of float, an int beyond 64 bits, a lone surrogate, ...
        return json.dumps(body)
    if b"null" in text or not text.isascii():
        return json.dumps(body)
    return text


class ClientError(RuntimeError):
    """A failed client run (logged to stderr, exit code 1)."""


def z_text(z: float) -> str:
    """A z value as Java's ``Double.toString`` prints it in URLs (``3407.0``, ``1.0E7``)."""
    return java_number_text(float(z))


def _segment(value: str) -> str:
    return quote(str(value), safe="")


class RenderDataClient:
    """URLs and calls of one owner/project on one render-ws."""

    def __init__(self, base_data_url: str, owner: str, project: str, session: Session | None = None):
        self.base_data_url = base_data_url.rstrip("/")
        self.owner = owner
        self.project = project
        self.session = session or Session()

    # ------------------------------------------------------------------ URLs
    def stack_url(self, stack: str) -> str:
        return (f"{self.base_data_url}/owner/{_segment(self.owner)}/project/{_segment(self.project)}"
                f"/stack/{_segment(stack)}")

    def z_url(self, stack: str, z: float) -> str:
        return f"{self.stack_url(stack)}/z/{z_text(z)}"

    def match_collection_url(self, collection: str, owner: str | None = None) -> str:
        owner_url = f"{self.base_data_url}/owner/{_segment(owner or self.owner)}"
        return f"{owner_url}/matchCollection/{_segment(collection)}"

    def for_project(self, owner: str, project: str) -> RenderDataClient:
        """A client of another owner/project sharing this one's session."""
        return RenderDataClient(self.base_data_url, owner, project, self.session)

    # ------------------------------------------------------------------ HTTP
    def _request(self, method: str, url: str, expected: int, body: Any = None,
                 params: dict | None = None) -> Response:
        data = None if body is None else encoded_body(body)
        try:
            response = self.session.request(method, url, data=data, params=params,
                                            headers=JSON_HEADERS, timeout=TIMEOUT_S)
        except (OSError, http.client.HTTPException) as error:
            raise ClientError(f"failed to submit {method} {url}: {error}") from None
        if response.status_code != expected:
            raise ClientError(
                f"{method} {response.url} failed: HTTP {response.status_code} "
                f"(expected {expected}), response body: {response.text}")
        return response

    def get_json(self, url: str, params: dict | None = None) -> Any:
        response = self._request("GET", url, 200, params=params)
        try:
            return response.json()
        except ValueError:
            raise ClientError(f"GET {response.url} returned no JSON: {response.text[:200]}") from None

    def put_created(self, url: str, body: Any = None) -> None:
        self._request("PUT", url, 201, body)

    def post_created(self, url: str, body: Any = None) -> None:
        self._request("POST", url, 201, body)

    def put_ok(self, url: str, body: Any = None) -> None:
        self._request("PUT", url, 200, body)

    def delete_ok(self, url: str) -> None:
        self._request("DELETE", url, 200)

    def put_json(self, url: str, body: Any) -> Any:
        """A PUT answering 200 with JSON (``tileIdsForCoordinates``, ``tile-specs-with-ids``)."""
        return self._request("PUT", url, 200, body).json()

    # ------------------------------------------------------------------ stacks
    def stack_metadata(self, stack: str) -> dict:
        return self.get_json(self.stack_url(stack))

    def set_state(self, stack: str, state: str) -> None:
        self.put_created(f"{self.stack_url(stack)}/state/{state}")

    def ensure_loading(self, stack: str) -> None:
        """ensureStackIsInLoadingState."""
        state = self.stack_metadata(stack).get("state")
        if state == "LOADING":
            return
        if state == "READ_ONLY":
            raise ClientError(f"stack {stack} is READ_ONLY and cannot be changed")
        self.set_state(stack, "LOADING")

    def setup_derived_stack(self, source: dict, target: RenderDataClient, target_stack: str) -> None:
        """setupDerivedStack: create ``target_stack`` like the source when missing, copy resolution values and
        mipmapPathBuilder it lacks, then make sure it is LOADING."""
        source_version = source.get("currentVersion") or {}
        try:
            target_metadata = target.stack_metadata(target_stack)
        except ClientError:
            stack_id = source.get("stackId") or {}
            version = {
                "createTimestamp": now_date(),
                "versionNotes": f"derived from {_stack_id_text(stack_id)}",
                "stackResolutionX": source_version.get("stackResolutionX"),
                "stackResolutionY": source_version.get("stackResolutionY"),
                "stackResolutionZ": source_version.get("stackResolutionZ"),
                "mipmapPathBuilder": source_version.get("mipmapPathBuilder"),
            }
            body = {k: v for k, v in version.items() if v is not None}
            target.post_created(target.stack_url(target_stack), body)
            target_metadata = target.stack_metadata(target_stack)
        target_version = target_metadata.get("currentVersion") or {}
        resolution = [source_version.get(f"stackResolution{axis}") for axis in "XYZ"]
        if target_version.get("stackResolutionX") is None and resolution[0] is not None:
            target.put_ok(f"{target.stack_url(target_stack)}/resolutionValues", resolution)
        if target_version.get("mipmapPathBuilder") is None and source_version.get("mipmapPathBuilder"):
            target.put_ok(f"{target.stack_url(target_stack)}/mipmapPathBuilder",
                          source_version["mipmapPathBuilder"])
        target.ensure_loading(target_stack)

    # ------------------------------------------------------------------ tiles
    def resolved_tiles(self, stack: str, z: float) -> dict:
        return self.get_json(f"{self.z_url(stack, z)}/resolvedTiles")

    def save_resolved_tiles(self, stack: str, collection: dict, z: float | None = None) -> None:
        url = self.stack_url(stack) if z is None else self.z_url(stack, z)
        self.put_created(f"{url}/resolvedTiles", collection)

    def delete_layer(self, stack: str, z: float) -> None:
        """``DELETE STACK/z/{z}`` (the stack must be LOADING)."""
        self.delete_ok(self.z_url(stack, z))

    def tile(self, stack: str, tile_id: str) -> dict:
        return self.get_json(f"{self.stack_url(stack)}/tile/{_segment(tile_id)}")


def _stack_id_text(stack_id: dict) -> str:
    """StackId.toString."""
    return (f"{{'owner': '{stack_id.get('owner')}', 'project': '{stack_id.get('project')}', "
            f"'stack': '{stack_id.get('stack')}'}}")

