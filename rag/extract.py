"""What a candidate answer is, for one question: a name without the sentence's first word, with its title or its
particles, names listed together (pure, regex only); a town with its state is ``rag/towns.py``. The lower-case
phrases a question adds are ``rag/phrases.py``; a number's unit is ``rag/quantities.py``; a candidate's fit to the
kind of answer asked for is ``rag/kinds.py``.

The candidates themselves (``spans``: names, titles, numbers, dates) depend on a sentence alone; they live in
``embeddings/spans.py``, where the index computes them once per sentence. Nothing here runs a model, so the whole answer
selection costs microseconds per sentence (the CPU budget of serving).
"""

from __future__ import annotations

import re

from embeddings.chunk import split_sentences
from embeddings.spans import FIRST_WORD, ROLE_WORDS, Span, spans, trim
from rag.gazetteer import COUNTRIES, town
from rag.keys import SHORT_MULTIPLIER
from rag.kinds import VAGUE_COUNTS

__all__ = [
    "FIRST_WORD", "Span", "coordinated", "dateline", "drop_ordinary_start", "naming_year", "opens_clause", "overlaps",
    "spans", "titled", "whole_name",
]  # fmt: skip


_ACRONYM = re.compile(r"[A-Z]{2,4}")
_COUNTED = re.compile(rf"(?:{VAGUE_COUNTS})(?:\s+of\s+|$)", re.I)


def opens_clause(sentence: str, span: Span) -> bool:
    """The span opens the sentence (or a quote that opens it), or a headline's clause after a colon ("Ada Hale dies
    at 90: Trailblazing …"): a capital there may be the position's, not the word's.

    >>> s = "Ada Hale dies at 90: Trailblazing Velling designer led the house."
    >>> opens_clause(s, Span(0, 8, "Ada Hale", "name")), opens_clause(s, Span(21, 41, s[21:41], "name"))
    (True, True)
    >>> opens_clause("It met Ada Hale.", Span(7, 15, "Ada Hale", "name"))
    False
    """
    at = span.start
    if at > 2:  # (the cheap test first: a question's voters have hundreds of spans)
        return sentence[at - 1] == ":" or sentence[at - 2 : at] == ": "
    before = sentence[:at].strip()
    return not before or before in OPEN_QUOTES or before.endswith(":")


_SHOUTED_VERBS = "IS|ARE|WAS|WERE|WILL|CAN|HAS|HAVE|BE"  # a headline's verbs, in capitals
_SHOUTED_VERB = re.compile(rf"\b(?:{_SHOUTED_VERBS}|HAD|BEEN)\b")
_SHOUTED = re.compile(rf"\b(?:(?:{_SHOUTED_VERBS}|THE|OF|AN?|WHO|WHAT|AND|TO|IN|FOR|ON|AT|BY|WE|IT)\s+)+(?=[A-Z])")


