"""Read an archive (files or folders of .txt, .jsonl, .md and .html) into `Article` records; see docs/formats.md."""

from __future__ import annotations

import json
import logging
import os
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from archive_chat.errors import BadArchive, EmptyArchive
from embeddings.load_html import (
    clean_text,
    derive_title,
    made_from_url,
    parse_date,
    parse_html,
    text_id,
    url_id,
    url_source,
)
from embeddings.load_txt import read_txt
from embeddings.records import Article, web_url

__all__ = ["archive_files", "load_archive", "parse_html", "read_archive_file", "url_id"]
log = logging.getLogger(__name__)

DEFAULTS_FILE = "archive.yaml"
DEFAULT_KEYS = frozenset({"source", "section", "author"})
_RECORD_KEYS = ("title", "author", "url", "section", "source", "id")


def load_archive(paths: Sequence[Path]) -> list[Article]:
    """Read every article under ``paths`` (files or folders, walked recursively in sorted order)."""
    articles: list[Article] = []
    origin_of: dict[str, str] = {}
    for path, defaults in archive_files(paths):
        for article in read_archive_file(path, defaults):
            if article.id in origin_of:
                raise duplicate_id(article.id, origin_of[article.id], article.origin, article.url)
            origin_of[article.id] = article.origin
            articles.append(article)
    if not articles:
        raise EmptyArchive(f"no articles found in {', '.join(str(p) for p in paths)}")
    return articles


def duplicate_id(article_id: str, first: str, second: str, url: str | None = None) -> BadArchive:
    """The error of one id given twice: both places, and, when the id was made from a URL both give, that
    (``made_from_url``)."""
    why = made_from_url(article_id, url, second)
    return BadArchive(f"duplicate article id {article_id!r}: {first} and {second}{why}")


def archive_files(paths: Sequence[Path]) -> list[tuple[Path, dict[str, str]]]:
    """Every archive file under ``paths`` once, with its folder's archive.yaml defaults (the shards of a run)."""
    seen: set[Path] = set()
    out: list[tuple[Path, dict[str, str]]] = []
    for path, defaults in _archive_files(paths):
        if path.resolve() not in seen:  # overlapping arguments ("seeds" and "seeds/x.txt") read a file once
            seen.add(path.resolve())
            out.append((path, dict(defaults)))
    return out


def read_archive_file(path: Path, defaults: Mapping[str, str]) -> list[Article]:
    """The articles of one archive file (its format chosen by suffix); raises BadArchive naming file and line."""
    return [_keep_web_url(_composed(a)) for a in _READERS[path.suffix.lower()](path, _read_text(path), defaults)]


def _composed(article: Article) -> Article:
    """The article's text in Unicode's composed form (NFC): a page that writes "é" as "e" and a combining accent
    holds the same text, but names cut at the accent ("Nestle" and a stray mark) and quotes no reader types.

    >>> _composed(Article("a", "Cafe\u0301 owner", "Jose\u0301 Ruiz spoke.")).text
    'José Ruiz spoke.'
    """

    def nfc(value: str | None) -> str | None:
        return None if value is None else unicodedata.normalize("NFC", value)

    return replace(
        article,
        title=unicodedata.normalize("NFC", article.title),
        text=unicodedata.normalize("NFC", article.text),
        author=nfc(article.author),
        section=nfc(article.section),
        source=nfc(article.source),
    )


def _keep_web_url(article: Article) -> Article:
    """An article keeps its URL only when it is http(s); any other (``javascript:``, ``data:``, a bare path) is
    dropped with a warning, and the article is kept without a link (its id, if derived from the URL, stays)."""
    if article.url is None:
        return article
    url = web_url(article.url)
    if url is None:
        log.warning(
            "%s: article %r: url %r is not an http(s) URL; dropped", article.origin, article.id, article.url[:200]
        )
    return article if url == article.url else replace(article, url=url)


def _archive_files(paths: Sequence[Path]) -> Iterator[tuple[Path, Mapping[str, str]]]:
    """Yield each archive file with the archive.yaml defaults of its folder (nearest folder wins)."""
    for root in paths:
        if root.is_file():
            if root.suffix.lower() not in _READERS:
                raise BadArchive(f"{root}: unsupported archive format (expected one of {', '.join(_READERS)})")
            yield root, _folder_defaults(root.parent)
        elif root.is_dir():
            yield from _walk(root, {})
        else:
            raise BadArchive(f"{root}: no such file or directory")


def _walk(folder: Path, inherited: Mapping[str, str]) -> Iterator[tuple[Path, Mapping[str, str]]]:
    """Archive files under ``folder`` in name order, skipping hidden entries and unknown suffixes."""
    defaults = {**inherited, **_folder_defaults(folder)}
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(entry, defaults)
        elif entry.is_file() and entry.suffix.lower() in _READERS:
            yield entry, defaults
        elif entry.is_symlink() and not entry.exists() and entry.suffix.lower() in _READERS:
            raise BadArchive(f"{entry}: a link to {os.readlink(entry)}, which does not exist")


