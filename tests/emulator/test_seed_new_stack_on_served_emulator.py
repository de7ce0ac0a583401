"""The user guide's "Making a new stack" steps, as a user runs them: a separate Python process configured
only through the ``RENDER_*`` environment variables, talking to ``render-emulator serve``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import requests

GUIDE_STEPS = textwrap.dedent(
    """
    import renderapi

    render = renderapi.connect()
    stack = 'mystack'
    renderapi.stack.create_stack(stack, render=render)
    renderapi.stack.set_stack_state(stack, 'LOADING', render=render)
    print(type(render).__name__, render.DEFAULT_HOST, render.DEFAULT_PORT)
    """
)


def test_guide_steps_with_render_environment_variables(serve_emulator, tmp_path):
    served = serve_emulator()
    host, port = served.url.rsplit(":", 1)
    env = {
        **os.environ,
        "RENDER_HOST": host.removeprefix("http://"),
        "RENDER_PORT": port,
        "RENDER_OWNER": "myowner",
        "RENDER_PROJECT": "myproject",
        # the guide's client scripts path; absent here, so connect() falls back to a web-only Render
        "RENDER_CLIENT_SCRIPTS": str(tmp_path / "render-ws-java-client" / "src" / "scripts"),
        "RENDER_CLIENT_HEAP": "2G",
    }
    result = subprocess.run(
        [sys.executable, "-c", GUIDE_STEPS], env=env, capture_output=True, text=True, timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["Render", host, port]

    response = requests.get(f"{served.base_url}/owner/myowner/stacks", timeout=10)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("application/json")
    (stack,) = json.loads(response.text)
    assert stack["stackId"] == {"owner": "myowner", "project": "myproject", "stack": "mystack"}
    assert stack["state"] == "LOADING" and stack["currentVersionNumber"] == 0
    assert stack["currentVersion"]["stackResolutionX"] == 1.0
    assert '"stackResolutionX":1.0' in response.text.replace(" ", "")
