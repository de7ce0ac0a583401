"""docker/Dockerfile (the emulator's image): non-root, health-checked, with the mongo extra."""

from pathlib import Path

DOCKERFILE = Path(__file__).resolve().parents[1] / "docker" / "Dockerfile"


def instructions() -> list[tuple[str, str]]:
    text = DOCKERFILE.read_text().replace("\\\n", " ")
    return [tuple(line.strip().split(None, 1)) for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def test_the_image_runs_as_a_non_root_user():
    users = [argument for keyword, argument in instructions() if keyword == "USER"]
    assert users and users[-1] not in ("root", "0")


def test_the_image_has_a_healthcheck_on_the_api():
    checks = [argument for keyword, argument in instructions() if keyword == "HEALTHCHECK"]
    assert len(checks) == 1 and "/render-ws/v1/owners" in checks[0]


def test_the_image_installs_the_mongo_extra():
    assert any(keyword == "RUN" and "'.[mongo]'" in argument for keyword, argument in instructions())