def drop_ordinary_start(
    sentence: str, span: Span, ordinary: frozenset[str], inner: frozenset[str] = frozenset()
) -> Span | None:
    """A name that opens the sentence loses a first word capitalised only because it starts the sentence: one
    the text also writes in lower case ("Adding", "Officials"), or a lone word never capitalised inside a sentence
    (``inner``). A name anywhere loses a count before it ("Thousands of …"). None when nothing is left.

    >>> drop_ordinary_start("Officials in Lakeport agreed.", Span(0, 9, "Officials", "name"), frozenset({"officials"}))
    >>> drop_ordinary_start("Another one.", Span(0, 7, "Another", "name"), frozenset())
    >>> drop_ordinary_start("Lakeport won.", Span(0, 8, "Lakeport", "name"), frozenset(), frozenset({"Lakeport"}))
    Span(start=0, end=8, text='Lakeport', kind='name')
    >>> drop_ordinary_start("Norway won.", Span(0, 6, "Norway", "name"), frozenset()).text
    'Norway'
    >>> drop_ordinary_start("E.J. Hale won.", Span(0, 9, "E.J. Hale", "name"), frozenset({"e"})).text
    'E.J. Hale'
    >>> drop_ordinary_start("US aid grew.", Span(0, 2, "US", "name"), frozenset()).text
    'US'
    >>> s = "Friday: Thousands of Velling fans sang."
    >>> drop_ordinary_start(s, Span(8, 28, s[8:28], "name"), frozenset()).text
    'Velling'
    >>> drop_ordinary_start("WHO IS ADA BROOK", Span(4, 16, "IS ADA BROOK", "name"), frozenset()).text
    'ADA BROOK'
    >>> drop_ordinary_start("WE ARE HERE AND WILL STAY", Span(3, 25, "ARE HERE AND WILL STAY", "name"), frozenset())
    >>> drop_ordinary_start("Reading: Fans marched.", Span(0, 7, "Reading", "name"), frozenset({"reading"})).text
    'Reading'
    >>> drop_ordinary_start("Police: A man was held.", Span(0, 6, "Police", "name"), frozenset({"police"}))
    >>> s = "Ada Hale dies at 90: Trailblazing Velling designer led the house."
    >>> drop_ordinary_start(s, Span(21, 41, s[21:41], "name"), frozenset({"trailblazing"})).text
    'Velling'
    >>> drop_ordinary_start("LAKEPORT – Thousands of fans sang.", Span(11, 20, "Thousands", "name"), frozenset())
    >>> drop_ordinary_start("Whenever Hale spoke, we sang.", Span(0, 13, "Whenever Hale", "name"), frozenset()).text
    'Hale'
    >>> drop_ordinary_start("LAKEPORT — Despite rain, fans came.", Span(11, 18, "Despite", "name"), frozenset())
    >>> drop_ordinary_start("It said “THE FERRY IS BACK!”", Span(9, 27, "THE FERRY IS BACK!", "title"), frozenset())
    >>> drop_ordinary_start("“OUR FERRY HAS BEEN FOUND”", Span(1, 25, "OUR FERRY HAS BEEN FOUND", "name"), frozenset())
    """
    exclaims = span.kind != "title" or span.text.endswith("!")  # a quoted title in capitals is a sentence only so
    if exclaims and span.text.isupper() and len(span.text.split()) > 3 and _SHOUTED_VERB.search(span.text):
        return None  # “THE FIRST CALF OF THE SEASON IS HERE!”: a sentence in capitals, no name or title
    shouted = _SHOUTED.match(span.text) if span.kind == "name" and span.text.isupper() else None
    if shouted and (len(span.text[shouted.end() :].split()) < 2 or _SHOUTED.search(span.text, shouted.end())):
        return None  # "AND WILL STAY HERE": a line of a headline in capitals, no name
    counted = (_COUNTED.match(span.text) or shouted) if span.kind == "name" else None
    if counted:  # "Thousands of US travellers", "Thousands" alone, "IS VIKTOR BOUT" (a headline's small words too)
        return _rest(sentence, span, counted.end())
    before = sentence[: span.start].strip()
    if span.kind != "name" or not opens_clause(sentence, span):
        return _opened(sentence, span, before)
    first = FIRST_WORD.match(span.text)
    if not first or re.match(r"[A-Z]\.", span.text) or _ACRONYM.fullmatch(first.group(0)):
        return span  # an initial ("E.J. Hale") or an acronym ("US", "EU") is no ordinary word
    lone = first.end() == len(span.text)
    word = first.group(0).lower()
    if lone and sentence.startswith(":", span.end) and word not in _LABELS and town(word):
        return span  # "Reading: Fans marched …": a roundup's town before its news, though "reading" is a word
    if word not in ordinary and word not in _OPENERS and not (lone and first.group(0) not in inner):
        return span
    if lone and span.text.lower() in COUNTRIES:
        return span  # a country's name is a name wherever it stands
    return _rest(sentence, span, first.end())


