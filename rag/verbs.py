"""Where a sentence says a verb: its forms (irregular pasts, the endings the stemmer keeps), whether a span comes
after it or before it in the passive, and whether a sentence says it at all. Pure; a sentence's word stems are cached
(a sentence recurs across questions).
"""

from __future__ import annotations

import functools
import re

from embeddings.spans import Span
from rag.phrases import OBJECT_WORDS
from rag.text import WORD, stem

# Verbs whose past is not their stem with an ending: "who won …?" is said by "won" (or a "victory"), "what did she
# buy?" by "bought"
_IRREGULAR = (
    "win won victory victorious winner|beat beaten|buy bought|sell sold|steal stole stolen|meet met|lose lost|pay paid|"
    "choose chose chosen|take took taken|give gave given|bring brought|fight fought|hold held|lead led|leave left|"
    "make made|send sent|tell told|find found|build built|catch caught|teach taught|shoot shot|hit hit|run ran|"
    "write wrote written|speak spoke spoken|drive drove driven|break broke broken|sing sang sung|begin began begun|"
    "fall fell fallen|rise rose risen|grow grew grown|throw threw thrown|bear bore born|sink sank sunk|swim swam|"
    "fly flew flown|eat ate eaten|see saw seen|go went gone|come came|become became|say said|sit sat|stand stood|"
    "hang hung|seek sought|keep kept|feel felt|spend spent|strike struck|sweep swept|swear swore sworn|"
    "wear wore worn|light lit|lay laid|draw drew drawn|know knew known|blow blew blown|withdraw withdrew withdrawn|"
    "flee fled|deal dealt|dig dug|hide hid hidden|ride rode ridden|freeze froze frozen|wake woke woken|shake shook "
    "shaken|tear tore torn|hear heard|forgive forgave forgiven|undergo underwent undergone|arise arose arisen"
)
# The past forms of those verbs, as a statement says them ("the ferry sank"); "victory" is no past
PASTS = frozenset(w for group in _IRREGULAR.split("|") for w in group.split()[1:3]) - {"victory"}
_FORMS = {w: forms for forms in (frozenset(stem(x) for x in group.split()) for group in _IRREGULAR.split("|"))
          for w in forms}  # fmt: skip


@functools.lru_cache(maxsize=4096)
def verb_forms(verb: str) -> frozenset[str]:
    """The stems a verb's forms take: its own, the endings the stemmer keeps ("used", "banned"), and its irregular
    past ("win" → "won").

    >>> sorted(verb_forms(stem("win"))), sorted(verb_forms(stem("bought"))), sorted(verb_forms(stem("ban")))
    (['victor', 'win', 'winn', 'winner', 'won'], ['bought', 'buy'], ['ban', 'bann'])
    >>> sorted(verb_forms(stem("elect"))), sorted(verb_forms(stem("carry")))
    (['elect'], ['carri', 'carry'])
    """
    endings = []
    if verb.endswith("e"):
        endings.append(verb + "d")  # "used", "owed" ("died" and "dying" the stemmer gives as "die")
    if verb.endswith("y") and len(verb) > 3 and verb[-2] not in "aeiou":
        endings.append(verb[:-1] + "ied")  # "carried", "studied"
    if re.fullmatch(r"[a-z]*[^aeiou][aeiou][bdgklmnprt]", verb):
        endings += [verb + verb[-1] + "ed", verb + verb[-1] + "ing"]  # "banned", "banning"
    return _FORMS.get(verb, frozenset((verb,))) | {stem(w) for w in endings}


@functools.lru_cache(maxsize=65536)
def word_stems(text: str) -> tuple[tuple[int, str], ...]:
    """Where each word of a sentence starts, with its stem (cached: a sentence recurs across questions)."""
    return tuple((m.start(), stem(m.group(0).lower())) for m in WORD.finditer(text))


def verb_at(text: str, verb: str) -> int | None:
    """Where the sentence first says the verb with stem ``verb`` (in any of its forms), or None.

    >>> verb_at("Velling won; Tarro lost.", stem("win")), verb_at("Velling won.", stem("lose"))
    (8, None)
    """
    forms = verb_forms(verb)
    return next((at for at, stem_ in word_stems(text) if stem_ in forms), None)


def after(text: str, span: Span, verb: str) -> bool:
    """The span comes after the first word of the sentence with the stem ``verb``.

    >>> after("Tarvania's support for the plan pleased Ada Hale.", Span(40, 48, "Ada Hale", "name"), "suppor")
    True
    """
    at = verb_at(text, verb)
    return at is not None and at < span.start


_BREAK = re.compile(r"[,;:—–()]|\b(?:said|says|told|while|but|because|although|though|whereas)\b")


