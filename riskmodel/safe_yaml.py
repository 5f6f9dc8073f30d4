"""One safe loader for every YAML (and JSON) file the tool reads: questionnaires, assessment files, the
message catalogs, the demo files.

Why not ``yaml.load(..., CSafeLoader)``: libyaml's loader builds the node tree by recursion in C, so a
200 KB file of ``[`` × 100,000 overflows the C stack and kills the process (the Streamlit server with
it); PyYAML silently keeps the last of two equal keys; an alias bomb (``&a [*a, *a, …]`` nested ten
deep) expands to billions of nodes once anything walks the data. Here:

1. the **size** is checked before anything is read or parsed (``Limits.max_size``);
2. the document is read as an **event stream** — libyaml's parser where it exists, PyYAML's pure-Python
   one otherwise; both are iterative state machines with no recursion — and the **depth**, the number
   of nodes (aliases counted with the whole subtree they repeat) and the number of documents are
   checked on every event, so a hostile file is refused before any node tree is built;
3. the node tree is built here, without recursion, from those events (the pure-Python fallback for the
   step where the C loader cannot be bounded), and constructed with PyYAML's safe constructor (plain
   data only: no Python tags) while **duplicate keys** are refused with both lines named.

Every refusal is a ``YamlError`` (a ``ValidationError``) with the line and a catalog key
(``validation.yaml.<kind>``); the message is looked up only when shown, because the catalogs are read
with this loader too.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import yaml
from yaml import events
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.error import Mark
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from riskmodel.errors import ValidationError

__all__ = ["DEFAULT_LIMITS", "Limits", "YamlError", "decode", "load", "load_file", "load_with_node"]

# libyaml's event parser (C, iterative) where PyYAML was built with it, else the pure-Python parser
_EVENT_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MERGE_TAG = "tag:yaml.org,2002:merge"


@dataclass(frozen=True)
class Limits:
    """What a file may hold. ``max_size``: characters of text (or bytes of a file); ``max_depth``: nested
    collections; ``max_nodes``: nodes after alias expansion (an alias counts the whole subtree it repeats)."""

    max_size: int = 8 * 1024 * 1024
    max_depth: int = 50
    max_nodes: int = 1_000_000


DEFAULT_LIMITS = Limits()


class YamlError(ValidationError):
    """A YAML file refused: ``kind`` (too_large, too_deep, too_many_nodes, duplicate_key, syntax, not_text,
    several_documents, tag, alias_recursive), the 1-based ``line`` where known, and the parameters of its
    catalog entry ``validation.yaml.<kind>``."""

    def __init__(self, kind: str, line: int | None = None, **params: Any) -> None:
        self.kind = kind
        self.line = line
        self.key = f"validation.yaml.{kind}"
        self.params = {k: str(v) for k, v in params.items()} | {"line": str(line) if line else "?"}
        # no catalog lookup here: the message catalogs are themselves read with this loader
        Exception.__init__(self, self.key)

    def plain(self) -> str:
        """Kind, line and parameters without the catalogs (for errors while the catalogs are read)."""
        details = ", ".join(f"{k}={v}" for k, v in sorted(self.params.items()) if k != "line")
        return f"{self.kind} (line {self.params['line']}){': ' + details if details else ''}"


def decode(data: bytes) -> str:
    """Text of an uploaded or read file: UTF-8 (with or without BOM), else GB18030 (Excel / Notepad on
    Chinese Windows); anything else is refused with the line of the first undecodable byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            line = data[: utf8.start].count(b"\n") + 1
            raise YamlError("not_text", line) from None


def load(text: str | bytes, limits: Limits = DEFAULT_LIMITS) -> Any:
    """The data of one YAML (or JSON) document, or None for an empty one."""
    return load_with_node(text, limits)[0]


def load_with_node(text: str | bytes, limits: Limits = DEFAULT_LIMITS) -> tuple[Any, Node | None]:
    """(data, root node): the node tree carries the line of every value, for messages that point at it."""
    if len(text) > limits.max_size:
        raise YamlError("too_large", None, size=len(text), limit=limits.max_size)
    if isinstance(text, bytes):
        text = decode(text)
    text = text.removeprefix("\ufeff")
    node = _compose(text, limits)
    if node is None:
        return None, None
    return _Constructor().construct(node), node


