"""Text primitives every stage shares: words, citation markers, stopwords, stems, term matching.

Sentence splitting lives in ``embeddings.chunk`` (``split_sentences``): the index is cut with it, so it sits
below ``rag/`` in the pipeline and ``rag/`` imports it from there.
"""

from __future__ import annotations

import collections
import functools
import itertools
import math
import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet

WORD = re.compile(r"\w+")

# Citation markers. Every answer marks a citation "[3]"; an LLM's prose may also write a list, "[1, 2]" or
# "[1,2]". Digits are ASCII: answers are numbered by this code, and the widget (api/static/widget.js,
# ``linkMarkers``) reads the same list pattern, in JavaScript, where \d is ASCII too.
CITATION_MARKER = re.compile(r"\[([0-9]+)\]")
# At most three digits a number, so a bracketed year like [2023] is not taken for a list of citations.
CITATION_MARKERS = re.compile(r"\[(?P<nums>[0-9]{1,3}(?:\s*,\s*[0-9]{1,3})*)\]")


def strip_citation_markers(text: str) -> str:
    """Remove citation markers.

    >>> strip_citation_markers("Harbour Rovers[1][2].")
    'Harbour Rovers.'
    """
    return CITATION_MARKER.sub("", text)


STOPWORDS = frozenset(
    "a about above after again against all am an and any are as at be because been before being below between both "
    "but by can could did do does doing down during each few for from further had has have having he her here hers "
    "herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on "
    "once only or other our ours out over own same she should so some such than that the their theirs them then "
    "there these they this those through to too under until up very was we were what when where which while who "
    "whom why will with would you your yours".split()
)
# Words that attribute or hedge a claim without saying what it claims: "X said Y" and "Y, according to X, may …"
# claim Y. Matching a model's claim to a source sentence leaves them out too (rag.prompt).
REPORTING_WORDS = frozenset({"according", "also", "may", "might", "said", "says"})


# A question put to the archive itself names its topic after words that say nothing about it: "What does the
# archive say about X?", "What have your pieces written on X?", "Tell me about X", "Show me the coverage of X".
_TO_THE_ARCHIVE = re.compile(
    r"^\s*(?:"
    r"(?:what|how)\s+(?:does|do|did|has|have|is|are)\s+(?:the\s+|this\s+|your\s+)?"
    r"(?:archive|articles?|pieces?|stories|story|papers?|site|publication|you)\s+"
    r"(?:say|said|saying|write|wrote|written|writing|report|reported|tell|told|know|have|got)"
    r"|(?:please\s+)?(?:tell|show|give)\s+me(?:\s+(?:the\s+)?(?:articles?|pieces?|stories|news|coverage))?"
    r"|what\s+(?:do|can)\s+you\s+(?:tell\s+me|say|find)"
    r"|summari[sz]e(?:\s+(?:the\s+)?(?:articles?|pieces?|stories|news|coverage))?"
    r"|what\s+(?:is|are)\s+(?:the\s+|this\s+|your\s+)?(?:archive(?:'s|’s)?\s+|paper(?:'s|’s)?\s+)?"
    r"(?:coverage|reporting|articles?|pieces?|stories|news)"
    r"|(?:what(?:'s|’s|\s+is|\s+are)\s+)?(?:the\s+)?(?:latest|news|new)(?:\s+(?:news|updates?|developments?))?"
    r"|(?:any\s+)?(?:news|updates?|developments?)"
    r"|what(?:'s|’s|\s+is)\s+(?:going\s+on|happening)|what\s+(?:has\s+)?happened"
    r")\s+(?:about|on|of|regarding|concerning|with|to|in|at)\b\s*",
    re.IGNORECASE,
)


_TRUE_OR_FALSE = re.compile(r"^\s*true\s+or\s+false\s*[:?.,–—-]*\s*|[\s:,.;–—-]*\btrue\s+or\s+false\s*[?.!]*\s*$", re.I)


def unflagged(question: str) -> str:
    """The claim of "True or false: <claim>" or "<claim> True or false?"; any other question as it is.

    >>> unflagged("True or false: tolls rose."), unflagged("Tolls rose. True or false?"), unflagged("Tolls?")
    ('tolls rose.', 'Tolls rose', 'Tolls?')
    """
    return _TRUE_OR_FALSE.sub("", question, count=1) if "false" in question.lower() else question


