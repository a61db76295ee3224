"""Plain-text archive files (the seed format): blank-line separated pieces, a headline only on the first one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from embeddings.chunk import SENTENCE_END
from embeddings.load_html import derive_title, text_id
from embeddings.records import Article

# A line this long was not hard-wrapped by anyone, so it holds a whole paragraph.
PARAGRAPH_LINE = 100
_HEADLINE_MAX = 150


def read_txt(path: Path, text: str) -> list[Article]:
    """Articles of a seed-style text file: blank-line separated pieces, a headline only on the first one (the
    archive.yaml defaults are the caller's to fill)."""
    articles: list[Article] = []
    previous_text = None
    for index, (lineno, lines) in enumerate(_pieces(text)):
        piece = "\n".join(lines).strip()
        if piece == previous_text:  # the standfirst repeated as the next piece
            continue
        if index == 0 and _is_headline(lines):
            title, body = lines[0].strip(), "\n".join(lines[1:]).strip()
            articles.append(_txt_article(path, lineno, title, body, piece))
            previous_text = body
            continue
        for offset, part in _split_paragraph_lines(lines):
            articles.append(_txt_article(path, lineno + offset, derive_title(part), part, part))
        previous_text = piece
    return articles


def _pieces(text: str) -> Iterator[tuple[int, list[str]]]:
    """Blank-line separated groups of lines, each with the 1-based number of its first line."""
    group: list[str] = []
    start = 0
    for lineno, line in enumerate(text.split("\n"), 1):
        if line.strip():
            if not group:
                start = lineno
            group.append(line)
        elif group:
            yield start, group
            group = []
    if group:
        yield start, group


def _is_headline(lines: list[str]) -> bool:
    """A first line that is short and lacks final punctuation, followed by more text."""
    first = lines[0].strip()
    return len(lines) > 1 and len(first) <= _HEADLINE_MAX and first[-1] not in SENTENCE_END + ",;:"


def _split_paragraph_lines(lines: list[str]) -> list[tuple[int, str]]:
    """Split a piece where two consecutive lines are each a whole paragraph; keep hard-wrapped lines together.

    Two 300-character lines that each end a sentence are two teasers that lost their blank line: two articles,
    numbered by line offset. Lines of 72 characters that stop mid-sentence are one wrapped paragraph.
    """
    parts: list[tuple[int, str]] = []
    start = 0
    for i in range(1, len(lines)):
        prev, cur = lines[i - 1].strip(), lines[i].strip()
        if len(prev) >= PARAGRAPH_LINE and len(cur) >= PARAGRAPH_LINE and prev.rstrip('"”’)]')[-1] in SENTENCE_END:
            parts.append((start, "\n".join(lines[start:i]).strip()))
            start = i
    parts.append((start, "\n".join(lines[start:]).strip()))
    return parts


def _txt_article(path: Path, lineno: int, title: str, body: str, piece: str) -> Article:
    # The id hashes the piece as written (headline included), so it survives reordering but not edits.
    return Article(id=f"{path.stem}-{text_id(piece)[:10]}", title=title, text=body, origin=f"{path}:{lineno}")
