"""``run_ws_client.sh`` of the docker backend: render's real Java client in a container.

``python -m render_emulator.testing.docker_client <config.json> <memory> <main-class> [args...]`` runs
``java -cp <render-ws-java-client standalone jar> <main-class> args`` in the client image, on the compose
project's network, as render's run_ws_client.sh + setup_java_env.sh would
(render-ws-java-client/src/main/scripts/): ``-Xms/-Xmx<memory> -Djava.awt.headless=true
-XX:+UseSerialGC``, arguments re-split at spaces as its unquoted ``$*``, exit code passed through.
``--baseDataUrl`` values naming the host's published port are rewritten to render-ws inside the network;
directories of absolute paths in the arguments (and the configured test directories) are bind-mounted
at identical paths; java runs as the calling user so files it writes are the caller's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

USAGE = "USAGE: {script} <memory> <main-class> [client-arg-0] ... [client-arg-n]"
# As root: copy the jar out of /root (0700 in Debian images), then run java as the calling user
# (setpriv, util-linux) so that the files it writes into the caller's directories are the caller's.
JAVA_LAUNCH = (
    "cp {jar_glob} /tmp/render-ws-java-client.jar && chmod 644 /tmp/render-ws-java-client.jar && "
    "exec setpriv --reuid={uid} --regid={gid} --clear-groups "
    'java -Xms"$0" -Xmx"$0" -Djava.awt.headless=true -XX:+UseSerialGC -cp /tmp/render-ws-java-client.jar "$@"'
)


def split_like_render(args: Sequence[str]) -> list[str]:
    """render's script passes ``$*`` unquoted: every argument is split at whitespace."""
    return " ".join(args).split()


def rewrite_urls(args: Iterable[str], rewrites: Mapping[str, str]) -> list[str]:
    """Host URLs of the published render-ws port -> its address inside the compose network."""
    rewritten = []
    for arg in args:
        for host_url, network_url in rewrites.items():
            arg = arg.replace(host_url, network_url)
        rewritten.append(arg)
    return rewritten


def path_candidates(args: Iterable[str]) -> list[Path]:
    """Absolute paths named by arguments (``/a/b`` or ``--option=/a/b``; ``file:`` URLs too)."""
    found = []
    for arg in args:
        value = arg.split("=", 1)[1] if arg.startswith("--") and "=" in arg else arg
        if value.startswith("file://"):
            value = value[len("file://"):]
        elif value.startswith("file:"):
            value = value[len("file:"):]
        if value.startswith("/"):
            found.append(Path(value))
    return found


def mount_directories(args: Sequence[str], configured: Sequence[str], cwd: Path) -> list[str]:
    """The directories to bind-mount: configured ones, the working directory, the nearest existing
    directory of every absolute path argument (the directory itself for a directory); never ``/``."""
    directories = {str(Path(d).resolve()) for d in configured if Path(d).is_dir()}
    directories.add(str(cwd.resolve()))
    for path in path_candidates(args):
        existing = path if path.is_dir() else path.parent
        while not existing.is_dir() and existing != existing.parent:
            existing = existing.parent
        if existing != existing.parent:
            directories.add(str(existing.resolve()))
    kept: list[str] = []
    for directory in sorted(directories):
        if not any(directory == k or directory.startswith(k.rstrip("/") + "/") for k in kept):
            kept.append(directory)
    return kept


def docker_run_command(config: Mapping, memory: str, main_class: str, args: Sequence[str],
                       cwd: Path) -> list[str]:
    client_args = rewrite_urls(split_like_render(args), config["url_rewrites"])
    command = ["docker", "run", "--rm", "--network", config["network"],
               "--env", "HOME=/tmp",
               "--workdir", str(cwd.resolve()), "--entrypoint", "/bin/sh"]
    for name, value in config["labels"].items():
        command += ["--label", f"{name}={value}"]
    for directory in mount_directories(client_args, config["mounts"], cwd):
        command += ["--volume", f"{directory}:{directory}"]
    launch = JAVA_LAUNCH.format(jar_glob=config["jar_glob"], uid=os.getuid(), gid=os.getgid())
    return [*command, config["image"], "-c", launch, memory, main_class, *client_args]


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    config_file, client_argv = argv[0], argv[1:]
    if len(client_argv) < 2:
        script = Path(config_file).with_name("run_ws_client.sh")
        print(f"\nERROR: missing memory and/or main class parameters\n\n{USAGE.format(script=script)}\n")
        return 1
    config = json.loads(Path(config_file).read_text())
    memory, main_class, args = client_argv[0], client_argv[1], client_argv[2:]
    command = docker_run_command(config, memory, main_class, args, Path.cwd())
    print(f"{main_class}\n\n  Running: {' '.join(command)}\n", flush=True)
    return subprocess.run(command, stdin=subprocess.DEVNULL).returncode


if __name__ == "__main__":
    sys.exit(main())
