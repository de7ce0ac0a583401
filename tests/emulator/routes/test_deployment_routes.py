"""DeploymentConfigurationService endpoints."""

import os

from render_emulator import create_app
from render_emulator.routes.deployment import FILTER_LISTS_CONFIG, SERVER_PROPERTIES_CONFIG
from render_emulator.services import deployment

V1 = "/render-ws/v1"


def test_version_info_is_a_string_map_with_the_package_version(client):
    response = client.get(f"{V1}/versionInfo/")
    assert response.status_code == 200 and response.mimetype == "application/json"
    info = response.get_json()
    assert info["git.build.version"] == deployment.package_version() != "unknown"
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in info.items())


def test_server_properties_default_deployment_sorted(client):
    body = client.get(f"{V1}/serverProperties").get_json()
    assert list(body) == ["filePath", "properties"]
    assert os.path.isabs(body["filePath"]) and body["filePath"].endswith("resources/render-server.properties")
    properties = body["properties"]
    assert list(properties) == sorted(properties)
    for key in ("view.dynamicRenderHost", "view.catmaidHost", "view.ndvizHost", "view.matchOwner",
                "view.matchCollection", "view.renderStack", "view.renderStackOwner",
                "view.renderStackProject", "webService.maxTileSpecsToRender",
                "webService.maxImageProcessorCacheGb"):
        assert properties[key] == ""
    assert properties["view.openseadragonHost"] == "localhost:8090"


def test_server_properties_overridden_by_app_config():
    app = create_app(**{SERVER_PROPERTIES_CONFIG: {"view.catmaidHost": "catmaid:8000", "a.first": 5}})
    properties = app.test_client().get(f"{V1}/serverProperties").get_json()["properties"]
    assert properties["view.catmaidHost"] == "catmaid:8000"
    assert next(iter(properties)) == "a.first" and properties["a.first"] == "5"


def test_named_filter_spec_lists_default_deployment(client):
    body = client.get(f"{V1}/namedFilterSpecLists").get_json()
    lists = body["namedFilterSpecLists"]
    assert set(lists) == {"invert", "Z0422_17_VNC_1", "22ak351_leaf_3r", "simpleTest", "default"}
    assert lists["invert"] == [{"className": "org.janelia.alignment.filter.Invert", "parameters": {}}]
    assert [spec["className"].rsplit(".", 1)[1] for spec in lists["default"]] == [
        "ValueToNoise", "ValueToNoise", "NormalizeLocalContrast"
    ]
    assert lists["default"][0]["parameters"] == {"value": "0.0", "min": "64.0", "max": "191.0"}


def test_named_filter_spec_lists_configurable_and_fresh_each_call():
    app = create_app(**{FILTER_LISTS_CONFIG: {}})
    assert app.test_client().get(f"{V1}/namedFilterSpecLists").get_json() == {"namedFilterSpecLists": {}}
    first = deployment.default_named_filter_spec_lists()
    first["invert"].clear()
    assert deployment.default_named_filter_spec_lists()["invert"] != []


def test_invalidate_image_processor_cache_clears_an_app_cache():
    app = create_app()
    cache = {"key": "image"}
    app.extensions[deployment.IMAGE_PROCESSOR_CACHE_KEY] = cache
    response = app.test_client().delete(f"{V1}/imageProcessorCache/allEntries")
    assert response.status_code == 200 and response.get_data() == b""
    assert cache == {}


def test_invalidate_image_processor_cache_without_cache(client):
    assert client.delete(f"{V1}/imageProcessorCache/allEntries/").status_code == 200
    assert client.get(f"{V1}/imageProcessorCache/allEntries").status_code == 405
