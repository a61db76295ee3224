"""What else a question says about its answer, beyond its kind (``rag/answer_type.py``): the verb whose subject
"who …?" asks for, the head nouns of "which …?", how many things it asks for, whether it looks ahead ("when will
…?") or asks for a score (pure, regex only).
"""

from __future__ import annotations

import functools
import re

from rag.answer_type import AUXILIARIES, COUNTS, NOT_NOUNS, SEVERAL
from rag.text import WORD, stem
from rag.verbs import PASTS

_AHEAD = re.compile(r"\bwhen (?:will|is|are|does|do|shall)\b|\bwhen\b.*\bgoing to\b", re.I)


def looks_ahead(question: str) -> bool:
    """The question asks when something will happen, not when it did.

    >>> looks_ahead("When will the strike end?"), looks_ahead("When is the ferry going to run?")
    (True, True)
    >>> looks_ahead("When did the strike end?")
    False
    """
    return _AHEAD.search(question) is not None


def asks_score(question: str) -> bool:
    """The question asks for a game's score ("What was the final score?"): both sides, "31-20".

    >>> asks_score("What was the score of the final?"), asks_score("How many goals were there?")
    (True, False)
    """
    return re.search(r"\bscores?\b", question, re.I) is not None


def subject_verb(question: str) -> str | None:
    """The stem of the verb whose subject a "who …?" question asks for, or None.

    >>> subject_verb("Who supports the ferry plan?"), subject_verb("Who has opposed the tolls?")
    ('suppor', 'oppos')
    >>> subject_verb("Who is the harbour master?"), subject_verb("Which firm bought it?")
    (None, None)
    >>> subject_verb("Who did Ada Brook pardon?")  # whom she pardoned: ``object_verb``
    """
    m = re.match(rf"\s*who\s+(?:(?:{'|'.join(AUXILIARIES)})\s+)?([a-z]{{3,}})\b", question, re.I)
    if not m or m.group(1).lower() in AUXILIARIES or m.group(1).lower() in ("the", "being") or object_verb(question):
        return None
    return stem(m.group(1).lower())


_DETERMINERS = frozenset("the a an his her their its this that".split())
_OBJECT = re.compile(
    r"\s*(?i:whom?|what|(?P<which>(?:which|what)\s+[a-z][\w-]*))\s+(?i:did|does|do|will|would|has|have|had|can|could|"
    r"should)\s+(?P<clause>[^?,;:!]+)"
)
_SUBJECTS = _DETERMINERS | frozenset("he she they it you we i these those".split())
_CLAUSE_ENDS = NOT_NOUNS - _DETERMINERS  # "… beat in the final": a preposition ends the clause


@functools.lru_cache(maxsize=1024)
def _object_clause(question: str, which: bool = False) -> tuple[tuple[str, ...], str] | None:
    """The subject's words and the verb of a "who / what did <subject> <verb> …?" question, or None; ``which``:
    "which <noun> did …?" too (cached: the composer, the voting and the fit each ask it of one question)."""
    m = _OBJECT.match(question)
    words = m["clause"].split() if m and (which or not m["which"]) else []
    if not words or not (words[0][0].isupper() or words[0].lower() in _SUBJECTS):
        return None  # "who has opposed the tolls?" asks for the subject
    end = next((i for i, w in enumerate(words) if i and w.lower() in _CLAUSE_ENDS), len(words))
    if end < 2 or not re.fullmatch(r"[a-z]{3,}", words[end - 1]) or words[end - 1] in NOT_NOUNS:
        return None
    if end < len(words) and (end + 1 == len(words) or words[end + 1].lower() in _CLAUSE_ENDS):
        return None  # "which team does she play for?": what the stranded "for" governs, not what she plays
    verb = words[end - 1]
    if end + 1 < len(words) and words[end] == "to" and re.fullmatch(r"[a-z]{3,}", words[end + 1]):
        verb = words[end + 1]  # "what did Tarvania agree to buy?": buy
    return tuple(words[: end - 1]), verb