def topic(question: str) -> str:
    """The question without a clause that only addresses the archive.

    >>> topic("What does the archive say about the harbour strike?"), topic("Tell me about tolls")
    ('the harbour strike?', 'tolls')
    >>> topic("What's the latest on the harbour strike?"), topic("Any updates on tolls?")
    ('the harbour strike?', 'tolls?')
    >>> topic("What are the latest developments in the harbour strike?"), topic("Any developments on tolls?")
    ('the harbour strike?', 'tolls?')
    >>> topic("What happened with the harbour strike?"), topic("What's going on in Tarvania?")
    ('the harbour strike?', 'Tarvania?')
    >>> topic("What did the council say about tolls?"), topic("True or false: tolls rose.")
    ('What did the council say about tolls?', 'tolls rose.')
    """
    rest = unflagged(_TO_THE_ARCHIVE.sub("", question, count=1))  # the flag says nothing about the topic
    return rest if rest.strip(" ?.!") else question


# "what's", "when's" …, and "whats", "whos", "wheres", "hows" as typed
_CONTRACTED = re.compile(r"\b(?:(what|who|where|how)['’]?s|(when|which)['’]s)\b", re.IGNORECASE)
# "which Tarrow, Ohio, mayor …?": a town and its state before the noun asked for, read as "which Tarrow Ohio mayor"
_TOWN_STATE = re.compile(
    r"(\b(?i:which|what)\s+(?:[A-Z][\w.’'-]*\s+){0,2}[A-Z][\w.’'-]*),\s+((?:[A-Z][\w.’'-]*\s+)?[A-Z][\w.’'-]*),"
    r"\s+(?=(?!(?:and|or|nor)\b)[a-z])"
)


_POLITE = re.compile(
    r"\s*(?:(?:can|could|would|will)\s+you\s+)?(?:please\s+)?(?:tell\s+me|remind\s+me|do\s+you\s+know|i\s+(?:want|would\s+like|"
    r"'d\s+like|wonder)(?:\s+to\s+know)?)\s*(?=(?:who|what|when|where|which|how|why)\b)",
    re.I,
)
_INDIRECT = re.compile(r"(who|what|where|when|which)\s+(.+?)\s+(is|are|was|were)\s*[?.!]?\s*$", re.I)
# "Name the firm that …", "List the countries that …", "Give me the date of …": a question put as a request
_ASKING = r"\s*(?:(?:can|could|would|will)\s+you\s+)?(?:please\s+)?"
_NAME_THE = re.compile(
    rf"{_ASKING}(?:name|list|identify|(?:give|tell|show)\s+me)\s+(?:all\s+)?(?:the\s+)?(.+?)\s+(?:that|which|who)\s+(.+)$",
    re.I,
)
_NAME_OF = re.compile(r"^name\s+of\s+(?:the\s+)?", re.I)
# "Lakeport mayor", "Velling Cup winner?": a search typed into the chat, a role after what it is the role of
_ROLE_QUERY = re.compile(
    r"^\s*(?:the\s+)?((?:[\w’'.-]+\s+){0,4}[\w’'.-]+)\s+(winner|champion|host|successor|coach|ceo|mayor|governor|"
    r"president|owner|suspect|performer|founder)\s*[?.!]?\s*$",
    re.I,
)
_NOT_A_SEARCH = re.compile(  # a question or a statement ("Velling fired its CEO"), not a search
    r"\b(?:who|whom|whose|what|which|where|when|why|how|is|are|was|were|did|does|do|has|have|will|its|their|his|her|"
    r"won|lost|left|chose|made|became|said|\w{3,}ed)\b",
    re.I,
)
_THE_X_OF = re.compile(rf"{_ASKING}(?:give|tell|show)\s+me\s+the\s+([a-z]+(?:\s+[a-z]+)?)\s+of\s+(.+)$", re.I)
# "who" asked in place: "The ferry was sunk by who?" asks who sank it; "Lakeport elected who as mayor?" whom it elected
_BY_WHO = re.compile(
    r"^\s*(?P<x>[A-Z].*?)\s+(?:was|were|is|are|has\s+been|have\s+been|had\s+been|will\s+be)\s+(?:[a-z]+ly\s+)?"
    r"(?P<v>[a-z]+)(?P<rest>(?:\s+[^\s?]+)*?)\s+by\s+whom?\s*[?.!]?\s*$"
)
_WHO_BY = re.compile(  # "Who was the ferry sunk by?"
    r"^\s*whom?\s+(?:was|were|is|are|has\s+been|have\s+been|had\s+been|will\s+be)\s+(?P<x>.+?)\s+(?:[a-z]+ly\s+)?"
    r"(?P<v>[a-z]+)\s+by\s*[?.!]?\s*$",
    re.I,
)
_OBJECT = {"he": "him", "she": "her", "they": "them", "i": "me", "we": "us"}
_ARTICLE = re.compile(r"^(?:The|A|An)\b")
_VERB_WHO = re.compile(r"^\s*(?P<x>[A-Z].*?)\s+(?:[a-z]+ly\s+)?(?P<v>[a-z]+ed)\s+whom?\b\s*(?P<rest>.*?)\s*[?.!]?\s*$")


