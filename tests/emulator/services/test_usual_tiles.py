"""The msgspec reader of usual resolved-tile bodies answers exactly what the general path answers, or None."""

import json
import random
import struct

import pytest
from test_tile_json import _same, _tile_variants

from render_emulator.errors import BadRequest
from render_emulator.jsontext import PIECEWISE_BYTES, JsonTextError, parse_json, plain_numbers
from render_emulator.services.tile_json import parse_resolved_tiles
from render_emulator.services.usual_tiles import read_usual_resolved_tiles, read_usual_tile_array

USUAL_TILE = {
    "tileId": "t1", "layout": {"sectionId": "1.0", "imageRow": 2, "imageCol": 3}, "z": 1.0,
    "width": 2048.0, "height": 2048.0, "minIntensity": 0.0, "maxIntensity": 255.0,
    "mipmapLevels": {"0": {"imageUrl": "file:///a.png"}},
    "transforms": {"type": "list", "specList": [
        {"className": "mpicbg.trakem2.transform.AffineModel2D", "dataString": "1 0 0 1 0 0"}]},
}


def _general(raw: bytes, bound_slots: bool):
    """Today's path: the route's JSON reading, then parse_resolved_tiles."""
    try:
        return "parsed", parse_resolved_tiles(parse_json(raw), bound_slots)
    except (BadRequest, JsonTextError) as error:
        return "refused", str(error)


def _check(raw: bytes, bound_slots: bool) -> bool:
    """Asserts the fast answer (when there is one) is the general one; True when there was one."""
    fast = read_usual_resolved_tiles(raw, bound_slots)
    if fast is None:
        return False
    assert _same(("parsed", fast), _general(raw, bound_slots)), raw
    return True


def _body(tiles: list, **extra) -> bytes:
    return json.dumps({"transformIdToSpecMap": {}, **extra,
                       "tileIdToSpecMap": {f"k{i}": tile for i, tile in enumerate(tiles)}}).encode()


@pytest.mark.parametrize("bound_slots", [False, True])
def test_random_near_usual_bodies_read_as_the_general_path_reads_them(bound_slots):
    rng = random.Random(11)
    variants = _tile_variants(rng)
    fast = 0
    for _ in range(1500):
        tiles = [next(variants) for _ in range(rng.choice((1, 1, 2, 3)))]
        fast += _check(_body(tiles), bound_slots)
    assert 150 < fast < 1400   # both paths were exercised


@pytest.mark.parametrize("bound_slots", [False, True])
def test_the_usual_body_is_read_by_msgspec_in_tile_spec_order(bound_slots):
    reordered = dict(reversed(list(USUAL_TILE.items())))
    minimal = {"tileId": "m", "mipmapLevels": {}, "meshCellSize": 16.0, "z": 3}
    for tiles in ([USUAL_TILE], [reordered, minimal], [{**USUAL_TILE, "minX": 1.0, "maxY": 2.0}]):
        assert _check(_body(tiles), bound_slots)
    shared, tiles = read_usual_resolved_tiles(_body([minimal]), bound_slots)
    assert shared == {}
    slots = {"minX": None, "minY": None, "maxX": None, "maxY": None} if bound_slots else {}
    assert _same(tiles, [{"tileId": "m", "z": 3.0, **slots, "mipmapLevels": {},
                          "transforms": {"type": "list", "specList": []}, "meshCellSize": 16.0}])
    assert _check(b'{"tileIdToSpecMap": null}', bound_slots)
    assert _check(b'{"tileIdToSpecMap": {"a": {"layout": {"temca": null, "imageRow": -2147483648}}}}',
                  bound_slots)
    assert _check(b'{"tileIdToSpecMap": {"a": {"z": 1.0, "z": 2.0}, "a": {"z": 3.0}}}', bound_slots)