# Words that open a sentence and never a name: "Whenever Hale spoke …", "Despite the rain, …"
OPEN_QUOTES = frozenset("\"“‘'")  # the marks a quote opens with
_OPENERS = frozenset(
    "despite whenever wherever amid amidst following shortly upon unlike throughout without within besides "
    "including regarding".split()
)
# Words that label a line ("Police: A man was held."), though a town somewhere bears the name
_LABELS = frozenset("police time update updates watch note video photos editor correction breaking".split())
_DATELINE = re.compile(r"[A-Z][A-Z.’' -]*[A-Z.](?:,\s*[A-Z][\w.]*)?\s*(?:\([^)]{1,20}\)\s*)?[–—-]\s")


def _opened(sentence: str, span: Span, before: str) -> Span | None:
    """A name right after a dateline loses a first word that only opens sentences ("LAKEPORT — Despite …")."""
    first = FIRST_WORD.match(span.text) if span.kind == "name" else None
    if first is None or first.group(0).lower() not in _OPENERS or not _DATELINE.fullmatch(before + " "):
        return span
    return _rest(sentence, span, first.end())


def overlaps(a: Span, b: Span) -> bool:
    """The two spans share a character.

    >>> jo, hale, bell = Span(0, 2, "Jo", "name"), Span(0, 7, "Jo Hale", "name"), Span(3, 7, "Hale", "name")
    >>> overlaps(hale, bell), overlaps(jo, bell)
    (True, False)
    """
    return a.start < b.end and b.start < a.end


def _rest(sentence: str, span: Span, cut: int) -> Span | None:
    """The name span after its first ``cut`` characters, trimmed; None when nothing is left."""
    s, e = trim(sentence, span.start + cut, span.end)
    return Span(s, e, sentence[s:e], "name") if e > s else None


def dateline(sentence: str, span: Span) -> bool:
    """The span is in the sentence's dateline: where a report was filed, in capitals, and whose it is, before a
    dash ("LAKEPORT (AP) — …").

    >>> s = "LAKEPORT (AP) — The ferry sank."
    >>> dateline(s, Span(0, 8, "LAKEPORT", "name")), dateline(s, Span(10, 12, "AP", "name"))
    (True, True)
    >>> dateline("Lakeport — the ferry sank.", Span(0, 8, "Lakeport", "name"))
    False
    """
    m = _DATELINE.match(sentence)
    return m is not None and span.end <= m.end()


_DETERMINER = re.compile(r"\b(?:the|this|last|next|a|an|its|their|his|her)\s+$", re.I)
_PREPOSITION = re.compile(r"\b(?:in|since|by|until|from|before|after|of|on|during|through)\s+$", re.I)


def naming_year(sentence: str, span: Span) -> bool:
    """The span is a bare year that names an event or a season: between a determiner and its noun ("the 2031
    Velling Cup", "this 2031 season"), or beside a name ("to host 2031 Velling Cup", "Velling Cup 2031"). It says
    which one, not when.

    >>> s = "Here is what to know about the 2031 Velling Cup, played in 2031 on March 4."
    >>> naming_year(s, Span(31, 35, "2031", "date")), naming_year(s, Span(59, 63, "2031", "date"))
    (True, False)
    >>> naming_year("Lakeport to host 2031 Velling Cup", Span(17, 21, "2031", "date"))
    True
    >>> naming_year("How to watch Velling Cup 2031", Span(25, 29, "2031", "date"))
    True
    >>> naming_year("Asteroids like 2031 VX4 pass by.", Span(15, 19, "2031", "date"))
    True
    >>> naming_year("In 2031 Lakeport won.", Span(3, 7, "2031", "date"))
    False
    """
    if span.kind != "date" or len(span.text) != 4 or _PREPOSITION.search(sentence, 0, span.start):
        return False
    after = sentence[span.end :]
    if _DETERMINER.search(sentence, 0, span.start):
        return re.match(r"\s+\w", after) is not None
    return (
        re.match(r"\s+[A-Z][a-z]|\s+[A-Z]{1,3}\d", after) is not None  # "2031 Velling Cup", comet "2031 VX4"
        or re.search(r"[A-Z]\w*\s+$", sentence[: span.start]) is not None
    )


