"""render-ws naming rules for owners, projects, stacks and match collections (CollectionNameUtil)."""

import re

from render_emulator.errors import BadRequest

VALID_NAME = re.compile(r"[A-Za-z0-9]+(_[A-Za-z0-9]+)*")
FIELD_SEPARATOR = "__"
# 120 bytes of MongoDB namespace minus "<database>." and a safety margin, as render-ws computes it
RENDER_MAX_COLLECTION_NAME_LENGTH = 111
MATCH_MAX_COLLECTION_NAME_LENGTH = 112


def validate_name(context: str, value: str) -> None:
    """Raise BadRequest unless ``value`` is alphanumeric runs joined by single underscores."""
    if value is None or not VALID_NAME.fullmatch(value):
        raise BadRequest(
            f"invalid {context} '{value}' specified, names may only contain alphanumeric or "
            "underscore '_' characters and may not contain consecutive underscores '_'"
        )


def check_collection_name_length(database: str, name: str, limit: int) -> None:
    if len(name) > limit:
        raise BadRequest(
            f"{database} collection name '{name}' must be less than {limit} characters, therefore the "
            "length of one or more of the collection fields should be reduced"
        )


def stack_collection_name(owner: str, project: str, stack: str, suffix: str) -> str:
    return FIELD_SEPARATOR.join((owner, project, stack, suffix))


def validate_stack_id(owner: str, project: str, stack: str, *, pattern: bool = True) -> None:
    """Validate a stack id as render-ws's StackId constructor does (pattern, then length)."""
    if pattern:
        validate_name("owner", owner)
        validate_name("project", project)
        validate_name("stack", stack)
    check_collection_name_length(
        "render",
        stack_collection_name(owner, project, stack, "transform"),
        RENDER_MAX_COLLECTION_NAME_LENGTH,
    )


def match_collection_name(owner: str, name: str) -> str:
    return FIELD_SEPARATOR.join((owner, name))


def validate_match_collection_id(owner: str, name: str, *, pattern: bool = True) -> None:
    """Validate a match collection id as render-ws's MatchCollectionId constructor does."""
    if pattern:
        validate_name("owner", owner)
        validate_name("name", name)
    check_collection_name_length(
        "match", match_collection_name(owner, name), MATCH_MAX_COLLECTION_NAME_LENGTH
    )
