"""Extract render-ws's Swagger facts (per operation: method, path, summary, tags, media types, parameters)
from the @Path/@GET…/@ApiOperation/@…Param annotations of its *Service classes into
``emulator/render_emulator/swagger/operations.json``, from which the emulator builds /render-ws/swagger.json.

Run once per render version: ``python tools/extract_swagger_operations.py /path/to/render``.
A regex reader is enough here: the annotations sit in a fixed layout above each resource method.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

SERVICE_DIR = "render-ws/src/main/java/org/janelia/render/service"
OUTPUT = Path(__file__).resolve().parents[1] / "emulator/render_emulator/swagger/operations.json"
HTTP_METHODS = ("GET", "PUT", "POST", "DELETE", "HEAD")
SWAGGER_TYPES = {"String": ("string", None), "Integer": ("integer", "int32"), "int": ("integer", "int32"),
                 "Long": ("integer", "int64"), "long": ("integer", "int64"), "Double": ("number", "double"),
                 "double": ("number", "double"), "Float": ("number", "float"), "Boolean": ("boolean", None),
                 "boolean": ("boolean", None)}

_METHOD_START = re.compile(r'^    @Path\("([^"]+)"\)', re.M)
_STRINGS = re.compile(r'"((?:[^"\\]|\\.)*)"')


def _annotation(block: str, name: str) -> str | None:
    """The text inside ``@name( … )`` (balanced parentheses), or None."""
    start = block.find(f"@{name}(")
    if start < 0:
        return None
    depth, index = 0, start + len(name) + 1
    for index in range(start + len(name) + 1, len(block)):
        depth += {"(": 1, ")": -1}.get(block[index], 0)
        if depth == 0:
            break
    return block[start + len(name) + 2:index]


def _joined(text: str) -> str:
    return "".join(_STRINGS.findall(text)).replace('\\"', '"')


def _api_operation(block: str, class_tags: list[str]) -> dict:
    text = _annotation(block, "ApiOperation") or ""
    value = re.search(r'value\s*=\s*((?:"(?:[^"\\]|\\.)*"\s*\+?\s*)+)', text)
    notes = re.search(r'notes\s*=\s*((?:"(?:[^"\\]|\\.)*"\s*\+?\s*)+)', text)
    tags = re.search(r"tags\s*=\s*\{([^}]*)\}", text)
    return {"summary": _joined(value.group(1)) if value else "",
            "notes": _joined(notes.group(1)) if notes else "",
            "tags": _STRINGS.findall(tags.group(1)) if tags else class_tags}


MEDIA_CONSTANTS = {"APPLICATION_JSON": "application/json", "TEXT_PLAIN": "text/plain",
                   "TEXT_HTML": "text/html", "WILDCARD": "*/*",
                   "APPLICATION_OCTET_STREAM": "application/octet-stream"}


def _media(block: str, name: str, constants: dict[str, str]) -> list[str]:
    text = _annotation(block, name)
    if text is None:
        return []
    names = re.findall(r"(?:MediaType|RenderServiceUtil)\.(\w+)", text)
    return [constants.get(n, n) for n in names] + _STRINGS.findall(text)


def _mime_constants(root: Path) -> dict[str, str]:
    """MediaType names plus RenderServiceUtil's ``IMAGE_…_MIME_TYPE`` strings."""
    util = next(root.joinpath(SERVICE_DIR).rglob("RenderServiceUtil.java")).read_text()
    return {**MEDIA_CONSTANTS, **dict(re.findall(r'String (\w+_MIME_TYPE) = "([^"]+)"', util))}


def _bean_params(root: Path, bean: str) -> list[dict]:
    found = list(root.joinpath(SERVICE_DIR).rglob(f"{bean}.java"))
    if not found:
        return []
    text = found[0].read_text()
    return [{"name": name, "in": "query", "java": java}
            for name, java in re.findall(r'@QueryParam\("([^"]+)"\)\s*(?:@\w+(?:\([^)]*\))?\s*)*'
                                         r'private\s+(?:final\s+)?([\w.<>]+)', text)]


def _parameters(root: Path, signature: str) -> tuple[list[dict], str | None]:
    params, body = [], None
    for part in re.split(r",\s*(?=@|final|[A-Z])", signature):
        part = part.strip()
        match = re.match(r'@(PathParam|QueryParam)\("([^"]+)"\)\s*(?:@DefaultValue\("([^"]*)"\)\s*)?'
                         r'(?:final\s+)?([\w.<>]+)', part)
        if match:
            kind, name, default, java = match.groups()
            entry = {"name": name, "in": "path" if kind == "PathParam" else "query", "java": java}
            if default is not None:
                entry["default"] = default
            params.append(entry)
        elif part.startswith("@BeanParam"):
            params += _bean_params(root, part.split()[-2])
        elif part and not part.startswith("@"):
            body = re.sub(r"^final\s+", "", part).rsplit(None, 1)[0]
    return params, body


def extract(root: Path) -> list[dict]:
    operations = []
    constants = _mime_constants(root)
    for source in sorted(root.joinpath(SERVICE_DIR).glob("*Service.java")):
        text = source.read_text()
        class_tags = _STRINGS.findall(re.search(r"@Api\(tags\s*=\s*\{([^}]*)\}", text).group(1)) \
            if re.search(r"@Api\(tags", text) else []
        starts = [m.start() for m in _METHOD_START.finditer(text)] + [len(text)]
        for start, end in zip(starts, starts[1:], strict=False):
            block = text[start:end]
            method = next((m for m in HTTP_METHODS if re.search(rf"^\s*@{m}\b", block, re.M)), None)
            if method is None:
                continue
            signature = re.search(r"public\s+[\w<>,.?\s\[\]]+?\s+\w+\s*\((.*?)\)\s*(?:throws[^{]*)?\{",
                                  block, re.S)
            params, body = _parameters(root, signature.group(1) if signature else "")
            operations.append({
                "method": method, "path": _METHOD_START.match(block).group(1), "service": source.stem,
                **_api_operation(block, class_tags), "produces": _media(block, "Produces", constants),
                "consumes": _media(block, "Consumes", constants), "parameters": params, "body": body,
            })
    return operations


def main(argv: list[str]) -> int:
    operations = extract(Path(argv[1]))
    OUTPUT.write_text(json.dumps({"swaggerTypes": SWAGGER_TYPES, "operations": operations}, indent=1) + "\n")
    print(f"{len(operations)} operations written to {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