_PARTICLES = "de|des|du|van|von|der|den|da|di|del|della|la|le|bin|ibn|al|dos|das"
_GLUED = "al|el|ad|ar|ash|az"  # … glued to the surname: "Omar al-Tarif", "al-Tarif"
_PARTICLE_TAIL = re.compile(
    rf"\b[A-Z][\w’'-]+(?:\s+(?:{_PARTICLES})){{1,2}}\s+$|(?:\b[A-Z][\w’'-]+\s+)?\b(?:{_GLUED})-$"
)
_PARTICLE_NEAR = re.compile(rf"\b(?:{_PARTICLES}|{_GLUED})[\s-]$")  # a cheap look at the last few characters


_SUFFIX = re.compile(SHORT_MULTIPLIER)  # "$200m", "£3bn": an amount written short
_ROMAN_ONE = re.compile(r" I\b(?![’'])")  # "World War I"


def whole_name(sentence: str, span: Span) -> Span:
    """A name cut at a lower-case particle gets its front back ("Ada van der Berg", not "Berg"); "World War" its
    "I"; an amount its short multiplier ("$200m", not "$200").

    >>> whole_name("Director Ada van der Berg spoke.", Span(21, 25, "Berg", "name")).text
    'Ada van der Berg'
    >>> whole_name("He met Berg.", Span(7, 11, "Berg", "name")).text
    'Berg'
    >>> whole_name("Interim President Omar al-Tarif spoke.", Span(26, 31, "Tarif", "name")).text
    'Omar al-Tarif'
    >>> whole_name("He met al-Tarif.", Span(10, 15, "Tarif", "name")).text
    'al-Tarif'
    >>> whole_name("A World War I memorial.", Span(2, 11, "World War", "name")).text
    'World War I'
    >>> whole_name("It raised $200m.", Span(10, 14, "$200", "number")).text
    '$200m'
    >>> whole_name("He ran 100m.", Span(7, 10, "100", "number")).text
    '100'
    """
    if span.kind == "number" and span.text[:1] in "$€£¥" and (m := _SUFFIX.match(sentence, span.end)):
        return Span(span.start, m.end(), sentence[span.start : m.end()], "number")
    if span.kind == "name" and span.text.endswith(" War") and (m := _ROMAN_ONE.match(sentence, span.end)):
        return Span(span.start, m.end(), sentence[span.start : m.end()], "name")
    near = sentence[max(0, span.start - 8) : span.start]  # most names: no particle before them, no full search
    glued = span.kind == "name" and _PARTICLE_NEAR.search(near) is not None
    m = _PARTICLE_TAIL.search(sentence[: span.start]) if glued else None
    return Span(m.start(), span.end, sentence[m.start() : span.end], "name") if m else span


_AND = re.compile(r"(?:,\s+and\s+|,\s+|\s+and\s+|\s+&\s+)(?:the\s+)?")  # "the Hawks and the Owls"


