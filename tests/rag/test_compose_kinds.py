"""The composer on answers of a kind: counts, years, dates without a year, winners, places, lists, and accounts.

Pure: no model, no index. Every article, name and number here is invented.
"""

from __future__ import annotations

import datetime as dt

import pytest

from rag.answer_type import expected_type
from rag.asked import ask
from rag.compose import DEFAULT, Sentence, compose, score_sentences, sentences, vote
from rag.extract import Span
from rag.fit import fit
from rag.records import Passage
from rag.units import counted_units


def _pieces(texts: dict[str, str], day: dt.date = dt.date(2031, 3, 4)) -> list[Passage]:
    """One untitled news passage per article, each its whole text, ranked in the order given."""
    return [
        Passage(i, a, "", t, 0, len(t), 1.0, published=day, source="Paper", section="news", dense=0.6)
        for i, (a, t) in enumerate(texts.items())
    ]  # fmt: skip


def _answer(question: str, texts: dict[str, str], day: dt.date = dt.date(2031, 3, 4)) -> tuple[str | None, str]:
    out = compose(question, _pieces(texts, day), texts)
    return out.direct, out.text


# (question, the pieces' texts, the direct answer); each case failed before its fix
CASES = {
    "a count of people is never a number of years": (
        "How many people died in the Velling storm?",
        ["Velling storm: people died in the worst floods in 100 years.",
         "People in Velling say the storm that died down on Monday was the worst in 100 years.",
         "The storm in Velling killed 312 people, officials said on Monday."],
        "312 people",
    ),
    "a count joined to its unit counts it, and is the answer without the compound": (
        "How many days did the Velling strike last?",
        ["The 43-day strike at the Velling docks ended on Friday, the union said."],
        "43",
    ),
    "a vague count gives way to a number": (
        "How many people were killed in the Velling floods?",
        ["Hundreds of people were killed in the Velling floods, officials feared on Monday.",
         "Officials said on Tuesday that 52 people were killed in the Velling floods."],
        "52 people",
    ),
    "a price is a sum of money, not a share": (  # not "12%"
        "What is the fare for the Lakeport ferry?",
        ["Fares for the Lakeport ferry rose 12% this year, and the fare for the Lakeport ferry is still too high.",
         "A single fare for the Lakeport ferry is $4.50, the operator said."],
        "$4.50",
    ),
    "a percentage question is answered by a share": (  # not "10", a count of stores
        "What percentage of Velling's shops closed?",
        ["Of Velling's shops, 10 closed on Monday, the council said.",
         "Some 12% of Velling's shops closed, the council said on Monday."],
        "12%",
    ),
    "what a rate was raised by is an amount, with its unit": (  # not "Velling Bank", the raiser
        "What did the Velling Bank raise rates by?",
        ["The Velling Bank raised rates by 40 basis points on Wednesday, its sixth rise this year."],
        "40 basis points",
    ),
    "when a thing will happen is no year its piece looks back on": (  # not "March 2019", the last strike's end
        "When will the Velling ferry strike end?",
        ["The last Velling ferry strike began in January 2019 and did not end until March 2019.",
         "Union leaders said the Velling ferry strike will end in June 2031 if the talks hold."],
        "June 2031",
    ),
    "a number that names something counts nothing": (  # not "56", the game's number
        "How many people attended the Velling Bowl?",
        ["Velling Bowl 56 drew fans who attended from Lakeport.",
         "People attended Velling Bowl 56 in the rain, officials said.",
         "Some 60,000 people attended the Velling Bowl."],
        "60,000 people",
    ),
    "who <verb>: a passive verb's agent is its subject": (  # not "Quill Films": "hosted by" names who hosted
        "Who hosted the Velling Awards?",
        ["Quill Films won the top prize at the Velling Awards, hosted by comedian Ada Brook on Sunday."],
        "Ada Brook",
    ),
    "which two: a list of two, not of three": (  # not "Norway, Chile and Peru"
        "Which two countries signed the Velling ferry pact?",
        ["Norway, Chile and Peru signed the Velling ferry pact talks agenda, officials said.",
         "Norway and Chile signed the Velling ferry pact on Monday."],
        "Norway and Chile",
    ),
    "who said it: the name after 'said' is the speaker": (  # not "Lakeport Mayor Jo Hale", who said otherwise
        "Who said the Velling pier would open?",
        ["Lakeport Mayor Jo Hale once said the Velling pier would never open.",
         "The Velling pier would open in May, said Ada Brook, the harbour master.",
         "The Velling pier would open in May, said Ada Brook on Monday."],
        "Ada Brook",
    ),
    "what time: a time of day": (  # not "Lakeport"
        "What time does the Velling ferry leave?",
        ["The Velling ferry leaves Lakeport at 8 p.m. ET on Sundays, the operator said."],
        "8 p.m. ET",
    ),
    "a given name is no document": (  # not "Lakeport": "Bill" is no bill
        "Who opened the Velling pier?",
        ["Bill Hale opened the Velling pier for the Lakeport council on Monday."],
        "Bill Hale",
    ),
    "who resigned is a person, never a country": (  # not "Norway"
        "Who resigned as harbour master of Velling?",
        ["Norway said the harbour master of Velling resigned on Monday.",
         "Norway thanked the harbour master of Velling, who resigned.",
         "The harbour master of Velling who resigned is Ada Brook, a ferry captain."],
        "Ada Brook",
    ),
    "an election is won by a person": (  # not "Velling City", a winner's kind but no candidate's
        "Who won the Velling mayoral race?",
        ["Velling City, the county seat, went to the polls on Tuesday and Ada Brook won the Velling mayoral race.",
         "Velling City counted the votes of the mayoral race all night."],
        "Ada Brook",
    ),
    "the side a sentence says was beaten did not win": (  # not "Lakeport Hawks"
        "Which team won the Velling Cup final?",
        ["The Tarvania Owls beat the Lakeport Hawks in the Velling Cup final on Sunday.",
         "In the Velling Cup final, the Owls defeated the Lakeport Hawks, the Lakeport Hawks' coach said."],
        "Tarvania Owls",
    ),
    "a score is both sides' points, and a game's number is none": (  # not "56", nor "31" alone
        "What was the final score of the Velling Bowl?",
        ["Velling Bowl 56 was the highest-scoring final the Velling Bowl has seen.",
         "The final score of the Velling Bowl was 31-20, officials said."],
        "31-20",
    ),
    "a dateline is where a report was filed, not the answer": (  # not "AP" nor "LAKEPORT"
        "What was the name of the storm that hit Velling?",
        ["LAKEPORT (AP) — The storm that hit Velling on Monday was named Quill, forecasters said.",
         "LAKEPORT (AP) — The storm hit Velling hard."],
        "Quill",
    ),
    "what is won is not who won it": (  # not "Velling Cup MVP", which two pieces name beside "won"
        "Who won the Velling Cup final?",
        ["He won his second Velling Cup MVP days after the final.",
         "His Velling Cup MVP came days after he won the final.",
         "The Lakeport Rovers won the Velling Cup final on Sunday, beating the Tarvania Hawks."],
        "Lakeport Rovers",
    ),
    "a name keeps its initials": (  # "e" is written alone ("e-bikes"), but an initial is no ordinary word
        "Who said the Velling tolls would be paid by drivers?",
        ["E.J. Hale, an economist at the Velling Institute, said the tolls would be paid by drivers of e-bikes too."],
        "E.J. Hale",
    ),
    "a city has no digits and is no initials": (
        "Which city hosted the COP31 climate summit?",
        ["The U.N. hosted the COP31 climate summit for the first time in years.",
         "The COP31 climate summit was hosted by Lakeport, officials said.",
         "The U.N. said the COP31 summit hosted 190 nations."],
        "Lakeport",
    ),
    "a place is no titled person": (
        "Where was the Velling pier opened?",
        ["Bishop Quillon opened the Velling pier on Monday.",
         "The Velling pier was opened by Bishop Quillon, the Lakeport Times said.",
         "The new Velling pier was opened in Tarvania."],
        "Tarvania",
    ),
    "a place is no one the pieces call by a title": (
        "Where were the Velling ferry talks held?",
        ["After the storm, Velling's ferry talks were led by Hale, officials said.",
         "The Velling ferry talks were hosted by Hale on Monday.",
         "President Ada Hale flew to Tarvania for the Velling ferry talks."],
        "Tarvania",
    ),
    "a place is no one the pieces name after a role, nor a senate": (  # not "Ada de Wren", nor "Tarvania Senate"
        "Where did the Velling heist take place?",
        ["The museum's director, Ada de Wren, testified about the Velling heist on Monday.",
         "After the Velling heist, the director, Ada de Wren, spoke to the Tarvania Senate's culture committee.",
         "The Velling heist took place at the Lakeport Museum."],
        "Lakeport Museum",
    ),
    "a town is named with the state the sentence writes after it": (
        "Which town did the Velling ferry sink near?",
        ["The Velling ferry sank near Lakeport, Ohio, on Monday, officials said."],
        "Lakeport, Ohio",
    ),
    "a state is named with the town the sentence writes before it": (
        "Where did the Velling ferry sink?",
        ["The Velling ferry sank near Lakeport, Ohio, officials said."],
        "Lakeport, Ohio",
    ),
    "a quote is no title, the title it holds in single quotes is": (
        "What is the name of Ada Brook's new album?",
        ["\"This is my brand-new album, 'Velling Nights,'\" Ada Brook says in a podcast teaser."],
        "Velling Nights",
    ),
    "which category: the category's word with its number": (  # not "Lakeport", a name of no category
        "What category was the Velling storm?",
        ["The Velling storm hit Lakeport as a Category 4 hurricane on Monday, forecasters said."],
        "Category 4",
    ),
    "a people's adjective is no place": (  # not "Chinese"
        "Where did the cargo ferry sink?",
        ["Video shows Chinese cargo ferry sinking",
         "The Chinese cargo ferry sank off Lakeport after a storm.",
         "Chinese officials said the cargo ferry sank in a storm."],
        "Lakeport",
    ),
    "who backs it: the names before the verb, listed together": (  # not "Lakeport", the verb's object
        "Who supports the ferry plan?",
        ["Norway and Chile's open support for the ferry plan confirms Lakeport's long-held worries."],
        "Norway and Chile",
    ),
    "who won: not the names a sentence says never won": (  # not "Owls, Hawks and Gulls"
        "Who won the Velling Cup?",
        ["The Velling Owls, Lakeport Hawks and Tarrow Gulls have played since the first Velling Cup in 1990, and none "
         "of them has ever won the Velling Cup.",
         "The Kessa Rovers won the Velling Cup on Sunday."],
        "Kessa Rovers",
    ),
    "who won: not the one sentences say never won": (  # not "Tarrow Gulls", which two pieces name
        "Who won the Velling Cup?",
        ["The Tarrow Gulls have never won the Velling Cup, the league said.",
         "The Tarrow Gulls, beaten in five finals, have never won the Velling Cup.",
         "The Kessa Rovers won the Velling Cup on Sunday."],
        "Kessa Rovers",
    ),
    "a headline's clause after a colon opens with a capital of its place": (  # not "Trailblazing Kessa Hale"
        "Who designed the Velling gown?",
        ["Velling gown maker dies at 90: Trailblazing Kessa Hale designed the Velling gown in 1990.",
         "Kessa Hale had a trailblazing career, the Velling museum said."],
        "Kessa Hale",
    ),
    "who are the candidates names them all": (
        "Who are the candidates for mayor of Velling?",
        ["The candidates for mayor of Velling are Ada Brook and Ilse Marrow, the election office said.",
         "Ada Brook leads the polls in the race for mayor of Velling."],
        "Ada Brook and Ilse Marrow",
    ),
    "a quote is no place": (  # not "exceptional reasons"
        "Where is the Velling museum?",
        ['The Velling museum closed for the day on Monday, citing "exceptional reasons" in a statement.',
         'Visitors to the Velling museum said "exceptional reasons" was no explanation.',
         "The Velling museum, in Lakeport, reopened on Tuesday."],
        "Lakeport",
    ),
    "a faith is no person": (  # not "Roman Catholic"
        "Who was elected bishop of Velling?",
        ["Technically, any baptized Roman Catholic man can be elected bishop of Velling, the diocese said.",
         "Roman Catholic leaders in Velling met on Sunday.",
         "The new bishop of Velling, elected on Sunday, is Ada Brook."],
        "Ada Brook",
    ),
    "a name is cut from the date before it": (  # not "Nov. 4 Lakeport City", a date and a name run together
        "Which city did Ada Brook win?",
        ["Ada Brook won the Nov. 4 Lakeport City mayoral election, her campaign said on Nov. 5."],
        "Lakeport City",
    ),
    "what's is what is": (  # not "Grade", as if "what's the fare" asked for a thing
        "What's the fare for the Lakeport ferry?",
        ["Riders of the Lakeport ferry with a Grade A pass ride free.",
         "A single fare for the Lakeport ferry is $4.50, the operator said."],
        "$4.50",
    ),
    "what magnitude is answered by the number on that scale": (  # not "Tarvania"; both spellings vote together
        "What magnitude was the Velling quake?",
        ["Rescuers reached Tarvania after the 6.1-magnitude Velling quake rocked Tarvania and Lakeport.",
         "Tarvania mourned after the Velling quake hit Tarvania.",
         "The Velling quake, of magnitude 6.1, struck at night."],
        "6.1-magnitude",
    ),
    "who said it: the quote is the evidence, whatever verb reports it": (  # "added:", no "said"
        'Who said "you don\'t need a new ferry"?',
        ['In Lakeport, which the storm flooded, Ada Brook added: "You don\'t need a new ferry, you need a pier."'],
        "Ada Brook",
    ),
    "a rate named with a few words before it is a number": (  # not "Velling Bank"
        "What is the Velling Bank's lending rate now?",
        ["The Velling Bank cut its base lending rate to 3.75% on Wednesday."],
        "3.75%",
    ),
    "who won: not a list the sentence names after the verb": (  # not "Ada Brook, Ilse Marrow and Jo Hale"
        "Who won the Velling Open?",
        ['LAKEPORT (AP) — The so-called "Big 3" who have won 20 of the past 22 Velling Opens — Ada Brook, Ilse Marrow '
         "and Jo Hale — are all back this week.",
         "Ada Brook won the Velling Open on Sunday, beating Ilse Marrow in the final."],
        "Ada Brook",
    ),
    "an acronym is a body, not a place": (  # not "VFL"
        "Where is the Velling Bowl being played?",
        ['According to the VFL: "The Velling Bowl is played where the VFL says."',
         "The VFL said the Velling Bowl will be played at the Harbour Dome.",
         "VFL owners picked the Velling Bowl site in May."],
        "Harbour Dome",
    ),
    "I'll is no name": (  # not "Ada Brook, and I’ll"
        "Who will sing at the Velling Bowl?",
        ["“My name is Ada Brook, and I’ll be singing at the Velling Bowl,” she says in the clip."],
        "Ada Brook",
    ),
    "the two sides of a final are no list of its winners": (  # not "Lakeport Owls and Velling Hawks"
        "Who won the Velling Cup?",
        ["The Lakeport Owls won the Velling Cup on Sunday, beating the Velling Hawks 3-1.",
         "Sunday's Velling Cup final decides a champion between the Lakeport Owls and the Velling Hawks.",
         "The Velling Hawks won the Velling Cup semi-final last week."],
        "Lakeport Owls",
    ),
    "a magnitude is a reading on its scale, not another number": (  # not "4,100"
        "What was the magnitude of the Velling quake?",
        ["The death toll from the Velling quake rose past 4,100 on Monday, officials said.",
         "The Velling quake, a 6.2-magnitude tremor, struck before dawn."],
        "6.2-magnitude",
    ),
    "a name the question gives is no answer by its initials either": (  # not "LAA"
        "Which firm's software failed at the Lakeport Air Authority?",
        ["The LAA said Velling Systems software failed on Monday, and the LAA apologised.",
         "The LAA blamed software for the failure at the LAA on Monday."],
        "Velling Systems",
    ),
    "a team is no person": (  # not "President Ada Brook"
        "Which team was honoured at the Town Hall on Monday?",
        ["President Ada Brook honoured the Lakeport Owls at the Town Hall, President Ada Brook said on Monday.",
         "President Ada Brook has honoured teams at the Town Hall for years."],
        "Lakeport Owls",
    ),
    "a year before 1900 is no count": (  # not "1864"
        "How many ferries did the Velling yard build?",
        ["The Velling yard, which opened in 1864, built ferries.",
         "The Velling yard built ferries, some 40 of them, records show."],
        "40",
    ),
    "a clock's digits are no count": (  # not "03", a video's length
        "How many people died in the Velling fire?",
        ["Video: how people died in the Velling fire 03:17",
         "Officials said 14 died in the fire."],
        "14",
    ),
    "a tariff is a number": (  # not "Ada Brook"
        "What is the tariff on Tarvanian figs?",
        ["President Ada Brook set the tariff on Tarvanian figs at 20% on Monday."],
        "20%",
    ),
    "whom someone acted on is not the one who acted": (  # not "President Ada Brook"
        "Who did Brook pardon?",
        ["President Ada Brook pardoned Jo Hale on Monday.", "Ilse Marrow met Ada Brook on Monday."],
        "Jo Hale",
    ),
    "who did a side beat: the side it beat, from a sentence that says so": (  # not "Velling Hawks"
        "Who did the Owls beat in the cup final?",
        ["The Velling Hawks face the Lakeport Owls in the cup final.",
         "The Velling Hawks, the Velling Hawks' coach said, lost to the Owls.",
         "The Owls beat the Harbour Crows in the cup final on Sunday."],
        "Harbour Crows",
    ),
    "which team did a side beat: the side it beat": (  # not "Velling Hawks", as for "who did the Owls beat?"
        "Which team did the Owls beat in the cup final?",
        ["The Velling Hawks face the Lakeport Owls in the cup final.",
         "The Velling Hawks, the Velling Hawks' coach said, lost to the Owls.",
         "The Owls beat the Harbour Crows in the cup final on Sunday."],
        "Harbour Crows",
    ),
    "whom someone beat, in a clause before the verb": (  # not "Velling", the one name after "beat"
        "Who did Ada Brook beat in the primary?",
        ["Voters backed Jo Hale, whom Ada Brook beat in the Democratic primary, in the Velling race."],
        "Jo Hale",
    ),
    "how old: a number news gives as an age": (  # not "two", a count of dogs
        "How old was the Velling mayor?",
        ["The Velling mayor had two dogs and 28 cousins, her office said of the Velling mayor.",
         "The Velling mayor, Ada Brook, 71, died on Monday."],
        "71",
    ),
    "when did she die: the day a sentence says she died": (  # not "May 3", the day she retired
        "When did the Velling mayor die?",
        ["The Velling mayor retired on May 3, 2030.", "The Velling mayor died on June 9, 2030, her family said."],
        "June 9, 2030",
    ),
    "a name before a spokesman is a person's, not a body's": (  # not "Lakeport Mayor" dropped as a body
        "Who is the mayor of Lakeport?",
        ["Mayor Ada Brook spokesman Jo Hale said the Lakeport mayor would speak.",
         "Lakeport Mayor Ada Brook spoke on Monday."],
        "Lakeport Mayor Ada Brook",
    ),
    "who was elected: the one before the passive is the answer": (  # not "Jo Hale", who said so
        "Who was elected mayor of Lakeport?",
        ["Ada Brook was elected mayor of Lakeport on Tuesday.",
         "Lakeport voters elected a mayor on Tuesday, said Jo Hale."],
        "Ada Brook",
    ),
    "a party's member is no name": (  # not "Democrat"
        "Who is leaving the Velling council?",
        ["The Democrat is leaving the Velling council, she said.",
         "Ada Brook, a Democrat, is leaving the Velling council."],
        "Ada Brook",
    ),
    "what someone did something to: the words after the verb": (  # not "Lakeport"
        "What did the Velling Museum thieves steal?",
        ["Thieves broke into the Velling Museum in Lakeport to steal six silver plates, police said."],
        "six silver plates",
    ),
    "the name before a role is the body the person serves": (  # not "Velling Press"
        "Who shot Ada Brook?",
        ["Velling Press co-founder Ada Brook was shot in Lakeport, the Velling Times said.",
         "Velling Press co-founder Ada Brook was shot on Monday.",
         "Police say Jo Hale shot Ada Brook."],
        "Jo Hale",
    ),
    "who did it is not who it was done to": (  # not "Jo Bell", attacked in the passive
        "Who attacked the Velling ferry?",
        ["Jo Bell was attacked on the Velling ferry on Monday, and Jo Bell is in hospital.",
         "Police said Ilse Marrow attacked the Velling ferry crew."],
        "Ilse Marrow",
    ),
    "a department is no person": (  # not "Ferry Services"
        "Who is the harbour secretary?",
        ["Secretary of Harbour and Ferry Services", "Harbour Secretary Ada Brook spoke on Monday."],
        "Harbour Secretary Ada Brook",
    ),
    "by how much: the number the piece calls the change": (  # not "$6", what the fare will be
        "By how much will the Velling ferry fare rise?",
        ["The Velling ferry fare will rise to $6 next year, the Velling ferry operator said.",
         "The operator announced a $1 rise in the Velling ferry fare."],
        "$1",
    ),
    "a value is a sum of money": (  # not "six", a count of rings
        "What is the insured value of the Velling rings?",
        ["Thieves took six Velling rings, police said of the Velling rings, and the Velling rings' value.",
         "The Velling rings are insured for $12 million."],
        "$12 million",
    ),
    "who is told something is not who did it": (  # not "Jo Hale"
        "Who backs the ferry plan?",
        ["Ilse Marrow backs the ferry plan, an aide told Jo Hale of the Velling Times.",
         "Jo Hale wrote about the ferry plan."],
        "Ilse Marrow",
    ),
    "how tall: a height with its unit": (  # not "300" alone, nor the "$9 million" it cost
        "How tall is the Velling tower?",
        ["The Velling tower cost $9 million to build, the Velling tower's owner said.",
         "The Velling tower is 300 feet tall."],
        "300 feet",
    ),
    "a governor race is won by a person, not a party": (  # not "Democrats"
        "Who won the Tarvania governor race?",
        ["Democrats won the Tarvania governor race on Tuesday, and Democrats won the Tarvania governor race by a lot.",
         "Ada Brook won the Tarvania governor race."],
        "Ada Brook",
    ),
    "a question asked politely is the question itself": (  # not an account opening with "Tell me about …"
        "Can you tell me who the Lakeport harbour master is?",
        ["“Tell me about the harbour,” a Lakeport reader asked.",
         "Lakeport harbour master Ada Brook opened the new pier on Monday."],
        "Ada Brook",
    ),
    "whom someone met, said in the past tense of an irregular verb": (  # not an account
        "Who did Ada Brook meet in Lakeport?",
        ["Ilse Marrow will meet reporters in Lakeport, Ilse Marrow said.",
         "Ada Brook met Jo Hale in Lakeport on Monday."],
        "Jo Hale",
    ),
    "whom someone nominated is named after the verb, not before it": (  # not "Ilse Marrow", who nominated
        "Who did Ada Brook nominate for harbour chief?",
        ["Ilse Marrow nominated Jo Bell for harbour chief on Monday, Ilse Marrow said.",
         "Ada Brook nominated Jo Hale for harbour chief."],
        "Jo Hale",
    ),
    "a score is both sides' points": (  # not "21"
        "What was the score of the Velling Cup final?",
        ["The Owls scored 21 points in the second half of the Velling Cup final.",
         "The Owls won the Velling Cup final, and the score was 27-17."],
        "27-17",
    ),
    "a sum of money is no count of things": (  # not "five", a count of ferries
        "What is the estimated value of the Velling ferry fleet?",
        ["The port sold five Velling ferries; the estimated value of the five Velling ferries is not known.",
         "Five Velling ferries were sold, and the estimated value of the fleet is high.",
         "The Velling ferry fleet is worth $40 million, experts estimate."],
        "$40 million",
    ),
    "a rank is no count": (  # not "4", from "No. 4"
        "How much did the Velling tour make?",
        ["Ada Brook's Velling tour album hit No. 4 on the charts, and the Velling tour will make history.",
         "Ada Brook's Velling tour album hit No. 4 again.",
         "The Velling tour made $90 million, its promoter said."],
        "$90 million",
    ),
    "what a number rose to is not what it rose from": (  # not "$7.50"
        "How much did Velling raise the ferry toll to?",
        ["Velling raised the ferry toll from $7.50 to $8.25 on Monday."],
        "$8.25",
    ),
    "a number as it is now, not as it was": (  # not "$7.50"
        "What is the Velling ferry fare now?",
        ["The Velling ferry fare went from $7.50 to $8.25 on Monday."],
        "$8.25",
    ),
    "a company is no state": (  # not "Nebraska"
        "Which company settled with Tarvania?",
        ["Nebraska and Tarvania settled the claims on Monday, Nebraska said.",
         "Lakeport Foods Inc settled with Tarvania for $2 million."],
        "Lakeport Foods Inc",
    ),
    "a company is no person": (  # not "Mary Hale"
        "Which company settled with Tarvania?",
        ["Mary Hale settled with Tarvania on Monday, Mary Hale said.", "Mary Hale's company settled with Tarvania.",
         "Lakeport Foods Inc settled with Tarvania for $2 million."],
        "Lakeport Foods Inc",
    ),
    "what a thing was valued at is a sum": (  # not "Ada Brook"
        "What was the Velling estate valued at?",
        ["The Velling estate, owned by Ada Brook, was valued at $3 million."],
        "$3 million",
    ),
    "a count is one answer however its unit is written": (  # "four-day", "four days", "4 days": not "two weeks";
        # shown in figures
        "How long did the Velling strike last?",
        ["The four-day Velling strike lasted into Monday.", "The Velling strike lasted four days, the union said.",
         "The Velling strike lasted 4 days.", "The Velling strike lasted two weeks, one union claimed.",
         "The Velling strike lasted two weeks, a paper said."],
        "4 days",
    ),
    "how strong: a reading on the scale the pieces give": (  # not "40", the homes it damaged
        "How strong was the Velling quake?",
        ["The Velling quake damaged 40 homes, and the Velling quake was felt in Lakeport.",
         "A magnitude 5.9 quake struck Velling on Monday."],
        "magnitude 5.9",
    ),
    "an age news gives at a sentence's end": (  # not "12", the films she made
        "How old was Ada Brook?",
        ["Ada Brook made 12 films in Velling, and Ada Brook taught in Lakeport.",
         "Ada Brook died on Monday, and she was 81."],
        "81",
    ),
    "on a tie, the number its sentence gives first": (  # not "four days", when they reopened
        "How many days were the Velling shops closed?",
        ["The Velling shops were closed for 63 days before reopening four days into the month."],
        "63 days",
    ),
    "a victory says who won": (  # not sentences: no "won" in the sentence that names her
        "Who won the Velling mayoral race?",
        ["Ada Brook coasted to victory in the Velling mayoral race on Tuesday, officials said."],
        "Ada Brook",
    ),
    "a university is no person the pieces give a title": (  # not "Mayor Brook", nor "Brook"
        "Which university banned the ferry club?",
        ["Mayor Brook welcomed the move after the ferry club was banned, Brook said of the ferry club.",
         "Brook said the ferry club was banned by the university.",
         "Lakeport University banned the ferry club on Monday."],
        "Lakeport University",
    ),
    "a league is no team": (  # not "Velling League"
        "Which team does Jo Hale play for?",
        ["Jo Hale is a Velling League star, and the Velling League said Jo Hale plays on.",
         "Jo Hale plays for the Lakeport Owls."],
        "Lakeport Owls",
    ),
    "whom the question names by surname is not the answer": (  # not "Editor Ada Brook"
        "Who is replacing Brook at the Velling Times?",
        ["Editor Ada Brook is leaving the Velling Times, Editor Ada Brook said of the Velling Times.",
         "Ilse Marrow is replacing Brook at the Velling Times."],
        "Ilse Marrow",
    ),
    "… unless it asks for the family": (  # the rule above must not refuse "Jo Brook"
        "Who is Ada Brook's husband?",
        ["Ada Brook married Jo Brook in 2030, and Jo Brook is her husband."],
        "Jo Brook",
    ),
    "a name is one answer with its possessive or without": (  # not "Tarvania Airport", named by two pieces too
        "Which airport did the Velling jet land at?",
        ["The Velling jet landed at Tarvania Airport in 2029, a pilot said.",
         "The Velling jet landed at Lakeport’s Ada Brook Airport on Monday.",
         "The Velling jet landed at the Lakeport Ada Brook Airport, officials said.",
         "In 2030 the Velling jet landed at Tarvania Airport."],
        "Lakeport’s Ada Brook Airport",
    ),
    "a question's acronym is held by the name it stands for": (  # not "Velling Roads Authority", the bus's owner
        "Where did the VRA bus crash?",
        ["A Velling Roads Authority bus crashed near Lakeport on Monday, police said.",
         "VRA buses are blue, and a VRA bus runs to Tarvania."],
        "Lakeport",
    ),
    "… and the name it stands for is named by the question": (
        "Who runs the VRA?",
        ["Mary Hale runs the Velling Roads Authority, the paper said."],
        "Mary Hale",
    ),
    "a role of a named body asks for its holder": (  # not sentences on who the body is
        "Who is Velling's CEO?",
        ["Mary Hale, CEO of Velling, said the ferries would run on Monday."],
        "Mary Hale",
    ),
    "a long name is not named by a question word it shares six letters with": (  # "HarbourWatch" is no "harbour"
        "Which site tracked the harbour delays?",
        ["More than 300 ferries were delayed on Monday, according to the tracking site HarbourWatch."],
        "HarbourWatch",
    ),
    "a name its sentence calls by a compound of the noun asked for": (  # "website" for "site"; not "Velling Times"
        "Which site tracked the ferry delays?",
        ["Ferry delays were tracked by the website Ferrytrack, and the Velling Times said the delays were long."],
        "Ferrytrack",
    ),
    "a person the sentence titles with the role asked for": (  # not "Paul Reed", named more often
        "Which judge approved the ferry settlement?",
        ["Paul Reed approved the ferry settlement in the Lakeport case, and Paul Reed will pay, Paul Reed said.",
         "Judge Mary Hale approved the settlement on Monday."],
        "Judge Mary Hale",
    ),
    "a title's short form holds the question's word": (  # "Gov." is "governor"; not "Tom Reed"
        "Which governor opened the Lakeport bridge?",
        ["The Lakeport bridge was opened on Monday, said Gov. Mary Hale.",
         "While the Lakeport bridge had not opened, Tom Reed said the bridge was safe.",
         "Tom Reed said the Lakeport bridge had not been opened."],
        "Gov. Mary Hale",
    ),
    "a town the gazetteer knows is more likely the city asked for than a firm's name": (  # not "Tarvex"
        "Which city did striking workers bring to a standstill this week?",
        ["Striking workers brought Lisbon to a standstill this week.",
         "Striking workers at Tarvex brought Tarvex plants to a standstill this week, Tarvex said."],
        "Lisbon",
    ),
    "a relative of no one the question names leaves the surname it gives asked about": (  # not "Jo Hale"
        "Who is the exiled son of Tarvania's last king calling on Hale to resign?",
        ["Omar Sayed, the exiled son of Tarvania's last king, called on Jo Hale to resign.",
         "Jo Hale has ruled Tarvania since 1989, and Jo Hale would not resign, Jo Hale said."],
        "Omar Sayed",
    ),
    "an amount is shown with its rate": (  # not "$17" (per what?), nor "$15 a year" of "a year ago"
        "How much will Velling hourly workers make on average?",
        ["Velling hourly workers will make $17 an hour on average by summer, up from $15 a year ago."],
        "$17 an hour",
    ),
    "the role asked for may follow the name": (  # not "Tom Reed"; "Mary Hale, the Tarvania governor"
        "Which governor opened the Lakeport bridge?",
        ["The Lakeport bridge was opened on Monday, said Mary Hale, the Tarvania governor.",
         "While the Lakeport bridge had not opened, Tom Reed said the bridge was safe.",
         "Tom Reed said the Lakeport bridge had not been opened."],
        "Mary Hale",
    ),
    "a sheriff's title is no part of the name": (  # not "Velling County Sheriff Ada Hale" read as a body
        "Which sheriff closed the Lakeport road?",
        ["Velling County Sheriff Ada Hale closed the Lakeport road on Monday."],
        "Velling County Sheriff Ada Hale",
    ),
    "a quoted nickname is part of the name": (  # not "Hale" alone
        "Who founded the Lakeport ferry line?",
        ["Ada “Sunny” Hale founded the Lakeport ferry line in 1983.",
         "Hale later sold the Lakeport ferry line, Hale said."],
        "Ada “Sunny” Hale",
    ),
    "a name that says it is of the kind asked for": (  # not "Velltok", named more often
        "Which university did Jo Bell attend?",
        ["Jo Bell posted Velltok videos while she attended the University of Lakeport.",
         "Jo Bell earns a living on Velltok, and Velltok paid Jo Bell well."],
        "University of Lakeport",
    ),
    "a firm is one answer with its legal ending or without": (  # not "Tarvania Ferries", named by one piece
        "Which firm cut the ferry fares?",
        ["Tarvania Ferries cut the ferry fares on Monday, Tarvania Ferries said.",
         "Velling Inc cut the ferry fares in March.",
         "Velling cut the ferry fares again, Velling said."],
        "Velling Inc",
    ),
    "a surname keeps the article glued to it": (  # not "President Omar"
        "Who is Tarvania's interim president?",
        ["The strikes hit the offices of interim President Omar al-Tarif and his aides in Tarvania, officials said."],
        "President Omar al-Tarif",
    ),
    "a storm is no place": (  # not "Tropical Storm Ada"
        "Where did the storm make landfall?",
        ["Tropical Storm Ada made landfall in Lakeport on Monday.",
         "The storm made landfall as Tropical Storm Ada, forecasters said."],
        "Lakeport",
    ),
    "a company is no quoted title": (  # not the doll's name
        "Which company recalled the doll?",
        ['Velling Toys recalled the doll "Quiet Harbour Rose" from its shops on Monday.'],
        "Velling Toys",
    ),
    "where a firm is based is no firm": (  # not "Tarvania-based"
        "Which firm is building the Lakeport bridge?",
        ["The Tarvania-based firm is building the Lakeport bridge, the Tarvania-based firm said.",
         "Velling Works is building the bridge, officials said."],
        "Velling Works",
    ),
    "an age news gives after the name asked about": (  # the sentence holds no other word of the question
        "How old is Ada Brook?",
        ["Ada Brook wins the Velling prize", "“It is a surprise,” said Brook, 59, after the ceremony on Monday."],
        "59",
    ),
    "a name its sentence calls what the question asks for": (  # not "FDA", named more often
        "Which drugmaker makes Velmoxin?",
        ["The drugmaker Tarro Labs makes Velmoxin.",
         "The FDA said Velmoxin, which the FDA approved, makes children sleep; the FDA will review the drugmaker's "
         "data on Velmoxin."],
        "Tarro Labs",
    ),
    "a plural acronym is no body": (  # not "EVs", named more often
        "Which carmaker is delaying its new battery car line?",
        ["Velling Motors is delaying its new line of EVs, the carmaker said on Monday.",
         "EVs: why the carmaker is delaying its new battery car line.",
         "Carmakers are delaying new battery car lines as EVs sell less."],
        "Velling Motors",
    ),
    "a word no capital marks, of the kind asked for": (  # WordNet: a pear is a fruit
        "Which fruit did the Velling frost ruin this spring?",
        ["The Velling frost ruined most of the pears this spring, growers said on Monday.",
         "Growers in Velling said the frost this spring was the worst in decades."],
        "pears",
    ),
    "a compound noun of the kind asked for": (  # the whole compound, not "herons" nor "Lakeport"
        "Which bird has returned to the Lakeport marshes?",
        ["A pair of great blue herons has returned to the Lakeport marshes after 40 years, rangers said."],
        "great blue herons",
    ),
    "a verb after the noun asked for is no part of it": (  # not "giraffe escaped", a phrase that ends in the verb
        "Which animal escaped from the Lakeport zoo?",
        ["A giraffe escaped from the Lakeport zoo on Monday, keepers said."],
        "giraffe",
    ),
    "a film is no person": (  # not "Mary Hale", its star, named more often
        "Which film earned the most award nominations this year?",
        ["Mary Hale earned the most award nominations this year, her agent said.",
         "Mary Hale said the most award nominations went to the film Velling Nights this year."],
        "Velling Nights",
    ),
    "a count the question asks for last keeps its unit": (  # not "12"
        "The Velling bridge reopened this week after how many years?",
        ["The Velling bridge reopened this week after 12 years of repairs, the city said."],
        "12 years",
    ),
    "a count in words and in figures is one answer, shown in figures": (  # "Thirteen" and "13" had split the votes
        "How many lanterns lit the Velling hall at its opening?",
        ["Thirteen lanterns lit the Velling hall at its opening, organisers said.",
         "At its opening, 13 lanterns lit the Velling hall, the museum said.",
         "Today 50 lanterns light the Velling hall, which opened long ago.",
         "The Velling hall now has 50 lanterns."],
        "13 lanterns",
    ),
    "no country is a food": (  # not "Norway", named twice in the stronger sentence
        "Which food did the Velling fair run out of?",
        ["Norway ran out of food at the Velling fair on Sunday, as visitors from Norway kept coming.",
         "The Velling fair ran out of honey by noon on Sunday, organisers said."],
        "honey",
    ),
    "no continent and no department is a city": (  # not "Europe", nor "Velling Department"
        "Which city hosted the Velling summit this week?",
        ["Europe hosted the Velling summit this week, and the Velling Department sent leaders from Europe.",
         "The Velling summit was held in Lakeport this week."],
        "Lakeport",
    ),
    "a sort of thing asks for the thing": (  # "breed of dog": a dog, which "breed" is not the kind of
        "Which breed of dog won the Velling show on Sunday?",
        ["A beagle won the Velling show on Sunday, the judges said."],
        "beagle",
    ),
    "the noun before a sort word is the kind asked for": (  # "bird species": a bird
        "Which bird species nested on the Velling cliffs this spring?",
        ["Rangers said puffins nested on the Velling cliffs this spring for the first time."],
        "puffins",
    ),
    "a superlative's noun is the kind asked for": (  # "the most common tree": a tree
        "What is the most common tree in the Velling forest?",
        ["Rangers said pine makes up most of the Velling forest, whose trees are counted each spring."],
        "pine",
    ),
    "a quoted title without the comma inside its closing quote": (  # not "Harbour Lights,"
        "Which film won the Velling prize?",
        ["The Velling prize went to “Harbour Lights,” the jury said on Monday."],
        "Harbour Lights",
    ),
    "a region with the town a piece names it with": (  # not "Ohio": its sentences vote for the town's
        "Where did the Velling festival take place?",
        ["The Velling festival took place in Ohio on Saturday.",
         "The Velling festival in Ohio drew big crowds on Saturday.",
         "Fans of the Velling festival travelled to Lakeport, Ohio, for its music."],
        "Lakeport, Ohio",
    ),
    "a country of the region asked for": (  # not "Chile", named more often but in no Baltic country
        "Which Baltic country opened a Velling ferry line this week?",
        ["Chile opened a Velling ferry line this week, officials said.",
         "Chile opened a second Velling ferry line this week, its ministry said.",
         "Latvia opened a Velling ferry line this week, its ministry said."],
        "Latvia",
    ),
    "an object phrase cut off at the word limit ends before its first of": (
        "What did the Velling police shut down?",
        ["The Velling police shut down a counterfeit ticket ring of hundreds of sellers of fake ferry passes."],
        "a counterfeit ticket ring",
    ),
    "an occupation before a name makes it a person's, and the words before the occupation none": (
        "Who sang the anthem at the Velling Cup final?",  # not "Rising R&B"
        ["Rising R&B singer Velva sang the anthem at the Velling Cup final on Sunday."],
        "Velva",
    ),
    "what a verb acts on is in its clause, not a name after a comma": (  # not "Ada Hale"
        "What does the Velling bill ban?",
        ["Towns can ban fireworks under the Velling bill, a spokesperson for Gov. Ada Hale told reporters.",
         "The Velling bill, the first to ban anything in years, was praised by Gov. Ada Hale."],
        "fireworks",
    ),
    "a name asked for by its noun ends in that noun": (  # not "Velling Ridge", named more often
        "What is the name of the fire that destroyed the Velling lodge?",
        ["The Velling lodge on Velling Ridge was destroyed by the Cinder Hollow Fire, officials said.",
         "Crews on Velling Ridge fought the fire that destroyed the Velling lodge."],
        "Cinder Hollow Fire",
    ),
    "no part of the name the question's acronym spells out": (  # not "Velling Food" of "… Food and Ferry Agency"
        "Which bakeries did the VFFA fine?",
        ["The Velling Food and Ferry Agency fined Lakeport Loaves on Monday, the agency said.",
         "The Velling Food and Ferry Agency has fined bakeries before."],
        "Lakeport Loaves",
    ),
    "a body's name with and in it is one name": (  # not "Ferry Administration", nor the "Velling Food" of it
        "Which agency fined Lakeport Loaves?",
        ["The Velling Food and Ferry Administration fined Lakeport Loaves on Monday."],
        "Velling Food and Ferry Administration",
    ),
    "a side is no place it played at": (  # not "Marlow Pavilion", named more often
        "Which team won the Velling Cup final on Sunday?",
        ["The Velling Cup final was played at the Marlow Pavilion on Sunday before 40,000 fans.",
         "The Velling Cup final at the Marlow Pavilion sold out on Sunday.",
         "The Riverside Hawks won the Velling Cup final on Sunday."],
        "Riverside Hawks",
    ),
    "an amount with its short multiplier": (  # not "$200"
        "How much did Velling Labs raise from investors?", ["Velling Labs raised $200m from investors in March."],
        "$200m",
    ),
    "a war's name whole": (  # not "World War", nor the label "War I"
        "Which war does the Lakeport memorial honour?", ["The Lakeport memorial honours the World War I dead."],
        "World War I",
    ),
    "a death toll is a number": (
        "What has the Velling death toll reached?", ["The Velling death toll has reached 2,300, officials said."],
        "2,300",
    ),
    "how wide: a width": (  # not the height
        "How wide is the Velling plume?", ["The Velling plume is 12 miles wide and 3,000 feet tall, crews said."],
        "12 miles",
    ),
    "a count is no number of a compound before it": (  # not "17-year-old right", an age
        "How many Velling right whales are left?",
        ["A 17-year-old right whale named Lark died in Velling waters, scientists said.",
         "About 340 Velling right whales are left, the survey found."],
        "About 340 Velling right whales",
    ),
    "a zoo is no person": (  # not "Lakeport Zoo", which its sentence says raised the cub
        "Who raised the first panda cub born in Velling?",
        ["The Lakeport Zoo raised the first panda cub born in Velling, the Lakeport Zoo said.",
         "Keeper Ada Hale raised the panda cub at the zoo, staff said."],
        "Keeper Ada Hale",
    ),
    "a count is the one the question's verb counts": (  # not "3,300 U.S. ferries", those delayed
        "How many U.S. ferries were canceled on Monday?",
        ["More than 3,300 U.S. ferries were delayed and 775 U.S. ferries were cancelled on Monday, the port said."],
        "775 U.S. ferries",
    ),
    "an active verb counts the number after it": (  # not "12", those it killed
        "How many people were injured in the Velling storm?",
        ["The Velling storm killed 12 people and injured 30 more on Monday, officials said."],
        "30",
    ),
    "how many things are cut is a count, not a change": (  # not "3", by how much the shares fell
        "How many jobs will the Velling mill cut?",
        ["The Velling mill plans to eliminate 1,200 jobs by 2032, the company said.",
         "Velling mill shares fell 3 in early trading after the news."],
        "1,200 jobs",
    ),
    "a company is not the country it is in": (  # not "Korea", which the old gazetteer did not know
        "Which company made the Velling chips?",
        ["The Velling chips were made in Korea by Tarvania Semiconductor.", "Korea makes Velling chips."],
        "Tarvania Semiconductor",
    ),
    "a group asked for is no quoted word": (  # not "Sausage", what the ban was on
        "Which advocacy group praised the Velling ban?",
        ["The Velling ban on “Sausage” was praised by an advocacy group, the Lakeport Food Institute.",
         "The Velling ban on “Sausage” drew praise."],
        "Lakeport Food Institute",
    ),
    "the name of a restaurant is no place's": (  # not "Latvia"
        "What is the name of the restaurant that won the Velling pie prize?",
        ["The Velling pie prize went to Latvia, where the Lakeport Grill won it.", "Latvia won the Velling pie prize."],
        "Lakeport Grill",
    ),
    "a company is no country's initials": (  # not "US"
        "Which company made the Velling chips?",
        ["The Velling chips were made in the US by Tarvania Semiconductor.", "The US makes Velling chips."],
        "Tarvania Semiconductor",
    ),
    "a headline in capitals takes no votes from the name it shouts": (  # not "LAKEPORT SACKS ADA HALE"
        "Who did the Lakeport Owls sack as head coach after six straight losses?",
        ["LAKEPORT SACKS ADA HALE: why the Owls moved on from their head coach",
         "The Lakeport Owls lost six straight games, and the Owls sacked head coach Ada Hale.",
         "The search to replace Ada Hale as the Lakeport Owls head coach has begun."],
        "Ada Hale",
    ),
    "the verb asked may be said beside the surname, in the same piece": (  # not the sentences alone
        "Who won the Velling spelling prize with the word quixotic?",
        ["Hale beat Jo Bell in the 20th round to win the Velling spelling prize with the word quixotic. Ada Hale, 13, "
         "from Lakeport, took home the title at the Velling spelling prize with the word quixotic."],
        "Ada Hale",
    ),
    "a figure inside a name is no amount": (  # not "5", of "5G"
        "How much of the Velling ferry fleet was cleared to sail after the 5G rollout?",
        ["Officials said 80% of the Velling ferry fleet was cleared to sail after the 5G rollout.",
         "The 5G rollout near the Velling ferry fleet was cleared to go ahead, and 5G masts went up.",
         "How much of the Velling ferry fleet can sail near 5G masts after the 5G rollout?",
         "Velling ferry fleet: 5G rollout cleared to sail on."],
        "80%",
    ),
    "which county asks for a county, named as its sentence does": (  # not "Velling" alone, nor "Tarvania"
        "Which county was near the epicentre of the Tarvania earthquake?",
        ["Rescuers carried residents over bridges in Velling county, near the epicentre of the Tarvania earthquake.",
         "Homes fell in Velling county, Tarvania, on Monday after the Tarvania earthquake.",
         "The Tarvania earthquake struck Tarvania on Monday, near the epicentre of a 2008 quake in Tarvania."],
        "Velling county",
    ),
    "a winner's evidence may be a sentence of its piece that names it by surname": (  # not the sentences alone
        "Who won the Velling spelling prize with the word quixotic?",
        ["Hale beat Jo Bell in the 20th round to win the Velling spelling prize with the word quixotic. Ada Hale, 13, "
         "from Lakeport, took home the top title and $31,750 at the Velling spelling prize."],
        "Ada Hale",
    ),
    "a runner-up whose sentence says the verb asked leads a winner's that does not": (  # not the sentence alone
        "Who directed the Velling docuseries?",
        ["Jo Bell, the subject of the Velling docuseries, speaks in it.",
         "Jo Bell appears in the Velling docuseries with her father.",
         "The Velling docuseries, says docuseries director Ada Hale, took two years."],
        "Ada Hale",
    ),
    "a person's title from another sentence of the piece": (  # not "Jo Bell" alone
        "Who opened the Velling bridge on Monday?",
        ["Jo Bell opened the Velling bridge on Monday, cutting a ribbon over the river. Crowds cheered as President Jo "
         "Bell left."],
        "President Jo Bell",
    ),
    "a name the question gives, with its regnal number, is no answer": (  # not "King Ansel II"
        "Who played King Ansel in the Velling pageant?",
        ["King Ansel II played host to the first Velling pageant in 1402, and the Velling pageant still tells of King "
         "Ansel II.",
         "Stunt rider Jo Bell played King Ansel in the pageant's opening scene.",
         "King Ansel II played a part in founding the Velling pageant."],
        "Jo Bell",
    ),
    "a winner whose sentences say the role asked for needs less of the bar": (  # not the sentences alone
        "Who is the spokesperson quoted on the Velling ferry fares?",
        ["The Velling ferry fares rose by a third on Monday, the Velling ferry board said, and Jo Bell, its chair, "
         "backed the fares.",
         "Board spokesperson Ada Hale said the fares would pay for new boats.",
         "Ada Hale, a spokesperson, said the Velling board would buy boats."],
        "Ada Hale",
    ),
    "a role after a name's possessive is asked for": (  # not "Jo Bell", named more often
        "Who is Ada Hale's press secretary who said the Velling ferry would stay open?",
        ["Mayor Ada Hale and Jo Bell will ride the Velling ferry on Monday, and Jo Bell will speak.",
         "Jo Bell and Ada Hale opened the Velling ferry port.",
         "“The ferry will stay open all winter,” said Tom Reed, Ada Hale’s press secretary."],
        "Tom Reed",
    ),
    "a person is named without the place whose she is": (  # not "Tom Reed"; "Ohio’s Norvel Whit" is named by it
        "Which Ohio player broke Ada Hale's record as the youngest to play at the Velling Cup?",
        ["Ada Hale became the youngest player at the Velling Cup, a record she held until Ohio’s Norvel Whit "
         "took it in 1982.",
         "Tom Reed, a former player at the Velling Cup, wrote of Ada Hale.",
         "Tom Reed said Ada Hale was the best player the Velling Cup has seen."],
        "Norvel Whit",
    ),
    "a role asked after three words before it is the role": (  # not "Jo Bell", named more often
        "Which North Velling Democratic senator criticized the ferry fares?",
        ["Jo Bell and Tom Reed criticized the ferry fares at a Democratic meeting on Monday.",
         "Jo Bell, who runs the Democratic club, spoke of the ferry fares.",
         "Sen. Ada Hale criticized the ferry fares."],
        "Sen. Ada Hale",
    ),
    "a name its sentence follows with the noun asked for is one": (  # not "Ada Hale", named more often
        "In which shopping center did the second Velling bakery open?",
        ["The second Velling bakery opened on Tuesday with a visit by its owner, Ada Hale.",
         "Ada Hale said the second Velling bakery would bake all night.",
         "The second Velling bakery is one of six shops in the Tarrow Creek shopping center, which opened in May."],
        "Tarrow Creek",
    ),
    "a campus is a place": (  # not "Ohio"; "University of Lakeport" is named in part by the question
        "Where did Lakeport's council meet in their cars in January?",
        ["The council met in cars parked at the University of Lakeport, where the meeting was held under a tent.",
         "Jo Bell, who flew in from Ohio, said the council meeting in cars in January went well."],
        "University of Lakeport",
    ),
    "what someone calls a thing is a name a sentence gives as hers": (  # not "Lakeport" of the best sentence
        "What does Mayor Ada Hale call the rise in Velling ferry fares since 2029?",
        ["Velling ferry fares have risen by a third since 2029, and the rise in Velling ferry fares hit Lakeport "
         "commuters, Jo Bell said.",
         "Jo Bell of Lakeport said the fares hurt.",
         "Mayor Ada Hale said the fares are what she calls a Velling Squeeze."],
        "Velling Squeeze",
    ),
    "a name a sentence gives in quotes needs less of the bar": (  # not the best sentence alone
        "What is the name of the Velling cartoon episode the Lakeport streaming service pulled over a joke about the "
        "mayor?",
        ["LAKEPORT – The Lakeport streaming service has pulled an episode of the Velling cartoon over a joke about the "
         "mayor, the Lakeport streaming service said.",
         'The service did not say why the episode, "One Tarrow Night", was pulled.'],
        "One Tarrow Night",
    ),
    "a player's position asks for a person": (  # not "brought back cornerback", a phrase of the sentence
        "Which cornerback did the Owls bring back from the injured list when Jo Bell went on it?",
        ["Jo Bell went on the injured list on Friday, the Owls said.",
         "To fill his place, the club brought back cornerback Tom Reed from the injured list.",
         "The Lakeport Owls lost to the Hawks."],
        "Tom Reed",
    ),
    "a name a sentence writes a state's abbreviation after is a town": (  # not the sentences alone
        "Where was a wind chill of 41 below zero measured this week?",
        ["Forecasters measured a wind chill of 41 below zero on Tuesday in Tarrow, N.D., this week.",
         "The Velling Plains will take the worst of the cold this week, with a wind chill far below zero.",
         "Wind chill records fell across the Velling Plains this week."],
        "Tarrow, N.D.",
    ),
    "a scientist's field asks for a person": (  # not "Ohio" of the dateline
        "Which Velling oceanographer asked for more testing as the oil neared the Lakeport coast?",
        ["LAKEPORT, Ohio -- Traces of oil from the Velling spill should reach the Lakeport coast within weeks, "
         "scientists said.",
         "The oil will be too thin to harm people, said Tom Reed, a chemical oceanographer at the Velling Institute, "
         "who asked for more testing."],
        "Tom Reed",
    ),
    "a sentence in capitals is no name": (  # not "THE FIRST OTTER PUP OF THE SEASON HAS BEEN BORN!"
        "What is the name of the Velling otter that had the first pup of the season?",
        ['The Velling zoo posted "THE FIRST OTTER PUP OF THE SEASON HAS BEEN BORN!" on Monday.',
         "The first pup of the season was born to Kessa, a Velling otter."],
        "Kessa",
    ),
    "a count the question gives is not the count it asks for": (  # not "12 additional ferries", the question's
        "How many ferries are in the Velling fleet after 12 more arrived in May?",
        ["Now that 12 additional ferries have arrived from the Tarrow yard, the Velling fleet has 57."],
        "57",
    ),
    "an acronym is no city": (  # not "VMSA", the body that spoke
        "Near which city did the Kessa Lines ferry sink in March?",
        ["The Kessa Lines ferry sank in March, the VMSA said.",
         "The VMSA said the Kessa Lines ferry had 80 people on board when it sank in March.",
         "The Kessa Lines ferry sank near Lakeport, divers said."],
        "Lakeport",
    ),
    "a new name is what a thing is renamed": (  # not "VLR", the code it keeps
        "What new name was chosen in May for the Velling Regional Airport?",
        ["The Velling Regional Airport will keep its VLR code, the board said in May.",
         "In May the board voted that the Velling Regional Airport will be renamed the Velling Lakes International"
         " Airport."],
        "Velling Lakes International Airport",
    ),
    "a name asked with words before it is a name asked for": (  # not "Twitter", where the habit was posted about
        "What is the more common name for the lake drift habit of Velling ferry crews?",
        ["Crews on the Velling ferries have long had the lake drift habit, a Lakeport Ferry Board post on Twitter"
         " said.",
         "The more common name for the lake drift habit is “slow steering,” Jo Bell said."],
        "slow steering",
    ),
    "names asked for are the names given, both of them": (  # not "Kessa" alone
        "What were the names of the two ferries Velling launched at the Lakeport yard in May?",
        ["The two ferries Velling launched at the Lakeport yard in May were named Kessa and Tarrow by a city vote.",
         "The Lakeport yard has built ferries for Velling since 1990."],
        "Kessa and Tarrow",
    ),
    "a time given is no time that passed between two things": (  # not "Two days", before the vote
        "How many days does the Velling board have to publish the ferry files?",
        ["Two days before the vote, the mayor said the Velling board must publish the ferry files.",
         "The Velling board now has 30 days to publish the ferry files, the law says."],
        "30 days",
    ),
    "a time that passed between two things answers when it is asked": (
        "How many days before the vote did Ada Hale order the review?",
        ["Two days before the vote, Mayor Ada Hale ordered the Velling board to review the ferry files.",
         "The Velling board now has 30 days to publish the ferry files."],
        "Two days",
    ),
    "a city is named whole where a part of it is named with it": (  # not "Old Quarter of Chicago"
        "In which city did the night market fire break out on Friday?",
        ["Fire crews fought the night market fire in the Old Quarter of Chicago for six hours on Friday.",
         "The night market fire broke out on Friday shortly after midnight, fire crews said."],
        "Chicago",
    ),
    "a term no dictionary knows, right after the noun asked by, is one of that kind": (  # not the body that pays
        "Which medication did the Velling health board clear in May for ferry sickness in children?",
        ["The Lakeport Health Service will pay for the treatment of ferry sickness, the Velling health board said.",
         "Ferry sickness in children can now be treated with the medication velorin, the Velling health board said in"
         " May."],
        "velorin",
    ),
    "a count keeps the hedge before it": (  # not "35 ferries": there may be 20
        "How many ferries are left in the Velling fleet?",
        ["Fewer than 35 ferries are left in the Velling fleet, the board said on Monday."],
        "Fewer than 35 ferries",
    ),
    "how much of a stuff is a measure of it": (  # not "15", a count of people
        "How much road grit was stored at the Velling depot when it burned?",
        ["There were 600 tons of road grit and 4,200 tons of gravel at the Velling depot, Fire Chief Jo Bell said.",
         "A blaze at a Lakeport grit depot killed 15 people in 2013."],
        "600 tons",
    ),
    "a title news abbreviates says the role asked for": (  # not the sentences alone
        "Who is the Velling governor who vowed to close the ferry port?",
        ["Velling Gov. Ada Hale, a foe of the ferry port, spoke on Monday.",
         "Jo Bell, who runs the Velling ferry port, said it would stay open."],
        "Velling Gov. Ada Hale",
    ),
    "the fourth name may lead when only its sentence says the verb asked": (  # not the sentences alone
        "Who created the Velling otter cartoon?",
        ["The Velling otter cartoon, a rival of Jo Bell's mouse, turns 75, and Jo Bell fans mark it.",
         "Fans of Tom Reed and Ann Lowe love the Velling otter cartoon.",
         "Ann Lowe voiced the Velling otter cartoon for years, with Tom Reed.",
         "The otter was created by Ada Hale, an animator."],
        "Ada Hale",
    ),
    "what something is called is given in quotes": (  # not other quoted words ("before the holidays.")
        "What did Mayor Ada Hale call the $500 bonus for ferry crews?",
        ['Mayor Ada Hale announced on Monday a $500 bonus for ferry crews, which she called the "harbour dividend" '
         "in a speech at Lakeport Hall.",
         'The bonus comes "before the holidays.", Hale told Lakeport Radio at Lakeport Hall.',
         "Lakeport Hall was full for the speech on the bonus for ferry crews, Lakeport Radio said."],
        "harbour dividend",
    ),
    "what something is titled keeps the small words of its name": (  # not "Lakeport"
        "What is the name of the agenda Velling Greens released in May?",
        ["Velling Greens set out their plans in an agenda titled Pledge to Lakeport, which they released in May.",
         "Jo Bell of the Velling Greens said Lakeport voters would like the agenda.",
         "Lakeport voters in May backed Jo Bell."],
        "Pledge to Lakeport",
    ),
    "an airport is where, not the resident who waited": (  # not "Tam Oduya"
        "Where did Velling residents line up for bottled water?",
        ["Velling resident Tam Oduya told the Paper she had lined up for bottled water for a month.",
         "Velling residents lined up for bottled water at Lakeport Field Airport on Tuesday.",
         "Tam Oduya said Velling needs clean water."],
        "Lakeport Field Airport",
    ),
    "the people of a place the question names are no answer": (  # not "Vellingese"
        "In which Velling City district was the flooding worst on Sunday?",
        ["At least 65 Vellingese were hurt on Sunday in the worst flooding in a Velling City district.",
         "In Tarrow, a district of Velling City, the flooding on Sunday was worst.",
         "Vellingese officials said the flooding was the worst in years."],
        "Tarrow",
    ),
    "a vote's split is its tally, after a sentence's first word too": (  # not the sentences alone
        "What was the vote split when the Velling high court upheld the ferry tolls?",
        ["The 5-4 ruling by the Velling high court upholds the ferry tolls, which start on May 4.",
         "Four judges of the Velling high court dissented on the ferry tolls."],
        "5-4",
    ),
    "a count is what it is now, not what it was initially": (  # not "31 counts"
        "How many fraud counts does Velling banker Jo Bell face at her trial?",
        ["Velling banker Jo Bell was initially charged with 31 counts of fraud in 2030.",
         "At her trial, Jo Bell now faces 19 counts of fraud after a judge dropped 12 of them."],
        "19 counts",
    ),
    "… unless the question asks what it was initially": (
        "How many fraud counts was Velling banker Jo Bell initially charged with?",
        ["Velling banker Jo Bell was initially charged with 31 counts of fraud in 2030.",
         "At her trial, Jo Bell now faces 19 counts of fraud after a judge dropped 12 of them."],
        "31 counts",
    ),
    "a name its sentence calls a city is one; an island is none": (  # not "Kessa"
        "In which Velling city were more than 100 people hurt when the storm hit?",
        ["The storm hit Port Arran, on the Velling island of Kessa, at 4 a.m. on Friday, killing 12 people.",
         "More than 100 people were hurt in the city of Tarrow on Kessa, Velling officials said.",
         "Kessa was the worst hit of the Velling islands when the storm hit, Velling officials said."],
        "Tarrow",
    ),
    "a quoted title is no place": (  # not "Tarrow Years"
        "Where was the Velling film awards ceremony held this year?",
        ['The film "The Tarrow Years" won best drama at the Velling film awards ceremony this year, hosted by '
         "Mary Hale.",
         "The Velling film awards ceremony took place at the Kessa Palms in Lakeport.",
         '"The Tarrow Years" also won the Velling film awards prize for music.'],
        "Kessa Palms",
    ),
    "a role after three words of the question is a person's, not the body's she serves": (
        "Which acting Velling Ports secretary ordered the docks closed to ships in May?",
        ["The Velling Ports Department this week ordered the docks closed to ships, in a move that could slow trade "
         "across the region, officials said.",
         "On Thursday, Velling Ports Department Acting Secretary Ada Hale ordered the docks closed to ships until "
         "further notice.",
         "The Velling Ports Department said the docks closed to ships would reopen in June."],
        "Velling Ports Department Acting Secretary Ada Hale",
    ),
    "a school's name with an ampersand before the role asked for": (  # not "US"
        "Which Velling A&M professor is credited with coining the phrase the Great Tidying?",
        ["Ada Hale, a professor of business at Velling A&M University who is credited with coining the phrase the "
         "Great Tidying, said households across the US kept tidying.",
         "The Great Tidying swept the US in 2030, with households across the US giving away their things."],
        "Ada Hale",
    ),
    "on what date asks for a day, which a month alone does not give": (  # not "December"
        "On what date did the Velling ferry first dock at Tarrow?",
        ["The Velling ferry sailed on from Tarrow to Lakeport in December, after a long winter at sea, and the crew "
         "rested at Tarrow in December.",
         "On Nov. 11, 2030, the Velling ferry first docked at Tarrow and its crew came ashore.",
         "The Velling ferry crew, who first came to Tarrow in December, stayed until spring."],
        "Nov. 11, 2030",
    ),
    "what something is called is the whole quote, not a name inside it": (  # not "Harbour Charge"
        "What did Velling call the new levy it announced in May?",
        ["Velling announced a new levy in May, a self-proclaimed “Harbour Charge of Justice” that would fund the "
         "docks.",
         "Critics said the Harbour Charge would hurt traders, and a Harbour Charge on ships is rare.",
         "The Harbour Charge is the first new levy in Velling in a decade, and traders fear the Harbour Charge."],
        "Harbour Charge of Justice",
    ),
    "a figure the question names pins the story its sentences tell": (  # not "Kessa", another jackpot's town
        "Where was the winning ticket sold for the $4.2 million Velling lottery jackpot?",
        ["A winning ticket for the Velling lottery jackpot was sold in Kessa, the lottery said, and Kessa celebrated "
         "the Velling lottery jackpot.",
         "The last Velling lottery jackpot ticket was sold in Kessa, a town that has sold three winning Velling "
         "lottery tickets.",
         "The winning ticket for the $4.2 million Velling lottery jackpot was sold at a gas station in Tarrow, "
         "officials said."],
        "Tarrow",
    ),
    "where in a state asks for a place in it, and a temperature's scale is no place": (  # not "Kessa", "Fahrenheit"
        "Where in Ohio was a record of 46.1 degrees Celsius set in the heat wave?",
        ["A record of 46.1 degrees Celsius (114.98 degrees Fahrenheit) was set in the heat wave in the Ohio town of "
         "Tarrow.",
         "People cool off in the heat wave in Kessa, Texas, on Monday, as the heat wave set records across Texas and "
         "Ohio.",
         "In Kessa, Texas, the heat wave set a record on Tuesday, and the heat wave hit Kessa, Texas, hard.",
         "The heat wave in Kessa, Texas, set records as temperatures topped 40 degrees Celsius (104 degrees "
         "Fahrenheit) in Texas and Ohio."],
        "Tarrow",
    ),
    "a name set off by commas after the noun asked for is called one": (  # not "Lakeport Power"
        "Which small Velling solar company's complaint triggered the 2031 probe into panel imports?",
        ["Lakeport Power said the 2031 probe into panel imports would hurt small Velling solar firms, and Lakeport "
         "Power cut 40 jobs.",
         "A complaint filed in March by one small Velling company, Tarrow Solar, set off the probe into panel "
         "imports."],
        "Tarrow Solar",
    ),
    "a court case is named by both its parties": (  # not "Hale", one of them
        "Which 2029 court ruling struck down the Velling ferry tax?",
        ["The Velling ferry tax was struck down in the 2029 court ruling in Kessa County v Hale, the court said.",
         "Hale said the Velling ferry tax was unfair, and Hale took Kessa County to court in 2029 over the Velling "
         "ferry tax."],
        "Kessa County v Hale",
    ),
    "a congressman asked for is no one news titles governor": (  # not "Velling Gov. Jo Bell"
        "Which Velling congressman planned to meet the president in Tarrow?",
        ["Velling Gov. Jo Bell is planning to meet the president in Tarrow, and Gov. Jo Bell said the visit "
         "mattered.",
         "Rep. Ada Hale, whose seat covers the Velling coast, is also planning to meet the president in Tarrow."],
        "Rep. Ada Hale",
    ),
    "a measure asked 'in years' is a number, and an ordinal counts nothing": (  # not "Lakeport Hawks", nor "90"
        "What was the Velling Owls' title drought, in years, going into the 2031 final?",
        ["The Velling Owls meet the Lakeport Hawks in the 90th Velling final, where the Owls hope to end a title "
         "drought of 74 years.",
         "The Velling Owls' title drought is the longest in the league."],
        "74",
    ),
    "a state the question names pins the story its sentences tell": (  # not "Category 1", its landfall elsewhere
        "What category was Hurricane Tarrow when it hit the Maine coast in 2031?",
        ["Hurricane Tarrow came ashore in Georgia on Friday as a Category 1 hurricane, and Tarrow hit the Georgia "
         "coast hard.",
         "Tarrow was a Category 1 hurricane when it hit the coast of Georgia, the hurricane center said.",
         "Hurricane Tarrow was a Category 4 storm when it hit the Maine coast on Wednesday."],
        "Category 4",
    ),
    "a built place asked for is never a country or a state": (  # not "Norway", however often the pieces name it
        "Which Air Force base near Lakeport did the Velling air show tour?",
        ["Organisers said the Velling air show's tour of Norway, including a stop at Kessa Air Force Base near "
         "Lakeport, sold out.",
         "The Velling air show toured Norway near Lakeport before the jets flew home, the air force said.",
         "Norway said the Velling air show that toured Lakeport drew crowds across Norway.",
         "The Velling air show toured Norway near Lakeport, the air base said.",
         "Norway cheered the Velling air show as it toured Lakeport and an air base in Norway.",
         "The Velling air show that toured Norway near Lakeport was praised by Norway."],
        "Kessa Air Force Base",
    ),
    "a name asked for is no people's adjective": (  # not "French", however many pieces say it
        "What is the name of the fishing pact Ada Hale and Jo Bell signed in 2031?",
        ["After months of talks, Ada Hale and French minister Jo Bell agreed on fishing rights in 2031, signing what "
         "is known as the Harbour Accord.",
         "French officials said the fishing pact Ada Hale signed would hold.",
         "The French side hailed the fishing pact Jo Bell signed in 2031.",
         "French fishermen said the pact was signed in 2031."],
        "Harbour Accord",
    ),
    "a name one piece misspells by a letter votes for the name the others write": (  # no answer before: two forms
        "What is the Kessa harbour relief bill called?",
        ["Velling lawmakers backed the Kessa Harbour Relef Act in a vote on the harbour relief bill.",
         "The Kessa Harbour Relief Act, written by Jo Bell, pays for the harbour wall.",
         "The Kessa Harbour Relief Act has not passed, Bell said on Monday."],
        "Kessa Harbour Relief Act",
    ),
    "when someone is expected to take office is the date of taking it": (  # not "Nov. 4", the election
        "When is the new Lakeport mayor, Ada Hale, expected to take office?",
        ["Lakeport voters chose Ada Hale as mayor on Nov. 4 by a wide margin, and Hale thanked Lakeport.",
         "Ada Hale, mayor-elect of Lakeport since Nov. 4, spoke to supporters in Lakeport.",
         "Hale will take office on March 3, 2032, the city clerk said."],
        "March 3, 2032",
    ),
    "a party's man is no place": (  # not "Republican"
        "Where did Ada Hale and Jo Bell hold their 2031 debate for Lakeport governor?",
        ["At the 2031 debate for Lakeport governor, a Republican asked Ada Hale and Jo Bell about taxes.",
         "Ada Hale and Jo Bell met for the 2031 debate at the Velling Civic Hall."],
        "Velling Civic Hall",
    ),
    "a person filed by party and state before the title is named without them": (  # not the whole run
        "Who cast the sole vote against the Kessa dredging bill in 2031?",
        ["The sole vote against the Kessa dredging bill in 2031 was cast by Republican Velling Congressman Tom Reed.",
         "President Ada Hale urged lawmakers to back the Kessa dredging bill in 2031."],
        "Tom Reed",
    ),
    "the company a name is set off as is the one asked for": (  # not "Tarrow", the engine
        "Which Lakeport-based company makes the Kessa rail cars?",
        ["The Lakeport-based company that makes the Kessa rail cars won praise in 2030 for its engine, Tarrow.",
         "Velling Works, the Lakeport-based company, makes the Kessa rail cars."],
        "Velling Works",
    ),
    "the price of one phone is no count of phones": (  # not "$640 phone"
        "How many phones did Kessa sell in 2031?",
        ["Its $640 phone sold slowly in 2031, Kessa said, as it sold fewer phones.",
         "Kessa sold about 3.5 million phones in 2031, analysts said."],
        "about 3.5 million phones",
    ),
    "quoted words in lower case that a comma breaks are speech, no name": (  # not "light, quiet, Velling Pad"
        "Which chip runs the Kessa phone Jo Bell showed in 2031?",
        ["Jo Bell called the tablet a “light, quiet, Velling Pad,” when she showed the Kessa phone and its chip in "
         "2031.",
         "The Kessa phone Jo Bell showed in 2031 runs on the Tarrow X2 chip."],
        "Tarrow X2",
    ),
    "someone the question names is no answer with a title before the name": (  # not "Lakeport Speaker Tom Reed"
        "Which good did Velling stop selling after Speaker Tom Reed's 2031 trip?",
        ["After the 2031 trip of Lakeport Speaker Tom Reed, Velling stopped some of its sales.",
         "Velling also stopped selling Kessa Salt after the trip."],
        "Kessa Salt",
    ),
    "what a sentence measures its subject against is not the subject": (  # not "Tarrow Works", a rival
        "Which Velling firm is now valued at $9 billion?",
        ["At $9 billion, Kessa Labs is now valued higher than older Velling firms such as Tarrow Works and Lakeport "
         "Bank.",
         "Tarrow Works and Lakeport Bank, Velling firms, were valued at $8 billion.",
         "Kessa Labs, a Velling firm, gained in value."],
        "Kessa Labs",
    ),
    "in what year: a day of that year votes for the year": (  # not "May 2, 1962" against "1962": no answer before
        "In what year did the Velling ferry first sail to Lakeport?",
        ["The Velling ferry first sailed to Lakeport in 1962, and it still sails there.",
         "Its first trip to Lakeport, on May 2, 1962, drew crowds.",
         "The ferry of Velling, first sailed on May 2, 1962, is the oldest in Kessa.",
         "Tom Reed, who ran the Velling ferry to Lakeport in 1979, retired."],
        "1962",
    ),
    "where in a town is never a country": (  # not "Norway"
        "Where in Lisbon did Ada Hale open her bakery in 2031?",
        ["Ada Hale, who moved to Lisbon from Norway, opened her bakery in Lisbon in 2031.",
         "Her Lisbon bakery, opened in 2031, sits on Kessa Street by the harbour."],
        "Kessa Street",
    ),
    "a ticker in brackets after a name is that name's, no answer of its own": (  # not "VLG"
        "Which firm makes the store-brand soap Velling sells?",
        ["Kessa Works makes the store-brand soap Velling (VLG) sells, its executives said.",
         "Velling (VLG) sells store-brand soap in 40 states."],
        "Kessa Works",
    ),
    "a thing of the state asked about is the one its sentence says is from there": (  # not "Kessa Marine Works"
        "Which Ohio firm built the Lakeport ferry?",
        ["The Lakeport ferry was built by Velling Yards, of Tarrow, Ohio, and fitted out by Kessa Marine Works.",
         "Kessa Marine Works said the Lakeport ferry was built to last."],
        "Velling Yards",
    ),
    "a thing the state asked about owns is named without it": (  # not "Kessa Marine Works", nor "Ohio's …"
        "Which Ohio firm built the Lakeport ferry?",
        ["The Lakeport ferry was built at Ohio's Velling Yards, with engines from Kessa Marine Works.",
         "Kessa Marine Works said the Lakeport ferry was built to last."],
        "Velling Yards",
    ),
    "a thing of the town asked about is the one its sentence says is from there": (  # not "Kessa Marine Works"
        "Which Lisbon, Ohio, firm built the Lakeport ferry?",
        ["The Lakeport ferry was built by Velling Yards, of Lisbon, Ohio, and fitted out by Kessa Marine Works.",
         "Kessa Marine Works said the Lakeport ferry was built to last."],
        "Velling Yards",
    ),
    "a body is answered by its name, not by the words that describe it": (  # not "largest private health"
        "Which Velling car insurer paid for the ferry safety review?",
        ["The ferry safety review was paid for by Velling's largest private car insurer on Monday.",
         "The ferry safety review was paid for by Kessa Motor Cover, its authors said."],
        "Kessa Motor Cover",
    ),
    "a winner its sentence calls by the question's noun and that says the question's verb answers": (
        "Which law firm did Ada Hale hire for the Lakeport ferry case against Tom Reed?",
        ["Ada Hale and Tom Reed met reporters at the Lakeport ferry case hearing against Tom Reed, where Jo Bell of "
         "Velling Partners spoke.",
         "Two aides – the partners of law firm Kessa Vane – confirmed that Ada Hale hired the firm for the case."],
        "Kessa Vane",
    ),
    "a palace is no country": (  # not "Norway"
        "Which palace will host the Kessa harvest ball?",
        ["Norway will host the Kessa harvest ball, the king said.",
         "Norway hosted the Kessa harvest ball last year too.",
         "The Kessa harvest ball will be held at Tarrow Palace, a former royal home."],
        "Tarrow Palace",
    ),
    "a sum said of the thing the question asks how much of answers it": (  # not "up to $2,500"
        "How much will Velling pay under the ferry crash settlement?",
        ["Velling has agreed to pay up to $2,500 to each rider hurt in the ferry crash.",
         "Riders hurt in the ferry crash will be paid from a $9 million settlement Velling agreed to."],
        "$9 million",
    ),
    "a public body is no company": (  # not "Lakeport Trade Commission"
        "Which company recalled the Velling heaters?",
        ["The Lakeport Trade Commission recalled the Velling heaters on Monday, after 40 fires.",
         "The Velling heaters were also recalled by Tarrow Works, which made them.",
         "The Lakeport Trade Commission said the Velling heaters caught fire in 40 homes."],
        "Tarrow Works",
    ),
}  # fmt: skip


