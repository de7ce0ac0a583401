"""Fixtures of the route tests: a fresh emulator app per test, its Flask test client and its store."""

import pytest

from render_emulator import create_app
from render_emulator.context import EXCEPTIONS_KEY, STORE_KEY


@pytest.fixture
def app():
    app = create_app()
    yield app
    assert app.extensions[EXCEPTIONS_KEY] == []   # no emulator bug hidden behind a 500


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def store(app):
    return app.extensions[STORE_KEY]
