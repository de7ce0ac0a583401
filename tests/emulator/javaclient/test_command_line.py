"""JCommander-style parsing, exit codes and not-emulated classes of the emulated java client."""

from __future__ import annotations

import pytest

from render_emulator.javaclient.options import (
    CommandLine,
    MainParameter,
    Option,
    ParameterError,
    choice,
    java_boolean,
    java_double,
)
from render_emulator.javaclient.registry import CLIENTS

IMPORT = "org.janelia.render.client.ImportJsonClient"


def command_line() -> CommandLine:
    return CommandLine("Test", [Option("--name", required=True), Option("--flag", arity=0, default=False),
                                Option("--on", convert=java_boolean, default=True),
                                Option("--mode", convert=choice("A", "B"), default="A")],
                       MainParameter("zs", convert=java_double, required=True))


def test_parses_options_flags_and_main_parameters():
    values = command_line().parse(["--name", "n", "1", "--flag", "--on", "FALSE", "-2.5", "--mode", "B"])
    assert values == {"name": "n", "flag": True, "on": False, "mode": "B", "main": [1.0, -2.5]}


@pytest.mark.parametrize("argv", [
    ["1"],                               # missing required option
    ["--name", "n"],                     # missing main parameter
    ["--name", "n", "--other", "x", "1"],  # unknown option
    ["--name"],                          # missing value
    ["--name", "n", "--on", "yes", "1"],  # bad boolean
    ["--name", "n", "--mode", "C", "1"],  # bad enum
    ["--name", "n", "x"],                # bad double
    ["--help"],
])
def test_parse_failures(argv):
    with pytest.raises(ParameterError):
        command_line().parse(argv)


def test_registry_holds_the_emulated_classes():
    assert sorted(CLIENTS) == sorted([f"org.janelia.render.client.{name}" for name in (
        "ImportJsonClient", "ImportTransformChangesClient", "CoordinateClient", "TilePairClient",
        "TransformSectionClient", "ValidateTilesClient", "RenderSectionClient", "PointMatchClient")] + [
        "org.janelia.alignment.ArgbRenderer", "org.janelia.alignment.Render"])


def test_parse_failure_prints_usage_and_exits_1(run_client, capsys):
    assert run_client(IMPORT, "--baseDataUrl", "http://x/render-ws/v1", "--owner", "o", "--project", "p",
                      "--bogus", "a.json") == 1
    err = capsys.readouterr().err
    assert "ERROR: failed to parse command line arguments" in err
    assert "Usage: org.janelia.render.client.ImportJsonClient" in err and "* --stack" in err


@pytest.mark.parametrize("class_name", ["org.janelia.render.client.SIFTPointMatchClient",
                                        "no.such.Class"])
def test_classes_that_are_not_emulated_exit_1(run_client, capsys, class_name):
    assert run_client(class_name, "--anything") == 1
    assert capsys.readouterr().err.strip() == f"render-emulator java client: {class_name} is not emulated"


def test_unreachable_server_is_a_run_failure(run_client, capsys, tmp_path):
    tiles = tmp_path / "t.json"
    tiles.write_text("[]")
    assert run_client(IMPORT, "--baseDataUrl", "http://127.0.0.1:9/render-ws/v1", "--owner", "o",
                      "--project", "p", "--stack", "s", tiles) == 1
    assert "failed to submit GET" in capsys.readouterr().err
