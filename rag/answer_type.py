"""What kind of thing a question asks for: pure heuristics over its wh-phrase.

"how many" → a number, "which state" → a US state, "who" → a person, "which film" → a title, a bare
"which/what" → some thing; "why" and "what does … say about" are open questions, answered with sentences.
"""

from __future__ import annotations

import re

from rag.named import defined_name
from rag.people import OCCUPATIONS
from rag.text import topic

_THING = r"\b(?:which|what)\b"
COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5}  # "which two states …": that many
SEVERAL = "|".join([*COUNTS, "several"])  # … or more than one
_WORKS = (
    "film|movie|show|series|episode|sitcom|song|anthem|album|book|novel|play|memoir|documentary|podcast|musical|"
    "opera|ballet|poem|painting"
)
_OCCUPATIONS = "|".join(sorted(OCCUPATIONS))
# what "state" modifies in "which state agency …?" (a thing of a state, not a state): "state-owned" is one word
_STATE_OWNED = (
    "agenc(?:y|ies)|departments?|offices?|boards?|regulators?|police|courts?|prisons?|universit(?:y|ies)|colleges?|"
    "schools?|parks?|laws?|bills?|programs?|budgets?|fairs?|lotter(?:y|ies)|media|funds?|legislatures?|assembl(?:y|ies)|"
    "senate|houses?"
)
_AUX = "did|does|do|will|would|could|can|is|was|were|are|has|have|had"  # a verb's auxiliaries in a question
# "how tall …?" asks for a number; any other "how …?" for an account
_MEASURED = (
    "(?:many|much|old|long|far|close|big|large|tall|high|low|wide|deep|heavy|hot|cold|warm|fast|strong|powerful)"
)
# "which Velling meteorologist …?", "which two mayors …?": a person's name (not "senior meteorologist"); not "what did"
# nor "what is the mayor …"
_PEOPLE = (
    r"(?:person|man|woman|president|leader|actor|actress|singer|rapper|star|player|athlete|"
    r"politician|senator|lawmaker|official|minister|ceo|executive|billionaire|celebrity|"
    r"musician|artist|author|director|coach|quarterback|figure|journalist|host|judge|"
    r"governor|congressman|congresswoman|member|royal|prince|princess|king|queen|pope|"
    r"suspect|victim|candidate|nominee|commissioner|chairman|chairwoman|ambassador|mayor|supervisor|captain|secretary|"
    r"(?-i:cardinal|bishop|archbishop|priest|pastor|rabbi|imam|cleric|spokesman|spokeswoman|spokesperson|heir)|"
    # a party's member before a verb ("which Velling Democrat won …?"), not its adjective ("which Republican bill …?")
    r"(?-i:(?:Democrat|Republican)s?(?=\s+(?:who|that|[a-z]+ed|said|says|told|won|lost|made|took|gave|became|ran|"
    r"led|wrote|sought|broke|left|quit|is|was|has|had|will)\b))|"
    rf"sheriff|chief|officer|commander|epidemiologist|demographer|teenager|grader|specialist|consultant|{_OCCUPATIONS})"
    r"s?(?![\w’'-])(?!\s+(?:union|market|association|report|group|program|training|firm|company|agency|decision|"
    r"call|chain|unit|court|hospital|clinic|software|residence|palace|castle|estate|wedding|yacht|visit|tour|title|"
    r"funeral)s?\b)"
    # "which farmers market / consultant firm / referee decision / royal palace …?": no one
)
_WHICH_PERSON = (
    r"\b(?:which|what) (?:(?:(?!(?:do|does|did|has|have|had|will|would|can|could|should|is|are|was|were|the|a|an|"
    r"his|her|their|its)\s)"
    r"(?!(?-i:(?!news\s|sports\s)[a-z][\w&.-]*(?:(?<![suis])s|ed)\s))"  # nor a verb: "what rule bans drivers …?"
    r"[\w&.-]+ ){0,3}"  # not "what prompted the nurses …?", which asks for a cause
    # … or a body's name of three to five words, and a word or two: "which Velling Reference Bureau (ferry) …"
    r"|(?-i:[A-Z][\w.-]* ){3,5}(?:(?-i:[a-z][\w-]*) )?(?![\w-]+s\s+(?:(?-i:[A-Z])|(?:the|an?|its|his|her|their)\b)))"
    # ("which Lakeport Jazz Festival show stars Ada Hale?" asks for a show: "stars" is its verb)
    r"(?!(?-i:Royal\s+[A-Z]))"  # "which Royal Velling Line ship …?": a name's, no royal (not "which Attorney General")
    + _PEOPLE
)
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # … first when it opens the question, before a "how long" in its clause ("which professor was quoted on how long …")
    ("person", re.compile(rf"^\s*(?=which){_WHICH_PERSON}", re.I)),
    (
        "number",
        re.compile(
            rf"\bhow {_MEASURED}\b|\bdeath toll\b|"
            r"\bwhat (?:percent(?:age)?|number|amount|age|share|proportion|fraction)\b|\bby how much\b|"
            r"\bwhat (?:are|were|is|was) the (?:chances|odds|probability|likelihood)\b|"
            r"\b(?:raise|cut|increase|lower|hike|reduce|boost|grow|rise|fall|drop|shrink)\w*\b"
            r"(?:(?!,\s*(?:also|and|or|but|which|who|where|when)\b)[^?])*\b"
            r"(?:by|to)(?: what)?(?:\s+in\s+\d{4})?(?:,?\s+(?:per|according to)\b[^?]*)?\W*$|"  # "… to in 2031, per …?"
            r"\b(?:what|which) (?:is|was|were|are|will be) (?:the|[A-Z][\w.-]*['’]s) "
            r"(?:(?!(?:of|for|on|to|in)\b)[\w’'-]+ ){0,4}"
            r"(?:price|cost|fare|fee|value|total|"
            r"magnitude|rate|tariff|tax|salary|wage|budget|fine|score|split|tally|temperature|population|level|age|amount|"
            r"number(?! one\b)|size|speed|winds|gusts)\b"
            r"(?!\s+(?:filing\s+)?(?:deadline|day|date|season|bill|plan|form|break|code|law)\b)|"
            r"\b(?:which|what) (?:level|price|figure|sum|speed)\b|"
            r"\bwhat (?:is|was) the (?:[\w’'-]+ ){0,3}count\b(?=[^?]*\bvotes?\b)|"  # "the final count on the vote"
            # "what yearly salary did she report?", "what luxury tax threshold for 2031 did they propose?", "what record
            # high did it reach?": an amount's noun heads the phrase asked for (a verb, a preposition or the end next)
            rf"\b(?:which|what) (?:(?!(?:{_AUX}|the|an?|of|type|kind|sort|source)\b)(?![a-z]+ed )"
            r"[\w’'-]+ ){0,3}(?:salary|price|cost|fee|fine|wage|budget|threshold|payout|bonus|"
            r"ransom|bail|rent|fare|valuation|capacity|income|altitude|elevation|height|depth|speed|temperature|"
            r"winds|(?:growth|inflation|deficit) target|(?:record|all-time) (?:high|low))"
            rf"(?=\s+(?:per|for|of|in|when|as|after|before|during|{_AUX})\b|\s*\?)|"
            r"\bwhat time did (?:[\w.'’-]+ ){1,5}(?:clock|swim)\b|"  # a race's time, not a clock's …
            r"\bwhat time did (?=[^?]*\b(?:race|marathon|heat|dash|sprint|relay|hurdles|freestyle|trials|meters?|"
            r"metres?|miles?|\d+k)\b)(?:[\w.'’-]+ ){1,5}(?:run|finish|post|record)\b|"  # … "run" or "post", in a race
            r"\bwhat (?:(?!(?:do|does|did|will|would|can|could|should)\b)[\w-]+ ){0,2}rates?\b|"  # "what jobless rate"
            r"\b(?:valued|priced|estimated|sold|bought) (?:at|for)\W*$|\bworth\W*$|"  # "what was it valued at?"
            r"^\s*what (?:is|are|was|were) (?:[\w’'.-]+ ){1,6}worth\b|"  # "what are the Velling Owls worth now …?"
            r"^\s*what\b[^?]*?,?\s+in\s+(?:years|months|weeks|days|hours|minutes|miles|kilometers|feet|meters|"
            r"inches|pounds|tons|dollars|percent)\b(?=\s*(?:[,?]|$))",  # "what was the drought, in years, …?"
            re.I,
        ),
    ),
    ("year", re.compile(r"\b(?:what|which) year\b", re.I)),  # a date that names its year
    ("time", re.compile(r"\bwhat time\b|\bat what hour\b", re.I)),  # a time of day: "8 p.m. ET"
    (
        "date",
        re.compile(
            r"\b(?:what|which) (?:month|day|date)\b|"
            # "at which meeting date did …?": a day's noun after a word or two of no verb's, a verb or the end next
            rf"\b(?:what|which) (?-i:(?!(?:{_AUX}|the|an?|that|this|its|his|her|their|on|in|of|for|to|at|by)\b)"
            r"[a-z][\w’'-]* ){1,2}?(?:month|day|date)"
            rf"(?=\s+(?:{_AUX}|for|of|in|on)\b|\s*\?)|"
            r"\bwhat (?:is|was|will be) the date\b|"
            r"\bwhat (?:is|was|will be) the (?:(?!(?:for|of|to|on|in|at|by|with|about|after|before|behind)\b)"
            r"[\w’'.-]+ ){0,4}?deadline(?=\s+(?:for|to|of|on|in)\b|\s*\?)|"  # not "… deadline extension", nor "the
            # reason for the deadline"; "what was the 2031 tax filing deadline for …?"
            r"\b(?:what|which) (?:night|evening|morning|weekend)(?=\s*\?|\s+(?:do|does|did|is|was|will|were|are|has|"
            r"have|had|can|could|would|should|of|this|last|next)\b)|"  # not "which morning show …?"
            r"^\s*(?:by |since |until )?when\b|\bwhen\s*\?\s*$|\bhow soon\b|"  # asked in place: "it reopens when?"
            r"\bwhen (?:did|does|do|will|is|was|were|are|has|have|had|can|could|would|should)\b",
            re.I,
        ),
    ),
    (
        "state",
        re.compile(
            rf"\b(?:which|what) (?:(?:{SEVERAL}) )?(?:us |u\.s\. |american )?states?\b"
            rf"(?!-)(?!\s+(?:{_STATE_OWNED})\b(?!\s+(?:the|a|an|its|their|more|most)\b))",
            re.I,
        ),
    ),
    (  # not "which country club / retreat …?" nor "which nation state": a thing of the country, not a country
        "country",
        re.compile(
            r"\b(?:which|what) (?:[\w.-]+ ){0,2}(?:country|countries|nation|nations)\b"
            r"(?!\s+(?:clubs?|retreats?|estates?|houses?|homes?|residences?|manors?|mansions?|cottages?|villas?|music|"
            r"singers?|stars?|songs?|albums?|bands?|roads?|lanes?|parks?|pubs?|inns?|fairs?|stores?|state)\b)",
            re.I,
        ),
    ),
    # "who won the mayoral race?": an election is won by a person, whatever the word for the contest
    (
        "person",
        re.compile(
            r"^\s*who (?:won|wins|will win)\b.*\b(?:elections?|primary|primaries|runoff|mayoral|gubernatorial|"
            r"presidential|senate race|house race|seat|vote|ballot|nomination|race for (?:mayor|governor|senate|"
            r"congress|president)|(?:governor|mayor)(?:[’']?s[’']?)? races?)\b",
            re.I,
        ),
    ),
    # "who won the final?", "which team …?": a team or a person (or a country's side), not only a person
    (
        "winner",
        re.compile(
            r"^\s*who (?:won|wins|will win|beat|defeated|swept|upset|eliminated|knocked out)\b.*\b(?:game|match|final|"
            r"finals|championship|title|cup|bowl|series|tournament|race|playoffs?|pennant|derby|league|grand prix|"
            r"semifinals?|rally|regatta|relay|tie)\b|\b(?:which|what) (?:\w+ )?(?:teams?|clubs?|franchises?)\b|"
            r"^\s*who (?:did|does|do|will) .+ (?:beat|defeat|face|play|eliminate|upset|knock out)\b",  # the other side
            re.I,
        ),
    ),
    (
        "person",
        re.compile(
            r"^\s*whom?\b|^\s*whose\b|\bwho (?:is|was|has|had|will|won|said|became|did)\b|"
            # asked in place: "it was designed by who?", "Lakeport elected who as mayor?"
            r"\b(?:by|to|with|for|from|against|than|like|as) whom?\b|\b\w+ed whom?\b|\bwhom?\s*\?\s*$|"
            rf"{_WHICH_PERSON}",
            re.I,
        ),
    ),
    (  # … and "what is the hometown of …?", "what's her hometown?", "what is the birthplace of …?"
        "city",
        re.compile(
            r"\b(?:which|what) (?:[\w.-]+ ){0,2}(?:city|cities|town|capital)\b|"  # "which U.S. city"
            r"\b(?:which|what) (?:[\w.-]+ ){0,2}(?<!retirement )(?<!olympic )(?:towns|villages?|hamlets?|suburbs?)\b"
            r"(?!\s+(?:elders?|chiefs?|leaders?|club)\b)|"
            r"^\s*what(?:\s+is|\s+was|['’]s)\s+(?:the\s+|his\s+|her\s+|their\s+)?(?:home\s?town|birthplace)\b",
            re.I,
        ),
    ),
    (
        "place",
        re.compile(
            # "where" that asks, not one that opens a relative clause ("an app, where riders …")
            r"(?:^|[.?!:;–—-]\s+|\b(?:from|to|in|at|tell me|know|say|find out|show me|ask|wonder) )where\b|"
            r"\bwhere\s*\?|"
            r"\b(?:which|what) (?:\w+ )?(?:city|cities|town|region|continent|capital|island|"
            r"province|territory|place|location|county)\b",
            re.I,
        ),
    ),
    (
        "title",
        re.compile(
            rf"\b(?:(?:which|what) (?:\w+ )?|name of (?:[\w’'-]+ ){{0,3}})(?:{_WORKS})\b",
            re.I,
        ),
    ),
    ("colour", re.compile(r"\b(?:which|what) colou?rs?\b", re.I)),
    # "the name of the police chief who …?", not "… of the president's memoir"
    (
        "person",
        re.compile(rf"\bname of the (?:[\w’'-]+ ){{0,3}}{_PEOPLE}(?=\s+(?:who|that|whose)\b|\s*[?,.]|\s*$)", re.I),
    ),
    ("name", re.compile(r"\b(?:which|what) (?:is|was) the name\b|\bname (?:of )?the\b", re.I)),
)
# Questions that ask for an account, not a thing: answered with sentences, never a single phrase.
_QUOTED = re.compile(r'"[^"]*"|“[^”]*”')
_OPEN = re.compile(
    rf"\bwhy\b|\bhow (?!{_MEASURED})\w+|"
    r"\bwhat (?:do|does|did|is|are|was|were|will|would|could|can|should) "
    r"(?:[\w’'.-]+ ){0,6}(?:say|said|ask|asked|tell|told|do|did|want|plan|think|argue|claim|write|report|mean|"
    r"happen|happening|known|decide|decided|rule|ruled|conclude|concluded|promise|pledge|vow|propose|warn|"
    r"demand|suggest|recommend|announce|reveal|admit|disclose|deny|acknowledge|testify|doing|planning|consider|"
    r"considering|weigh|weighing|mull|mulling|intend|expect|hope|agree|agreed)\b|"  # an intent or a deal: told
    r"\bwhat (?:caused|causes|led to|triggered|sparked|prompted)\b|"  # the cause, told in sentences
    r"\bdie[ds]? (?:of|from)\W*$|"
    r"\bwhat (?:is|was|are|were) (?:[\w’'-]+ ){1,6}about\W*$|"
    r"\bwhat (?:is|was|are|were) (?:[\w’'.-]+ ){1,8}used (?:for|to)\b|"  # what a thing does, in sentences
    r"^\W*(?:(?:and|so|but|then)\s+)?what about\b|"  # "what about the strike?": a reader's open question
    r"\bwhat happened\b|\bwhat (?:came|has come|will come) (?:out )?of\b|\b(?:tell me|explain|describe|summari[sz]e)\b|"
    # "what is the debt limit?": what a thing is, told in sentences
    r"^\s*what\s+(?:is|are)\s+(?:the\s+|an?\s+)?[\w’'-]+(?:\s+(?!(?:of|in|for|on|at|to|from|with|by|behind|"
    r"after|before|that|who|which)\b)[\w’'-]+){0,3}\s*\??\s*$|"
    # "what is the ferry levy change in the bill?": a description, not a name
    r"\bwhat (?:is|was|are|were|will be) the (?:[\w’'-]+ ){0,3}(?:change|plan|deal|rule|problem|issue|impact|"
    r"effect|reason|difference|proposal|policy|requirement|strategy|risk|concern|argument|controversy|dispute|"
    r"status|situation|outlook|outcome|result|response|reaction|consequence)s?\b",
    re.I,
)


