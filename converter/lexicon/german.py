"""German words the recognisers need: data, not code.

Every list here is a closed class of the language of UN resolutions (months, number words,
prepositions, particles, the nouns that carry a preambular or operative phrase); none is a
string of a particular resolution.
"""
from __future__ import annotations

MONTHS: dict[str, int] = {
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "april": 4, "mai": 5, "juni": 6,
    "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11, "dezember": 12,
}
MONTH_PATTERN = "|".join(m.capitalize() for m in MONTHS)

# Cardinal number words; ordinals are built from them ("achtundsiebzig" + "ste").
UNITS: dict[str, int] = {
    "ein": 1, "eins": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7,
    "acht": 8, "neun": 9,
}
TEENS: dict[str, int] = {
    "zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13, "vierzehn": 14, "fünfzehn": 15,
    "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19,
}
TENS: dict[str, int] = {
    "zwanzig": 20, "dreißig": 30, "vierzig": 40, "fünfzig": 50, "sechzig": 60,
    "siebzig": 70, "achtzig": 80, "neunzig": 90,
}
# Ordinal stems that are not "cardinal + te/ste": erste, dritte, siebte, achte.
IRREGULAR_ORDINAL_STEMS: dict[str, int] = {"ers": 1, "er": 1, "drit": 3, "sieb": 7, "ach": 8}

# Issuing organs: name in the text -> (actor used in the Work IRI, TLC id, AKN ontology href).
ORGANS: dict[str, tuple[str, str, str]] = {
    "Generalversammlung": ("unga", "generalAssembly", "/akn/ontology/organization/un/un-ga"),
    "Sicherheitsrat": ("unsc", "securityCouncil", "/akn/ontology/organization/un/un-sc"),
    "Wirtschafts- und Sozialrat": ("unecosoc", "economicAndSocialCouncil",
                                   "/akn/ontology/organization/un/un-ecosoc"),
    "Menschenrechtsrat": ("unhrc", "humanRightsCouncil", "/akn/ontology/organization/un/un-hrc"),
}
# Genitive forms ("des Sicherheitsrats") that name an organ in running text.
ORGAN_GENITIVES: dict[str, str] = {
    "Generalversammlung": "Generalversammlung",
    "Sicherheitsrats": "Sicherheitsrat", "Sicherheitsrates": "Sicherheitsrat",
    "Wirtschafts- und Sozialrats": "Wirtschafts- und Sozialrat",
    "Menschenrechtsrats": "Menschenrechtsrat", "Menschenrechtsrates": "Menschenrechtsrat",
}

# --- preambular paragraphs -------------------------------------------------------------
# Words that join a preambular paragraph to the one before ("sowie unter Hinweis").
CONNECTIVES = frozenset({"sowie", "ferner", "außerdem", "zudem", "ebenso", "auch", "schließlich",
                         "und", "nochmals", "erneut", "weiterhin", "gleichzeitig", "daher"})
# Prepositions that open a nominal key phrase ("in Bekräftigung", "unter Hinweis", "im Bewusstsein").
KEY_PREPOSITIONS = frozenset({"in", "im", "unter", "mit"})
# Nouns that only carry another noun: "mit dem Ausdruck ihrer Besorgnis".
LIGHT_NOUNS = frozenset({"Ausdruck", "Bekundung", "Bekräftigung"})
LIGHT_NOUN_KEEPS_GENITIVE = frozenset({"Ausdruck", "Bekundung"})
# Adjectives and past participles that open a preambular paragraph.
PREAMBLE_ADJECTIVES = frozenset({
    "eingedenk", "besorgt", "entschlossen", "überzeugt", "geleitet", "bestärkt", "ermutigt",
    "erfreut", "beunruhigt", "alarmiert", "bestürzt", "betrübt", "empört", "erschüttert",
    "zufrieden", "befriedigt", "bewusst", "gewillt", "willens", "entsetzt", "beeindruckt",
})
# Intensifiers that may stand before such an adjective ("zutiefst besorgt").
INTENSIFIERS = frozenset({"zutiefst", "ernsthaft", "äußerst", "tief", "höchst", "sehr", "ernstlich"})
# Pronominal adverbs that belong to the phrase ("besorgt darüber", "daran erinnernd").
PRONOMINAL_ADVERBS = frozenset({"darüber", "darauf", "davon", "daran", "dazu", "darum", "hiervon",
                                "hierüber", "hierauf", "es"})
