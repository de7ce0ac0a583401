"""Assertions the route tests share: response text and render-ws's text/plain error answers."""


def text(response) -> str:
    return response.get_data(as_text=True)


def assert_error(response, status: int, message: str | None = None) -> None:
    """``status`` with a text/plain body, equal to ``message`` when one is given."""
    assert response.status_code == status, text(response)
    assert response.mimetype == "text/plain"
    if message is not None:
        assert text(response) == message
