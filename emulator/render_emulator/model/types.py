"""Declarative Java field types: each knows its Java type name, how Jackson reads a JSON value into it
and how it is written back. Beans are tuples of ``(json name, field type)`` in the Java class's
declaration order, which is also the order Jackson writes them in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from render_emulator.model import dates, scalars
from render_emulator.model.reader import expect_array, expect_object
from render_emulator.model.writer import omit_none
from renderapi._java import java_hash_set_order


@dataclass(frozen=True)
class Scalar:
    """A Java scalar (boxed: JSON null stays ``None``) read by one of :mod:`.scalars`' functions."""

    java_type: str
    reader: Callable[[Any], Any]

    def read(self, value: Any) -> Any:
        return self.reader(value)

    def write(self, value: Any) -> Any:
        return value


DOUBLE = Scalar("java.lang.Double", scalars.java_double)
INTEGER = Scalar("java.lang.Integer", scalars.java_int32)
LONG = Scalar("java.lang.Long", scalars.java_int)
STRING = Scalar("java.lang.String", scalars.java_string)
BOOLEAN = Scalar("java.lang.Boolean", scalars.java_boolean)
PRIMITIVE_DOUBLE = Scalar("double", scalars.primitive_double)
PRIMITIVE_INT = Scalar("int", scalars.primitive_int)
PRIMITIVE_BOOLEAN = Scalar("boolean", scalars.primitive_boolean)


def date(field: str) -> Scalar:
    """A java.util.Date field; ``field`` names it in the emulator's out-of-range message."""
    return Scalar("java.util.Date", lambda value: dates.parse_date(value, field))


@dataclass(frozen=True)
class Enum:
    """A Java enum read by constant name."""

    java_type: str
    values: tuple[str, ...]

    def read(self, value: Any) -> str | None:
        return scalars.java_enum(value, self.java_type, self.values)

    @property
    def reader(self) -> Callable[[Any], str | None]:
        """:meth:`read` with a constant's own name answered first (the hand-tuned tile reader's case)."""
        names = frozenset(self.values)
        return lambda value: value if type(value) is str and value in names else self.read(value)

    def write(self, value: Any) -> Any:
        return value


def first_seen(items: list) -> list:
    """Set semantics keeping first occurrences in order (the emulator's order for HierarchicalStack's
    and StackStats' sets)."""
    return list(dict.fromkeys(items))


@dataclass(frozen=True)
class ListOf:
    """A ``List<T>``; ``collect`` (:func:`first_seen`, or a HashSet's order: :func:`HashSetOf`) makes it
    a ``Set<T>``."""

    item: Any
    java_type: str
    collect: Callable[[list], list] | None = None

    def read(self, value: Any) -> list | None:
        if value is None:
            return None
        items = [self.item.read(v) for v in expect_array(value, self.java_type)]
        return items if self.collect is None else self.collect(items)

    def write(self, value: list) -> list:
        return [None if v is None else self.item.write(v) for v in value]


def HashSetOf(item: Any, java_type: str) -> ListOf:  # noqa: N802 (reads as a type, like ListOf)
    """A ``Set<T>`` Jackson fills as a new ``HashSet``: kept in HashSet iteration order."""
    return ListOf(item, java_type, collect=java_hash_set_order)


@dataclass(frozen=True)
class MapOf:
    """A ``Map<String, T>`` (keys are JSON's strings)."""

    value: Any
    java_type: str

    def read(self, value: Any) -> dict | None:
        if value is None:
            return None
        return {key: self.value.read(v) for key, v in expect_object(value, self.java_type).items()}

    def write(self, value: dict) -> dict:
        return {key: None if v is None else self.value.write(v) for key, v in value.items()}


@dataclass(frozen=True)
class Bean:
    """A Jackson bean: known fields read in declaration order, nulls and unknown fields dropped."""

    java_type: str
    fields: tuple[tuple[str, Any], ...]

    def read(self, value: Any) -> dict | None:
        if value is None:
            return None
        expect_object(value, self.java_type)
        return omit_none({name: field.read(value.get(name)) for name, field in self.fields})

    def read_present(self, value: Any) -> dict:
        """Only the fields ``value`` names (an explicit null read as the field type reads null), for
        beans whose constructor sets defaults that Jackson then overwrites."""
        expect_object(value, self.java_type)
        return {name: field.read(value[name]) for name, field in self.fields if name in value}

    def write(self, value: dict) -> dict:
        return {
            name: field.write(value[name]) for name, field in self.fields if value.get(name) is not None
        }

    def readers(self) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
        """``(name, read function)`` per field: for hand-tuned readers that walk a bean themselves."""
        return tuple((name, getattr(field, "reader", field.read)) for name, field in self.fields)

    def ordered(self, value: dict) -> dict:
        """The bean's fields of ``value`` in declaration order, nulls dropped, values as they are."""
        return {name: value[name] for name, _ in self.fields if value.get(name) is not None}


# a List<String> request body (tile id lists), as RESTEasy names it
STRING_ARRAY_LIST = ListOf(STRING, "java.util.ArrayList<java.lang.String>")