# Of those, the ones that may follow an adjective as part of its phrase ("besorgt darüber").
TRAILING_ADVERBS = frozenset({"darüber", "darum", "davon", "darauf", "hierüber"})
# Present participles that are not key phrases.
NOT_PARTICIPLES = frozenset({"während", "entsprechend", "dringend", "bedeutend", "umfassend",
                             "weitgehend", "zunehmend", "anschließend", "abschließend",
                             "vorübergehend", "ausreichend", "einschließend", "folgend",
                             "entscheidend", "grundlegend", "hervorragend", "zwingend",
                             "jugend", "tausend", "abend"})
# Objects that form one verb phrase with the participle ("Kenntnis nehmend").
PARTICIPLE_OBJECTS = frozenset({"Kenntnis", "Notiz", "Bezug", "Stellung", "Abstand"})
# Auxiliary participles take the word before them ("tätig werdend").
AUXILIARY_PARTICIPLES = frozenset({"werdend", "seiend", "habend", "bleibend"})

# --- operative paragraphs --------------------------------------------------------------
OPERATIVE_ADVERBS = frozenset({
    "außerdem", "ferner", "erneut", "nachdrücklich", "eindringlich", "ebenfalls", "auch",
    "abermals", "nochmals", "zudem", "ausdrücklich", "entschieden", "ernsthaft", "weiterhin",
    "dringend", "mit", "Nachdruck", "mit Nachdruck", "wiederum", "schließlich",
    "gleichzeitig", "insbesondere", "daher", "zugleich",
})
# Nouns that form one verb phrase with the operative verb ("nimmt Kenntnis", "bekundet ihre tiefe Besorgnis").
OPERATIVE_OBJECT_NOUNS = frozenset({
    "Kenntnis", "Notiz", "Besorgnis", "Sorge", "Dank", "Bedauern", "Anerkennung", "Genugtuung",
    "Aufforderung", "Bereitschaft", "Absicht", "Entschlossenheit", "Überzeugung", "Hoffnung",
    "Zustimmung", "Empörung", "Beunruhigung", "Unterstützung", "Entschiedenheit", "Dankbarkeit",
    "Befriedigung", "Auffassung", "Ansicht", "Verurteilung", "Bestürzung", "Mitgefühl",
    "Solidarität", "Wertschätzung", "Empfehlung", "Forderung", "Ersuchen", "Beschluss", "Appell",
})
# Separable verb particles ("fordert … auf", "legt … nahe", "stellt fest").
SEPARABLE_PARTICLES = frozenset({
    "auf", "nahe", "fest", "hin", "zu", "an", "ein", "ab", "bei", "vor", "fort", "dar", "mit",
    "zurück", "aus", "entgegen", "bereit", "heraus", "hervor", "fest", "statt", "teil", "wieder",
})
# Separable verbs of operative paragraphs and the part that closes their clause ("fordert … auf").
SEPARABLE_VERBS: dict[str, str] = {
    "fordert": "auf", "legt": "nahe", "ruft": "auf", "weist": "hin", "stellt": "fest",
    "spricht": "aus", "hebt": "hervor", "erkennt": "an", "lädt": "ein", "sagt": "zu",
    "schließt": "an", "tritt": "ein", "setzt": "fort", "hält": "fest", "bringt": "zum Ausdruck",
    "nimmt": "zur Kenntnis", "sieht": "vor", "gibt": "ab",
}
DETERMINERS = frozenset({"der", "die", "das", "dem", "den", "des", "ihre", "ihrer", "ihren", "ihrem",
                         "ihres", "seine", "seiner", "seinen", "seinem", "seines", "ein", "eine",
                         "einer", "einen", "einem", "eines", "erneut", "erneute", "erneuten"})

# Conjunctions after which a line-end hyphen is a real one ("Frauen-" / "und Kinderhandel").
HYPHEN_KEEPING_CONJUNCTIONS = frozenset({"und", "oder", "bzw", "sowie", "beziehungsweise", "als"})

# Headings of annexes.
ANNEX_WORDS = frozenset({"Anlage", "Anhang", "Anlagen"})
# Words for a meeting in the closing lines ("50. Plenarsitzung", "9444. Sitzung").
MEETING_WORDS = ("Plenarsitzung", "Sitzung")
