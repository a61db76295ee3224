"""What kind of thing a question asks for, and whether a sentence offers one it does not already name.

Pure heuristics over the question's wh-phrase ("how many" → a number, "which state" → a US state,
"who" → a name); the composer uses them as one piece of evidence among others.
"""

from __future__ import annotations

import re

US_STATES = frozenset(
    "alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho illinois "
    "indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi missouri "
    "montana nebraska nevada ohio oklahoma oregon pennsylvania tennessee texas utah vermont virginia washington "
    "wisconsin wyoming".split()
) | {
    "new hampshire",
    "new jersey",
    "new mexico",
    "new york",
    "north carolina",
    "north dakota",
    "rhode island",
    "south carolina",
    "south dakota",
    "west virginia",
}

COUNTRIES = frozenset(
    "afghanistan albania algeria andorra angola argentina armenia australia austria azerbaijan bahamas bahrain "
    "bangladesh barbados belarus belgium belize benin bhutan bolivia bosnia botswana brazil brunei bulgaria burundi "
    "cambodia cameroon canada chad chile china colombia comoros congo croatia cuba cyprus czechia denmark djibouti "
    "dominica ecuador egypt eritrea estonia eswatini ethiopia fiji finland france gabon gambia georgia germany ghana "
    "greece grenada guatemala guinea guyana haiti honduras hungary iceland india indonesia iran iraq ireland israel "
    "italy jamaica japan jordan kazakhstan kenya kiribati kosovo kuwait kyrgyzstan laos latvia lebanon lesotho "
    "liberia libya liechtenstein lithuania luxembourg madagascar malawi malaysia maldives mali malta mauritania "
    "mauritius mexico micronesia moldova monaco mongolia montenegro morocco mozambique myanmar namibia nauru nepal "
    "netherlands nicaragua niger nigeria norway oman pakistan palau palestine panama paraguay peru philippines "
    "poland portugal qatar romania russia rwanda samoa senegal serbia seychelles singapore slovakia slovenia "
    "somalia spain sudan suriname sweden switzerland syria taiwan tajikistan tanzania thailand togo tonga tunisia "
    "turkey türkiye turkmenistan tuvalu uganda ukraine uruguay uzbekistan vanuatu venezuela vietnam yemen zambia "
    "zimbabwe england scotland wales britain".split()
) | {
    "united states",
    "united kingdom",
    "united arab emirates",
    "saudi arabia",
    "south africa",
    "south korea",
    "north korea",
    "new zealand",
    "sri lanka",
    "costa rica",
    "el salvador",
    "dominican republic",
    "czech republic",
    "ivory coast",
    "papua new guinea",
    "sierra leone",
    "south sudan",
    "east timor",
    "burkina faso",
    "cape verde",
    "north macedonia",
    "puerto rico",
    "hong kong",
}

_NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen twenty "
    "thirty forty fifty hundred thousand million billion trillion dozen dozens half"
).split()
_NUMBER = re.compile(
    r"(?:[$£€¥]\s?)?\d[\d,.]*(?:\s?(?:%|percent|million|billion|trillion|bn|m|k))?|\b(?:"
    + "|".join(_NUMBER_WORDS)
    + r")\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_MONTH = re.compile(r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\b")
_NAME = re.compile(r"\b[A-Z][\w’'.-]+(?:\s+(?:de|da|van|von|bin|al|del|la|le)?\s*[A-Z][\w’'.-]+)+")
_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w’'&.-]*|\b[A-Z]{2,}\b")

_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "number",
        re.compile(
            r"\bhow (?:many|much|old|long|far|big|large|tall|high|fast)\b|\bwhat (?:percent(?:age)?|"
            r"number|amount|age|share|proportion|fraction)\b|\bby how much\b",
            re.I,
        ),
    ),
    ("date", re.compile(r"\b(?:what|which) (?:year|month|day|date)\b|\bwhen\b|\bby when\b", re.I)),
    ("state", re.compile(r"\b(?:which|what) (?:us |u\.s\. |american )?states?\b", re.I)),
    ("country", re.compile(r"\b(?:which|what) (?:\w+ )?(?:country|countries|nation|nations)\b", re.I)),
    (
        "person",
        re.compile(
            r"^\s*who\b|\bwho (?:is|was|has|had|will|won|said|became|did)\b|\b(?:which|what) (?:\w+ )?"
            r"(?:person|man|woman|president|leader|actor|actress|singer|rapper|star|player|athlete|"
            r"politician|senator|lawmaker|official|minister|ceo|executive|billionaire|celebrity|"
            r"musician|artist|author|director|coach|quarterback|figure|journalist|host|judge|"
            r"governor|congressman|congresswoman|member|royal|prince|princess|king|queen|pope)\b",
            re.I,
        ),
    ),
    (
        "name",
        re.compile(
            r"\b(?:which|what) (?:\w+ )?(?:company|companies|brand|team|airline|chain|network|retailer|"
            r"bank|city|cities|organization|organisation|agency|group|party|university|film|movie|show|"
            r"series|song|album|book|app|firm|club|band|event|award|restaurant|store|carmaker|"
            r"automaker|platform|newspaper|magazine|channel|league|tournament)\b",
            re.I,
        ),
    ),
)


def expected_type(question: str) -> str | None:
    """The kind of answer a question asks for, or None when the wh-phrase does not say.

    >>> expected_type("Which state has been drenched by a storm?"), expected_type("Who won best director?")
    ('state', 'person')
    """
    for kind, rule in _RULES:
        if rule.search(question):
            return kind
    return None


def _new(found: list[str], question: str) -> bool:
    q = question.lower()
    return any(f.lower() not in q for f in found)


def offers(kind: str | None, question: str, sentence: str) -> bool:
    """True when ``sentence`` names something of ``kind`` that the question does not already mention.

    >>> offers("state", "Which state was hit by the storm?", "The storm drenched California on Monday.")
    True
    """
    low = sentence.lower()
    if kind == "number":
        return _new(_NUMBER.findall(sentence), question)
    if kind == "date":
        return _new(_YEAR.findall(sentence) + _MONTH.findall(sentence), question)
    if kind in ("state", "country"):
        names = US_STATES if kind == "state" else COUNTRIES
        return _new([n for n in names if re.search(rf"\b{re.escape(n)}\b", low)], question)
    if kind == "person":
        return _new(_NAME.findall(sentence), question)
    return _new(_CAPITALISED.findall(sentence), question)
