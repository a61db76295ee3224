"""The candidate answers the scored sentences vote for (``rag/evidence.py`` scores them; pure, no model).

Each distinct article that names a candidate near the question's terms adds a vote, weighted by how well its
sentence matches the question (to the power ``Weights.sharp`` for a question about one story, not recent news),
whether the span is of the type asked for, not already named in the question, and whether the sentence gives the
figure the question pins its story by ("the $4.2 billion jackpot"). A sentence's word starts are cached (a sentence
recurs across questions); a question looks at its 20 best sentences' spans only (the CPU budget of serving).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from operator import attrgetter

from rag.acronyms import acronyms
from rag.asked import PLACE_KINDS, Ask, ask, scaled
from rag.called import apposed, names_given
from rag.candidates import Candidate, by_surname, ends, merge_contained, merge_misspelled
from rag.coined import english, terms_after
from rag.doubt import doubt
from rag.evidence import Sentence, Weights, ending, sentence_spans
from rag.extract import Span, dateline, drop_ordinary_start, opens_clause, overlaps, whole_name
from rag.figures import figures, holds
from rag.fit import fit
from rag.gazetteer import FIRST_NAMES
from rag.keys import span_key
from rag.kinds import ANY_YEAR, fits, regnal
from rag.named import given_names, named_in, named_stems, spelled_at
from rag.people import people_in
from rag.phrases import cases, modified, numbered_names, objects, times, unnumbered, weekdays
from rag.records import Passage
from rag.roles import a_title
from rag.ruled import BODIES
from rag.taxonomy import kinds_in
from rag.text import WORD
from rag.towns import in_town, regions_in
from rag.written import how_written

PERSON_OVER = 0.5  # share of a "who …?" winner's votes a person in its sentence needs to go first (``_person_first``)


@functools.lru_cache(maxsize=65536)
def _word_starts(text: str) -> tuple[int, ...]:
    """Where each word of a sentence starts (cached: a sentence recurs across questions)."""
    return tuple(m.start() for m in WORD.finditer(text))


def _proximity(s: Sentence, span: Span) -> float:
    """1 when the span sits next to a word of the question (``s.hits``), falling off with the distance in words."""
    if not s.hits:
        return 0.0
    starts = _word_starts(s.text)
    positions = [bisect.bisect_left(starts, h) for h in s.hits]
    at = bisect.bisect_left(starts, span.start)
    width = max(1, len(WORD.findall(span.text)))
    gap = min(max(0, p - (at + width - 1), at - p) for p in positions)
    return 1.0 / (1.0 + gap / 4.0)


_TOWNS = frozenset({"city", "place"})
_KIN = (
    r"(?:wife|husband|spouse|partner|son|daughter|child|children|father|mother|parent|brother|sister|family|widow|"
    r"fianc[eé]e?|grandson|granddaughter|niece|nephew|cousin)s?"
)
# a relative of someone the question names: "Hale's wife", "the son of Jo Hale" ("the son of the last king" is not)
_FAMILY = re.compile(
    rf"[A-Z][\w.-]*[’']s?\s+(?:\w+\s+)?(?i:{_KIN})\b|\b(?i:{_KIN})\s+of\s+(?:\w+\s+)?[A-Z][\w.-]*\b(?![’'])"
)
_KIN_WORD = re.compile(rf"\b{_KIN}\b", re.I)  # a question typed in lower case names no one by capitals
_NAMED_KINDS = frozenset({"thing", "name", "title"})


def vote(
    question: str,
    kind: str,
    scored: Sequence[Sentence],
    passages: Sequence[Passage],
    w: Weights,
    recent: bool = False,
) -> list[Candidate]:
    """Candidates ranked by votes; a shorter name that ends a longer one ("Ruiz", "Ana Ruiz") votes for it.
    ``recent``: the question's time leans to recent news ("this week"), where each voter's sentence counts as it
    scores; else its score counts to the power ``Weights.sharp``."""
    asked, a = named_in(question), ask(question, kind)
    sharp = w.power(recent)
    short = acronyms(question)  # "VRA": a name spelling it out is named by the question
    found: dict[tuple[str, ...], Candidate] = {}
    towns: set[tuple[str, ...]] = set()  # "Where …?": regions a sentence names with their town ("Lakeport, Ohio")
    repeats: dict[tuple[tuple[str, ...], str], int] = {}
    voters = voters_of(scored, w)
    pinned = _pinned(question, voters, kind)
    found_spans = [sentence_spans(s, passages) + _more(s.text, kind, a) for s in voters]
    if kind in _NAMED_KINDS:  # "which measure …?": "Article 12", not the "Article" of any other
        found_spans = [unnumbered(f) for f in found_spans]
    a = scaled(a, found_spans)
    opening = [  # (only a sentence with a colon has a clause that opens after its first span)
        sp for s, f in zip(voters, found_spans, strict=True) for sp in (f if ":" in s.text else f[:1])
        if opens_clause(s.text, sp)
    ]  # fmt: skip
    ordinary, inner = how_written(opening, voters, passages)
    kin = _FAMILY.search(question) or (question.islower() and _KIN_WORD.search(question))  # "who is hale's wife"
    surnamed = kind in ("person", "winner") and not kin  # "who is Hale's wife?": "Jo Hale"
    others = given_names(question) if surnamed else {}  # "Ada Hale" asked about: "Tom Hale" is someone else
    not_people = kind in _TOWNS or bool(a.heads & BODIES)  # no place, nor company, is a person the pieces title
    people = people_in(dict.fromkeys(passages[s.passage].text for s in voters)) if not_people else frozenset()
    called = _called(voters, found_spans, a)
    for s, candidates, pins in zip(voters, found_spans, pinned, strict=True):
        article = passages[s.passage].article_id
        for found_span in candidates:
            sp = drop_ordinary_start(s.text, found_span, ordinary, inner)
            if sp is None or (kind not in PLACE_KINDS and dateline(s.text, sp)):
                continue  # where the report was filed answers only "where …?"
            if sp.kind == "number" and (s.text[sp.end : sp.end + 1].isupper() or _ORDINAL.match(s.text, sp.end)):
                continue  # "5G", "4K": a name with a figure in it, no amount; "the 90th final": an order
            if s.text[sp.start - 1 : sp.start] == "(" and _TICKER.fullmatch(sp.text) and _bracketed(s.text, sp):
                continue  # "Velling Foods (VFD)": the name's ticker or acronym, which the name before it answers
            sp, f = fit(a, s, whole_name(s.text, sp), passages[s.passage], w.personal, candidates, called)
            with_town = kind == "place" and (town := in_town(s.text, sp)) != sp
            if with_town:
                sp = town  # "Where …?": "Lakeport, Ohio" says more than "Ohio", which votes for it
            if people and sp.text.split()[-1] in people:
                continue  # "Where …?" is never answered with a person the pieces call "President Hale"
            key = span_key(sp)
            if kind == "year" and sp.kind == "date" and (year := ANY_YEAR.search(sp.text)):
                key = (year.group(0),)  # "In what year …?": "May 2, 1962" and "1962" give one answer
            if with_town:
                towns.add(key)
            words = named_stems(key, question)
            if f <= 0 or not key or _named_already(key, words, s.text, sp, kind, asked, a.peoples, short):
                continue
            if surnamed and len(key) > 1 and words[-1] in asked and others.get(key[-1], key[-2]) == key[-2]:
                continue  # "Who is replacing Brook?" is not answered with "Editor Ada Brook": the question names her
            own = a.heads if sp.kind == "label" else frozenset()  # "Category 5" names its kind with the question's word
            # partly named: weaker ("Ada" of "Ada Hale"); not a day in the month asked about ("this January": Jan. 23)
            named = sum(t in asked and t not in own for t in words) / len(key) if sp.kind != "date" else 0.0
            doubted = doubt(a, s, sp, candidates)
            mention = s.score**sharp * (1 + w.proximity * _proximity(s, sp)) * f**w.fit * (1 - 0.5 * named) * doubted
            mention *= 1.0 if pins else w.unpinned
            c = found.setdefault(key, Candidate(key))
            n = repeats[key, article] = repeats.get((key, article), 0) + 1
            c.votes += w.repeat * mention if n > 1 else 0.0
            c.articles[article] = max(c.articles.get(article, 0.0), mention)
            if _shown_before(sp, mention, c):
                c.best, c.span, c.sentence = mention, sp, s
    for c in found.values():
        c.votes += sum(c.articles.values())
    if kind not in ("number", "date", "year", "time"):
        merge_misspelled(found)  # names only: a figure is no slip of another
    merge_contained(found)
    for key in towns & found.keys():
        found[key].absorbed = max((c.sentence.score for c in ends(key, found) if c.sentence), default=0.0)
    if kind in ("person", "winner"):
        for c in found.values():
            c.absorbed = max([c.absorbed, *(s.score for s in by_surname(c, found, passages))])
    ranked = sorted(found.values(), key=_order)
    return _person_first(ranked) if kind == "person" else ranked


def _named_already(
    key: tuple[str, ...],
    words: tuple[str, ...],
    text: str,
    sp: Span,
    kind: str,
    asked: frozenset[str],
    peoples: frozenset[str],
    short: tuple[str, ...],
) -> bool:
    """The question names the mention (``key``, its stems ``words``), in its words or as its acronym ("VRA"):
    ``asked`` holds the stems of the question's words (``named.named_in``), ``peoples`` those of the peoples it names
    ("Vellingese" for "which Velling City …?"), ``short`` its acronyms."""
    return (
        all(t in asked for t in words)
        or (len(key) > 2 and _titled_named(key, words, asked))  # "Velling Speaker Tom Reed" for "… Tom Reed …?"
        or (kind == "number" and _count_named(sp, asked))  # "after 12 more arrived": not "12 more"
        or (words[0] in peoples and len(words) == 1)  # "Vellingese" for "which Velling City …?"
        or (regnal(sp.text) and all(t in asked for t in words[:-1]))  # "King Ansel II" for "King Ansel"
        or bool(short and spelled_at(text, sp.start, sp.end, short))
    )


def _titled_named(key: tuple[str, ...], words: tuple[str, ...], asked: frozenset[str]) -> bool:
    """A person the question names, with a title and words before her name the question does not give ("Velling
    Speaker Tom Reed" for "… after Speaker Tom Reed's trip?"; not "RV Tom Reed", a ship named after him)."""
    return key[-2] in FIRST_NAMES and a_title(key[-3]) and all(t in asked for t in words[-2:])


def _called(voters: Sequence[Sentence], found: Sequence[tuple[Span, ...]], a: Ask) -> frozenset[str]:
    """The names of two words or more a voter's sentence calls by the noun a "which <noun> …?" question asks for
    ("the fashion house Mary Hale"): a body's, whatever a person's given name in it says (a one-word name is no
    person's by its words, so it is not looked at)."""
    if a.kind != "thing" or not a.heads:
        return frozenset()
    return frozenset(
        sp.text
        for s, spans in zip(voters, found, strict=True)
        for sp in spans
        if " " in sp.text and apposed(s.text, sp, a.heads)
    )


_FIGURE = re.compile(r"\d")
_TICKER = re.compile(r"[A-Z]{2,5}")


def _bracketed(text: str, sp: Span) -> bool:
    """The span stands alone in brackets right after a name: "Velling Foods (VFD)" (not "(VFD is …)", nor the
    acronym of a lower-case phrase, "a clotting syndrome (VCS)", which no other candidate names).

    >>> t = "Velling Foods (VFD) and a clotting syndrome (VCS) grew."
    >>> _bracketed(t, Span(15, 18, "VFD", "name")), _bracketed(t, Span(45, 48, "VCS", "name"))
    (True, False)
    """
    before = text[: sp.start - 1].rstrip().split()
    bracketed = text[sp.start - 1 : sp.start] == "(" and text[sp.end : sp.end + 1] == ")"
    return bracketed and bool(before) and before[-1][:1].isupper()


_ORDINAL = re.compile(r"(?:st|nd|rd|th)\b")


def _shown_before(sp: Span, mention: float, c: Candidate) -> bool:
    """The mention shows the candidate better than its best so far: a number in figures before one in words ("13
    stars", not "thirteen stars": one answer, ``rag.keys.number_key``), then the stronger mention."""
    if c.span is None or sp.kind != "number":
        return mention > c.best
    figures, shown = _FIGURE.search(sp.text) is not None, _FIGURE.search(c.span.text) is not None
    return figures > shown or (figures == shown and mention > c.best)


def _person_first(ranked: list[Candidate]) -> list[Candidate]:
    """A "who …?" winner that is only plausibly someone (a country or a body, ``fits`` 0.5) gives way to a person's
    name in its own sentence with at least ``PERSON_OVER`` of its votes, among the next three: in "Ada Brook's posts
    portray Tarvania as failing, criticizing its police", who criticized the police is Ada Brook, though the pieces
    name Tarvania more."""
    top = ranked[0] if ranked else None
    if top is None or top.span is None or top.sentence is None or fits("person", top.span) >= 1:
        return ranked
    for i, c in enumerate(ranked[1:4], start=1):
        same = c.sentence is not None and c.sentence.text == top.sentence.text
        if same and c.span is not None and fits("person", c.span) >= 1 and c.votes >= PERSON_OVER * top.votes:
            return [c, *ranked[:i], *ranked[i + 1 :]]
    return ranked


def _order(c: Candidate) -> tuple[float, int, int, tuple[str, ...]]:
    """Most votes first; on a tie the longer name, then the one its sentence gives first (news leads with the fact)."""
    return -c.votes, -len(c.key), c.span.start if c.span else 0, c.key


def _more(sentence: str, kind: str, a: Ask) -> tuple[Span, ...]:
    """The candidates a question's kind adds to the sentence's own: the phrases of its head nouns ("which vaccine"),
    the times of day ("what time …?": "8 p.m. ET"), the weekdays news dates by ("when …?": "Tuesday"), what "what
    did they steal?" asks for ("six plates"), the lower-case nouns of the kind asked for ("which food …?":
    "honey"), where no other phrase holds them, and the names given after "titled" or "called" with their small
    words ("what is the agenda's name?": "Pledge to Lakeport")."""
    heads = a.heads  # "which animal escaped …?": "animal", no "giraffe escaped" (``heads`` stop at the verb)
    if kind == "thing" and a.acted is not None:
        found = objects(sentence, a.acted) + (modified(sentence, heads) if heads else ())
    else:
        found = (
            modified(sentence, heads) if heads else times(sentence) if kind == "time"
            else weekdays(sentence) if kind == "date" and a.dated and not a.ahead and not a.weekday else ()
        )  # fmt: skip
    kinds = kinds_in(sentence, a.kinds) if a.kinds else ()
    coined = terms_after(sentence, a.noun, english()) if a.noun else ()  # "the medication velorin"
    given = names_given(sentence) if a.called else ()  # "an agenda titled Pledge to Lakeport"
    named = cases(sentence) + numbered_names(sentence) if kind in _NAMED_KINDS else ()  # "which ruling …?": "Hale
    # v. Velling"; "which measure …?": "Article 12"
    return found + tuple(k for k in kinds + coined + given + named if not any(overlaps(f, k) for f in found))


# a count as the piece writes it, no sum, share or scaled amount ("12 more", not "$12", "12%", "1.2 million")
_BARE_COUNT = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(?![\d.,%])(?!\s+(?:million|billion|trillion|thousand)\b)")


def _count_named(sp: Span, asked: frozenset[str]) -> bool:
    """The candidate is a count the question itself gives ("how many are in the fleet after 12 more arrived?": not
    "12 more"), which is no answer to it.

    >>> asked = frozenset({"12", "1350"})
    >>> [_count_named(Span(0, len(t), t, "number"), asked) for t in ("12 more", "1,350", "$12", "1.2 million", "57")]
    [True, True, False, False, False]
    """
    m = _BARE_COUNT.match(sp.text) if sp.kind == "number" else None
    return m is not None and m.group(1).replace(",", "") in asked


def _pinned(question: str, voters: Sequence[Sentence], kind: str) -> list[bool]:
    """Which voters tell the question's story, when some do and some do not: those that give a figure the question
    pins it by ("the $4.2 billion jackpot"; the others tell of another jackpot, as often as not), else, when it does not
    ask for a place, those that name no state or country or one it names ("when it hit Ohio's coast": not a sentence of
    its landfall in Texas). The others vote ``Weights.unpinned`` of their weight; all vote fully when none is told
    apart."""
    wanted = figures(question)
    pins = [holds(s.text, wanted) for s in voters] if wanted else []
    if not any(pins) and kind not in PLACE_KINDS and (asked := regions_in(question)):
        pins = [not (named := regions_in(s.text)) or bool(named & asked) for s in voters]
    return pins if any(pins) and not all(pins) else [True] * len(voters)


def voters_of(scored: Sequence[Sentence], w: Weights) -> list[Sentence]:
    """The best sentences whose candidates vote. A question asserts nothing ("How many fans watched the final?" is a
    subhead, not evidence of a number)."""
    statements = (s for s in scored if s.score > 0 and ending(s.text) != "?")
    return sorted(statements, key=attrgetter("score"), reverse=True)[: w.voters]
