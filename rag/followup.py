"""Follow-up questions: make a question that leans on earlier turns stand on its own for retrieval."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from rag.about import addressed
from rag.named import defined_name
from rag.records import Turn
from rag.text import keyword_terms, strip_citation_markers, topic

_REFERRING = re.compile(
    r"\b(he|she|they|him|her|them|his|hers|their|it|its|this|that|these|those|there|then|the same|"
    r"what else|anything else|more|next|why|how so)\b",
    re.IGNORECASE,
)
_NAME = re.compile(r"\b[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*")


def needs_context(question: str) -> bool:
    """True when a question refers back ("what did he say next?") or is too short to stand alone; one that names
    its topic to the archive ("tell me about the ferry strike") stands alone unless the topic refers back.

    >>> needs_context("What about the mayor?"), needs_context("Tell me about the ferry strike")
    (True, False)
    >>> needs_context("Tell me more about it")
    True
    >>> needs_context("who is Ada Brook"), needs_context("Who is she?")  # a name asked about stands alone
    (False, True)
    """
    if defined_name(question) is not None and not _REFERRING.search(question):
        return False
    about = topic(question)
    if about != question:
        return bool(_REFERRING.search(about))
    return bool(_REFERRING.search(question)) or len(keyword_terms(question)) < 3


def resolve_followup(question: str, history: Sequence[Turn]) -> str:
    """The retrieval query for ``question`` given the conversation so far.

    A self-contained question is returned unchanged; a follow-up gets the last user question and the
    names in the last answer appended, so "what did he say next?" searches for the person meant. Those turns are
    read in Unicode's composed form (NFC), as the question and the archive are: an "é" a client sent as "e" and a
    combining accent would otherwise be searched for, and named, as two characters.

    >>> h = [Turn("user", "What did Zalmay Khalilzad tweet about Pakistan?"), Turn("assistant", "Ask Baloch [1].")]
    >>> resolve_followup("What did he say next?", h)
    'What did he say next? (Zalmay Khalilzad tweet Pakistan Ask Baloch)'
    >>> said = [Turn("user", "thanks!"), Turn("assistant", "You're welcome. The newest: Velling Ferry News …")]
    >>> resolve_followup("What did he say next?", [*h, *said])  # said to the archive: no topic, nor its reply
    'What did he say next? (Zalmay Khalilzad tweet Pakistan Ask Baloch)'
    >>> resolve_followup("What did he say next?", said)
    'What did he say next?'
    """
    if not history or not needs_context(question):
        return question
    turns = list(history)
    asked = [k for k, t in enumerate(turns) if t.role == "user" and addressed(t.content) is None]
    if not asked:
        return question  # a chat of greetings only has no topic to lean on
    at = asked[-1]
    last_user = unicodedata.normalize("NFC", turns[at].content)
    # its answer (not the reply to a later "hello"); a client that sends no answers: the one before it
    answers = [t.content for t in turns[at + 1 :] if t.role == "assistant"][:1] or [
        t.content for t in turns[:at] if t.role == "assistant"
    ][-1:]
    last_answer = unicodedata.normalize("NFC", answers[0] if answers else "")
    content = set(keyword_terms(last_user))
    words = [w.strip("?.,!") for w in last_user.split() if w.strip("?.,!").lower() in content]
    names = [
        n for n in _NAME.findall(strip_citation_markers(last_answer)) if n.lower() not in ("he", "she", "according")
    ]
    parts = words + [n for n in names if n not in last_user]
    extra = " ".join(dict.fromkeys(parts))
    return f"{question} ({extra})" if extra else question
