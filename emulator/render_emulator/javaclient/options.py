"""A JCommander-style command line parser for the emulated render-ws java clients.

Options are ``--name value`` (arity 1), flags (arity 0) or comma lists; everything not starting with
``--`` is a main (positional) parameter. Unknown options, missing values or required options and bad
values raise :class:`ParameterError`; the caller prints "ERROR: failed to parse command line arguments"
and the usage, then exits 1, as render's ``CommandLineParameters.parse`` does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


class ParameterError(ValueError):
    """The command line does not fit the client's parameters."""


def java_boolean(text: str) -> bool:
    """JCommander's BooleanConverter: "true"/"false" in any case."""
    lowered = text.lower()
    if lowered not in ("true", "false"):
        raise ParameterError(f'"{text}": couldn\'t convert to a boolean')
    return lowered == "true"


def java_double(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ParameterError(f'"{text}": couldn\'t convert to a double') from None


def java_integer(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise ParameterError(f'"{text}": couldn\'t convert to an integer') from None


def choice(*values: str) -> Callable[[str], str]:
    """An enum option: the value must be one of ``values``, as given or upper-cased (JCommander's
    EnumConverter tries ``Enum.valueOf(type, value.toUpperCase())``)."""
    def convert(text: str) -> str:
        for candidate in (text, text.upper()):
            if candidate in values:
                return candidate
        raise ParameterError(f"Invalid value for enum: {text}. Possible values: [{', '.join(values)}]")
    return convert


@dataclass(frozen=True)
class Option:
    """One ``--name`` option. ``arity`` 0 is a flag (True when present)."""

    name: str
    description: str = ""
    convert: Callable[[str], Any] = str
    default: Any = None
    required: bool = False
    arity: int = 1

    @property
    def dest(self) -> str:
        return self.name.lstrip("-")


@dataclass(frozen=True)
class MainParameter:
    """The positional values (``tileFiles``, z values, ...)."""

    description: str
    convert: Callable[[str], Any] = str
    required: bool = False


@dataclass
class CommandLine:
    """A client's parameters: its options and its main parameter (None when it takes none)."""

    program: str
    options: Sequence[Option]
    main: MainParameter | None = None
    check: Callable[[dict], None] | None = None

    def usage(self) -> str:
        lines = [f"Usage: {self.program} [options]" + (" " + self.main.description if self.main else ""),
                 "  Options:"]
        for option in sorted(self.options, key=lambda o: o.name.lower()):
            mark = "* " if option.required else "  "
            lines.append(f"  {mark}{option.name}")
            if option.description:
                lines.append(f"      {option.description}")
            if option.default is not None and option.arity:
                lines.append(f"      Default: {option.default}")
        return "\n".join(lines)

    def parse(self, argv: Sequence[str]) -> dict:
        """Option values by name (without ``--``) plus ``"main"`` (list of positional values)."""
        by_name = {option.name: option for option in self.options}
        values: dict[str, Any] = {option.dest: option.default for option in self.options}
        values["main"] = []
        given: set[str] = set()
        index = 0
        while index < len(argv):
            token = argv[index]
            index += 1
            if token.startswith("-") and not _is_number(token):
                if token == "--help":
                    raise ParameterError("help requested")
                option = by_name.get(token)
                if option is None:
                    raise ParameterError(f"Was passed main parameter '{token}' but no main parameter was "
                                         f"defined in your arg class" if self.main is None
                                         else f"Unknown option: {token}")
                if option.arity == 0:
                    values[option.dest] = True
                else:
                    if index >= len(argv):
                        raise ParameterError(f"Expected a value after parameter {token}")
                    values[option.dest] = option.convert(argv[index])
                    index += 1
                given.add(option.name)
            else:
                if self.main is None:
                    raise ParameterError(f"Was passed main parameter '{token}' but no main parameter was "
                                         "defined in your arg class")
                values["main"].append(self.main.convert(token))
        missing = [o.name for o in self.options if o.required and o.name not in given]
        if missing:
            raise ParameterError(f"The following options are required: {', '.join(missing)}")
        if self.main is not None and self.main.required and not values["main"]:
            raise ParameterError(f"Main parameters are required (\"{self.main.description}\")")
        if self.check is not None:
            self.check(values)
        return values


def _is_number(token: str) -> bool:
    try:
        float(token)
    except ValueError:
        return False
    return True


# ------------------------------------------------------------------------ shared parameter groups
def web_service_options() -> list[Option]:
    """RenderWebServiceParameters."""
    return [
        Option("--baseDataUrl", "Base web service URL for data (e.g. http://host[:port]/render-ws/v1)",
               required=True),
        Option("--owner", "Stack owner", required=True),
        Option("--project", "Stack project", required=True),
    ]


def validator_options() -> list[Option]:
    """TileSpecValidatorParameters."""
    return [
        Option("--validatorClass", "Name of validator class (e.g. "
               "org.janelia.alignment.spec.validator.TemTileSpecValidator)"),
        Option("--validatorData", "Initialization data for validator instance"),
    ]
