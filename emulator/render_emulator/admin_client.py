"""Client of the emulator's admin API (``/render-emulator/v1``): load and dump dataset directories on a
running ``render-emulator serve``; used by ``render-emulator load|dump`` and the pytest plugin."""

from __future__ import annotations

import io
import sys
import tarfile
from pathlib import Path

import requests
from tqdm import tqdm

from render_emulator.routes._admin import ADMIN_PREFIX, TAR_MIMETYPE
from render_emulator.services.dataset import LoadedDataset
from render_emulator.store.mongo_export import DATABASES, FILE_SUFFIX, DatasetError

TIMEOUT_S = 600.0


class AdminError(RuntimeError):
    """The server refused an admin request (or is not a render-ws emulator)."""


def admin_url(server_url: str) -> str:
    """``http://host:port/render-emulator/v1`` from ``http://host:port`` (``/render-ws/v1`` is dropped)."""
    base = server_url.rstrip("/")
    for suffix in ("/render-ws/v1", "/render-ws"):
        base = base.removesuffix(suffix)
    return base + ADMIN_PREFIX


def _check(response: requests.Response, action: str) -> requests.Response:
    if response.status_code >= 300:
        raise AdminError(f"{action} failed: HTTP {response.status_code}: {response.text.strip()}")
    return response


def is_emulator(server_url: str, session: requests.Session | None = None) -> bool:
    """Whether ``server_url`` is a render-ws emulator that answers the admin API."""
    try:
        response = (session or requests).get(f"{admin_url(server_url)}/info", timeout=30)
    except requests.RequestException:
        return False
    if response.status_code != 200:
        return False
    try:
        return response.json().get("emulator") == "render-emulator"
    except ValueError:
        return False


def _dataset_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        raise DatasetError(str(directory), "not a directory")
    files = [
        path
        for database in DATABASES
        if (directory / database).is_dir()
        for path in sorted((directory / database).iterdir())
        if path.is_file() and not path.name.startswith(".")
    ]
    if not files and not any((directory / database).is_dir() for database in DATABASES):
        raise DatasetError(str(directory), "holds neither a render/ nor a match/ directory")
    return files


def load(
    server_url: str, directory: str | Path, progress: bool = False, session: requests.Session | None = None
) -> LoadedDataset:
    """Send a dataset directory to a running emulator (one request: the directory as a tar archive)."""
    root = Path(directory)
    files = _dataset_files(root)
    body = io.BytesIO()
    with tarfile.open(fileobj=body, mode="w") as archive:
        for path in tqdm(files, desc="packing", unit="file", disable=not progress):
            archive.add(path, arcname=str(path.relative_to(root)), recursive=False)
    if progress:
        print(f"sending {body.tell() / 1e6:.1f} MB to {admin_url(server_url)}/load ...", flush=True)
    response = (session or requests).post(
        f"{admin_url(server_url)}/load",
        data=body.getvalue(),
        headers={"Content-Type": TAR_MIMETYPE},
        timeout=TIMEOUT_S,
    )
    return LoadedDataset.from_json(_check(response, f"loading {root}").json())


def dump(
    server_url: str, directory: str | Path, progress: bool = False, session: requests.Session | None = None
) -> list[Path]:
    """Write every collection of a running emulator into ``directory`` (mongoexport files)."""
    response = _check(
        (session or requests).get(f"{admin_url(server_url)}/dump", timeout=TIMEOUT_S, stream=True), "dump"
    )
    data = io.BytesIO()
    total = int(response.headers.get("Content-Length") or 0) or None
    with tqdm(total=total, desc="receiving", unit="B", unit_scale=True, disable=not progress) as bar:
        for chunk in response.iter_content(1 << 20):
            data.write(chunk)
            bar.update(len(chunk))
    data.seek(0)
    root = Path(directory)
    written = []
    with tarfile.open(fileobj=data, mode="r:*") as archive:
        for member in archive:
            parts = member.name.split("/")
            # only render/<name>.json and match/<name>.json: never a path outside the directory
            if (
                not member.isfile()
                or len(parts) != 2
                or parts[0] not in DATABASES
                or not parts[1].endswith(FILE_SUFFIX)
                or parts[1].startswith(".")
            ):
                continue
            path = root / parts[0] / parts[1]
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(archive.extractfile(member).read())
            written.append(path)
    return written


def unload(server_url: str, loaded: LoadedDataset, session: requests.Session | None = None) -> None:
    """Remove exactly what a load wrote."""
    _check(
        (session or requests).post(
            f"{admin_url(server_url)}/unload", json=loaded.to_json(), timeout=TIMEOUT_S
        ),
        "unload",
    )


def reset(server_url: str, session: requests.Session | None = None) -> None:
    """Drop every collection of a running emulator."""
    _check((session or requests).post(f"{admin_url(server_url)}/reset", timeout=TIMEOUT_S), "reset")


# ---------------------------------------------------------------------------------------- CLI
def _describe(loaded: LoadedDataset) -> str:
    counts = [count for database in loaded.collections.values() for count in database.values()]
    return f"{sum(counts)} documents in {len(counts)} collections"


def load_command(server_url: str, directories: list[str]) -> int:
    """``render-emulator load --url URL DIR...``: exit code 0, or 1 with the refusal on stderr."""
    for directory in directories:
        try:
            loaded = load(server_url, directory, progress=True)
        except (AdminError, DatasetError, requests.RequestException) as error:
            print(f"render-emulator: cannot load {directory}: {error}", file=sys.stderr)
            return 1
        print(f"loaded {directory}: {_describe(loaded)}", flush=True)
    return 0


def dump_command(server_url: str, directory: str) -> int:
    """``render-emulator dump --url URL DIR``."""
    try:
        written = dump(server_url, directory, progress=True)
    except (AdminError, requests.RequestException) as error:
        print(f"render-emulator: cannot dump {server_url}: {error}", file=sys.stderr)
        return 1
    print(f"wrote {len(written)} collection files into {directory}", flush=True)
    return 0