def _folder_defaults(folder: Path) -> Mapping[str, str]:
    """The source/section/author defaults declared in ``folder/archive.yaml``, if any."""
    path = folder / DEFAULTS_FILE
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(_read_text(path))
    except yaml.YAMLError as exc:
        raise BadArchive(f"{path}: invalid YAML: {exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise BadArchive(f"{path}: expected a mapping of {', '.join(sorted(DEFAULT_KEYS))}")
    for key, value in data.items():
        if key not in DEFAULT_KEYS:
            raise BadArchive(f"{path}: unknown key {key!r} (allowed: {', '.join(sorted(DEFAULT_KEYS))})")
        if not isinstance(value, str):
            raise BadArchive(f"{path}: field {key!r} must be a string, got {type(value).__name__}")
    return dict(data)


def _read_text(path: Path) -> str:
    """The file as text with \\n line endings; non-UTF-8 bytes are a BadArchive naming file, line and offset."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise BadArchive(f"{path}:{line}: not UTF-8 text (byte offset {exc.start}: {exc.reason})") from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- plain text (the seed format): embeddings/load_txt.py ---------------------------------------------------------


def _read_txt(path: Path, text: str, defaults: Mapping[str, str]) -> list[Article]:
    return [_with_defaults(article, defaults) for article in read_txt(path, text)]


# --- JSON Lines -----------------------------------------------------------------------------------------------------


def _read_jsonl(path: Path, text: str, defaults: Mapping[str, str]) -> list[Article]:
    """One article per non-blank line; archive.yaml defaults do not apply (each line carries its own metadata)."""
    articles = []
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise BadArchive(f"{where}: invalid JSON: {exc.msg} (column {exc.colno})") from exc
        if not isinstance(obj, dict):
            raise BadArchive(f"{where}: expected a JSON object, got {type(obj).__name__}")
        article = _record_article(obj, where, text_key="text" if "text" in obj else "body")
        articles.append(_with_defaults(article, {}))
    return articles


def _record_article(
    obj: Mapping[str, Any], where: str, *, text_key: str, date_key: str = "published", stem: str | None = None
) -> Article:
    """Check the fields of one JSON or front-matter record and build its article."""
    fields = {key: _optional_str(obj, key, where) for key in (text_key, *_RECORD_KEYS)}
    raw_text = fields[text_key]
    if raw_text is None:
        raise BadArchive(f"{where}: missing field 'text' (or 'body')")
    body = clean_text(raw_text)
    if not body:
        raise BadArchive(f"{where}: field {text_key!r} is empty")
    try:
        published = parse_date(obj.get(date_key))
    except ValueError as exc:
        raise BadArchive(f"{where}: field {date_key!r}: {exc}") from exc
    url = fields["url"]
    if fields["id"]:
        article_id = fields["id"]
    elif url:
        article_id = url_id(url)
    else:
        article_id = f"{stem}-{text_id(body)[:10]}" if stem else text_id(body)
    return Article(
        id=article_id,
        title=fields["title"] or derive_title(body),
        text=body,
        url=url,
        published=published,
        author=fields["author"],
        section=fields["section"],
        source=fields["source"],
        origin=where,
    )


def _with_defaults(article: Article, defaults: Mapping[str, str]) -> Article:
    """Fill what the record lacks: its own values win, then archive.yaml, then the URL's host as source."""
    return replace(
        article,
        author=article.author or defaults.get("author"),
        section=article.section or defaults.get("section"),
        source=article.source or defaults.get("source") or url_source(article.url),
    )


def _optional_str(obj: Mapping[str, Any], key: str, where: str) -> str | None:
    value = obj.get(key)
    if value is not None and not isinstance(value, str):
        raise BadArchive(f"{where}: field {key!r} must be a string, got {type(value).__name__}")
    return value


# --- Markdown -------------------------------------------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL | re.MULTILINE)
_ATX_H1 = re.compile(r"^#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)


def _read_md(path: Path, text: str, defaults: Mapping[str, str]) -> list[Article]:
    """One article per file: optional YAML front matter, then the markdown body kept as written."""
    meta: dict[str, Any] = {}
    if text.startswith("---\n"):
        match = _FRONT_MATTER.match(text)
        if match is None:
            raise BadArchive(f"{path}: front matter opened with '---' is never closed")
        try:
            loaded = yaml.safe_load(match.group(1))
        except yaml.YAMLError as exc:
            raise BadArchive(f"{path}: invalid YAML front matter: {exc}") from exc
        if loaded is not None and not isinstance(loaded, dict):
            raise BadArchive(f"{path}: front matter must be a mapping, got {type(loaded).__name__}")
        meta = {**(loaded or {}), "body": text[match.end() :]}
    else:
        meta = {"body": text}
    if not meta["body"].strip():
        raise BadArchive(f"{path}: no text after the front matter" if text.strip() else f"{path}: empty file")
    if not meta.get("title") and (heading := _ATX_H1.search(meta["body"])):
        meta["title"] = heading.group(1)
    return [
        _with_defaults(_record_article(meta, str(path), text_key="body", date_key="date", stem=path.stem), defaults)
    ]


def _read_html(path: Path, text: str, defaults: Mapping[str, str]) -> list[Article]:
    return [parse_html(text, url=None, origin=str(path))]


_READERS: dict[str, Callable[[Path, str, Mapping[str, str]], list[Article]]] = {
    ".txt": _read_txt,
    ".jsonl": _read_jsonl,
    ".md": _read_md,
    ".markdown": _read_md,
    ".html": _read_html,
    ".htm": _read_html,
}