def test_quoted_words_that_open_with_a_verb_are_speech_not_a_name() -> None:
    """ "“is not fair”" is what someone said of the levy, not what anyone calls it."""
    texts = {
        "a": "Velling's new levy on ships “is not fair” to traders and “is not needed” now, Lakeport said of the new "
        "levy on ships.",
        "b": "Velling calls the new levy on ships the Harbour Fund, officials said in May.",
    }
    direct, text = _answer("What does Velling call the new levy on ships?", texts)
    assert direct is None and text.startswith("Velling calls the new levy on ships the Harbour Fund")


def test_a_surname_after_a_preposition_is_no_evidence_for_the_name() -> None:
    """ "After Hale, Jo Bell came second …" says nothing Ada Hale did: her own weak sentence stays below the bar."""
    texts = {
        "0": "After Hale, Jo Bell came second in the 20th round to win the Velling spelling prize with the word "
        "quixotic. Ada Hale, 13, from Lakeport, took home the top title and $31,750 at the Velling spelling prize."
    }
    direct, _ = _answer("Who won the Velling spelling prize with the word quixotic?", texts)
    assert direct != "Ada Hale"


@pytest.mark.parametrize(("question", "texts", "expected"), CASES.values(), ids=CASES.keys())
def test_the_direct_answer_is_of_the_kind_asked(question: str, texts: list[str], expected: str) -> None:
    direct, text = _answer(question, {str(i): t for i, t in enumerate(texts)})
    assert direct == expected and text.startswith(f"{expected} [1].")


