"""Java HashMap/HashSet iteration order as emulated for render-ws's messages and set-valued JSON."""

from renderapi._java import (
    java_hash_map_copy_order,
    java_hash_order,
    java_hash_set_order,
    java_hash_set_text,
    java_objects_hash,
    java_string_hash,
    table_size,
)


def test_string_and_objects_hash_codes():
    assert java_string_hash("a") == 97
    assert java_string_hash("t10") == (116 * 31 * 31 + 49 * 31 + 48)
    assert java_string_hash("polygenelubricants") == 0x80000000   # Integer.MIN_VALUE, unsigned
    assert java_string_hash(None) == 0
    assert java_string_hash("\U0001F600") == (0xD83D * 31 + 0xDE00)   # UTF-16 surrogate pair
    assert java_objects_hash(97, 103, 0) == ((31 + 97) * 31 + 103) * 31


def test_table_size_grows_past_three_quarters():
    assert table_size(12) == 16 and table_size(13) == 32
    assert table_size(0, initial_capacity=0) == 1
    assert table_size(2, initial_capacity=2) == 4     # a table of 2 holds one entry
    assert table_size(3, initial_capacity=3) == 4


def test_hash_set_order():
    assert java_hash_set_text(["b", "a", "b"]) == "[a, b]"
    assert java_hash_set_text([]) == "[]"
    assert java_hash_set_text([None, "x"]) == "[null, x]"
    # "t9" (3653) spreads to bucket 5 of 16, "t10" (113043 ^ 1) to bucket 2
    assert java_hash_set_order(["t9", "t10"]) == ["t10", "t9"]
    # same bucket (16 apart): insertion order
    assert java_hash_set_order(["q", "a"]) == ["q", "a"]
    assert java_hash_order([17, 1], hash_of=int) == [17, 1]
    assert java_hash_order([17, 1], hash_of=int, capacity=32) == [1, 17]


def test_hash_map_copy_order():
    """``new HashMap<>(2n)`` filled from a default HashMap (ResolvedTileSpecCollection.java:80): "tb" (3694)
    and "te" (3697) land in buckets 14 and 1 of 16 (te, tb), then 2 and 1 of 4 (te, tb)."""
    assert java_hash_map_copy_order(["tb", "te"], 4) == ["te", "tb"]
    # "a" 97, "q" 113: bucket 1 of 16 in insertion order, then 1 and 1 of 8 in that order; "b" 98: bucket 2
    assert java_hash_map_copy_order(["q", "b", "a"], 6) == ["q", "a", "b"]
    assert java_hash_map_copy_order([], 0) == []