def load_file(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> Any:
    """``load`` of a file, its size checked before it is read. OSError propagates (the caller names the file)."""
    path = Path(path)
    size = path.stat().st_size
    if size > limits.max_size:
        raise YamlError("too_large", None, size=size, limit=limits.max_size)
    return load(path.read_bytes(), limits)


# --- events → nodes, bounded ---------------------------------------------------------------------
@dataclass
class _Frame:
    node: MappingNode | SequenceNode
    anchor: str | None
    size: int = 1  # expanded nodes in this subtree so far
    key: Node | None = None  # a mapping's key waiting for its value


def _events(text: str) -> Iterator[events.Event]:
    try:
        yield from yaml.parse(text, Loader=_EVENT_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlError("syntax", mark.line + 1 if mark else None, problem=exc.problem or exc) from None
    except yaml.YAMLError as exc:  # the reader: a character YAML does not allow (NUL, other controls)
        position = getattr(exc, "position", None)
        line = text.count("\n", 0, position) + 1 if isinstance(position, int) else None
        raise YamlError("syntax", line, problem=getattr(exc, "reason", None) or exc) from None


def _compose(text: str, limits: Limits) -> Node | None:
    """Build the node tree of the single document in ``text`` with an explicit stack (no recursion)."""
    resolve = cast(Callable[[type[Node], str | None, Any], str], Resolver().resolve)
    stack: list[_Frame] = []
    anchors: dict[str, tuple[Node, int]] = {}
    open_anchors: set[str] = set()
    root: Node | None = None
    documents = 0
    total = 0

    def line(event: events.Event) -> int | None:
        mark = event.start_mark
        return mark.line + 1 if mark is not None else None

    def attach(node: Node, size: int) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        frame = stack[-1]
        frame.size += size
        if isinstance(frame.node, SequenceNode):
            frame.node.value.append(node)
        elif frame.key is None:
            frame.key = node
        else:
            frame.node.value.append((frame.key, node))
            frame.key = None

    for event in _events(text):  # the commonest events first
        if isinstance(event, events.ScalarEvent):
            total += 1
            if total > limits.max_nodes:
                raise YamlError("too_many_nodes", line(event), limit=limits.max_nodes)
            tag = event.tag
            if tag is None or tag == "!":
                tag = resolve(ScalarNode, event.value, event.implicit)
            scalar = ScalarNode(tag, event.value, _mark(event.start_mark), _mark(event.end_mark), style=event.style)
            if event.anchor is not None:
                anchors[event.anchor] = (scalar, 1)
            attach(scalar, 1)
        elif isinstance(event, (events.SequenceStartEvent, events.MappingStartEvent)):
            total += 1
            if len(stack) >= limits.max_depth:
                raise YamlError("too_deep", line(event), limit=limits.max_depth)
            if total > limits.max_nodes:
                raise YamlError("too_many_nodes", line(event), limit=limits.max_nodes)
            tag = event.tag
            is_seq = isinstance(event, events.SequenceStartEvent)
            kind = SequenceNode if is_seq else MappingNode
            if tag is None or tag == "!":
                tag = resolve(kind, None, event.implicit)
            collection = kind(tag, [], _mark(event.start_mark), None, flow_style=event.flow_style)
            if event.anchor is not None:
                open_anchors.add(event.anchor)
            stack.append(_Frame(collection, event.anchor))
        elif isinstance(event, (events.SequenceEndEvent, events.MappingEndEvent)):
            frame = stack.pop()
            frame.node.end_mark = _mark(event.end_mark)
            if frame.anchor is not None:
                open_anchors.discard(frame.anchor)
                anchors[frame.anchor] = (frame.node, frame.size)
            attach(frame.node, frame.size)

        elif isinstance(event, events.AliasEvent):
            if event.anchor in open_anchors:
                raise YamlError("alias_recursive", line(event), anchor=event.anchor)
            if event.anchor not in anchors:
                raise YamlError("syntax", line(event), problem=f"found undefined alias {event.anchor!r}")
            node, size = anchors[event.anchor]
            total += size
            if total > limits.max_nodes:
                raise YamlError("too_many_nodes", line(event), limit=limits.max_nodes)
            attach(node, size)
        elif isinstance(event, events.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise YamlError("several_documents", line(event))
    return root


def _mark(mark: object) -> Mark | None:
    """libyaml's marks (``yaml._yaml.Mark``) carry the same line and column as PyYAML's own."""
    return cast(Mark | None, mark)


# --- nodes → data ---------------------------------------------------------------------------------
class _Constructor(SafeConstructor):
    """PyYAML's safe constructor (plain data only) that refuses a key given twice in one mapping."""

    def construct(self, node: Node) -> Any:
        try:
            return self.construct_document(node)
        except ConstructorError as exc:
            mark = exc.problem_mark or exc.context_mark
            kind = "tag" if "could not determine a constructor" in str(exc.problem) else "syntax"
            raise YamlError(kind, mark.line + 1 if mark else None, problem=exc.problem) from None

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == _MERGE_TAG:
                continue
            key = self.construct_object(key_node, deep=True)
            here = key_node.start_mark.line + 1
            try:
                if key in seen:
                    raise YamlError("duplicate_key", here, name=key, first_line=seen[key])
                seen[key] = here
            except TypeError:  # an unhashable key: the base class names it
                continue
        return super().construct_mapping(node, deep=deep)