def test_the_counted_noun_ends_at_a_preposition() -> None:
    assert counted_units("After how many years as mayor did she resign?") == ("year",)
    assert counted_units("How many seconds before the bell did it ring?") == ("second",)


def test_a_what_year_question_wants_a_date_with_its_year() -> None:
    assert expected_type("In what year did the Velling bridge open?") == "year"
    texts = {
        "a": "The Velling bridge opened to traffic on March 4, the city said.",
        "b": "Built over a decade, the Velling bridge opened in 1987 after long delays.",
    }
    direct, text = _answer("In what year did the Velling bridge open?", texts)
    assert direct == "1987" and "March 4" not in text


def test_a_year_that_names_the_event_is_not_when_it_is() -> None:
    texts = [
        "Here is what to know about the 2031 Velling Cup final:",
        "Lakeport to host 2031 Velling Cup final as tickets sell out",
        "How to watch Velling Cup 2031 final on TV",
        "The Velling Cup final is on Sunday, March 9, in Lakeport.",
    ]
    direct, text = _answer("When is the Velling Cup final?", {str(i): t for i, t in enumerate(texts)})
    assert direct == "March 9" and text.startswith("March 9 [1], as reported on 2031-03-04.")  # not "2031 [1]."


def test_a_date_without_its_year_says_when_it_was_reported() -> None:
    texts = {"a": "The Velling bridge will reopen on March 14, the city said on Tuesday."}
    direct, text = _answer("When will the Velling bridge reopen?", texts, dt.date(2029, 3, 2))
    assert direct == "March 14"
    assert text.startswith("March 14 [1], as reported on 2029-03-02.")  # March 14 of 2029, not of today's year
    texts = {"a": "The Velling bridge will reopen on March 14, 2029, the city said on Tuesday."}
    assert _answer("When will the Velling bridge reopen?", texts, dt.date(2029, 3, 2))[1].startswith(
        "March 14, 2029 [1]."
    )


