"""DeploymentConfigurationService endpoints."""

from __future__ import annotations

from flask import Blueprint, current_app

from render_emulator.routes._http import json_response, ok_empty
from render_emulator.services import deployment

blueprint = Blueprint("deployment", __name__)

# app.config keys a deployment may set to replace the defaults
SERVER_PROPERTIES_CONFIG = "RENDER_SERVER_PROPERTIES"
FILTER_LISTS_CONFIG = "NAMED_FILTER_SPEC_LISTS"


@blueprint.get("/v1/versionInfo")
def version_info():
    return json_response(deployment.version_info())


@blueprint.get("/v1/serverProperties")
def server_properties():
    return json_response(deployment.server_properties(current_app.config.get(SERVER_PROPERTIES_CONFIG)))


@blueprint.get("/v1/namedFilterSpecLists")
def named_filter_spec_lists():
    return json_response(deployment.named_filter_spec_lists(current_app.config.get(FILTER_LISTS_CONFIG)))


@blueprint.delete("/v1/imageProcessorCache/allEntries")
def invalidate_image_processor_cache():
    deployment.invalidate_image_processor_cache(
        current_app.extensions.get(deployment.IMAGE_PROCESSOR_CACHE_KEY)
    )
    return ok_empty()
