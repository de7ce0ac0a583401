"""The order Jackson 2.11 lists an enum's constants in when it refuses a name (EnumDeserializer words it
with CompactStringObjectMap.keys(): EnumResolver's HashMap of names, copied into an open-addressing table
of 8 primary slots for up to 5 names, 16 for up to 12, listed in table order)."""

from render_emulator.model.enum_lookup import jackson_enum_order


def test_stack_state_order_follows_the_lookup_table():
    """StackState {LOADING, COMPLETE, READ_ONLY, OFFLINE} (StackMetaData.java:19): String.hashCode & 7
    puts COMPLETE in slot 1, OFFLINE in 3, LOADING in 4 and READ_ONLY in 5."""
    assert jackson_enum_order(("LOADING", "COMPLETE", "READ_ONLY", "OFFLINE")) == (
        "COMPLETE", "OFFLINE", "LOADING", "READ_ONLY")


def test_loader_type_order_follows_the_lookup_table():
    """ImageLoader.LoaderType (ImageLoader.java:13-15), six names in a 16-slot table: hashCode & 15 puts
    H5_SLICE in slot 0, IMAGEJ_DEFAULT 1, IMAGEJ_COMPOSITE 7, N5_SLICE 10, DYNAMIC_MASK 12,
    IMAGEJ_TIFF_STACK 14."""
    assert jackson_enum_order(
        ("IMAGEJ_DEFAULT", "IMAGEJ_TIFF_STACK", "H5_SLICE", "N5_SLICE", "IMAGEJ_COMPOSITE", "DYNAMIC_MASK")
    ) == ("H5_SLICE", "IMAGEJ_DEFAULT", "IMAGEJ_COMPOSITE", "N5_SLICE", "DYNAMIC_MASK", "IMAGEJ_TIFF_STACK")


def test_a_collision_goes_to_the_secondary_then_the_spill_area():
    """"AaAa", "BBBB" and "AaBB" share one String.hashCode (slot 0 of 8), "y" takes slot 1. The HashMap
    iterates y first (bucket 9), then the three (bucket 15) in insertion order: AaAa takes slot 0, BBBB
    the secondary slot behind the primary area, AaBB the spill area after it."""
    assert jackson_enum_order(("AaAa", "BBBB", "AaBB", "y")) == ("AaAa", "y", "BBBB", "AaBB")