def _inner(phrase: str) -> str:
    """A question's opening phrase, moved inside the question: "The ferry" → "the ferry" (a name keeps its capital)."""
    return _ARTICLE.sub(lambda a: a[0].lower(), phrase)


def expanded(question: str) -> str:
    """The question with "what's", "who's" … written out, as the rules that read a question expect them.

    >>> expanded("What's the fare, and who’s paying?")
    'What is the fare, and who is paying?'

    … and without a polite lead, an indirect question put straight ("tell me who the mayor is"):

    >>> expanded("Can you tell me who the new harbour master is?"), expanded("Do you know where the ferry sank?")
    ('who is the new harbour master?', 'where the ferry sank?')

    … and a request put as the question it asks, "whats" as typed:

    >>> expanded("Name the firm that bought the Lakeport ferry."), expanded("Give me the date of the summit")
    ('which firm bought the Lakeport ferry?', 'what is the date of the summit?')
    >>> expanded("whats the fare?"), expanded("When’s the vote?"), expanded("Tell me about the strike.")
    ('what is the fare?', 'When is the vote?', 'Tell me about the strike.')
    >>> expanded("Velling Cup winner"), expanded("Lakeport mayor?"), expanded("Who is the Lakeport mayor?")
    ('who won the Velling Cup?', 'who is the Lakeport mayor?', 'Who is the Lakeport mayor?')
    >>> expanded("The ferry was allegedly sunk off Lakeport by who?"), expanded("Lakeport elected whom as mayor?")
    ('who sunk the ferry off Lakeport?', 'who did Lakeport elected as mayor?')
    >>> expanded("Who was the Velling ferry sunk by?")
    'who sunk the Velling ferry?'
    >>> expanded("Velling fired its CEO"), expanded("Is Jo Bell the Lakeport mayor?")
    ('Velling fired its CEO', 'Is Jo Bell the Lakeport mayor?')

    … and a town's state, set off by commas before the noun asked for, as part of the town's words:

    >>> expanded("Which Tarrow, Ohio, mayor closed the pier?"), expanded("Which Tarrow, Velling, and Kessa firms?")
    ('Which Tarrow Ohio mayor closed the pier?', 'Which Tarrow, Velling, and Kessa firms?')
    """
    question = _CONTRACTED.sub(lambda m: f"{m[1] or m[2]} is", question)
    question = _TOWN_STATE.sub(r"\1 \2 ", question)
    if m := _NAME_THE.match(question):  # "tell me the name of the firm that …": which firm
        return f"which {_NAME_OF.sub('', m[1])} {m[2].rstrip(' .!?')}?"
    if m := _THE_X_OF.match(question):
        return f"what is the {m[1]} of {m[2].rstrip(' .!?')}?"
    if m := _BY_WHO.match(question):
        return f"who {m['v']} {_inner(m['x'])}{m['rest']}?"
    if m := _WHO_BY.match(question):
        return f"who {m['v']} {_OBJECT.get(m['x'].lower(), m['x'])}?"  # "who was she replaced by?": who replaced her
    if m := _VERB_WHO.match(question):
        return f"who did {_inner(m['x'])} {m['v']} {m['rest']}".rstrip() + "?"
    if (m := _ROLE_QUERY.match(question)) and not _NOT_A_SEARCH.search(m[1]):
        role = m[2].lower()
        return f"who won the {m[1]}?" if role in ("winner", "champion") else f"who is the {m[1]} {role}?"
    return unprefaced(question)


