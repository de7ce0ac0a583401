"""docker_client: the docker run command of render's client (argument split, URL rewrite, mounts)."""

from __future__ import annotations

import os
from pathlib import Path

from render_emulator.testing.docker_client import (
    docker_run_command,
    mount_directories,
    path_candidates,
    rewrite_urls,
    split_like_render,
)

CONFIG = {
    "image": "lab/archive:1", "network": "render_emulator_tests_ab_default",
    "jar_glob": "/root/render-lib/render-ws-java-client-*-standalone.jar",
    "url_rewrites": {"http://127.0.0.1:5555": "http://render-ws:8080"},
    "mounts": [], "labels": {"org.render-emulator.tests.project": "render_emulator_tests_ab"},
}


def test_arguments_are_split_like_renders_unquoted_dollar_star():
    assert split_like_render(["--stack", "a b", "c"]) == ["--stack", "a", "b", "c"]


def test_only_the_published_port_is_rewritten():
    args = ["--baseDataUrl", "http://127.0.0.1:5555/render-ws/v1", "http://127.0.0.1:5556/x"]
    assert rewrite_urls(args, CONFIG["url_rewrites"]) == [
        "--baseDataUrl", "http://render-ws:8080/render-ws/v1", "http://127.0.0.1:5556/x"]


def test_absolute_paths_are_found_in_plain_option_and_file_url_arguments():
    args = ["/a/b.json", "--out=/c/d", "file:///e/f.png", "file:/g/h", "relative", "--x"]
    assert path_candidates(args) == [Path(p) for p in ("/a/b.json", "/c/d", "/e/f.png", "/g/h")]


def test_mounts_are_existing_directories_without_nesting_and_never_root(tmp_path):
    data = tmp_path / "data"
    (data / "sub").mkdir(parents=True)
    (data / "sub" / "tiles.json").write_text("[]")
    work = tmp_path / "work"
    work.mkdir()
    args = [str(data / "sub" / "tiles.json"), f"--outputDir={data}/new/deeper", "/no_such_top_dir/x"]
    assert mount_directories(args, configured=[str(data / "sub")], cwd=work) == [str(data), str(work)]


def test_run_command_keeps_memory_class_and_exit_path(tmp_path):
    args = ["--baseDataUrl", "http://127.0.0.1:5555/render-ws/v1", str(tmp_path)]
    command = docker_run_command(CONFIG, "1G", "org.janelia.render.client.ImportJsonClient", args, tmp_path)
    assert command[:4] == ["docker", "run", "--rm", "--network"]
    script_at = command.index("-c")
    assert command[script_at - 1] == "lab/archive:1"
    assert f"--reuid={os.getuid()}" in command[script_at + 1]
    assert command[script_at + 2:] == ["1G", "org.janelia.render.client.ImportJsonClient", "--baseDataUrl",
                                       "http://render-ws:8080/render-ws/v1", str(tmp_path)]
    assert f"{tmp_path}:{tmp_path}" in command