def object_verb(question: str, which: bool = False) -> str | None:
    """The stem of the verb whose object a "who / what did <someone> <verb>?" question asks for, or None.

    >>> object_verb("Who did Ada Brook pardon?"), object_verb("who did the mayor thank"), object_verb("Who won?")
    ('pardon', 'thank', None)
    >>> object_verb("What did the Velling Museum thieves steal?"), object_verb("Who did the Owls beat in the final?")
    ('steal', 'beat')
    >>> object_verb("What did Tarvania agree to buy?"), object_verb("Which firm bought Tarvania Mills?")
    ('buy', None)
    >>> object_verb("Which team did the Owls beat?"), object_verb("Which team did the Owls beat?", which=True)
    (None, 'beat')
    >>> object_verb("Which team does Ada Brook play for?", which=True), object_verb("Who does she work for?")
    (None, None)
    """
    clause = _object_clause(question, which)
    return stem(clause[1]) if clause else None


def object_subject(question: str, which: bool = False) -> frozenset[str]:
    """The stems of the name that acts in a "who did <name> <verb>?" question: whom it acted on is someone else.

    >>> sorted(object_subject("Who did Ada Brook pardon?")), object_subject("Who did the mayor thank?")
    (['ada', 'brook'], frozenset())
    >>> sorted(object_subject("Who did the Owls beat?"))
    ['owl']
    """
    clause = _object_clause(question, which)
    words = clause[0] if clause else []
    words = words[1:] if words and words[0].lower() in _DETERMINERS else words  # "the Owls"
    if not words or not words[0][0].isupper():
        return frozenset()
    return frozenset(stem(w.lower()) for w in WORD.findall(" ".join(words)))


_WHEN = re.compile(r"\s*(?:when|where)\s+(did|does|do|was|were|is|are|will|has|have|had)\s+([^?!.]+)", re.I)
_PARTICIPLES = frozenset(
    "shot born held built won sold bought lost paid hit struck sworn caught found made sent told taught left led met "
    "kept spent hung put set cut".split()
)
_LIGHT = frozenset(
    "happen happened occur occurred start started take taken begin begun end ended held hold come".split()
)
_POSSESSIVES = _DETERMINERS | frozenset("my our your".split())  # "his", "her" … are among the determiners


_PARTICLES = frozenset("out up off down over back away".split())


def when_verb(question: str, named: bool = False) -> str | None:
    """The stem of the verb a "when did / was X <verb>?" question dates (or a "where …?" question places), or None
    (also for a verb that says only that something took place: "when did it happen?").

    >>> when_verb("When was the Velling mayor elected?"), when_verb("When did the ferry happen?")
    ('elect', None)
    >>> when_verb("When is the cup final?"), when_verb("When did she win her first Velling Cup?")
    (None, 'win')
    >>> when_verb("When did the bridge open to traffic?"), when_verb("When did Tarvania sign the ferry deal?")
    ('open', 'sign')
    >>> when_verb("Where was the Velling mayor arrested?"), when_verb("Where is the cup final?")
    ('arrest', None)
    >>> when_verb("When will the comet pass Lakeport?"), when_verb("When will the comet pass Lakeport?", named=True)
    (None, 'pas')
    >>> when_verb("When did Velling carry out its test?"), when_verb("When did agents start visiting landowners?")
    ('carry', None)
    """
    m = _WHEN.match(question)
    words = m[2].split() if m else []
    words = words[: next((i for i, w in enumerate(words) if i and w.lower() in _CLAUSE_ENDS), len(words))]
    while named and len(words) > 2 and words[-1][:1].isupper():
        words.pop()  # ``named``: "when will the comet pass Lakeport?" dates "pass", the verb before the name
    at = next((i for i, w in enumerate(words) if i > 1 and w.lower() in _POSSESSIVES), len(words))
    verb = words[at - 1] if len(words) >= 2 else ""  # "when did she win her first cup?": win
    if verb.lower() in _PARTICLES and at >= 3:
        verb = words[at - 2]  # "when did they carry out the test?": carry
    if verb.endswith("s") and not verb.endswith(("ss", "us")) and m is not None and m[1].lower() != "was":
        return None  # "when did agents start visiting landowners?": a plural noun, no verb read
    if m is None or not re.fullmatch(r"[a-z]{3,}", verb) or verb in NOT_NOUNS or verb in _LIGHT:
        return None
    if m[1].lower() in ("is", "are", "was", "were") and not (verb.endswith(("ed", "en")) or verb in _PARTICIPLES):
        return None  # "when is the cup final?": a noun, no verb
    return stem(verb)