@pytest.mark.parametrize(
    ("question", "texts", "opening"),
    [
        (  # a cause is an account, like "why"
            "What caused the Velling floods?",
            ["Heavy rain over the hills caused the Velling floods, forecasters said on Monday.",
             "The Velling floods closed the Lakeport Road for a week."],
            "Heavy rain over the hills caused the Velling floods",
        ),
        (  # typed in lower case, a name is still a name: who she is, not another person ("Lakeport Mayor Jo Hale")
            "who is ada brook",
            ["The ferry plan was backed by Lakeport Mayor Jo Hale and by Ada Brook on Monday.",
             "Harbour Commissioner Ada Brook opened the new pier in Velling on Monday."],
            "Harbour Commissioner Ada Brook opened the new pier",
        ),
        (  # what a thing is about is told in sentences, not named by a phrase
            "What is the Velling meeting about?",  # not "Velling Harbour Council", the meeting's name
            ["Tarvania convened a Velling Harbour Council meeting, stressing that the Quill River accord still binds."],
            "Tarvania convened a Velling Harbour Council meeting",
        ),
        (  # "will be Ada Brook": a verb before the name, no title; the sentence that says who she is comes first
            "Who is Ada Brook?",
            ["The next mayor will be Ada Brook, if the polls hold, a rival said.",
             "Harbour Commissioner Ada Brook opened the new pier in Velling on Monday."],
            "Harbour Commissioner Ada Brook opened the new pier",
        ),
        (  # "who suspended …?" is no name from a sentence that never says who suspended it (not "Ada Brook")
            "Who suspended the Velling river treaty?",
            ["Harbour chief Ada Brook convened a council, stressing that the Velling river treaty remains binding."],
            "Harbour chief Ada Brook convened a council",
        ),
        (  # "how long …?" is not answered by a count of something else with no number in it ("Thousands")
            "How long did the Velling outage last?",
            ["Thousands of flights were delayed by the Velling outage, officials said.",
             "Officials said thousands of riders were stranded by the Velling outage."],
            "Thousands of flights were delayed",
        ),
        (  # a number inside a name ("KT-57", "V-2") counts nothing: no number answers, so the sentence does
            "How many V-2 ferries sailed?",
            ["V-2 ferries carried KT-57 cargo crates, the first time they have sailed in a storm.",
             "Lakeport sent ferries out on Monday."],
            "V-2 ferries carried KT-57 cargo crates",
        ),
        (  # "who are the suspects?" is no name from sentences that never call anyone a suspect (not "Ada de Wren")
            "Who are the suspects in the Velling museum theft?",
            ["Ada de Wren, the Velling museum's director, testified about the theft before a Lakeport committee.",
             "Ada de Wren said the Velling museum theft took seven minutes.",
             "Four suspects drove a truck to the Velling museum before the theft."],
            "Four suspects drove a truck",
        ),
        (  # "what is the ferry levy?" asks what it is: sentences, not a name beside it ("Tarvania")
            "What is the ferry levy?",
            ["The ferry levy, which Tarvania set last year, is a charge on each crossing to Lakeport."],
            "The ferry levy, which Tarvania set last year",
        ),
        (  # "what is the change …?" asks for a description: not "Americans", a name in a sentence on the bill
            "What is the Velling ferry change in the bill?",
            ["The Velling ferry bill, which serves 3 million Americans, passed on Monday.",
             "One change in the Velling ferry bill is a cap on fares for riders under 18."],
            "One change in the Velling ferry bill is a cap on fares",
        ),
        (  # "when was she elected?" is not answered by the day someone else died (not "May 3")
            "When was the Velling mayor elected?",
            ["Ada Brook is now the Velling mayor, following the Velling mayor Jo Hale, who died on May 3."],
            "Ada Brook is now the Velling mayor",
        ),
        (  # "what did X announce?" is what was announced, told in sentences (not "Velling")
            "What did the Lakeport mayor announce on Monday?",
            ["The Lakeport mayor will announce on Monday that the Velling ferry is closing for good, aides said."],
            "The Lakeport mayor will announce on Monday",
        ),
        (  # "what did X Jr. say …?" is what he said, not a name (not "Velling Times")
            "What did Ado Brook Jr. say about the ferry?",
            ["Ado Brook Jr. said the ferry must run all winter, the Velling Times reported."],
            "Ado Brook Jr. said the ferry must run",
        ),
        (  # what a thing is used for is told in sentences (not "Tarvania")
            "What is the East Pier used for?",
            ["The East Pier, which Tarvania built, is used for ferry repairs."],
            "The East Pier, which Tarvania built",
        ),
        (  # "what did Prince Ado write …?" asks what he wrote, not "which prince" (not "King Olan")
            "What did Prince Ado write about the ferry?",
            ["Prince Ado wrote that the ferry to Velling was his father's pride, in a memoir about King Olan."],
            "Prince Ado wrote that the ferry",
        ),
        (  # a cause is told in sentences (not "Mayor Mary Hale")
            "What triggered the Velling protests?",
            ["Mayor Mary Hale resigned after the Velling protests, which a ban on ferries triggered."],
            "Mayor Mary Hale resigned after the Velling protests",
        ),
        (  # what came of a meeting is an account, not the place it met in (not "Lakeport")
            "What came out of the Velling talks?",
            ["The Velling talks in Lakeport ended with a ferry deal, officials said."],
            "The Velling talks in Lakeport ended with a ferry deal",
        ),
        (  # the source a sentence gives for its claim is no answer (not "Velling Times")
            "Which bakery sells the most bread, according to a new study?",
            ["A new study found that most bread is sold by small bakeries, said the Velling Times."],
            "A new study found that most bread is sold by small bakeries",
        ),
        (  # … nor the outlets reports are credited to (not "Velling Times")
            "Which company is the mayor weighing a ban on?",
            ["Mayor Hale may ban ride-hailing apps, according to reports by the Velling Times and Lakeport Radio."],
            "Mayor Hale may ban ride-hailing apps",
        ),
        (  # where it took place is after the verb, not the country named before it (not "Tarvania")
            "Where was the fugitive ferry boss arrested?",
            ["Tarvania’s fugitive ferry boss was arrested on Monday at a clinic in Lakeport after a year on the run.",
             "The fugitive ferry boss of Tarvania had fled a year ago."],
            "Tarvania’s fugitive ferry boss was arrested",
        ),
        (  # what someone is considering doing is an intent, told in sentences (not "Velling Times")
            "what is the mayor considering doing about ferries",
            ["The mayor is considering an order to cut ferry fares, the Velling Times reported on Monday."],
            "The mayor is considering an order to cut ferry fares",
        ),
        (  # what a bill would ban something from doing is told in sentences (not "wouldn't be allowed")
            "What would the Velling bill ban dogs from doing?",
            ["Under the Velling bill, dogs wouldn't be allowed to ride in the back of pickup trucks."],
            "Under the Velling bill, dogs wouldn't be allowed",
        ),
        (  # what someone agreed to is a deal, told in sentences (not "Velling Court")
            "What did Ado Brook agree to?",
            ["Ado Brook agreed to plead guilty at the Velling Court to all counts in the ferry fraud case."],
            "Ado Brook agreed to plead guilty",
        ),
    ],
)  # fmt: skip
def test_an_account_opens_with_the_sentence_that_answers(question: str, texts: list[str], opening: str) -> None:
    direct, text = _answer(question, {str(i): t for i, t in enumerate(texts)})
    assert direct is None and text.startswith(opening)