AUXILIARIES = frozenset("is was are were has have had will would did does do can could should may might must".split())
# Words that end a noun phrase after "how many" or "which": no unit, no head noun
NOT_NOUNS = AUXILIARIES | frozenset(
    "the a an this that these those of in on at for to by from with as before after since until during over under "
    "about than into across through within per and or but when while if because so".split()
)


# "When the ferry sank, which town …?": a clause that sets the scene before the question's own wh-word
_CLAUSE_FIRST = re.compile(
    r"^\s*(?:when|while|after|before|as|once|if)\s+"
    r"(?!(?:did|does|do|is|was|were|are|will|would|has|have|had|can|could|should)\b)[^,?]{3,}?,\s*"
    r"(?=(?:\w+\s+){0,3}?(?:who|whom|whose|what|which|where|when|how)\b)",
    re.I,
)

# "Which mayor's deputy …?", "which firm's shares …?": the owner is asked for, not what it owns (a lowercase
# owner only: not "what Mother's Day gift …?", nor "what is the mayor's car?", nor a set phrase: "which teacher's
# union …?" asks for a union)
_POSSESSOR = re.compile(r"^(\s*(?i:which|what) ((?:[a-z][\w-]* ){0,2})([a-z][\w-]*))['’]s ([a-z][\w-]*)(?=[\s,;?]|$)")
_SET_PHRASES = frozenset("union market club group association guild almanac license licence degree day".split())


