"""The dashboard under /render-ws/view/: redirects, static files, content types, 404s, and that the pages
reference only files the emulator serves."""

import re
from html.parser import HTMLParser

import pytest

from render_emulator import create_app
from render_emulator.routes.view import content_type, find_view_file, view_files

VIEW = "/render-ws/view"
PAGES = {
    "index.html": "Render Web Service Views",
    "stacks.html": "Project Stacks",
    "stack-details.html": "Stack Details",
    "match-trial.html": "Match Trial",
}


class _References(HTMLParser):
    """title text and every src/href of a page."""

    def __init__(self):
        super().__init__()
        self.references: list[str] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        self._in_title = tag == "title"
        for name, value in attrs:
            if name in ("src", "href") and value:
                self.references.append(value)

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def _parse(html: str) -> _References:
    parser = _References()
    parser.feed(html)
    return parser


def test_root_redirects_to_the_views_and_the_views_to_index(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"] == f"{VIEW}/"
    for path in (f"{VIEW}/", VIEW):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"] == f"{VIEW}/index.html"
    final = client.get("/", follow_redirects=True)
    assert final.status_code == 200 and final.request.path == f"{VIEW}/index.html"
    assert _parse(final.get_data(as_text=True)).title == "Render Web Service Views"


def test_root_redirect_is_registered_on_every_app():
    for _ in range(2):
        assert create_app().test_client().get("/").headers["Location"] == f"{VIEW}/"


@pytest.mark.parametrize("page,title", sorted(PAGES.items()))
def test_pages_are_html_with_their_render_ws_titles(client, page, title):
    response = client.get(f"{VIEW}/{page}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert _parse(response.get_data(as_text=True)).title == title


def test_static_files_have_their_content_types(client):
    css = client.get(f"{VIEW}/dashboard.css")
    assert css.status_code == 200 and css.headers["Content-Type"] == "text/css; charset=utf-8"
    js = client.get(f"{VIEW}/dashboard.js")
    assert js.status_code == 200 and js.headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert b"RenderDashboard" in js.data
    head = client.head(f"{VIEW}/stacks.html")
    assert head.status_code == 200 and head.headers["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("path", [
    f"{VIEW}/no-such-page.html",
    f"{VIEW}/point-match-explorer.html",
    f"{VIEW}/script/stacks.js",
    f"{VIEW}/.hidden",
    f"{VIEW}/%2e%2e/routes/view.py",
    f"{VIEW}/..%2f__init__.py",
])
def test_missing_view_files_are_404_text(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.mimetype == "text/plain"
    assert "no dashboard file" in response.get_data(as_text=True)


def test_view_lookup_never_leaves_the_view_directory():
    assert find_view_file("index.html") is not None
    for path in ("../__init__.py", "./index.html", "a//b", "", "..", "sub\\..\\x", ".hidden"):
        assert find_view_file(path) is None, path
    assert content_type("x.JS") == "text/javascript; charset=utf-8"
    assert content_type("README") == "application/octet-stream"


def test_view_files_answer_only_get(client):
    response = client.post(f"{VIEW}/index.html")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]


def test_api_paths_keep_their_404_and_501_answers(client):
    unknown = client.get("/render-ws/v1/no/such/resource")
    assert unknown.status_code == 404 and "Could not find resource" in unknown.get_data(as_text=True)
    assert client.get("/no-such-root-path").status_code == 404
    # the API is still served beside the dashboard
    assert client.get("/render-ws/v1/owners").get_json() == []


def _shipped_files() -> list[str]:
    return sorted(f.name for f in view_files().iterdir() if f.is_file() and not f.name.startswith("."))


def test_every_page_references_only_files_that_are_served(client):
    for page in PAGES:
        references = _parse(client.get(f"{VIEW}/{page}").get_data(as_text=True)).references
        assert references, page
        for reference in references:
            assert not re.match(r"^(https?:)?//", reference), f"{page} loads {reference} from another host"
            target = reference.split("?", 1)[0].split("#", 1)[0]
            if target.startswith("../"):
                continue   # render-ws API paths (checked by the API route tests), e.g. ../swagger.json
            response = client.get(f"{VIEW}/{target}")
            assert response.status_code == 200, f"{page} references {reference}: {response.status_code}"


def test_scripts_link_only_to_existing_pages_and_call_the_api_on_the_page_origin(client):
    shipped = set(_shipped_files())
    for name in shipped:
        if not name.endswith(".js"):
            continue
        text = client.get(f"{VIEW}/{name}").get_data(as_text=True)
        for page in re.findall(r"""["']([\w-]+\.html)""", text):
            assert page in shipped, f"{name} links to {page}"
        # no CDN or fixed host: every absolute URL is built from a host the user configured
        for url in re.findall(r"""["'](https?://[^"']*)""", text):
            assert url in ("http://", "http://www.w3.org/2000/svg"), f"{name} hard-codes {url}"
        assert "cdn" not in text.lower()
    dashboard_js = client.get(f"{VIEW}/dashboard.js").get_data(as_text=True)
    assert 'window.location.origin + "/render-ws/v1"' in dashboard_js


def test_every_shipped_file_is_served(client):
    for name in _shipped_files():
        assert client.get(f"{VIEW}/{name}").status_code == 200, name
