"""Java HashMap/HashSet iteration order as emulated for render-ws's messages and set-valued JSON."""

from renderapi._java import (
    java_hash_map_copy_order,
    java_hash_order,
    java_hash_set_order,
    java_hash_set_text,
    java_objects_hash,
    java_string_hash,
    java_string_hashes,
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


def _reference_string_hash(text):
    """String.hashCode's definition (String.java: s[0]*31^(n-1) + ... + s[n-1] over its UTF-16 chars, int
    arithmetic), unsigned; null hashes to 0 in HashMap.hash."""
    if text is None:
        return 0
    data = text.encode("utf-16-be", "surrogatepass")
    value = 0
    for index in range(0, len(data), 2):
        value = (value * 31 + int.from_bytes(data[index:index + 2], "big")) % 2**32
    return value


def _reference_hash_set_order(items, initial_capacity=None):
    """HashMap's iteration: buckets (h ^ h >>> 16) & (n - 1) in order, each in insertion order."""
    unique = list(dict.fromkeys(items))
    size = table_size(len(unique), initial_capacity)

    def bucket(item):
        value = _reference_string_hash(item)
        return (value ^ (value >> 16)) & (size - 1)

    return [item for _, item in sorted(enumerate(unique), key=lambda pair: (bucket(pair[1]), pair[0]))]


def test_random_strings_hash_and_order_as_string_hash_code_defines():
    import random

    rng = random.Random(2024)
    # ASCII, other BMP chars, chars beyond the BMP (surrogate pairs) and lone surrogates
    alphabets = ["abcxyz_019.,", "\u00e9\u00ff\u0100\u4e2d\uffff", "\U0001F600\U00010000\U0010FFFF",
                 "\ud800\udfff"]
    for _ in range(300):
        count = rng.choice([0, 1, 2, 5, 13, 40, 300])
        items = []
        with_null = rng.random() < 0.3
        for _ in range(count):
            if with_null and rng.random() < 0.05:
                items.append(None)
                continue
            length = rng.choice([0, 1, 3, 8, 25, 64, 65, 200])
            mixed = rng.random() < 0.1
            alphabet = "".join(rng.sample(alphabets, rng.randint(1, 2))) if mixed else alphabets[0]
            items.append("".join(rng.choice(alphabet) for _ in range(length)))
        items += rng.sample(items, min(len(items), 3))   # duplicates keep their first place
        capacity = rng.choice([None, 0, 1, 3, 2 * len(items), 1000])
        assert [java_string_hash(item) for item in items] == [_reference_string_hash(item) for item in items]
        expected = _reference_hash_set_order(items, capacity)
        assert java_hash_set_order(items, capacity) == expected
        assert java_hash_order(items, _reference_string_hash, capacity) == expected


def test_many_ascii_texts_hash_together_as_one_by_one():
    """java_string_hashes computes many ASCII texts' hashes in the lanes of one int: the same values for
    any lengths (equal, mixed, empty, up to 300 chars), counts and chars (NUL to DEL)."""
    import random

    rng = random.Random(99)
    for _ in range(200):
        count = rng.choice([16, 17, 100, 1000])
        lengths = rng.choice([[0], [7], [1, 30], [0, 5, 25], [64, 65, 300], list(range(12))])
        texts = ["".join(chr(rng.randrange(128)) for _ in range(rng.choice(lengths))) for _ in range(count)]
        assert java_string_hashes(texts) == [_reference_string_hash(text) for text in texts]
    assert java_string_hashes(["a"] * 20 + [None]) == [97] * 20 + [0]
    assert java_string_hashes(["\u00e9"] * 20) == [0xE9] * 20
