"""Sentence-aware chunking bounded by the embedding model's own token count (pure: no I/O).

Token counts come from the model's tokenizer as the character offset where each token starts, so a
span's token count is a bisect away and chunks never exceed the model limit (no silent truncation).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from embeddings.records import Chunk, embed_key

# The sentence rules of the whole pipeline live here: ``split_sentences`` for article text (chunks, quotes,
# evidence) and LLM replies (rag.prompt), ``TITLE_SENTENCE_END`` for titles; the loaders use SENTENCE_END.
SENTENCE_END = ".!?…"
# A sentence ends at . ! ? … (optionally followed by closing quotes/brackets) before whitespace and a capital,
# digit or opening quote, or at a line break. Abbreviations such as "U.S." or "Mr." are kept inside their
# sentence by _ABBREV below, as are the "v." of a court case ("Hale v. Velling") and the titles before a name ("Rear
# Adm. Ada Hale").
_BOUNDARY = re.compile(rf"""(?<=[{SENTENCE_END}])["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9])|\n+""")
# The end of a title's first sentence (embeddings.load_html.derive_title): any terminal mark before whitespace,
# whatever follows, and a straight ' is not a closer. Looser than _BOUNDARY and kept apart from it on purpose:
# derived titles are part of each article's content hash, so one rule for both would re-embed archives.
TITLE_SENTENCE_END = re.compile(rf"""[{SENTENCE_END}]["”’)\]]*(?=\s|$)""")
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sr|Jr|St|Gen|Gov|Sen|Rep|Lt|Col|Capt|Sgt|Rev|Inc|Corp|Ltd|Co|No|vs|v|etc|"
    r"Maj|Brig|Adm|Cmdr|Cpl|Pvt|Spc|Det|Supt|Insp|Atty|Msgr|Hon|Pres|Reps|Sens|Govs|Drs|Messrs|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mt|Ft|a\.m|p\.m)\.|\b[A-Z]\.|\b(?:[A-Za-z]\.){2,})$"
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text``, whitespace trimmed.

    >>> t = "Mr. Smith went to Washington. He met the U.S. Senate! Then?"
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['Mr. Smith went to Washington.', 'He met the U.S. Senate!', 'Then?']
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end() if m.group(0).strip() else m.start()
        if m.group(0).startswith("\n") or not _ABBREV.search(text[max(start, end - 12) : end]):
            _append_trimmed(text, start, end, spans)
            start = end
    _append_trimmed(text, start, len(text), spans)
    return spans