_PASSIVE_WHO = re.compile(
    r"\s*who\s+(?:was|were|is|are|(?:has|have|had)\s+been|will\s+be|got)\s+(?:[a-z]+ly\s+)?([a-z]{3,})\b", re.I
)


def asks_passive(question: str) -> bool:
    """The question is in the passive ("who was elected …?"): it asks whom the verb acted on.

    >>> asks_passive("Who was elected mayor?"), asks_passive("Who was the mayor?"), asks_passive("Who elected her?")
    (True, False, False)
    """
    m = _PASSIVE_WHO.match(question)
    verb = m.group(1).lower() if m else ""
    return verb.endswith(("ed", "en")) or verb in _PARTICIPLES


_ROLE = re.compile(
    r"^\s*who\s+(?:is|are|was|were|will\s+be)\s+(?:the|a|an)\s+((?:[\w’'-]+\s+){0,3}?[\w’'-]+)"
    r"(?=\s+(?:of|in|at|for|on|from|with|to|who|that|now)\b|\s+[a-z]+ed\b|\s*[?.!]?\s*$)",  # "… the pilot arrested …"
    re.I,
)


def role_noun(question: str) -> str | None:
    """The stem of the role a "who is the <role> …?" question asks about, or None.

    >>> role_noun("Who is the new harbour master of Lakeport?"), role_noun("Who are the suspects in the theft?")
    ('master', 'suspec')
    >>> role_noun("Who is the Velling coach"), role_noun("Who won the cup?"), role_noun("Who is Ada Brook?")
    ('coach', None, None)
    >>> role_noun("Who was the pilot arrested in Lakeport?")
    'pilot'
    """
    m = _ROLE.match(question)
    return stem(m.group(1).split()[-1].lower()) if m else None


# "which breed of dog …", "which bird species …": a sort of thing before "of" or after its noun is no head (alone,
# "which species …?" asks for one)
_SORTS = (
    "type types kind kinds sort sorts form forms variety varieties breed breeds species strain strains genre genres"
)
_SUPERLATIVES = (
    "largest biggest smallest highest lowest longest tallest oldest youngest newest latest fastest richest "
    "poorest deadliest hottest coldest busiest best worst first last most least"
)
_HEAD = re.compile(
    rf"\b(?:which|what)\s+(?:(?:is|was|are|were)\s+the\s+(?:{_SUPERLATIVES.replace(' ', '|')})"
    rf"\s+)?(?:(?:{_SORTS.replace(' ', '|')})\s+of\s+)?((?:[a-z][\w-]*\s*){{1,3}})",
    re.I,
)  # "what is the largest lake …?" asks for a lake, "what is the most visited city …?" for a city
_NOT_HEADS = NOT_NOUNS | frozenset("of these following type kind sort one ones".split())
_SORT_WORDS = frozenset(_SORTS.split())


# Plural nouns that name the kind of answer asked for ("which countries …"): a list, because a plural-looking word
# after "which" is as often a modifier ("which sports team", "which awards show") or a singular ("which virus").
_PLURAL_KINDS = frozenset(
    "countries nations states cities towns companies firms teams clubs players people brands airlines stores "
    "retailers leaders members candidates nominees finalists winners suspects celebrities actors actresses stars "
    "artists singers bands animals "
    "products foods items banks schools universities colleges islands regions provinces films movies shows books "
    "songs albums cars apps".split()
)