QUESTION_WORDS = r"(?:who|whom|whose|what|which|when|where|why|how)\b"
ASKING_VERBS = r"(?:is|are|was|were|did|does|do|can|could|will|would|should|has|have|had)\b"  # "did it …?"


def unprefaced(question: str) -> str:
    """The question without a polite lead, an indirect question put straight: the engine searches what is asked.

    >>> unprefaced("Can you tell me who the new harbour master is?"), unprefaced("Do you know where the ferry sank?")
    ('who is the new harbour master?', 'where the ferry sank?')
    >>> unprefaced("Tell me about the strike."), unprefaced("Who can tell me the fare?")
    ('Tell me about the strike.', 'Who can tell me the fare?')
    """
    polite = _POLITE.match(question)
    if polite is None:
        return question
    rest = question[polite.end() :]
    indirect = _INDIRECT.match(rest)
    return f"{indirect[1]} {indirect[3]} {indirect[2]}?" if indirect else rest


def keyword_terms(question: str) -> list[str]:
    """The content words of a question, in order, without duplicates (not the words that address the archive).

    >>> keyword_terms("Which club did Ana Ruiz join this week?")
    ['club', 'ana', 'ruiz', 'join', 'week']
    >>> keyword_terms("What do the pieces say about Ana Ruiz?")
    ['ana', 'ruiz']
    """
    seen: dict[str, None] = {}
    for w in WORD.findall(topic(question).lower()):
        if w not in STOPWORDS and (len(w) > 1 or w.isdigit()):
            seen.setdefault(w, None)
    return list(seen)


# The short forms news gives a person's title ("Gov. Ada Brook"): the word a reader types is the long one
SHORT_TITLES = {"gov": "governor", "sen": "senator", "rep": "representative", "atty": "attorney", "lt": "lieutenant",
                "gen": "general", "sec": "secretary", "supt": "superintendent", "pres": "president"}  # fmt: skip


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude stem that makes "moved", "moves" and "move" one term.

    >>> [stem(w) for w in ("moved", "moves", "move", "stranded", "ships")]
    ['mov', 'mov', 'mov', 'strand', 'ship']
    >>> [stem(w) for w in ("die", "dies", "died", "dying", "sued", "sues", "seed")]
    ['die', 'die', 'die', 'die', 'sue', 'sue', 'seed']
    """
    if len(word) == 4 and word.endswith(("ied", "ued")) or len(word) == 5 and word.endswith("ying"):
        word = word[:-1] if word.endswith("d") else word[:-4] + "ie"  # "died", "dying": "die", as "dies" gives
    for suffix in ("ing", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:6]


def local_idf(terms: Sequence[str], docs: Sequence[AbstractSet[str]]) -> dict[str, float]:
    """Inverse document frequency of each term over a few documents (word-stem sets).

    >>> local_idf(["a", "b"], [{"a"}, {"a", "b"}])["b"] > local_idf(["a", "b"], [{"a"}, {"a", "b"}])["a"]
    True
    """
    df = collections.Counter(itertools.chain.from_iterable(docs))  # one pass in C, whatever the number of terms
    return {t: math.log(1 + len(docs) / (1 + df[t])) for t in terms}


def stream_pieces(text: str, words: int = 4) -> list[str]:
    """``text`` in pieces of a few words, for streaming; joined they give back ``text``.

    >>> stream_pieces("Rain fell on the coast [1].", 2)
    ['Rain fell ', 'on the ', 'coast [1].']
    """
    tokens = text.split(" ")
    return [
        " ".join(tokens[i : i + words]) + (" " if i + words < len(tokens) else "") for i in range(0, len(tokens), words)
    ]
