"""What a name is by its words alone: a venue's, a prize's, a body's or a document's word in it, a storm's name, a
people's adjective, a quote that reads as a sentence. Word lists and pure predicates over a name's lower-case words;
``rag/kinds.py`` fits a candidate to the kind asked for with them.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from embeddings.spans import Span
from rag.gazetteer import PLACE_ENDS
from rag.people import PERSON_TITLES

# What a name that ends in one of these is (a hospital, a street): no team plays for it, nor wins a final
VENUES = frozenset(
    "hospital clinic school university college museum stadium arena airport station street road avenue river lake "
    "island mountain court ministry department church cathedral hotel prison field park center centre garden "
    "gardens dome theater theatre".split()
)
# What a name that ends in one of these is (a final, a trophy, an award): what is won, not who won it
PRIZES = frozenset(
    "mvp award awards prize trophy medal bowl cup open championship championships final finals game games olympics "
    "series tournament match race title playoffs semifinal semifinals derby".split()
)
# Sports' governing bodies and leagues: what a team plays in, never a side that wins
LEAGUES = frozenset("nba wnba nfl mlb nhl mls nwsl ncaa fifa uefa ioc atp wta pga lpga ufc nascar fia".split())
PARTISANS = frozenset(
    "democrat democrats democratic republican republicans independent independents gop tory tories".split()
)
# the words of a paper's name ("the Lakeport Times", "the Velling Gazette")
PAPER_WORDS = frozenset("news times post journal register tribune herald gazette chronicle inquirer examiner".split())
ORG_WORDS = PAPER_WORDS | frozenset(
    "inc corp co company university college department ministry agency association council party group bank "
    "airlines airways network foundation institute committee court house senate league club fc united city county "
    "state republic kingdom federation union organization organisation assembly "
    "parliament congress commission authority administration service services affairs office bureau board "
    "hospital school "
    "museum center centre stadium airport station street road avenue boulevard highway river lake island mountain zoo "
    "aquarium library "
    "cathedral mosque synagogue theater theatre".split()  # not "park", "church", "temple", "arena": surnames too
)
# the name of a document or an arrangement, never of anyone who acts ("the Lakeport Water Accord")
DOCUMENT_WORDS = frozenset(
    "treaty act law agreement accord bill convention pact charter protocol assessment report survey study".split()
)
# What a people or a country's things are called ("Chinese", "South Korean"): no place, no person, no winner
_DEMONYMS = frozenset(
    "american british english french german italian spanish chinese japanese korean russian ukrainian indian "
    "pakistani israeli palestinian iranian iraqi syrian turkish canadian mexican brazilian australian african "
    "european asian arab saudi egyptian afghan irish scottish welsh dutch swedish norwegian danish finnish polish "
    "greek portuguese venezuelan colombian cuban nigerian kenyan taiwanese vietnamese thai filipino indonesian swiss "
    "austrian belgian hungarian czech lebanese jordanian qatari emirati yemeni sudanese ethiopian somali haitian "
    "jamaican peruvian chilean argentine argentinian latino hispanic "
    "catholic protestant christian muslim jewish hindu buddhist sikh evangelical mormon".split()  # … or a faith's
)
_COMPASS = frozenset("north south east west northern southern eastern western central roman".split())


# … and one with the word of a firm, a paper or a body in it is theirs ("Lakeport Times", "Velling Group")
_BODY_WORDS = PAPER_WORDS | frozenset(
    "inc corp co company network foundation institute committee party group bank "
    "airlines airways association agency council senate parliament congress commission department ministry "
    "administration bureau service authority".split()
)
# the last words of an armed force's name: "the U.S. Army", "the Velling Coast Guard" (not "Navy Pier")
_FORCES = frozenset("army navy marines corps guard guards force forces militia".split())
_STORMS = frozenset("hurricane typhoon cyclone storm".split())  # "Hurricane Ada": a storm's, no one's nor a place's


def storm(words: Sequence[str]) -> bool:
    """A storm's name: "Hurricane Ada", "Tropical Storm Jo", "Storm Ilse" (not "Storm Lake", "Hurricane Deck").

    >>> storm(["hurricane", "ada"]), storm(["tropical", "storm", "jo"]), storm(["storm", "lake"])
    (True, True, False)
    """
    if len(words) > 1 and words[0] == "tropical":
        words = words[1:]
    return len(words) == 2 and words[0] in _STORMS and words[1] not in PLACE_ENDS and words[1] not in VENUES


def no_place(words: Sequence[str]) -> bool:
    """A name that is a person's by its title, a body's by one of its words, or a document's: never a place (but a
    venue named after one is: "the Velling Convention Center").

    >>> no_place(["bishop", "quillon"]), no_place(["king", "county"]), no_place(["lakeport", "times"])
    (True, False, True)
    >>> no_place(["velling", "water", "treaty"]), no_place(["velling", "convention", "center"])
    (True, False)
    >>> no_place(["velling", "army"]), no_place(["lakeport", "coast", "guard"]), no_place(["navy", "pier"])
    (True, True, False)
    """
    titled = len(words) > 1 and words[0] in PERSON_TITLES and words[-1] not in PLACE_ENDS
    writ = document_name(words) and words[-1] not in VENUES and words[-1] not in PLACE_ENDS
    return titled or writ or any(w in _BODY_WORDS for w in words) or words[-1] in _FORCES or storm(words)


_SMALL = frozenset("a an the of in on at to for and or but by with from as is".split())


def said(words: list[str]) -> bool:
    """Quoted words that read as a sentence, not a title: three or more lower-case words beyond the small ones.

    >>> said("This is my new album, 'Velling Nights'".split()), said("The Life of a Ferry".split())
    (True, False)
    """
    return sum(w.islower() and w.strip(",.") not in _SMALL for w in words) >= 3


def demonym(span: Span) -> bool:
    """The span is a people's (or a faith's) adjective or plural: ``demonym_words`` of its words."""
    return demonym_words(name_words(span))


def demonym_words(words: Sequence[str]) -> bool:
    """A people's (or a faith's) adjective or plural, perhaps led by a compass word ("Chinese", "South Korean",
    "Americans", "Roman Catholic").

    >>> demonym_words(["south", "korean"]), demonym_words(["chinese"]), demonym_words(["south", "korea"])
    (True, True, False)
    >>> demonym_words(["americans"]), demonym_words(["roman", "catholic"]), demonym_words(["ada", "brook"])
    (True, True, False)
    """
    last = words[-1] if words else ""
    if last not in _DEMONYMS and not (last.endswith("s") and last[:-1] in _DEMONYMS):
        return False
    return all(w in _COMPASS for w in words[:-1])


@functools.lru_cache(maxsize=65536)
def _words_of(text: str) -> tuple[str, ...]:
    words = text.lower().split()
    for i, w in enumerate(words):
        w = w.strip(".,")
        words[i] = w[:-2] if w.endswith(("'s", "’s")) else w
    return tuple(words)


def name_words(span: Span) -> tuple[str, ...]:
    """The span's words in lower case, without their punctuation or possessive ("Senate's" → "senate"); cached, as
    a name recurs across the sentences and questions."""
    return _words_of(span.text)


def document_name(words: Sequence[str]) -> bool:
    """A name with a word of a document or an arrangement in it ("the Lakeport Water Accord"), after its first: the
    first word of a name may be a given name ("Bill Hale").

    >>> document_name(["lakeport", "water", "accord"]), document_name(["bill", "hale"]), document_name(["act"])
    (True, False, True)
    """
    return any(w in DOCUMENT_WORDS for w in words[1:]) or words[:1] == words[-1:] and words[0] in DOCUMENT_WORDS


def paper_named(span: Span) -> bool:
    """A name that is no person's only by a paper's word in it ("Post Tarrow", "Jo Herald"): no other body's, place's
    or thing's word ("Velling High School", "Hurricane Ada", "Tarvania War").

    >>> paper_named(Span(0, 11, "Post Tarrow", "name")), paper_named(Span(0, 19, "Velling High School", "name"))
    (True, False)
    """
    words = name_words(span)
    return not PAPER_WORDS.isdisjoint(words) and (ORG_WORDS - PAPER_WORDS).isdisjoint(words) and not storm(words)
