"""ValidationService endpoints: PUT any JSON text, get render-ws's text/plain parse report."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Response, request

from render_emulator.routes._http import current_data_roots, text_response
from render_emulator.services import validation
from render_emulator.services.data_roots import DataRoots
from render_emulator.services.validation import ValidationAnswer

blueprint = Blueprint("validation", __name__)

VALIDATE = "/v1/owner/<owner>/validate-json"


def _reply(check: Callable[[str], ValidationAnswer]) -> Response:
    answer = check(request.get_data(as_text=True))
    return text_response(answer.text, answer.status)


def _reply_reading_files(check: Callable[[str, DataRoots], ValidationAnswer]) -> Response:
    """A check that may read the local files the JSON names (only inside the app's data roots)."""
    answer = check(request.get_data(as_text=True), current_data_roots())
    return text_response(answer.text, answer.status)


@blueprint.put(VALIDATE + "/render")
def validate_render_parameters(owner: str):
    return _reply_reading_files(validation.validate_render_parameters_json)


@blueprint.put(VALIDATE + "/tile")
def validate_tile(owner: str):
    return _reply_reading_files(validation.validate_tile_json)


@blueprint.put(VALIDATE + "/tile-array")
def validate_tile_array(owner: str):
    return _reply_reading_files(validation.validate_tile_array_json)


@blueprint.put(VALIDATE + "/transform")
def validate_transform(owner: str):
    return _reply(validation.validate_transform_json)


@blueprint.put(VALIDATE + "/transform-array")
def validate_transform_array(owner: str):
    return _reply(validation.validate_transform_array_json)