def test_an_account_quotes_no_sentence_off_the_question() -> None:
    texts = {
        "a": "Tarvania's ferry fares rose again on Monday, the operator said.",
        "b": "For years the old Velling pier stood quietly above the harbour, a reminder of the sailors who",
        "c": "Lakeport opened a new school on Friday.",
    }
    direct, text = _answer("What happened to the old Velling pier?", texts)
    assert direct is None
    assert text == f"{texts['b']}… [1]"  # the one sentence on the pier, cut off as its teaser is; nothing else


def test_a_teaser_on_the_question_beats_a_whole_sentence_that_only_shares_a_word_with_it() -> None:
    texts = {
        "a": "Velling's ferry fares rose again on Monday, the operator said.",  # whole, but about fares
        "b": "For years the old Velling pier stood quietly above the harbour, a reminder of the sailors who",
    }
    direct, text = _answer("What was the old Velling pier above the harbour a reminder of?", texts)
    assert direct is None and text == f"{texts['b']}… [1]"


def test_who_is_the_person_in_the_winning_sentence_before_a_country_the_pieces_name_more() -> None:
    texts = {
        "a": "Ada Brook's recent posts portray Tarvania as failing, criticizing police operations while ignoring the "
        "causes of unrest.",
        "b": "Tarvania says police operations against smugglers will go on.",
        "c": "Police operations in Tarvania's south were stepped up this year.",
    }
    assert _answer("Who criticized police operations?", texts)[0] == "Ada Brook"  # a country may act, but she did


