"""Dataset files: JSON array or document stream, file/document/line in every refusal, tar round trip."""

import io

import pytest

from render_emulator.store.mongo_export import (
    CollectionFile,
    DatasetError,
    ExportedCollection,
    parse_documents,
    read_directory,
    read_tar,
    write_directory,
    write_tar,
)


def _file(text: str) -> CollectionFile:
    return CollectionFile("render", "o__p__s__tile", "render/o__p__s__tile.json", text)


@pytest.mark.parametrize(
    "text",
    [
        '[{"a": 1}, {"a": 2}]',
        '[\n  {"a": 1},\n  {"a": 2}\n]\n',
        '{"a": 1}\n{"a": 2}\n',
        '\ufeff{"a": 1}{"a": 2}',
    ],
)
def test_array_and_stream_forms_give_the_same_documents(text):
    assert parse_documents(_file(text)) == [{"a": 1}, {"a": 2}]


@pytest.mark.parametrize("text", ["", "[]", "  [ ]  \n"])
def test_empty_files_hold_no_documents(text):
    assert parse_documents(_file(text)) == []


@pytest.mark.parametrize(
    "text, index, words",
    [
        ('[{"a": 1}, {"a": 2,}]', 1, "invalid JSON at line 1"),
        ('{"a": 1}\n{"a": }', 1, "invalid JSON at line 2"),
        ('[{"a": 1} {"a": 2}]', 0, "expected ',' or ']'"),
        ('[{"a": 1}, 3]', 1, "must be a JSON object"),
        ('[{"a": {"$regex": "x"}}]', 0, "$regex is not supported"),
    ],
)
def test_refusals_name_the_file_and_the_document(text, index, words):
    with pytest.raises(DatasetError) as refused:
        parse_documents(_file(text))
    assert refused.value.index == index
    assert str(refused.value).startswith(f"render/o__p__s__tile.json, document {index}: ")
    assert words in str(refused.value)


@pytest.mark.parametrize("text", ['[{"a": 1}', '[{"a": 1}] x'])
def test_unclosed_arrays_and_trailing_text_are_refused(text):
    with pytest.raises(DatasetError, match=r"^render/o__p__s__tile.json(, document 0)?: invalid JSON"):
        parse_documents(_file(text))


def test_directory_and_tar_round_trip(tmp_path):
    exported = [
        ExportedCollection("render", "o__p__s__tile", [(None, {"tileId": "t", "z": 1.0})]),
        ExportedCollection("match", "o__m", []),
    ]
    write_directory(tmp_path, exported)
    assert (tmp_path / "render" / "o__p__s__tile.json").read_text() == '[{"tileId":"t","z":1.0}]\n'
    assert (tmp_path / "match" / "o__m.json").read_text() == "[]\n"
    from_directory = read_directory(tmp_path)
    archive = io.BytesIO()
    write_tar(archive, exported)
    archive.seek(0)
    from_tar = read_tar(archive)
    assert [(f.database, f.collection, f.text) for f in from_tar] == [
        (f.database, f.collection, f.text)
        for f in sorted(from_directory, key=lambda f: f.database != "render")
    ]


def test_a_directory_without_render_or_match_is_refused(tmp_path):
    with pytest.raises(DatasetError, match="neither a render/ nor a match/ directory"):
        read_directory(tmp_path)


def test_a_non_json_file_is_refused(tmp_path):
    (tmp_path / "render").mkdir()
    (tmp_path / "render" / "notes.txt").write_text("x")
    with pytest.raises(DatasetError, match="notes.txt: not a collection file"):
        read_directory(tmp_path)