def _append_trimmed(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        lead = len(piece) - len(piece.lstrip())
        spans.append((start + lead, start + lead + len(stripped)))


def chunk_spans(text: str, token_starts: Sequence[int], *, budget: int, overlap: int = 0) -> list[tuple[int, int]]:
    """Pack whole sentences into spans of at most ``budget`` tokens, repeating up to ``overlap`` tokens.

    ``token_starts`` holds the character offset at which each model token of ``text`` starts (sorted).
    A sentence longer than the budget is cut at token starts that follow whitespace where possible.

    >>> chunk_spans("A b. C d. E f.", [0, 2, 3, 5, 7, 8, 10, 12, 13], budget=6)
    [(0, 9), (10, 14)]
    """
    if budget < 1:
        raise ValueError(f"chunk budget must be at least 1 token, got {budget}")

    def tokens(s: int, e: int) -> int:
        return bisect.bisect_left(token_starts, e) - bisect.bisect_left(token_starts, s)

    units: list[tuple[int, int]] = []
    whole: list[bool] = []  # False for the pieces of a cut sentence: overlap never repeats those
    for s, e in split_sentences(text):
        fits = tokens(s, e) <= budget
        pieces = [(s, e)] if fits else _cut_long(text, token_starts, s, e, budget)
        units.extend(pieces)
        whole.extend([fits] * len(pieces))

    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(units):
        j, used = i, 0
        while j < len(units) and used + tokens(*units[j]) <= budget:
            used += tokens(*units[j])
            j += 1
        j = max(j, i + 1)  # _cut_long guarantees a single unit fits
        spans.append((units[i][0], units[j - 1][1]))
        if j >= len(units):
            break
        # step back over whole sentences worth at most `overlap` tokens, always moving forward, and leave room
        # for unit j: otherwise the next chunk would hold nothing its predecessor did not already hold
        k, carried = j, 0
        limit = min(overlap, budget // 2, budget - tokens(*units[j]))
        while k - 1 > i and whole[k - 1] and carried + tokens(*units[k - 1]) <= limit:
            k -= 1
            carried += tokens(*units[k])
        i = k
    return spans


def _cut_long(text: str, token_starts: Sequence[int], s: int, e: int, budget: int) -> list[tuple[int, int]]:
    """Cut one over-long sentence into pieces of at most ``budget`` tokens, preferring word boundaries."""
    lo, hi = bisect.bisect_left(token_starts, s), bisect.bisect_left(token_starts, e)
    starts = list(token_starts[lo:hi])
    pieces: list[tuple[int, int]] = []
    i = 0
    while i < len(starts):
        j = min(i + budget, len(starts))
        if j < len(starts):
            j = _cut_point(text, starts, i, j)
        end = starts[j] if j < len(starts) else e
        piece_end = len(text[:end].rstrip())
        # the first piece starts at the sentence, not its first token: characters the tokenizer drops
        # (zero-width spaces, soft hyphens) must stay inside some chunk
        piece_start = s if i == 0 else starts[i]
        if piece_end > piece_start:
            pieces.append((piece_start, piece_end))
        i = j
    return pieces


def _cut_point(text: str, starts: Sequence[int], i: int, j: int) -> int:
    """Where a piece from token ``i`` ends (at most ``j``): after whitespace, else at punctuation, else at ``j``.

    A cut inside a word would make the next piece start with a continuation wordpiece, which the tokenizer
    re-reads differently on its own (possibly as more tokens); cuts at word or punctuation edges do not.
    """

    def after_space(p: int) -> bool:
        return text[p - 1].isspace()

    def at_word_edge(p: int) -> bool:
        return not (text[p - 1].isalnum() and text[p].isalnum())

    for boundary in (after_space, at_word_edge):
        k = j
        while k > i + 1 and not boundary(starts[k]):
            k -= 1
        if k > i + 1:
            return k
    return j


MIN_BODY_TOKENS = 8  # the least text a chunk must hold beside its header


def header_room(max_tokens: int) -> int:
    """The most tokens a header may have in a chunk of ``max_tokens`` (2 special tokens, ``MIN_BODY_TOKENS`` of text).

    >>> header_room(256)
    246
    """
    return max_tokens - 2 - MIN_BODY_TOKENS


def chunk_article(
    article_id: str,
    text: str,
    header: str,
    token_starts: Sequence[int],
    header_tokens: int,
    *,
    max_tokens: int,
    overlap: int = 0,
) -> list[Chunk]:
    """Chunks of one article whose embedded form ``header + "\\n" + text`` fits ``max_tokens`` (2 special tokens)."""
    budget = max_tokens - header_tokens - 2
    if header_tokens > header_room(max_tokens):
        raise ValueError(
            f"header of {article_id!r} (its title and date) is {header_tokens:,} tokens; a {max_tokens}-token chunk "
            f"needs {header_room(max_tokens):,} or fewer to leave room for its text"
        )
    out = []
    for n, (s, e) in enumerate(chunk_spans(text, token_starts, budget=budget, overlap=overlap)):
        body = text[s:e]
        n_tokens = bisect.bisect_left(token_starts, e) - bisect.bisect_left(token_starts, s)
        embedded = f"{header}\n{body}"
        out.append(Chunk(article_id, n, s, e, body, n_tokens + header_tokens + 2, embed_key(embedded), embedded))
    return out