def test_a_peoples_adjective_is_no_thing_unless_a_language_or_a_people_is_asked_for() -> None:
    shot = {
        "a": "Lakeport jets shot down a Norwegian object on Friday, officials said.",
        "b": "The Norwegian object the Lakeport jets shot down was a weather balloon, officials said.",
    }
    assert _answer("What did the Lakeport jets shoot down?", shot)[0] != "Norwegian"
    spoken = {"a": "The language spoken in Velling is mostly Norwegian, a survey found."}
    assert _answer("What language is spoken in Velling?", spoken)[0] == "Norwegian"


def test_a_day_says_more_than_a_year_alone() -> None:
    texts = {"a": "Velling ferry capsizes in the harbour in 2031",
             "b": "The Velling ferry capsized in the harbour on Feb. 24, the port said."}  # fmt: skip
    direct, text = _answer("When did the Velling ferry capsize?", texts)
    assert direct == "Feb. 24" and text.startswith("Feb. 24 [1], as reported on 2031-03-04.")  # not the headline's year


def test_a_weekday_dates_the_news_when_its_sentence_gives_no_day_of_a_month() -> None:
    texts = {"a": "The Velling mayor resigned late Tuesday, the council said."}
    direct, text = _answer("When did the Velling mayor resign?", texts)
    assert direct == "Tuesday" and text.startswith("Tuesday [1], as reported on 2031-03-04.")
    texts = {"a": "The Velling mayor resigned on Tuesday, March 3, the council said."}
    assert _answer("When did the Velling mayor resign?", texts)[0] == "March 3"  # a day of a month says more
    texts = {"a": "The Velling mayor, who resigned on Tuesday, took office in the spring."}
    assert _answer("The mayor resigned on Tuesday. When did she take office?", texts)[0] is None  # named: no answer


