"""Endpoint fidelity notes (routes/_upstream.py ENDPOINT_NOTES) against README.md's "Known differences"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from render_emulator.routes._upstream import ENDPOINT_NOTES, UPSTREAM_ENDPOINTS

JAVA_CITATION = re.compile(r"\b[A-Z]\w*\.java:\d+")


def known_difference_bullets(readme: Path) -> list[str]:
    """The bullets of README.md's "Known differences" section, each joined onto one line."""
    text = readme.read_text(encoding="utf-8")
    section = text[text.index("## Known differences"):]
    following = section.find("\n## ", 1)
    bullets: list[str] = []
    for line in section[: following if following > 0 else None].splitlines():
        if line.startswith("- "):
            bullets.append(line[2:].strip())
        elif line.startswith("  ") and line.strip() and bullets:
            bullets[-1] += " " + line.strip()
    return bullets


@pytest.fixture(scope="module")
def readme_bullets(repo_root) -> list[str]:
    return known_difference_bullets(repo_root / "README.md")


def test_notes_are_attached_to_upstream_endpoints():
    assert ENDPOINT_NOTES
    assert set(ENDPOINT_NOTES) <= set(UPSTREAM_ENDPOINTS)


@pytest.mark.parametrize("endpoint", sorted(ENDPOINT_NOTES), ids=" ".join)
def test_every_note_cites_the_java_that_justifies_it(endpoint):
    assert ENDPOINT_NOTES[endpoint]
    for note in ENDPOINT_NOTES[endpoint]:
        assert JAVA_CITATION.search(note), f"a note of {endpoint} has no File.java:line citation: {note}"


@pytest.mark.parametrize("endpoint", sorted(ENDPOINT_NOTES), ids=" ".join)
def test_every_note_is_a_readme_known_difference_verbatim(endpoint, readme_bullets):
    """Edit a note and its README bullet together; a reworded or removed bullet fails here."""
    for note in ENDPOINT_NOTES[endpoint]:
        note = " ".join(note.split())
        assert note in readme_bullets, f"README 'Known differences' lacks a note of {endpoint}: {note}"


def test_bullets_are_read_whole(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# x\n## Known differences\n\n- one\n  two (A.java:1)\n- three\n\n"
                      "## Later\n- not this\n")
    assert known_difference_bullets(readme) == ["one two (A.java:1)", "three"]