@pytest.mark.parametrize("raw", [
    b"", b"  ", b"null", b"[]", b'{"tileIdToSpecMap": {"a": null}}',
    b'{"tileIdToSpecMap": {"a": {"z": NaN}}}',
    b'{"tileIdToSpecMap": {"a": {"z": 1e400}}}',
    b'{"tileIdToSpecMap": {"a": {"z": 1234567890123456789012}}}',
    b'{"tileIdToSpecMap": {"a": {"z": 0.12345678901234567890123}}}',
    b'{"tileIdToSpecMap": {"a": {"layout": {"imageRow": 2147483648}}}}',
    b'{"tileIdToSpecMap": {"a": {"layout": {"imageRow": 3.0}}}}',
    b'{"tileIdToSpecMap": {"a": {"layout": {"other": [[[[1]]]]}}}}',
    b'{"tileIdToSpecMap": {"a": {"tileId": "\\ud800"}}}',
    b'{"tileIdToSpecMap": {"a": {"tileId": "a\xff"}}}',
    b'\xef\xbb\xbf{"tileIdToSpecMap": {"a": {"z": 1.0}}}',
    b'{"tileIdToSpecMap": {"a": {"z": true}}}',
    b'{"tileIdToSpecMap": {"a": {"z": "1.0"}}}',
    b'{"tileIdToSpecMap": {"a": {"groupId": null}}}',
    b'{"tileIdToSpecMap": {"a": {"mipmapLevels": {"1": {}}}}}',
    b'{"tileIdToSpecMap": {"a": {"mipmapLevels": {"0": {"imageLoaderType": "H5_SLICE"}}}}}',
    b'{"tileIdToSpecMap": {"a": {"transforms": null}}}',
    b'{"tileIdToSpecMap": {"a": {"transforms": {"type": "list", "specList": [{"type": "ref"}]}}}}',
    b'{"transformIdToSpecMap": {"r": {"type": "leaf", "className": "c", "dataString": "d"}}}',
    b'{"unknown": 1, "tileIdToSpecMap": {}}',
    b'{"tileIdToSpecMap": {"a": {"labels": ["x"]}}}',
    b'{"tileIdToSpecMap": ' + b"[" * 5000 + b"]" * 5000 + b"}",
    b'{"transformIdToSpecMap": {"a": ' + b"[" * 200000 + b"]" * 200000 + b"}}",
])
def test_bodies_that_are_not_usual_are_left_to_the_general_path(raw):
    for bound_slots in (False, True):
        assert read_usual_resolved_tiles(raw, bound_slots) is None


def test_large_bodies_are_left_to_the_piecewise_reader():
    tile = json.dumps(USUAL_TILE).encode()
    count = PIECEWISE_BYTES // len(tile) + 1
    raw = b'{"tileIdToSpecMap": {' + b",".join(b'"t%d": %s' % (i, tile) for i in range(count)) + b"}}"
    assert read_usual_resolved_tiles(raw) is None
    assert read_usual_resolved_tiles(raw[:len(raw) // 4].rsplit(b",", 1)[0] + b"}}") is not None


def _number_texts(rng: random.Random, count: int) -> list[str]:
    """JSON numbers the fast reader takes (at most 18 digits, two-digit exponents): integers, fractions,
    exponents, signs, and the shortest texts of random doubles."""
    texts = []
    while len(texts) < count:
        if rng.random() < 0.3:
            text = repr(struct.unpack("d", struct.pack("Q", rng.getrandbits(64)))[0])
            if "n" in text or "e" in text and abs(int(text.split("e")[1])) >= 100 \
                    or not plain_numbers(text.encode()):   # 19 digits in a row: left to json
                continue
        else:
            digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 18)))
            cut = rng.randint(0, len(digits))
            text = rng.choice(["", "-"]) + (digits[:cut].lstrip("0") or "0") \
                + ("." + digits[cut:] if cut < len(digits) else "") \
                + (f"e{rng.randint(-99, 99)}" if rng.random() < 0.5 else "")
        texts.append(text)
    return texts


def test_numbers_read_as_the_general_path_reads_them():
    """msgspec's float parsing and int-to-double conversion give the doubles json + java_double give
    (``-0`` included: json reads the integer 0)."""
    texts = _number_texts(random.Random(5), 20000)
    tiles = ", ".join(f'"t{i}": {{"z": {text}, "layout": {{"imageRow": {i}, "stageX": {text}}}}}'
                      for i, text in enumerate(texts))
    raw = ('{"tileIdToSpecMap": {' + tiles + "}}").encode()
    assert _check(raw, False)


# ------------------------------------------------------------------------ stored tiles of a dump (load)
def _converted(file):
    from render_emulator.services import stored_documents
    from render_emulator.store.mongo_export import DatasetError

    try:
        return "loaded", stored_documents.convert_file(file)[1]
    except DatasetError as error:
        return "refused", str(error)


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_tile_files_load_as_document_by_document_loading_reads_them(monkeypatch, seed):
    """A tile collection file of near-usual documents, each with an ObjectId ``_id``: read by msgspec where
    usual, it loads exactly as the document-by-document reader loads it (or is refused by it alike)."""
    from render_emulator.services import stored_documents
    from render_emulator.store.mongo_export import CollectionFile

    rng = random.Random(seed)
    variants = _tile_variants(rng)
    fast_files = 0
    for file_index in range(150):
        documents = []
        for index in range(rng.randint(1, 6)):
            tile = next(variants)
            if rng.random() < 0.9 and isinstance(tile, dict):
                tile["tileId"] = f"t{index}" if rng.random() < 0.97 else "t0"   # a duplicate now and then
            oid = {"$oid": f"{file_index:012x}{index:012x}"} if rng.random() < 0.97 else {"$oid": "zz"}
            documents.append({"_id": oid, **tile})
        file = CollectionFile("render", "o__p__s__tile", "render/o__p__s__tile.json", json.dumps(documents))
        fast = _converted(file)
        fast_files += stored_documents.read_usual_stored_tiles(file.text) is not None
        with monkeypatch.context() as patch:   # document by document alone
            patch.setattr(stored_documents, "read_usual_stored_tiles", lambda text: None)
            slow = _converted(file)
        assert fast[0] == slow[0], documents
        if fast[0] == "refused":
            assert fast == slow
        else:
            assert [object_id for object_id, _ in fast[1]] == [object_id for object_id, _ in slow[1]]
            assert _same([doc for _, doc in fast[1]], [doc for _, doc in slow[1]]), documents
    assert 5 < fast_files < 145   # both readers were exercised