def asks_for_several(question: str) -> bool:
    """The question asks for more than one thing: "which two …", or a plural kind ("which (European) countries …").

    >>> asks_for_several("Which countries signed the pact?"), asks_for_several("Which two teams met?")
    (True, True)
    >>> asks_for_several("Which country signed?"), asks_for_several("Which sports team won?")
    (False, False)
    >>> asks_for_several("Which European countries signed?"), asks_for_several("Which three-day event?")
    (True, False)
    >>> asks_for_several("Who are the candidates for mayor?"), asks_for_several("Who is the candidate for mayor?")
    (True, False)
    """
    if re.search(rf"\b(?:which|what)\s+(?:{SEVERAL})\s", question, re.I):
        return True
    who = re.search(r"\bwho\s+(?:are|were|will\s+be)\s+(?:the\s+)?([a-z]+)\b(?:\s+([a-z]+)\b)?", question, re.I)
    if who and any((w or "").lower() in _PLURAL_KINDS for w in who.groups()):  # "who are the (two) candidates …"
        return True
    m = re.search(r"\b(?:which|what)\s+([a-z-]+)\b(?:\s+([a-z]+)\b)?", question, re.I)
    return m is not None and any((w or "").lower() in _PLURAL_KINDS for w in m.groups())


_HOW_MANY_ASKED = re.compile(rf"\b(?:which|what)\s+({'|'.join(COUNTS)})\s", re.I)


def asked_count(question: str) -> int | None:
    """How many things the question asks for, when it says ("which two teams …" → 2), else None.

    >>> asked_count("Which two teams met?"), asked_count("Which teams met?"), asked_count("What three-day event?")
    (2, None, None)
    """
    m = _HOW_MANY_ASKED.search(question)
    return COUNTS[m.group(1).lower()] if m else None


@functools.lru_cache(maxsize=1024)
def _phrase(question: str) -> tuple[str, ...]:
    """The words of a "which/what …" question's noun phrase, in lower case (cached: read for each candidate kind)."""
    m = _HEAD.search(question)
    words = m.group(1).lower().split() if m else []
    end = next((i for i, w in enumerate(words) if w in _NOT_HEADS or (i and w in _SORT_WORDS)), len(words))
    return tuple(words[:end])


def head_phrase(question: str) -> tuple[str, ...]:
    """The words of a "which/what …" question's noun phrase before any verb, its head last, in lower case.

    >>> head_phrase("Which river fish has come back?"), head_phrase("Which committee held the hearing?")
    (('river', 'fish'), ('committee',))
    >>> head_phrase("Which old lantern lit the hall?"), head_phrase("Which event recently drew crowds?")
    (('old', 'lantern'), ('event',))
    >>> head_phrase("Which mill laid off 400 workers?")
    ('mill',)
    >>> head_phrase("Which breed of dog won?"), head_phrase("Which bird species nested here?")
    (('dog',), ('bird',))
    >>> head_phrase("What is the largest lake in Velling?"), head_phrase("Which species came back?")
    (('lake',), ('species',))
    """
    words = _phrase(question)
    end = next((i for i, w in enumerate(words) if i and _ends_phrase(w)), len(words))
    return words[:end]  # "which committee held …?": a verb ends the phrase


def _ends_phrase(word: str) -> bool:
    """A word that follows a question's noun phrase, not in it: a verb in the past ("held", "lit"), or an adverb
    ("which event recently …")."""
    return word.endswith(("ed", "ly")) or word in _PARTICIPLES or word in PASTS or word in ("said", "says")


def head_noun(question: str) -> str | None:
    """The stem of the last word of a "which/what …" question's noun phrase before any verb: its head, most often
    ("which amateur rowing team …?" → "team").

    >>> head_noun("Which amateur rowing team won the regatta?"), head_noun("What did she say?")
    ('team', None)
    >>> head_noun("Which committee held the hearing?"), head_noun("Which site tracked it?")
    ('commit', 'sit')
    """
    words = head_phrase(question)
    return stem(words[-1]) if words else None


def head_nouns(question: str) -> frozenset[str]:
    """The stems of the words that may name what a "which/what …" question asks for (its noun phrase, the
    head last), or none when a verb follows the wh-word ("what did …").

    >>> sorted(head_nouns("Which type of garden tool was banned?")), sorted(head_nouns("What did she say?"))
    (['garden', 'tool'], [])
    """
    return frozenset(stem(w) for w in _phrase(question))
