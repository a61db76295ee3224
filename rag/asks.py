"""What a question's verbs say about its answer, beyond its kind (``rag/answer_type.py``): the verb whose subject
"who …?" asks for, or whose object, date or place; whether it is passive, looks ahead ("when will …?") or asks for a
score. The nouns it asks by are ``rag/heads.py`` (pure, regex only).
"""

from __future__ import annotations

import functools
import re

from rag.answer_type import AUXILIARIES, NOT_NOUNS
from rag.text import WORD, stem

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
    """The question asks for a game's score ("What was the final score?") or a vote's: both sides, "31-20", "5-4".

    >>> asks_score("What was the score of the final?"), asks_score("How many goals were there?")
    (True, False)
    >>> asks_score("What was the vote split on the ferry bill?")
    True
    """
    # "what was the vote split?", "what was the final count on the vote?": "5-4"
    return re.search(r"\b(?:scores?|split|tally)\b|\bcount\b(?=.*\bvotes?\b)", question, re.I) is not None


def subject_verb(question: str) -> str | None:
    """The stem of the verb whose subject a "who …?" question asks for, or None.

    >>> subject_verb("Who supports the ferry plan?"), subject_verb("Who has opposed the tolls?")
    ('suppor', 'oppos')
    >>> subject_verb("Who is the harbour master?"), subject_verb("Which firm bought it?")
    (None, None)
    >>> subject_verb("Who did Ada Brook pardon?")  # whom she pardoned: ``object_verb``
    >>> subject_verb("Who was Ada Brook's deputy?"), subject_verb("WHO SUPPORTS THE PLAN?")
    (None, 'suppor')
    """
    m = re.match(rf"\s*who\s+(?:(?:{'|'.join(AUXILIARIES)})\s+)?([a-z]{{3,}})\b", question, re.I)
    if not m or m.group(1).lower() in AUXILIARIES or m.group(1).lower() in ("the", "being") or object_verb(question):
        return None
    if m.group(1)[0].isupper() and not question.isupper():
        return None  # "Who was Ada Hale's deputy?": a name, no verb
    return stem(m.group(1).lower())


DETERMINERS = frozenset("the a an his her their its this that".split())
_OBJECT = re.compile(
    r"\s*(?i:whom?|what|(?P<which>(?:which|what)\s+(?:(?!(?:did|does|do|will|would|has|have|had|can|could|"
    r"should)\b)[a-z][\w-]*\s+){0,2}?[a-z][\w-]*))\s+"
    r"(?i:did|does|do|will|would|has|have|had|can|could|"
    r"should)\s+(?P<clause>[^?,;:!]+)"
)
_SUBJECTS = DETERMINERS | frozenset("he she they it you we i these those".split())
_CLAUSE_ENDS = NOT_NOUNS - DETERMINERS  # "… beat in the final": a preposition ends the clause


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
    >>> object_verb("Which jewellery shop did Ada Brook choose?", which=True)
    'choos'
    >>> object_verb("Which team has had the most fans at home games?", which=True)  # "has had": no object asked
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
    words = words[1:] if words and words[0].lower() in DETERMINERS else words  # "the Owls"
    if not words or not words[0][0].isupper():
        return frozenset()
    return frozenset(stem(w.lower()) for w in WORD.findall(" ".join(words)))


_DUE = re.compile(
    r"\b(?:due|set|scheduled|expected|slated|poised|planned)\s+to\s+([a-z]{3,})(?:\s+([a-z]{3,}))?\b", re.I
)
_WHEN = re.compile(
    r"\s*(?:when|where|(?:in\s+)?(?:what|which)\s+year)\s+"
    r"(did|does|do|was|were|is|are|will|has|have|had)\s+([^?!.]+)",
    re.I,
)
# "Which year did Velling rank as the warmest?": the year is what the verb names, not when it happened
_YEAR_NAMED = frozenset("rank call deem consider depict describe portray predict forecast project target".split())
_YEAR_ASKED = re.compile(r"\s*(?:what|which)\s+year\b", re.I)  # … asked as "what year …?", not "in what year …?"
PARTICIPLES = frozenset(
    "shot born held built won sold bought lost paid hit struck sworn caught found made sent told taught left led met "
    "kept spent hung put set cut".split()
)
_LIGHT = frozenset(
    "happen happened occur occurred start started take taken begin begun end ended held hold come "
    "put get go make".split()  # "when will it put the ferry back in service?": no verb of its own to date
)
_POSSESSIVES = DETERMINERS | frozenset("my our your".split())  # "his", "her" … are among the determiners


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
    >>> when_verb("Where is Velling Labs based, the firm that cut 40 jobs?", named=True)
    'bas'
    >>> when_verb("In what year did the Velling Hotel open?"), when_verb("What year is the cup final?")
    ('open', None)
    >>> when_verb("Which year did Velling rank as the warmest on record?")  # the year ranked, no date of ranking
    >>> when_verb("When were the Velling tariffs announced in May set to hit?")  # not "announced"
    'hit'
    >>> when_verb("What year did Velling set up its bank?"), when_verb("What year did Kessa mark its centenary?")
    ('set', 'mark')
    >>> when_verb("When is Ada Hale expected to take office?"), when_verb("When is the fair set to take place?")
    ('offic', None)
    >>> when_verb("Where did the Velling fair take place?"), when_verb("Where was the Velling fair placed?")
    (None, 'plac')
    """
    m = _WHEN.match(question)
    if m is not None and (due := _DUE.search(m[2])):  # "when were the tariffs announced in May set to hit?": "hit"
        verb, taken = due[1].lower(), due[2] or ""
        if verb == "take" and taken.islower() and taken not in NOT_NOUNS | _POSSESSIVES and taken != "place":
            verb = taken  # "when is she expected to take office?": "office" (not "take place": no act of its own)
        return None if verb in NOT_NOUNS or verb in _LIGHT else stem(verb)
    words = m[2].split() if m else []
    words = words[: next((i for i, w in enumerate(words) if i and w.lower() in _CLAUSE_ENDS), len(words))]
    comma = next((i for i, w in enumerate(words) if w.endswith(",")), None)
    if comma is not None:  # "where is Velling Labs based, the firm that …?": the clause ends at its comma
        words = [*words[:comma], words[comma][:-1]]
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
    if verb == "place" and at >= 2 and words[at - 2].lower() in ("take", "took", "taken"):
        return None  # "where did the funeral take place?": it only took place, no act of its own
    if m[1].lower() in ("is", "are", "was", "were") and not (verb.endswith(("ed", "en")) or verb in PARTICIPLES):
        return None  # "when is the cup final?": a noun, no verb
    if verb in _YEAR_NAMED and _YEAR_ASKED.match(question):
        return None
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
    return verb.endswith(("ed", "en")) or verb in PARTICIPLES
