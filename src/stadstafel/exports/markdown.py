"""Documents as Markdown (CommonMark): user text escaped, never read as markup.

Every character that can start markup inside a line (emphasis, code, links, HTML, entities,
tables, strike-through, heading closers) is backslash-escaped (CommonMark
allows a backslash before any ASCII punctuation), and so is whatever would start a block at the
beginning of a line (``#``, ``>``, ``-``, ``+``, ``=``, ``1.``). A newline inside user text is a
line break inside its paragraph or list entry, indented so that it stays inside it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from stadstafel.exports import Scope
from stadstafel.exports.documents import Document, Heading, ListBlock, Paragraph, build

if TYPE_CHECKING:
    from stadstafel.workspace import Workspace

_INLINE = re.compile(r"([\\`*_\[\]<>#|~&])")
_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+(?=[.)]))")


def escape(text: str) -> str:
    """One line of user text as literal Markdown."""
    text = _INLINE.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: m.group(1) + _escape_start(m.group(2)), text)


def _escape_start(token: str) -> str:
    if token.isdigit():  # "1." starts an ordered list: escape the dot
        return token + "\\"
    return "\\" + token


def _lines(text: str, indent: str) -> str:
    """Several lines of user text, each escaped, joined by hard line breaks."""
    parts = [escape(p) for p in text.split("\n")]
    return ("\\\n" + indent).join(parts)


def render(doc: Document) -> str:
    out: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Heading):
            out.append("#" * block.level + " " + escape(block.text.replace("\n", " ")))
        elif isinstance(block, Paragraph):
            out.append(_lines(block.text, ""))
        elif isinstance(block, ListBlock):
            entries = []
            for entry in block.entries:
                marker = f"{entry.number}" if block.numbered and entry.number else "-"
                if block.numbered and entry.number and not entry.number[:-1].isdigit():
                    # "B1." and "A1." are not Markdown list numbers: a bullet carries them
                    marker = f"- **{escape(entry.number)}**"
                indent = " " * 4
                lines = [f"{marker} {_lines(entry.text, indent)}"]
                lines += [f"{indent}{_lines(d, indent)}" for d in entry.details]
                entries.append("\\\n".join(lines) if entry.details else lines[0])
            out.append("\n".join(entries))
    return "\n\n".join(out) + "\n"


def export(ws: Workspace, scope: Scope, kind: str) -> bytes:
    from stadstafel.exports import render_document

    return render_document(ws, build(ws, kind, scope.id), "md")