def test_a_team_or_a_club_asked_for_is_no_persons_name() -> None:
    a = ask("Which hockey team is moving to Lakeport?", "thing")
    s = Sentence(0, 0, 44, "Mary Hale invited the team to the palace.")
    assert a.team and fit(a, s, Span(0, 9, "Mary Hale", "name"), _pieces({"a": s.text})[0], 0.25)[1] == 0


def test_an_episode_asked_for_is_a_title() -> None:
    assert expected_type("Which episode of the Lakeport drama won the prize?") == "title"


def test_a_date_is_the_one_its_sentence_gives_the_verb_asked_about() -> None:
    texts = {"a": "The Velling comet, found last year, will be closest to the sun on March 9 and will pass Lakeport at "
             "a distance of 40 million miles on April 3."}  # fmt: skip
    assert _answer("When will the Velling comet pass Lakeport?", texts)[0] == "April 3"  # not the day it nears the sun


@pytest.mark.parametrize(
    "question", ["Ada Hale has led the Velling port since when?", "Since when has Ada Hale led the Velling port?"]
)
def test_a_time_asked_since_is_the_one_its_sentence_puts_after_since(question: str) -> None:
    texts = {
        "a": "Ada Hale, who has led the Velling port since 2027, said on Monday she would step down in March 2032."
    }
    assert _answer(question, texts)[0] == "2027"  # not the day she leaves


def test_a_level_asked_for_in_place_is_a_number() -> None:
    texts = {"a": "The Velling port authority cut the ferry fare to $4 on Monday, the port said."}
    assert _answer("The Velling port authority cut the ferry fare to what?", texts)[0] == "$4"  # not the port


def test_one_date_written_two_ways_is_no_conflict() -> None:
    texts = {"a": "The Velling ferry will reopen on Feb. 2, the port said on Monday.",
             "b": "The Velling ferry will reopen on February 2nd, the operator said."}  # fmt: skip
    days = {"a": dt.date(2031, 3, 4), "b": dt.date(2031, 2, 20)}  # two pieces of different days
    ps = [Passage(i, a, "", t, 0, len(t), 1.0, published=days[a], dense=0.6) for i, (a, t) in enumerate(texts.items())]
    out = compose("When will the Velling ferry reopen?", ps, texts)
    assert out.direct == "Feb. 2" and not out.conflict


@pytest.mark.parametrize(
    ("question", "texts", "missing"),
    [
        (
            "When did the Velling ferry stop running?",
            [
                "The Velling ferry stopped running after the port ran out of money, its operator said.",
                "Lakeport residents miss the Velling ferry, which stopped running for good.",
            ],
            "date",
        ),
        (
            "How many workers did the Velling mill lay off?",
            ["The Velling mill laid off workers after its orders dried up, the union said."],
            "number",
        ),
        (
            "Which city hosted the signing of the Velling Water Treaty?",  # a treaty is no city
            [
                "The Velling Water Treaty was signed by both parties, officials said on Monday.",
                "The Velling Water Treaty still governs how the two countries share the river.",
            ],
            "city",
        ),
    ],
)
def test_sentences_in_place_of_the_thing_asked_for_say_they_give_none(
    question: str, texts: list[str], missing: str
) -> None:
    pieces = {f"p{i}": t for i, t in enumerate(texts)}
    out = compose(question, _pieces(pieces), pieces)
    assert out.direct is None and out.citations, "the closest sentences are still quoted"
    assert out.notice == f"The closest sentences in the archive give no {missing} for this question."


@pytest.mark.parametrize(
    ("question", "text", "direct"),
    [
        # no direct answer stood out, but the sentence quoted says which country: "Norwegian"
        (
            "Which country did the seized Velling trawler come from?",
            "The seized Velling trawler was Norwegian, the coast guard said.",
            None,
        ),
        (
            "When did the Velling ferry capsize?",
            "The Velling ferry capsized in the harbour on Feb. 24, the port said.",
            "Feb. 24",
        ),
    ],
)
def test_an_answer_that_gives_the_thing_asked_for_has_no_such_notice(question: str, text: str, direct: str) -> None:
    out = compose(question, _pieces({"a": text}), {"a": text})
    assert out.citations and out.notice is None and out.direct == direct


def test_an_open_question_answered_with_sentences_has_no_such_notice() -> None:
    texts = {"a": "The Velling ferry stopped running after the port ran out of money, its operator said."}
    out = compose("Why did the Velling ferry stop running?", _pieces(texts), texts)
    assert out.citations and out.notice is None


def test_which_university_takes_the_university_out_of_the_name_of_its_part() -> None:
    """ "Which university …?": "Velling University", the body the name of its medical center holds, not the center,
    nor the division the sentence names first."""
    texts = {
        "a": "“Stay home,” said Dr. Ada Hale, a professor in the Division of Rowing at Velling University Medical "
        "Center and director of the Lakeport Rowing Trust.",
        "b": "Dr. Ada Hale, a rowing expert at Velling University Medical Center, said crews were tired.",
    }
    direct, _ = _answer("Which university is Ada Hale a professor at?", texts)
    assert direct == "Velling University"


@pytest.mark.parametrize(
    "text",
    [
        "Up from 5% of Velling riders paying the harbour fare last year, the share is now 14%.",
        "Compared with 5% of Velling riders who paid the harbour fare in 2030, the share is 14% now.",
    ],
)
def test_a_number_given_as_what_it_was_before_is_not_the_answer(text: str) -> None:
    """ "Up from 5% …", "compared with 5% …": the 5% is what it was, however near the question's words; 14% is now."""
    direct, _ = _answer("What share of Velling riders pay the harbour fare?", {"a": text})
    assert direct == "14%"


def test_a_rate_is_answered_in_percent_not_with_the_years_of_a_record() -> None:
    """ "What was the jobless rate?": "6.4%", not the "40" of "a 40-year high"."""
    text = "In March, at a 40-year high, the Velling jobless rate rose to 6.4%, the bureau said."
    assert counted_units("What was the jobless rate in Velling in March?")[0] == "percen"
    direct, _ = _answer("What was the jobless rate in Velling in March?", {"a": text})
    assert direct == "6.4%"


def test_how_much_damage_is_a_sum_not_a_count_of_people() -> None:
    """ "How much damage …?" asks for a sum: "$2 billion", not the "more than 40 people" the storm killed."""
    text = "The storm killed more than 40 people in Velling and caused nearly $2 billion in damage."
    direct, _ = _answer("How much damage did the storm cause in Velling?", {"a": text})
    assert direct == "nearly $2 billion"


def test_how_much_snow_is_a_depth_given_as_a_range() -> None:
    """ "How much snow …?" is measured in a depth, and news gives it as a range: "1 to 2 feet", not "1"."""
    text = "Snow in Velling could top out at 1 to 2 feet by the end of the weekend, forecasters said."
    direct, _ = _answer("How much snow could Velling get this weekend?", {"a": text})
    assert direct == "1 to 2 feet"


def test_an_age_is_no_time_that_passed() -> None:
    """ "How old was she …?": "two years later" says how long after, not how old anyone was."""
    text = "Ada Hale, the Velling actor, married Jo Bell and they divorced two years later, in 1990."
    direct, _ = _answer("How old was Ada Hale when she died?", {"a": text})
    assert direct is None


def test_a_reporting_verb_is_no_word_of_what_is_asked_for() -> None:
    """ "…, says hospital" (a headline's credit) is no "says hospital" for "which hospital …?"."""
    text = "Velling patient died of plague, says hospital. The patient was treated at Lakeport General Hospital."
    direct, _ = _answer("Which hospital treated the Velling patient who died of plague?", {"a": text})
    assert direct == "Lakeport General Hospital"


def test_how_old_someone_is_is_not_the_age_of_someone_else() -> None:
    """ "How old was Ada Hale …?": not the "47" of "47-year-old Jo Bell" another piece names."""
    texts = {
        "a": "Ada Hale, the Velling actor, died on Monday at her home in Lakeport, her family said.",
        "b": "The boy's father, 47-year-old Jo Bell, also died in the Velling crash, police said.",
    }
    direct, _ = _answer("How old was Ada Hale when she died in Velling?", texts)
    assert direct is None


def test_who_proposed_is_said_by_the_verb_news_uses_for_it() -> None:
    """ "Who proposed the levy?" is answered by "Hale introduced the levy": news says it with another verb."""
    texts = {
        "a": "Sen. Ada Hale introduced the Velling Ferry Levy Act on Monday, to fund night sailings.",
        "b": "The Velling Ferry Levy Act, which Sen. Ada Hale announced last week, would add 50 cents to a fare.",
    }
    direct, _ = _answer("Who proposed the Velling Ferry Levy Act?", texts)
    assert direct is not None and direct.endswith("Ada Hale")


def test_which_occupation_asks_for_a_person() -> None:
    """ "Which Velling Weather meteorologist said …?" asks for a person: "Jo Bell", not "senior meteorologist"."""
    text = '"The worst of the storm is over," Jo Bell, a senior meteorologist at Velling Weather, told reporters.'
    assert expected_type("Which Velling Weather meteorologist said the worst of the storm is over?") == "person"
    direct, _ = _answer("Which Velling Weather meteorologist said the worst of the storm is over?", {"a": text})
    assert direct == "Jo Bell"


def test_a_place_is_no_person_asked_for_by_occupation() -> None:
    """ "Which weather service forecaster …?" is not answered with the "Velling Ocean" of the sentence that says
    the words of the question: a place is no person."""
    texts = {
        "a": "The weather service called the storm over the Velling Ocean a very wet system.",
        "b": "Forecaster Jo Bell of the weather service said the storm would bring rain to Lakeport.",
    }
    direct, _ = _answer("Which weather service forecaster called the storm a very wet system?", texts)
    assert direct == "Forecaster Jo Bell"


def test_a_date_of_another_year_than_the_question_names_is_no_answer() -> None:
    """ "When was the Velling eclipse in 2029?" is not answered with a date of 2030, however well its sentence
    matches."""
    texts = {"a": "The total Velling eclipse on May 15, 2030, drew crowds to see the Velling eclipse."}
    direct, _ = _answer("When was the total Velling eclipse in 2029?", texts, dt.date(2031, 1, 2))
    assert direct is None


def test_someone_who_shares_the_surname_the_question_names_is_someone_else() -> None:
    """ "Who is backing Ada Hale's run?": "Tom Hale" is not the Ada Hale the question names."""
    texts = {"a": "Velling lawyer Tom Hale is backing Ada Hale's run for mayor of Velling, he said on Monday."}
    direct, _ = _answer("Who is backing Ada Hale's run for mayor of Velling?", texts)
    assert direct is not None and direct.endswith("Tom Hale")


def test_who_was_the_role_is_the_name_the_sentence_gives_that_role() -> None:
    """ "Who was the cinematographer killed …?": the name after "cinematographer", not the actor every piece names."""
    texts = {
        "a": "A prop gun fired by Ada Hale, star of the Velling film, killed cinematographer Jo Bell, 42, on the set.",
        "b": "Ada Hale, star of the Velling film, said she was heartbroken after the shooting on the Velling film set.",
    }
    direct, _ = _answer("Who was the cinematographer killed on the Velling film set?", texts)
    assert direct == "Jo Bell"


@pytest.mark.parametrize(
    ("question", "text"),
    [
        ("When did Velling carry out its missile test?", "Velling carried out its missile test on March 14, it said."),
        ("When did agents start visiting Velling landowners?", "The agents began their visits on March 14, it said."),
    ],
)
def test_the_verb_a_date_question_dates_is_read_past_particles_and_nouns(question: str, text: str) -> None:
    """ "carry out" dates "carry", not "out"; "visiting landowners" has no verb to date ("landowners" is none)."""
    direct, _ = _answer(question, {"a": text})
    assert direct == "March 14"


def test_a_day_in_the_month_the_question_names_is_not_named_by_it() -> None:
    """ "When is it this January?": "Jan. 23" says more than the month asked about, and weighs as much as a day in
    another month the sentence gives would (a name the question names in part weighs less)."""
    question = "When is Velling Lantern Day this January?"
    texts = {"a": "The month's best day is Jan. 23, Velling Lantern Day, not Lakeport Day, held March 14."}
    ps = _pieces(texts)
    scored = score_sentences(question, sentences(ps, DEFAULT.passages), ps, DEFAULT, None, None)
    votes = {c.span.text: c.votes for c in vote(question, "date", scored, ps, DEFAULT) if c.span is not None}
    assert votes["Jan. 23"] > votes["March 14"]  # closer to the question's words


def test_a_pages_clip_list_and_sign_up_lines_are_no_evidence() -> None:
    """A crawled page's video player lists other clips by title, its links name other stories ("Read more: …"), and
    its newsletter box asks readers to sign up: none is quoted nor answers, however many of the question's words it
    holds."""
    texts = {
        "a": "Video Ad Feedback Tarro hosted the Velling ferry summit 03:00 - Source: CNN Tarro hosted the Velling "
        "ferry summit 03:00",
        "b": "Sign up for the Velling ferry summit newsletter from Tarro.",
        "d": "Read more: Tarro hosted the Velling ferry summit",
        "c": "Lakeport hosted the ferry summit for Velling this week, officials said.",
    }
    direct, text = _answer("Which city hosted the Velling ferry summit?", texts)
    assert direct is None or direct == "Lakeport"
    assert "Video Ad Feedback" not in text and "Sign up" not in text and "Read more" not in text
    assert "Lakeport hosted" in text


