"""A question as readers type it, read plainly: not shouted in capitals, ending in one question mark, without a polite
lead, chat shorthand written out ("ppl" → "people"). Asked so or plainly, a question gets the same answer. Pure.
"""

from __future__ import annotations

import re

from rag.text import ASKING_VERBS, QUESTION_WORDS, unprefaced

_UNMARKED = re.compile(r"[\w)”\"’'%]\s*$")  # ends in a word, not "?", "." or ":" (a quiz's "… except:")
_ASKS_SOMETHING = re.compile(rf"^\s*{ASKING_VERBS}|\b{QUESTION_WORDS}", re.I)


def punctuated(question: str) -> str:
    """A question ending in one question mark, as a reader means it whether typed without it, with a space before it
    or with several ("??", "?!"): the mark weighs in a sentence's closeness to the question (``rag/lexicon.py``).

    >>> punctuated("who won the Velling Cup"), punctuated("Did the ferry sink"), punctuated("Who won?")
    ('who won the Velling Cup?', 'Did the ferry sink?', 'Who won?')
    >>> punctuated("Who won ?? "), punctuated("Who won?!"), punctuated("Lakeport mayor")
    ('Who won?', 'Who won?', 'Lakeport mayor')
    >>> punctuated("All of these teams signed him, except:")
    'All of these teams signed him, except:'
    """
    if _UNMARKED.search(question) and _ASKS_SOMETHING.search(question):
        return question.rstrip() + "?"
    return _MARKS.sub("?", question)


_MARKS = re.compile(r"\s*[?!]*\?[?!]*\s*$")  # "?? ", " ?", "?!": one "?"


def unshouted(question: str) -> str:
    """A question typed in capitals alone, in lower case: capitals tell a name from a word only where some words
    lack them, and a question in lower case is read as well as one written with them.

    >>> unshouted("WHO WON THE VELLING CUP?"), unshouted("Who won the VRA's cup?"), unshouted("NFL?")
    ('who won the velling cup?', "Who won the VRA's cup?", 'NFL?')
    """
    return question.lower() if len(_CAPITALS.findall(question)) >= 2 and not _LOWER.search(question) else question


_CAPITALS = re.compile(r"\b[A-Z]{2,}\b")
_LOWER = re.compile(r"[a-z]")


# Chat shorthand, written out: what the archive writes, and what the rules that read a question know
_SHORTHAND = {
    "ppl": "people", "govt": "government", "gov't": "government", "pls": "please", "plz": "please", "u": "you",
    "ur": "your", "w/": "with", "b/c": "because", "thru": "through", "tho": "though", "bday": "birthday",
}  # fmt: skip
_SHORTS = "|".join(map(re.escape, sorted(_SHORTHAND, key=len, reverse=True)))
_SHORT_WORD = re.compile(rf"(?<![\w’'/-])(?:{_SHORTS})(?![\w’'/-])")


def unshortened(question: str) -> str:
    """Chat shorthand written out, in lower case only ("U" and "UR" may be names).

    >>> unshortened("how many ppl died in the govt building fire w/ the storm"), unshortened("Was U Thant there?")
    ('how many people died in the government building fire with the storm', 'Was U Thant there?')
    """
    return _SHORT_WORD.sub(lambda m: _SHORTHAND[m[0]], question)


def plain(question: str) -> str:
    """The question as asked plainly: not in capitals, ending in one "?", no polite lead, shorthand written out
    (``unshouted``, ``punctuated``, ``unprefaced``, ``unshortened``). Asked so or plainly, it gets the same answer.

    >>> plain("CAN YOU TELL ME HOW MANY PPL DIED ??")
    'how many people died?'
    """
    return unprefaced(punctuated(unshortened(unshouted(question))))
