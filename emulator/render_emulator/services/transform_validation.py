"""TransformSpec.validate as render-app does it on specs that were parsed but never stored: reference
resolution against a map of ids (ReferenceTransformSpec's ``effectiveRefId`` rules), the "fully
resolved" check with its unresolved-id set, then instantiation of every leaf.

Specs are held as :class:`SpecNode` trees because resolution is stateful in render-app: a ref keeps the
object it was resolved to, and a later resolution of that object is seen through it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from render_emulator.errors import RenderWsError
from render_emulator.services.transform_specs import (
    INTERPOLATED,
    LEAF,
    LIST,
    NOT_COMPUTED_CLASSES,
    REF,
    check_leaf,
    load_leaf,
)
from renderapi._java import java_hash_set_text

SPEC_CLASS_NAMES = {
    LEAF: "org.janelia.alignment.spec.LeafTransformSpec",
    LIST: "org.janelia.alignment.spec.ListTransformSpec",
    REF: "org.janelia.alignment.spec.ReferenceTransformSpec",
    INTERPOLATED: "org.janelia.alignment.spec.InterpolatedTransformSpec",
}


class JavaFailure(Exception):
    """A Throwable whose ``getMessage()`` is ``message`` (None prints as ``null``, e.g. a
    NullPointerException)."""

    def __init__(self, message: str | None):
        super().__init__(message)
        self.message = message

    @property
    def text(self) -> str:
        return "null" if self.message is None else self.message


@dataclass(eq=False)
class SpecNode:
    """One parsed TransformSpec (``members``: a list's specs, or an interpolated spec's a and b)."""

    kind: str
    spec_id: str | None
    leaf: dict | None = None
    members: list[SpecNode | None] = field(default_factory=list)
    ref_id: str | None = None
    effective_ref_id: str | None = None
    resolved: SpecNode | None = None

    def effective_id(self) -> str | None:
        return self.ref_id if self.effective_ref_id is None else self.effective_ref_id


def spec_node(spec: dict | None) -> SpecNode | None:
    """The node tree of a spec normalised by ``transform_specs.parse_transform_spec``."""
    if spec is None:
        return None
    kind = spec.get("type", LEAF)
    node = SpecNode(kind=kind, spec_id=spec.get("id"))
    if kind == LEAF:
        node.leaf = spec
    elif kind == LIST:
        node.members = [spec_node(m) for m in spec.get("specList") or []]
    elif kind == INTERPOLATED:
        node.members = [spec_node(spec.get("a")), spec_node(spec.get("b"))]
    else:
        node.ref_id = spec.get("refId")
    return node


def _member(node: SpecNode | None) -> SpecNode:
    if node is None:
        raise JavaFailure(None)  # NullPointerException on a missing list member or a / b
    return node


def resolve_references(node: SpecNode, by_id: dict[str, SpecNode]) -> None:
    """TransformSpec.resolveReferences: a ref pointing at another ref only adopts its effective id."""
    if node.kind == REF:
        if node.resolved is None:
            target = by_id.get(node.effective_id())
            if target is not None:
                if target.kind == REF:
                    node.effective_ref_id = target.effective_id()
                else:
                    node.resolved = target
        return
    for member in node.members:
        resolve_references(_member(member), by_id)


def _fully_resolved(node: SpecNode) -> bool:
    if node.kind == REF:
        return node.resolved is not None and _fully_resolved(node.resolved)
    return all(_fully_resolved(_member(m)) for m in node.members)


def _add_unresolved_ids(node: SpecNode, found: list[str | None]) -> None:
    if node.kind == REF:
        if node.resolved is None:
            found.append(node.effective_id())
        else:
            _add_unresolved_ids(node.resolved, found)
        return
    for member in node.members:
        _add_unresolved_ids(_member(member), found)


def instantiate_leaf(leaf: dict) -> None:
    """LeafTransformSpec.buildInstance: class checks, then ``init(dataString)`` for the classes the
    emulator can parse (the others are accepted once their class is known)."""
    try:
        check_leaf(leaf)
        if leaf["className"] not in NOT_COMPUTED_CLASSES:
            load_leaf(leaf)
    except RenderWsError as exc:
        raise JavaFailure(exc.message) from None


def _build(node: SpecNode) -> None:
    if node.kind == LEAF:
        instantiate_leaf(node.leaf or {})
    elif node.kind == REF:
        if node.resolved is None:
            raise JavaFailure(f"spec reference '{node.spec_id} has not been resolved")
        _build(node.resolved)
    else:
        for member in node.members:
            _build(_member(member))


def validate_spec(node: SpecNode | None) -> None:
    """TransformSpec.validate (JavaFailure with render-app's message when invalid)."""
    node = _member(node)
    try:
        if not _fully_resolved(node):
            found: list[str | None] = []
            _add_unresolved_ids(node, found)
            raise JavaFailure(
                f"spec '{'null' if node.spec_id is None else node.spec_id}' has the following unresolved "
                f"references: {java_hash_set_text(found)}"
            )
        _build(node)
    except RecursionError:
        raise JavaFailure(None) from None  # StackOverflowError on cyclic references


def object_text(node: SpecNode, identity: int) -> str:
    """``Object.toString()`` of a spec (no TransformSpec class overrides it)."""
    return f"{SPEC_CLASS_NAMES.get(node.kind, SPEC_CLASS_NAMES[LEAF])}@{identity & 0x7FFFFFFF:x}"