def test_a_subhead_that_asks_the_question_raises_no_bar() -> None:
    """A piece's subhead may ask the reader's very question ("Which company recalled …?"): it answers nothing, so
    a sentence far weaker than it may still give the direct answer."""
    question = "Which company recalled the Velling figs sold at Lakeport markets?"
    texts = {"a": question, "b": "Tarro Farms recalled the figs on Monday, a notice said."}
    assert _answer(question, texts)[0] == "Tarro Farms"


def test_a_decade_is_no_count() -> None:
    """ "Since the 1970s" names a decade: no answer to "how many …?", however close to the question's words."""
    texts = {"a": "Ferries from Velling have sailed since the 1970s.", "b": "Velling has 40 ferries."}
    assert _answer("How many ferries sail from Velling?", texts)[0] != "1970"


def test_when_a_span_of_time_ends_is_the_date_of_its_end() -> None:
    """ "When does the sale end?" is not answered with the "Nov. 1" it started on."""
    text = "The Velling ferry sale started Nov. 1 and runs through Dec. 15, the board said."
    direct, _ = _answer("When does the Velling ferry sale end?", {"a": text})
    assert direct == "Dec. 15"


def test_a_quoted_title_that_asks_is_part_of_a_statement() -> None:
    """A question that names a column titled "Why …?" still asks "which university"; the sentence that gives the
    title states who wrote it, and is evidence."""
    texts = {
        "a": "In 2029, Lakeport State University student Ada Hale wrote a guest column for the Velling Times titled "
        '"Why are we angry?"',
        "b": "Three years later, the answer to Hale's question appears to be no.",
    }
    question = 'Which university was Ada Hale a student at when she wrote the column "Why are we angry?"'
    direct, _ = _answer(question, texts)
    assert direct == "Lakeport State University"


def test_a_name_that_does_not_say_the_verb_asked_is_no_rival() -> None:
    """ "Who directed …?": the name whose sentences never say who directed it is no answer, so it neither shrinks the
    margin of the one that does (its confidence) nor differs from it."""
    texts = {
        "0": "Jo Bell, the subject of the Velling docuseries, speaks in it.",
        "1": "Jo Bell appears in the Velling docuseries with her father.",
        "2": "The Velling docuseries, says docuseries director Ada Hale, took two years.",
    }
    out = compose("Who directed the Velling docuseries?", _pieces(texts), texts)
    assert out.direct == "Ada Hale" and out.margin > 0 and not out.conflict


def test_a_team_is_no_stadium() -> None:
    """ "At which stadium …?": a venue's name outvotes the team its pieces name more often, which is no stadium."""
    question = "At which stadium did Owls striker Jo Bell break his leg in the match against the Hawks?"
    texts = {
        "a": "Lakeport Owls striker Jo Bell is out for the season after he broke his leg in the match against the "
        "Hawks.",
        "b": "The Lakeport Owls and the Hawks will not replay the match.",
        "c": "Jo Bell, who was hurt during a match at Tarrow Stadium, is home.",
    }
    ps = _pieces(texts)
    scored = score_sentences(question, sentences(ps, DEFAULT.passages), ps, DEFAULT, None, None)
    ranked = [c.span.text for c in vote(question, expected_type(question) or "", scored, ps, DEFAULT) if c.span]
    assert ranked.index("Tarrow Stadium") < ranked.index("Lakeport Owls")
    assert _answer(question, texts)[0] != "Lakeport Owls"


def test_what_night_asks_for_a_date() -> None:
    """ "On what night …?" asks for a date, as "on what day …?" does: not the band its other sentence names."""
    texts = {
        "a": "The Velling lantern parade begins on the night of Friday, May 9, this year.",
        "b": "The Tarrow Band will play at the Velling lantern parade this year, the band said.",
    }
    assert _answer("On what night does the Velling lantern parade begin this year?", texts)[0] == "May 9"


# (question, one piece's text, the direct answer): readings of round 35 that a review found reaching too far
NOT_TOO_FAR: dict[str, tuple[str, str, str | None]] = {
    "a morning show is no morning": (
        "Which morning show hired Jo Bell?",
        "Jo Bell was hired by Wake Up Velling, the morning show, on Monday, March 2.",
        "Wake Up Velling",
    ),
    "what prompted a strike asks for a cause, no person": (
        "What prompted the nurses to strike?",
        "Low pay and long shifts prompted the nurses to strike, union leader Ada Hale said.",
        None,
    ),
    "a fourth word in -s is the verb": (
        "Which old river bridge needs repairs?",
        "The Kessa Bridge, an old river bridge, needs repairs, Velling Transit said.",
        "Kessa Bridge",
    ),
    "a noun after a name that goes on is a modifier": (
        "Which company cut jobs?",
        "Velling Works said company profits fell, and Tarrow Labs cut 300 jobs.",
        "Tarrow Labs",
    ),
    "a campus one works at is no place": (
        "Where did the bear attack happen?",
        "The attack happened near Lakeport, said Ada Hale, a biologist at the University of Kessa.",
        "Lakeport",
    ),
    "a number to call is no name one calls": (
        "What is the name of the hotline residents can call?",
        "Residents can call the Velling Care Line, a free hotline, at any hour.",
        "Velling Care Line",
    ),
    "calling someone something names no thing": (
        "What is the name of the new park?",
        "The new park, Kessa Commons, opened on Monday; Mayor Ada Hale, calling Tom Reed its architect, cut the "
        "ribbon.",
        "Kessa Commons",
    ),
    "a title in capitals that does not exclaim is a title": (
        "What is the name of the band's new album?",
        "The band's new album, “WE ARE THE TARROW KIDS,” comes out in May.",
        "WE ARE THE TARROW KIDS",
    ),
    "a state's possessive after a name places no town": (
        "Where is the company based?",
        "The company, Tarrow Labs, Ohio’s biggest drugmaker, is based in Kessa.",
        "Kessa",
    ),
    "a replacement as host asks for no host": (
        "Who is Ada Hale's replacement as host?",
        "Tom Reed will replace Ada Hale on Velling Tonight in May, the network said.",
        "Tom Reed",
    ),
}


@pytest.mark.parametrize("question,text,expected", NOT_TOO_FAR.values(), ids=NOT_TOO_FAR.keys())
def test_the_new_readings_do_not_reach_too_far(question: str, text: str, expected: str | None) -> None:
    assert _answer(question, {"a": text})[0] == expected


def test_where_is_never_answered_with_someone_news_calls_by_her_work() -> None:
    """ "photographer Kessa Morrow" is who took the photo, not where."""
    texts = {
        "a": "The prize-winning photo of the red fox was taken by photographer Kessa Morrow, who spent a winter on it.",
        "b": "Kessa Morrow said the red fox came back to the same spot every night.",
        "c": "The red fox was photographed in the snow at Tarrow Heath, near Lakeport, where the photo was taken.",
    }
    direct, _ = _answer("Where was the prize-winning photo of the red fox taken?", texts)
    assert direct in ("Tarrow Heath", "Lakeport")


@pytest.mark.parametrize(
    "question",
    ["Which Velling teenager started the petition to save the Tarrow ferry?",
     "Which acting Velling Ports secretary closed the docks?", "Which Velling A&M professor coined it?",
     "Which rower carried the flag for Velling?", "Which lifestyle guru became an adviser to Velling Labs?"],
)  # fmt: skip
def test_a_teenager_an_athlete_or_a_role_after_three_words_is_a_person(question: str) -> None:
    assert expected_type(question) == "person"


def test_a_teenager_set_off_by_commas_is_called_one() -> None:
    texts = {
        "a": "The petition to save the Tarrow ferry was started by a Velling teenager, Ada Hale, and backed by the "
        "Kessa Ferry Trust.",
        "b": "The Kessa Ferry Trust said the petition to save the Tarrow ferry had 5,000 names, and the Kessa Ferry "
        "Trust thanked Velling.",
    }
    direct, _ = _answer("Which Velling teenager started the petition to save the Tarrow ferry?", texts)
    assert direct == "Ada Hale"


@pytest.mark.parametrize(
    ("question", "text", "direct"),
    [("Where in the United States did the Velling tornado touch down?",
      "The Velling tornado touched down near Tarrow, Oklahoma, on Monday, the weather service said.",
      "Tarrow, Oklahoma"),
     ("Where was Ada Hale born?", "Ada Hale was born in former Tarvania in 1961 and moved to Lakeport as a child.",
      "Tarvania")],
)  # fmt: skip
def test_a_place_inside_the_one_asked_about_or_once_so_is_still_a_place(question: str, text: str, direct: str) -> None:
    """A state is in the United States the question asks "where in" of; "former Tarvania" was a country."""
    assert _answer(question, {"a": text})[0] == direct


@pytest.mark.parametrize(
    "question",
    ["What student loan program did Velling end?", "What secretary-level post did Ada Hale hold?",
     "What new policy affects students in Lakeport?", "What rule bans teenagers from driving?"],
)  # fmt: skip
def test_a_role_word_that_modifies_a_noun_or_follows_a_verb_asks_for_no_person(question: str) -> None:
    assert expected_type(question) != "person"


_CONTRACT = {
    "a": "Kessa Marine, a Velling firm, won the Lakeport harbour contract in 2031, the port said.",
    "b": "Tarrow Dredging, a Velling firm, bid for the Lakeport harbour contract.",
    "c": "Tarrow Dredging said the Lakeport harbour needs work.",
    "d": "Tarrow Dredging, a Velling firm, expects more contracts.",
}
_WON = "Which Velling firm won the Lakeport harbour contract in 2031?"


def test_one_story_s_answering_sentence_outweighs_a_name_repeated_elsewhere() -> None:
    """A question about one story (no recent time named): the sentence that answers it counts for more than a name
    three weaker pieces repeat (``Weights.sharp``); about recent news, agreement across pieces counts as before."""
    assert _answer(_WON, _CONTRACT)[0] == "Kessa Marine"
    ps = _pieces(_CONTRACT)
    scored = score_sentences(_WON, sentences(ps, DEFAULT.passages), ps, DEFAULT)
    one, recent = (vote(_WON, "thing", scored, ps, DEFAULT, news)[0].span for news in (False, True))
    assert one is not None and one.text == "Kessa Marine"
    assert recent is not None and recent.text == "Tarrow Dredging"


@pytest.mark.parametrize(
    ("question", "texts", "direct"),
    [("Which Ohio firm won the ferry contract?",
      ["Kessa Marine Works won the ferry contract.", "Voters in Ohio backed Velling Yards for the ferry contract."],
      "Kessa Marine Works"),
     ("Which Ohio firm won the ferry contract?",
      ["Kessa Marine Works won the ferry contract.", "Ohio sued Velling Yards over the ferry contract."],
      "Kessa Marine Works"),
     ("How much did Velling pay for the ferry?",
      ["Velling paid $5 million for the ferry, the port said.", "Velling also paid for a $2 million ferry upgrade."],
      "$5 million"),
     ("Which team has had the most fans at home games?",
      ["The Owls drew 40,000 fans to each home game this season.", "Velling fans cheered the Hawks at home games."],
      "Owls"),
     ("Which firm represents Ada Hale?",
      ["Ada Hale is represented by the Velling Agency, her publicist said.",
       "Ada Hale signed with Kessa Media in 2029."],
      "Velling Agency")],
)  # fmt: skip
def test_words_beside_a_candidate_that_say_nothing_of_it_change_nothing(
    question: str, texts: list[str], direct: str
) -> None:
    """ "Voters in Ohio backed Velling Yards" does not place Velling Yards in Ohio; an agency may be a firm; "a $2
    million ferry upgrade" is no sum paid for the ferry; "which team has had …?" asks for no verb's object."""
    assert _answer(question, {str(i): t for i, t in enumerate(texts)})[0] == direct


def test_a_winner_called_by_the_question_s_noun_needs_the_question_s_subject_before_its_verb() -> None:
    """ "Jo Bell hired the law firm Kessa Vane, not Ada Hale" says nothing Ada Hale hired."""
    texts = {
        "0": "Ada Hale and Tom Reed met reporters at the Lakeport ferry case hearing against Tom Reed, where Jo Bell "
        "of Velling Partners spoke.",
        "1": "Two aides confirmed that Jo Bell hired the law firm Kessa Vane, not Ada Hale, for the case.",
    }
    assert _answer("Which law firm did Ada Hale hire for the Lakeport ferry case against Tom Reed?", texts)[0] is None


def test_a_time_of_day_counts_nothing() -> None:
    """ "How much prize money …?": the "$1 million" the winner took home, not the "2" of "at 2 p.m."."""
    texts = {
        "a": "Ada Hale plays the Lakeport Open final, with its record prize money, at 2 p.m. on Sunday.",
        "b": "The Lakeport Open winner takes home $1 million in prize money.",
    }
    direct, _ = _answer("How much prize money did Ada Hale win at the Lakeport Open final?", texts)
    assert direct == "$1 million"


def test_a_number_joined_to_another_word_counts_that_word_not_the_people_asked_for() -> None:
    """ "How many people were hurt …?": not the "five" of "the five-story hotel", which counts its stories."""
    texts = {
        "a": "People in the five-story Velling hotel were hurt when the quake hit Velling.",
        "b": "Officials said 40 were hurt in the quake.",
    }
    direct, _ = _answer("How many people were hurt in the Velling quake?", texts)
    assert direct == "40"


def test_a_count_of_kids_is_said_of_children() -> None:
    """ "How many kids …?" counts what news calls children: "9 children", not the crowd of "thousands of people"."""
    texts = {
        "a": "Thousands of people had been expected at the Lakeport parade, where shots rang out on Monday.",
        "b": "Police said 9 children were shot at the Lakeport parade on Monday.",
    }
    direct, _ = _answer("How many kids were shot at the Lakeport parade?", texts)
    assert direct == "9 children"


def test_a_past_form_without_ed_ends_the_counted_noun() -> None:
    """ "How much snow hit …?": the noun is "snow" (a depth), not "snow hit"; "how many hit songs" counts songs."""
    assert counted_units("How much snow hit Velling on Friday?")[:2] == ("inch", "feet")
    assert counted_units("How many hit songs did Jo Bell have?") == ("song",)
    assert counted_units("How many gun shot victims did Velling count?") == ("victim",)  # a past before a plural


def test_an_age_is_given_after_died_and_its_day() -> None:
    """ "How old was she when she died?": the "87" of "died Saturday at 87", not the "60 years" of a career."""
    texts = {
        "a": "Sixty years ago, a young Ada Brook sang in the Lakeport clubs for 60 years of nights.",
        "b": "Singer Ada Brook, who shaped Velling soul, died Saturday at 87, her family said.",
    }
    direct, _ = _answer("How old was Ada Brook when she died?", texts)
    assert direct == "87"