def acted_on(text: str, span: Span, verb: str) -> bool:
    """The span is what the verb with the stem ``verb`` acts on: after it, in its clause, within the longest object
    phrase (``rag.phrases.OBJECT_WORDS``): "… can ban books through a process …, a spokesperson for Gov. Ada Hale
    told …" bans "books", not "Ada Hale".

    >>> t = "Schools can ban books through a new process, a spokesperson for Gov. Ada Hale told reporters."
    >>> acted_on(t, Span(15, 20, "books", "phrase"), "ban"), acted_on(t, Span(69, 77, "Ada Hale", "name"), "ban")
    (True, False)
    """
    at = verb_at(text, verb)
    if at is None or at >= span.start:
        return False
    between = text[at : span.start]
    return len(between.split()) <= OBJECT_WORDS and _BREAK.search(between) is None


_PASSIVE = re.compile(r"\b(?:was|were|is|are|been|being|be|got)\s+(?:[a-z]+ly\s+)?([a-z]+)")


@functools.lru_cache(maxsize=65536)
def _passives(text: str) -> tuple[tuple[int, str], ...]:
    """Where each verb in the passive starts ("was fatally shot"), with its stem (cached per sentence)."""
    return tuple((m.start(1), stem(m.group(1))) for m in _PASSIVE.finditer(text))


def before_passive(text: str, span: Span, verb: str) -> bool:
    """The span comes before the verb ``verb`` in the passive: it is what the verb acted on.

    >>> before_passive("Ada Hale was fatally shot in Lakeport.", Span(0, 8, "Ada Hale", "name"), "shot")
    True
    >>> before_passive("Ada Hale shot Jo Bell.", Span(0, 8, "Ada Hale", "name"), "shot")
    False
    """
    passives = _passives(text)
    if not passives:  # most sentences: no scan at all
        return False
    forms = verb_forms(verb)
    return any(stem_ in forms and at > span.start for at, stem_ in passives)


# The verb's own negation, right before it: "has never won", "did not win", "hasn't won", "has yet to win", "none of
# them has ever won" (only auxiliaries and "ever", "yet", "once" between; not "No. 1", not "had no trouble and won")
_AUX_ADVERBS = r"(?:\s+(?:has|have|had|is|are|was|were|did|does|do|will|would|could|can|be|been|ever|yet|once))*"
_DENIED = re.compile(
    rf"(?:\b(?:not|never)|n[’']t|\byet\s+to|\bnone(?:\s+of(?:\s+[\w’'-]+){{1,4}}?)?(?=\s+(?:has|have|had|ever)\b))"
    rf"{_AUX_ADVERBS}\s+$",
    re.I,
)
# … not one of a clause of its own between the mention and the verb ("Ada Hale, who had never won, won …")
_CLAUSE = re.compile(r"\b(?:who|whom|whose|which|that)\b", re.I)


def _saying(text: str, at: int, verb: str) -> bool | None:
    """Whether the sentence says the verb of the mention that ends at offset ``at`` (True), denies it (False), or has
    no such verb after it (None): the first word with the stem ``verb`` after ``at`` that no clause of its own holds
    (its own negation right before it denies it)."""
    forms = verb_forms(verb)
    for start, stem_ in word_stems(text):
        if start < at or stem_ not in forms:
            continue
        denied = _DENIED.search(text, at, start)
        if denied is None:
            return True
        if _CLAUSE.search(text, at, denied.start()) is None:
            return False  # "Norway and Chile have never won it"
    return None  # (a negation only inside a clause of its own: "Hale, who had never won, …" — and no later verb)


def verb_after(text: str, at: int, verb: str) -> bool:
    """A word with the stem ``verb`` starts at or after offset ``at`` of the sentence, and is not denied.

    >>> verb_after("Norway and Chile support the plan.", 16, "suppor")
    True
    >>> verb_after("Those who support it: Norway.", 22, "suppor")
    False
    >>> verb_after("Norway and Chile, founded in 1905, have never won it.", 16, "won")  # a list of those who did not
    False
    >>> verb_after("Norway and Chile, which did not support it in 2020, now support the plan.", 16, "suppor")
    True
    """
    return bool(_saying(text, at, verb))


def denied_after(text: str, at: int, verb: str) -> bool:
    """The sentence denies the verb of the mention that ends at offset ``at``: "Velling has never won the cup".

    >>> t = "Velling, the No. 1 seed, has never won the cup; Tarrow, who did not play, won it in 2030."
    >>> denied_after(t, 7, "won"), denied_after(t, 54, "won"), denied_after("Velling won it.", 7, "won")
    (True, False, False)
    >>> [denied_after(t, 7, "won") for t in ("Jo Bell, who had never won a major, won the cup.",
    ...  "Jo Bell beat Ada Hale, who has never won the cup.", "Jo Bell had no trouble and won the cup.")]
    [False, False, False]
    >>> denied_after("The Owls and Hawks have played since 1990 and none of the three clubs has ever won it.", 8, "won")
    True
    """
    return _saying(text, at, verb) is False


# "Who said …?": the quote is the evidence, whatever verb reports it ("Hale added: …", "Hale wrote …")
_REPORTING = frozenset(stem(w) for w in "say said says tell told write wrote tweet tweeted post posted".split())


