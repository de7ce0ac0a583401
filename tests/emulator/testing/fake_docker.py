"""A fake ``docker`` command for testing the docker backend on machines without a Docker daemon.

Installed by the ``fake_docker`` fixture as ``<dir>/docker`` first on PATH. Every call is appended to
``$FAKE_DOCKER_STATE/calls.jsonl`` (argv, cwd and the RENDER_* environment). It understands what the
docker backend runs:

- ``info``: a server version, or "Cannot connect" when ``$FAKE_DOCKER_STATE/no-daemon`` exists;
  ``compose up`` fails as with an unhealthy container when ``$FAKE_DOCKER_STATE/unhealthy`` exists;
- ``build``/``image inspect``/``image rm``: a registry of image tags in ``images.json``;
- ``compose -f … -p P up -d --wait``: reads the override file, starts ``render-emulator serve`` on
  $RENDER_WS_PORT where render-ws would be and waits until it answers (the healthcheck);
  ``compose -p P down``: stops it; ``compose logs``: its log; state in ``projects/P.json``;
- ``ps -a --filter label=… --format …``: one line per known project (project and owner label);
- ``run --rm --network P_default -v d:d … IMAGE -c SCRIPT MEMORY CLASS ARGS``: checks the network
  exists and every absolute path argument lies in a mounted directory, maps the in-network render-ws
  URL to the emulator's host port, and runs the emulated client, passing its exit code through.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

STATE = Path(os.environ["FAKE_DOCKER_STATE"])
PROJECT_LABEL = "org.render-emulator.tests.project"
OWNER_LABEL = "org.render-emulator.tests.owner"
IN_NETWORK_URL = "http://render-ws:8080"


def log_call(argv: list[str]) -> None:
    env = {k: v for k, v in os.environ.items() if k.startswith("RENDER_")}
    with open(STATE / "calls.jsonl", "a") as calls:
        calls.write(json.dumps({"argv": argv, "cwd": os.getcwd(), "env": env}) + "\n")


def images() -> dict:
    path = STATE / "images.json"
    return json.loads(path.read_text()) if path.exists() else {}


def save_images(known: dict) -> None:
    (STATE / "images.json").write_text(json.dumps(known))


def project_file(project: str) -> Path:
    return STATE / "projects" / f"{project}.json"


def option_values(args: list[str], *names: str) -> list[str]:
    return [args[i + 1] for i, arg in enumerate(args[:-1]) if arg in names]


def compose(args: list[str]) -> int:
    project = option_values(args, "-p")[0]
    files = option_values(args, "-f")
    verb = next(arg for arg in args if arg in ("up", "down", "logs", "ps"))
    state_file = project_file(project)
    if verb == "up":
        if "--wait" not in args:
            print("fake docker: the backend must wait for health checks (--wait)", file=sys.stderr)
            return 2
        if (STATE / "unhealthy").exists():
            print(f"container {project}-render-ws-1 is unhealthy", file=sys.stderr)
            return 1
        override = json.loads(Path(files[1]).read_text())
        (STATE / f"{project}.override.json").write_text(json.dumps(override))  # kept for the tests
        port = int(os.environ["RENDER_WS_PORT"])
        log_path = STATE / f"{project}.log"
        process = subprocess.Popen(
            [sys.executable, "-m", "render_emulator.cli", "serve", "--port", str(port)],
            stdout=open(log_path, "w"), stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        state_file.parent.mkdir(exist_ok=True)
        labels = override["services"]["render-ws"]["labels"]
        state_file.write_text(json.dumps({
            "pid": process.pid, "port": port, "labels": labels, "override": override, "files": files,
            "image": os.environ.get("RENDER_WS_IMAGE"),
        }))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                requests.get(f"http://127.0.0.1:{port}/render-ws/v1/versionInfo", timeout=2)
                print(f"Container {project}-render-ws-1  Healthy")
                return 0
            except requests.RequestException:
                time.sleep(0.2)
        print("fake docker: render-ws did not become healthy", file=sys.stderr)
        return 1
    if verb == "down":
        if state_file.exists():
            pid = json.loads(state_file.read_text())["pid"]
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            state_file.unlink()
        return 0
    if verb == "logs":
        log_path = STATE / f"{project}.log"
        print(log_path.read_text() if log_path.exists() else "")
        return 0
    return 0


def ps(args: list[str]) -> int:
    for state_file in sorted((STATE / "projects").glob("*.json")):
        labels = json.loads(state_file.read_text())["labels"]
        print(f"{labels[PROJECT_LABEL]}\t{labels[OWNER_LABEL]}")
    return 0


def run(args: list[str]) -> int:
    network = option_values(args, "--network")[0]
    project = network.removesuffix("_default")
    if not project_file(project).exists():
        print(f"fake docker: network {network} not found", file=sys.stderr)
        return 125
    port = json.loads(project_file(project).read_text())["port"]
    mounts = []
    for volume in option_values(args, "--volume", "-v"):
        source, target = volume.split(":")[:2]
        if source != target:
            print(f"fake docker: mount {volume} is not at an identical path", file=sys.stderr)
            return 125
        mounts.append(source.rstrip("/") + "/")
    script_at = args.index("-c")
    memory, main_class, client_args = args[script_at + 2], args[script_at + 3], args[script_at + 4:]
    for arg in client_args:
        value = arg.split("=", 1)[-1]
        if value.startswith("/") and not any((value.rstrip("/") + "/").startswith(m) for m in mounts):
            print(f"fake docker: {value} is not mounted into the client container", file=sys.stderr)
            return 125
    local_args = [arg.replace(IN_NETWORK_URL, f"http://127.0.0.1:{port}") for arg in client_args]
    print(f"fake docker: java -Xmx{memory} {main_class}", flush=True)
    client = [sys.executable, "-m", "render_emulator.javaclient", main_class, *local_args]
    return subprocess.run(client).returncode


def main(argv: list[str]) -> int:
    log_call(argv)
    command, args = (argv[0], argv[1:]) if argv else ("", [])
    if command == "info":
        if (STATE / "no-daemon").exists():
            print("Cannot connect to the Docker daemon at unix:///var/run/docker.sock.", file=sys.stderr)
            return 1
        print("27.0.0-fake")
        return 0
    if command == "build":
        tag = option_values(args, "--tag", "-t")[0]
        print("#1 [internal] load build definition from Dockerfile", flush=True)
        print(f"#9 naming to {tag} done", flush=True)
        known = images()
        known[tag] = {"labels": option_values(args, "--label")}
        save_images(known)
        return 0
    if command == "image" and args[0] == "inspect":
        return 0 if args[1] in images() or args[1] in os.environ.get("FAKE_DOCKER_IMAGES", "").split() else 1
    if command == "image" and args[0] == "rm":
        known = images()
        for tag in args[1:]:
            known.pop(tag, None)
        save_images(known)
        return 0
    if command == "compose":
        return compose(args)
    if command == "ps":
        return ps(args)
    if command == "run":
        return run(args)
    print(f"fake docker: unexpected command {argv}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