# ------------------------------------------------------------------- tile spec files (ImportJsonClient)
def _general_tile_array(raw: bytes):
    """The emulated ImportJsonClient's general reading of a tile spec file: its JSON value, then each
    non-null member by parse_tile_spec with bound slots (javaclient.tile_collection.parse_tiles)."""
    from render_emulator.javaclient.data_client import ClientError
    from render_emulator.javaclient.files import json_value
    from render_emulator.javaclient.tile_collection import parse_tiles

    try:
        return "parsed", parse_tiles(json_value(raw, "tiles.json"), "tiles.json")
    except ClientError as error:
        return "refused", str(error)


def _check_tile_array(raw: bytes) -> bool:
    """Asserts the msgspec reading of a tile file (when there is one) is the general one; True when there
    was one."""
    fast = read_usual_tile_array(raw)
    if fast is None:
        return False
    assert _same(("parsed", fast), _general_tile_array(raw)), raw
    return True


@pytest.mark.parametrize("seed", [21, 22])
def test_random_near_usual_tile_files_read_as_the_general_path_reads_them(seed):
    rng = random.Random(seed)
    variants = _tile_variants(rng)
    fast = 0
    for _ in range(1500):
        tiles = [next(variants) for _ in range(rng.choice((0, 1, 1, 2, 3)))]
        fast += _check_tile_array(json.dumps(tiles).encode())
    assert 150 < fast < 1400   # both paths were exercised


def test_usual_tile_file_numbers_read_as_the_general_path_reads_them():
    """No number pre-check for tile files: long digit runs (19 and more) and exponents are read by msgspec
    as json + java_double read them; a number beyond the double range is left to the general path."""
    rng = random.Random(7)
    texts = _number_texts(rng, 5000) + [
        "1234567890123456789012", "-98765432109876543210.5", "0.12345678901234567890123",
        "123456789012345678901234567890e-10", "1e-400", "9007199254740993", "2.5e307", "-0"]
    tiles = ", ".join(f'{{"tileId": "t{i}", "z": {text}, "layout": {{"stageY": {text}}}}}'
                      for i, text in enumerate(texts))
    assert _check_tile_array(("[" + tiles + "]").encode())
    for text in ("1e400", "-1e400", "NaN", "Infinity", "12345678901234567890"):   # the last: an int field
        raw = f'[{{"tileId": "t", "z": 1.0, "layout": {{"imageRow": {text}}}}}]'.encode()
        assert read_usual_tile_array(raw) is None, text


@pytest.mark.parametrize("raw", [
    b"", b"{}", b"null", b"[null]", b'[{"tileId": "a"}, null]', b'[{"tileId": null}]',
    b'{"tileIdToSpecMap": {}}',
    b'\xef\xbb\xbf[{"tileId": "a"}]', b'[{"tileId": "\\ud800"}]', b'[{"tileId": "a", "labels": ["x"]}]',
    b'[{"tileId": "a", "z": "1"}]', b'[{"tileId": "a"}', b"[" * 5000 + b"]" * 5000,
])
def test_tile_files_that_are_not_usual_are_left_to_the_general_path(raw):
    assert read_usual_tile_array(raw) is None


def test_an_empty_or_usual_tile_file_is_read_by_msgspec():
    assert read_usual_tile_array(b"[]") == []
    tiles = read_usual_tile_array(json.dumps([USUAL_TILE]).encode())
    assert list(tiles[0]) == ["tileId", "layout", "z", "minX", "minY", "maxX", "maxY", "width", "height",
                              "minIntensity", "maxIntensity", "mipmapLevels", "transforms", "meshCellSize"]
    assert _check_tile_array(json.dumps([USUAL_TILE, {**USUAL_TILE, "tileId": "t2", "minX": 4}]).encode())