def coordinated(sentence: str, found: tuple[Span, ...]) -> tuple[tuple[Span, ...], ...]:
    """Runs of two or more names or titles the sentence lists together, ending at "and" ("Norway, Chile and Peru"),
    each run as its spans in order. Commas alone make no list: "Lakeport, Tarvania" is a place and its region.

    >>> text = "Norway, Chile and Peru backed it; Lima, Peru did not."
    >>> [[s.text for s in run] for run in coordinated(text, spans(text))]
    [['Norway', 'Chile', 'Peru']]
    >>> pair = "The Hawks and the Owls met."
    >>> [[s.text for s in run] for run in coordinated(pair, spans(pair))]
    [['Hawks', 'Owls']]
    """
    named = [sp for sp in found if sp.kind in ("name", "title")]
    runs: list[list[Span]] = []
    closed: list[bool] = []  # the run's last join was "and": it is a list, and it ends there
    for sp in named:
        last = runs[-1][-1] if runs else None
        join = _AND.fullmatch(sentence[last.end : sp.start]) if last is not None and sp.start > last.end else None
        if join is not None and not closed[-1]:
            runs[-1].append(sp)
            closed[-1] = "and" in join.group(0) or "&" in join.group(0)
        else:
            runs.append([sp])
            closed.append(False)
    return tuple(tuple(run) for run, done in zip(runs, closed, strict=True) if done)


_TITLE_WORD = re.compile(r"(?:[A-Z][\w’'.&-]*|of)$")


def titled(sentence: str, span: Span) -> Span:
    """A person's name with the title the sentence gives it just before ("Former Vice President Jo Bell"),
    as news writes it; the span itself when no role word precedes it.

    >>> titled("He met French President Jo Bell.", Span(24, 31, "Jo Bell", "name")).text
    'French President Jo Bell'
    >>> titled("The harbour master, Jo Bell, spoke.", Span(20, 27, "Jo Bell", "name")).text
    'Jo Bell'
    """
    words = list(re.finditer(r"\S+", sentence[: span.start]))[-5:]
    start = span.start
    role = False
    for w in reversed(words):  # adjacent capitalised words: a role word split them off the name
        if sentence[w.end() : start] != " " or not _TITLE_WORD.match(w.group(0)):
            break
        role = role or w.group(0).lower() in ROLE_WORDS
        start = w.start()
    if not role:
        return span
    s, _ = trim(sentence, start, span.end)
    return Span(s, span.end, sentence[s : span.end], span.kind)


def titled_in(text: str, name: str) -> str:
    """The name as ``text`` first writes it with a title ("President Jo Bell", for a sentence that says "Jo Bell"
    alone), else the name.

    >>> titled_in("Jo Bell spoke. Later, President Jo Bell left.", "Jo Bell"), titled_in("Jo Bell spoke.", "Jo Bell")
    ('President Jo Bell', 'Jo Bell')
    >>> titled_in("It met President Ada Hale. Jo Bell left.", "Jo Bell")  # another sentence's title is not hers
    'Jo Bell'
    >>> titled_in("Jo Bell spoke. Gov. Jo Bell left.", "Jo Bell")
    'Gov. Jo Bell'
    """
    for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text) if text.count(name) > 1 else ():
        window = text[max(0, m.start() - 160) : m.end()]  # the name's own sentence, up to the name
        sentence = window[split_sentences(window)[-1][0] :]
        at = len(sentence) - len(name)
        shown = titled(sentence, Span(at, len(sentence), name, "name"))
        if shown.start < at:
            return shown.text
    return name


def unpunctuated(span: Span) -> Span:
    """A quoted title without the comma or full stop news sets inside its closing quote ("“Velling Nights,” it
    read"): the title, not the sentence's punctuation. An abbreviation keeps its stop ("Velling B.C.", "Hale Jr.").

    >>> [unpunctuated(Span(0, len(t), t, "title")).text for t in ("Velling Nights,", "Oh!", "Velling B.C.", "Jr.")]
    ['Velling Nights', 'Oh!', 'Velling B.C.', 'Jr.']
    """
    text = span.text.rstrip(",;:")
    if text.endswith(".") and not _ABBREVIATION.search(text):
        text = text[:-1]
    return Span(span.start, span.start + len(text), text, span.kind) if span.kind == "title" and text else span


_ABBREVIATION = re.compile(r"(?:^|\s)(?:[A-Za-z]{1,3}|(?:[A-Za-z]\.)+[A-Za-z])\.$")  # "B.C.", "Jr.", "St."
