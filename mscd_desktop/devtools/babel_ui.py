"""A Babel extractor for Qt Designer forms: every ``<string>`` not marked ``notr``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO
from xml.etree import ElementTree


def extract_ui(
    fileobj: IO[bytes], keywords: object, comment_tags: object, options: object
) -> Iterator[tuple[int, str, str, list[str]]]:
    """Yield ``(lineno, funcname, message, comments)`` for each translatable form string."""
    parser = ElementTree.XMLPullParser(events=("end",))
    parser.feed(fileobj.read())
    for _event, element in parser.read_events():
        if element.tag != "string" or element.get("notr") == "true":
            continue
        text = element.text or ""
        if text.strip():
            comment = [element.get("comment")] if element.get("comment") else []
            yield 0, "_", text, comment