# Verbs news uses for one another's act: "who proposed the bill?" is said by "Hale introduced the bill"
_KIN = (
    "propose introduce announce unveil submit sponsor|beat defeat|discover detect|arrest detain|"
    "fire dismiss oust sack|resign quit|buy acquire purchase|ban prohibit|appoint nominate|kill slay|"
    "office sworn inaugurate|"  # "when will she take office?": "sworn in on …" says it
    # … and the titles news abbreviates before a name: "Gov. Ada Hale" says she is the governor
    "governor gov|senator sen|representative rep|lieutenant lt|attorney atty|general gen|professor prof|"
    "sergeant sgt|detective det|superintendent supt|captain capt|commissioner commr"
)
_KIN_OF = {w: group for group in (tuple(stem(x) for x in g.split()) for g in _KIN.split("|")) for w in group}


def says(text: str, verb: str) -> bool:
    """The sentence holds a word with the stem ``verb``, or of a verb news uses for the same act ("introduced" for
    "proposed"): "who suspended the deal?" needs a sentence that says who suspended it, not one that names the deal
    beside someone. A verb that reports speech needs no word of its own.

    >>> says("Tarvania suspended the ferry deal.", "suspen"), says("Tarvania says the ferry deal binds.", "suspen")
    (True, False)
    >>> says('Hale added: "The deal binds."', "said"), says("Sen. Ada Hale introduced the bill.", stem("proposed"))
    (True, True)
    >>> says("Velling Gov. Ada Hale vowed to act.", stem("governor"))
    True
    """
    return verb in _REPORTING or any(verb_at(text, v) is not None for v in _KIN_OF.get(verb, (verb,)))


def its_date(text: str, dates: tuple[Span, ...], verb: str) -> Span | None:
    """Of a sentence's dates, the one that dates the verb ``verb``: the first after a word with its stem ("will pass
    Lakeport on April 3", not the "March 9" before it; a year alone only when no day or month follows: "open its 2031
    season on April 3"), else the last before one. None when the sentence does not say it.

    >>> text = "It nears the sun on March 9 and will pass Lakeport on April 3."
    >>> dates = (Span(20, 27, "March 9", "date"), Span(54, 61, "April 3", "date"))
    >>> its_date(text, dates, stem("pass")).text, its_date(text, dates, stem("nears")).text
    ('April 3', 'March 9')
    """
    at = verb_at(text, verb)
    if at is None:
        return None
    later = [d for d in dates if d.start > at]
    later = [d for d in later if not d.text.isdigit()] or later
    return later[0] if later else max(dates, key=lambda d: d.start, default=None)


_IN = re.compile(r"\b(?:in|at|near|outside|inside|off|into|on)\s+(?:the\s+)?$", re.I)


def its_place(text: str, names: tuple[Span, ...], verb: str) -> Span | None:
    """Of a sentence's names, the first one after a word with the stem ``verb`` that follows "in", "at", "near" …:
    where the verb took place ("Hale, Velling's mayor, was arrested at a clinic in Lakeport": "Lakeport"). None when
    the sentence does not say the verb, or names no place after it so.

    >>> text = "Velling's mayor was arrested at a clinic in Lakeport on Monday."
    >>> names = (Span(0, 7, "Velling", "name"), Span(44, 52, "Lakeport", "name"))
    >>> its_place(text, names, stem("arrested")).text, its_place(text, names, stem("elected"))
    ('Lakeport', None)
    """
    at = verb_at(text, verb)
    if at is None:
        return None
    return next((n for n in names if n.start > at and _IN.search(text, 0, n.start)), None)


_COUNT_AFTER = re.compile(
    r"\w*\s+(?:(?:more|fewer|less)\s+than\s+|at\s+least\s+|(?:nearly|almost|about|around|some|roughly|over)\s+)?$", re.I
)


def its_count(text: str, numbers: tuple[Span, ...], verb: str) -> Span | None:
    """Of a sentence's numbers, the one the verb with the stem ``verb`` counts: right after it ("canceled at least 775
    flights"), else the last before it ("775 flights were canceled", "12 died and 30 were hurt"). None when the
    sentence does not say the verb, or no number comes before it or right after it.

    >>> text = "More than 3,300 flights were delayed and 775 flights were canceled."
    >>> numbers = (Span(10, 15, "3,300", "number"), Span(41, 44, "775", "number"))
    >>> its_count(text, numbers, stem("canceled")).text, its_count(text, numbers, stem("delayed")).text
    ('775', '3,300')
    >>> text = "The storm killed 12 people and injured 30."
    >>> numbers = (Span(17, 19, "12", "number"), Span(39, 41, "30", "number"))
    >>> its_count(text, numbers, stem("killed")).text, its_count(text, numbers, stem("injured")).text
    ('12', '30')
    """
    at = verb_at(text, verb)
    if at is None:
        return None
    following = next((n for n in numbers if n.start > at), None)
    if following is not None and _COUNT_AFTER.fullmatch(text, at, following.start):
        return following
    return max((n for n in numbers if n.end <= at), key=lambda n: n.start, default=None)
