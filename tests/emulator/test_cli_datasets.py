"""``render-emulator serve --load``, ``load --url`` and ``dump --url`` against a served emulator."""

import shutil
import subprocess
import sys

import requests


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "render_emulator.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def test_serve_load_then_dump_and_load_through_the_admin_api(serve_emulator, data_dir, tmp_path):
    fixtures = data_dir / "render_ws_mongodb"
    served = serve_emulator(
        "--load", str(fixtures / "elastic"), "--load", str(fixtures / "match_collections")
    )
    stacks = requests.get(f"{served.base_url}/owner/flyTEM/stacks", timeout=10)
    assert len(stacks.json()) == 3  # RenderDaoReadOnlyTest.java:93
    dumped = _cli("dump", "--url", served.url, str(tmp_path / "dump"))
    assert dumped.returncode == 0, dumped.stderr
    assert "wrote 6 collection files" in dumped.stdout
    requests.post(f"{served.url}/render-emulator/v1/reset", timeout=10).raise_for_status()
    loaded = _cli("load", "--url", served.url, str(tmp_path / "dump"))
    assert loaded.returncode == 0, loaded.stderr
    assert "39 documents in 6 collections" in loaded.stdout  # 3 + 14 + 3 stack, 11 + 5 + 3 match documents
    assert requests.get(f"{served.base_url}/owner/flyTEM/stacks", timeout=10).content == stacks.content


def test_load_reports_a_refused_file_and_exits_1(serve_emulator, data_dir, tmp_path):
    served = serve_emulator()
    shutil.copytree(data_dir / "render_ws_mongodb" / "elastic", tmp_path / "bad")
    (tmp_path / "bad" / "render" / "flyTEM__test__elastic__tile.json").write_text('[{"tileId": 1}, {}]')
    result = _cli("load", "--url", served.url, str(tmp_path / "bad"))
    assert result.returncode == 1
    assert (
        "render/flyTEM__test__elastic__tile.json, document 0, field 'tileId': must be a string"
        in result.stderr
    )
    assert requests.get(f"{served.base_url}/owners", timeout=10).json() == []


def test_serve_refuses_to_start_on_a_bad_dataset(tmp_path):
    (tmp_path / "render").mkdir()
    (tmp_path / "render" / "flyTEM__tiles.json").write_text("[]")
    result = _cli("serve", "--port", "0", "--load", str(tmp_path))
    assert result.returncode == 1
    assert "flyTEM__tiles.json: unknown collection name pattern" in result.stderr


def test_serve_reports_what_it_loaded(serve_emulator, data_dir):
    elastic = data_dir / "render_ws_mongodb" / "elastic"
    served = serve_emulator("--load", str(elastic))
    code, _, stderr = served.stop()
    assert code == 0
    assert f"loaded {elastic}: 20 documents in 3 collections" in stderr  # 3 stacks, 14 tiles, 3 transforms