def _owner_asked(question: str) -> str:
    """The question with the thing its owner owns left out, when "which <owner>'s <noun> …?" asks for the owner.

    >>> _owner_asked("Which old mayor's deputy, a judge, quit?"), _owner_asked("Which nurse's union struck?")
    ('Which old mayor, a judge, quit?', "Which nurse's union struck?")
    """
    m = _POSSESSOR.match(question)
    if m is None or m.group(4) in _SET_PHRASES or not NOT_NOUNS.isdisjoint([*m.group(2).split(), m.group(3)]):
        return question
    return question[: m.end(1)] + question[m.end() :]


def expected_type(question: str) -> str | None:
    """The kind of answer a question asks for ("thing" when only "which/what" says so), None for open questions.

    >>> expected_type("What did the bank raise rates by?"), expected_type("What was the ferry hit by?")
    ('number', 'thing')
    >>> expected_type("The port cut the fare to what?"), expected_type("What did the port cut the fare for?")
    ('number', 'thing')
    >>> expected_type("What was the Velling ferry valued at?"), expected_type("What is the ferry deal worth?")
    ('number', 'number')
    >>> expected_type("What did the Velling mayor die of?")  # a cause: sentences
    >>> expected_type("What has the Velling death toll reached?"), expected_type("How wide is the plume?")
    ('number', 'number')
    >>> expected_type("What is the base lending rate now?"), expected_type("What is the tariff on Tarvanian figs?")
    ('number', 'number')
    >>> expected_type("Which Velling meteorologist said so?"), expected_type("Which two Velling mayors died in May?")
    ('person', 'person')
    >>> expected_type("Which cardinal led the Velling mass?"), expected_type("Which spokeswoman confirmed it?")
    ('person', 'person')
    >>> expected_type("Which Cardinals game was put off?")  # a team's name
    'thing'
    >>> expected_type("Which state was hit by the storm?"), expected_type("Who won the award for best pie?")
    ('state', 'person')
    >>> expected_type("Why did the ferry stop running?"), expected_type("Which fruit did the shop ban?")
    (None, 'thing')
    >>> expected_type("When will the bridge open?"), expected_type("What did she ask when she woke?")
    ('date', None)
    >>> expected_type("The bridge will reopen by when?"), expected_type("She has led the port since when?")
    ('date', 'date')
    >>> expected_type("In what year did the bridge open?"), expected_type("Which month did it open?")
    ('year', 'date')
    >>> expected_type("What is the archive's coverage of the bridge?")  # put to the archive: an account of it
    >>> expected_type("What is the Velling accord about?")  # its subject, in sentences
    >>> expected_type("And what about the ferry strike?")  # a reader's open question, not "which thing"
    >>> expected_type("What is the main change in the ferry bill?")  # a description, in sentences
    >>> expected_type("What did the mayor promise?")  # what she promised, in her words
    >>> expected_type("What did Ada Brook Jr. say about the ferry?"), expected_type("What is the East Pier used for?")
    (None, None)
    >>> expected_type("What did Prince Ado write about the ferry?")  # not "which prince"
    >>> expected_type("What did the mayor announce on Monday?")  # what she announced, in her words
    >>> expected_type("what is the mayor considering doing about fares"), expected_type("What did the port agree to?")
    (None, None)
    >>> expected_type("What would the bill ban dogs from doing?"), expected_type("What will the mayor announce?")
    (None, None)
    >>> expected_type("What is the ferry levy?"), expected_type("What is the ferry levy for trucks?")
    (None, 'thing')
    >>> expected_type("Who is Ada Brook?"), expected_type("Who is the harbour master?")  # who she is; a name
    (None, 'person')
    >>> expected_type("Which app, where riders swap seats, shut down?"), expected_type("It sailed from where?")
    ('thing', 'place')
    >>> expected_type("The ferry was built by who?"), expected_type("Lakeport elected whom as mayor?")
    ('person', 'person')
    >>> expected_type("Tell me where the ferry sank"), expected_type("Do you know where it sank?")
    ('place', 'place')
    >>> expected_type("Who won the cup final?"), expected_type("Who won the prize for best pie?")
    ('winner', 'person')
    >>> expected_type("Who won the Lakeport mayoral race?"), expected_type("Who won the Tarvania governor race?")
    ('person', 'person')
    >>> expected_type("Which team does she play for?"), expected_type("Which rugby club signed him?")
    ('winner', 'winner')
    >>> expected_type("Which two clubs met in the final?"), expected_type("Who did the Owls beat in the final?")
    ('winner', 'winner')
    >>> expected_type("What is the name of Ada Brook's memoir?"), expected_type("What was the name of the ferry?")
    ('title', 'name')
    >>> expected_type("Which two states voted?"), expected_type("Which US state voted?")
    ('state', 'state')
    >>> expected_type("What was the deadline to file?"), expected_type("What is the deadline extension called?")
    ('date', None)
    >>> expected_type("What was the Velling tax filing deadline?"), expected_type("What was the tax bill called?")
    ('date', 'thing')
    >>> expected_type("What yearly salary did Ada Hale report?"), expected_type("What record high did the coin hit?")
    ('number', 'number')
    >>> expected_type("What fare per ride did Lakeport set?"), expected_type("Which fee waiver program ended?")
    ('number', 'thing')
    >>> expected_type("At what altitude did the drone fly?"), expected_type("Below what income is a loan waived?")
    ('number', 'number')
    >>> expected_type("At which meeting date is a cut expected?"), expected_type("What Mother's Day gift sold out?")
    ('date', 'thing')
    >>> expected_type("What were Kessa's top winds?"), expected_type("What growth target did Velling set?")
    ('number', 'number')
    >>> expected_type("What was Velling's number one song?"), expected_type("What growth plan did Velling set?")
    ('thing', 'thing')
    >>> expected_type("Which opening day starter did they name?"), expected_type("Which type of income is exempt?")
    ('thing', 'thing')
    >>> expected_type("What happened that day?"), expected_type("What changes on day one?")
    (None, 'thing')
    >>> expected_type("At which country retreat did Hale rest?"), expected_type("Which country did Hale visit?")
    ('thing', 'country')
    >>> expected_type("Which country residence does Hale own?"), expected_type("Which Royal Velling Club boat won?")
    ('thing', 'thing')
    >>> expected_type("Which royal palace is open to visitors?"), expected_type("Which royal opened the Velling Hall?")
    ('thing', 'person')
    >>> expected_type("Which Attorney General sued Velling Labs?"), expected_type("Which country band played Lakeport?")
    ('person', 'thing')
    >>> expected_type("What did the budget do for schools?"), expected_type("What is the penalty for a late deadline?")
    (None, 'thing')
    >>> expected_type("What was the temperature that day?"), expected_type("What is the total return on the fund?")
    ('number', 'number')
    >>> expected_type("Which small coastal country banned it?"), expected_type("Which major port city flooded?")
    ('country', 'city')
    >>> expected_type("Which U.S. city flooded?"), expected_type("Which E.U. country voted no?")
    ('city', 'country')
    >>> expected_type("What time did Ada Hale run in the 100-meter final?"), expected_type("What time did it finish?")
    ('number', 'time')
    >>> expected_type("Which village did Hale call the fair's birthplace?"), expected_type("Which suburbs flooded?")
    ('city', 'city')
    >>> expected_type("Which village elder spoke?"), expected_type("Which retirement village did the Hales pick?")
    ('thing', 'thing')
    >>> expected_type("What time did Ada Hale clock in the 5K?"), expected_type("What time did the debate finish?")
    ('number', 'time')
    >>> expected_type("What did Velling's birth rate fall to in 2031, per the census?")
    'number'
    >>> expected_type("Which old mayor's deputy quit?"), expected_type("Which Velling Port Board bay captain quit?")
    ('person', 'person')
    >>> expected_type("Which Velling Jazz Festival show stars Ada Hale?")  # "stars" is the show's verb
    'thing'
    >>> expected_type("Whose seat did Ada Hale win?"), expected_type("What are the odds of a Velling recession?")
    ('person', 'number')
    >>> expected_type("Which Velling County supervisor quit?"), expected_type("Which expert said how long it lasts?")
    ('person', 'person')
    >>> expected_type("Velling cut jobs - where is it based?"), expected_type("What jobless rate did it log?")
    ('place', 'number')
    >>> expected_type("What does the rate cut mean for borrowers?")  # what it means: an account
    >>> expected_type("Which Tarvania Reference Bureau demographer spoke?")
    'person'
    >>> expected_type("Which Tarvania Fuel Price Information Service analyst said prices would fall?")
    'person'
    >>> expected_type("What is the name of the Lakeport harbour chief?"), expected_type("How soon can it open?")
    ('person', 'date')
    >>> expected_type("What is the name of the harbour chief's ferry?")
    'name'
    >>> expected_type("What is the impact of the new fare on riders?")  # an account, not the fare

    >>> expected_type("What are the Velling Owls worth now?"), expected_type("What is the new average fixed loan rate?")
    ('number', 'number')
    >>> expected_type("What's the hometown of Ada, the teen who fled?"), expected_type("What was her birthplace?")
    ('city', 'city')
    >>> expected_type("When the ferry first reached Lakeport, near which city did it dock?")  # not a date
    'city'
    >>> expected_type("When did the ferry dock, and where?"), expected_type("When the ferry docks, what then?")
    ('date', 'thing')
    """
    if topic(question) != question or defined_name(question):
        return None
    question = question[m.end() :] if (m := _CLAUSE_FIRST.match(question)) else question
    question = _owner_asked(question)  # "which mayor's deputy …?" asks for the mayor
    for kind, rule in _RULES:
        if rule.search(question):
            return kind
    if _OPEN.search(_QUOTED.sub('""', question)):
        return None  # (a quoted title's "why" asks nothing: "which paper ran 'Why ferries fail'?")
    if re.search(_THING, question, re.I) or question.rstrip().endswith(":"):
        return "thing"  # "which/what …", or a sentence to complete ("… signed by this leader:")
    return None
