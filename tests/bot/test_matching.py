"""bot/matching.py: names, vocabulary, inflections, æ/ø/å-less spellings, typos and compounds."""

import pytest

from bot.matching import edit_distance, typo_budget


@pytest.mark.parametrize(
    "text, area",
    [
        ("Hvilken klynge dækker det maritime område?", "maritim"),
        ("Vi laver høreapparater – hvilken klynge passer til os?", "lyd"),
        ("vi laver hoereapparater", "lyd"),  # no æ/ø/å
        ("HØJTTALERE", "lyd"),  # shouting
        ("rederierne i Svendborg", "maritim"),  # inflection
        ("skibsfarten", "maritim"),
        ("vi er et firma der laver vindmøllevinger", "energi"),  # compound, unknown to the lexicon
        ("hvem tager sig af fintech", "fintech"),
        ("vi driver et hotel på Bornholm", "turisme"),
    ],
)
def test_area_is_found_in_a_message(matcher, text, area):
    assert matcher.areas(text)[0] == area


@pytest.mark.parametrize(
    "text, cluster",
    [
        ("Hvordan kontakter jeg Energy Cluster Denmark?", "energy-cluster-denmark"),
        ("hvordan kontakter jeg energy cluster danmark", "energy-cluster-denmark"),  # typo in a name
        ("Hvor ligger Odense Robtics?", "odense-robotics"),
        ("Er MARLOG stadig aktiv?", "marlog"),
        ("hvor ligger MARLOGs kontor", "marlog"),  # genitive -s
        ("hvad laver lydklyngen", "danish-sound-cluster"),
        ("fortæl om DSC", "danish-sound-cluster"),
        ("hvem er chefen for lifestyle og design cluster", "lifestyle-design-cluster"),  # "&" as "og"
        ("hvad er netadressen på lifestyle & design", "lifestyle-design-cluster"),  # without "Cluster"
        ("formand for danish life science klyngen", "danish-life-science-cluster"),  # "Cluster" in Danish
        ("giv mig linket til digital leads side", "digitallead"),  # written apart, genitive -s
    ],
)
def test_cluster_is_found_by_name_alias_or_typo(matcher, text, cluster):
    assert matcher.clusters(text)[0] == cluster


@pytest.mark.parametrize(
    "text",
    [
        "hej med dig",
        "hvad kan du",
        "tak for hjælpen",
        "jeg bor i Holstebro",
        "hvor er det nærmeste kontor",
        "moderne",
        "er du et menneske",
        "tak for svaret",  # "for svaret" is not "forsvaret" written apart
        "what is the danish cluster programme",  # "programme" is no typo of "programmer"
    ],
)
def test_ordinary_messages_mention_no_cluster_or_area(matcher, text):
    assert not matcher.find(text)


def test_a_cluster_name_beats_the_area_word_inside_it(matcher):
    found = matcher.find("hvad laver energiklyngen")
    assert [(m.kind, m.target) for m in found] == [("cluster", "energy-cluster-denmark")]


def test_every_vocabulary_term_finds_its_own_area(dataset, matcher):
    wrong = [
        (term, area.id, matcher.areas(term)[:1])
        for area in dataset.areas.values()
        for term in area.vocabulary
        if matcher.areas(term)[:1] != [area.id]
    ]
    assert wrong == []


def test_every_cluster_name_finds_its_cluster(dataset, matcher):
    wrong = [
        (name, c.id)
        for c in dataset.clusters.values()
        for name in c.names
        if matcher.clusters(name)[:1] != [c.id]
    ]
    assert wrong == []


@pytest.mark.parametrize(
    "a, b, distance",
    [
        ("holstebro", "holstebro", 0),
        ("holstebro", "holstebr", 1),
        ("robotics", "robtoics", 1),
        ("danmark", "denmark", 1),
        ("abc", "xyz", 3),
    ],
)
def test_edit_distance_counts_edits_and_swaps(a, b, distance):
    assert edit_distance(a, b, limit=3) == distance


def test_edit_distance_stops_above_the_limit():
    assert edit_distance("energi", "fintech", limit=1) == 2


@pytest.mark.parametrize("length, budget", [(3, 0), (4, 0), (5, 1), (8, 1), (9, 2), (20, 2)])
def test_short_words_get_no_typo_budget(length, budget):
    assert typo_budget(length) == budget


def test_cluster_names_are_blanked_so_their_towns_are_not_places(matcher):
    text = "Hvor er Odense Robotics' nærmeste kontor fra Vejle?"
    blanked = matcher.without_cluster_names(text)
    assert "Odense" not in blanked and "Vejle" in blanked and len(blanked) == len(text)


@pytest.mark.parametrize(
    "word, area",
    [
        ("møbler", "design"),  # the lexicon reads it as the verb "møblere"
        ("vacciner", "life-science"),
        ("fiskere", "foedevarer"),
        ("musikere", "lyd"),
        ("boliger", "byggeri"),
        ("rederier", "maritim"),
        ("droner", "robotter"),
        ("solceller", "energi"),
        ("hoteller", "turisme"),
    ],
)
def test_common_plurals_find_their_area(matcher, word, area):
    assert matcher.areas(word)[:1] == [area]


@pytest.mark.parametrize(
    "text",
    [
        "nærmeste klyngekontor til 2300 København S",
        "jeg bor i Frederikshavn",
        "så er det fint",
        "det er for sent",
    ],
)
def test_place_names_and_stop_words_are_not_terms(matcher, text):
    assert matcher.areas(text) == []


def test_o_typed_for_oe_is_a_light_typo(matcher):
    assert matcher.areas("fodevarer")[:1] == ["foedevarer"]


@pytest.mark.parametrize(
    "text, cluster",
    [
        ("hvad laver energi klyngen?", "energy-cluster-denmark"),  # a compound written apart
        ("kontakt til fødevare klyngen", "food-bio-cluster-denmark"),
        ("hvor ligger visiondenmark", "vision-denmark"),  # a name written as one word
        ("er digital lead i aarhus?", "digitallead"),
    ],
)
def test_names_written_apart_or_glued_together_are_found(matcher, text, cluster):
    assert matcher.clusters(text)[:1] == [cluster]


def test_two_ordinary_words_are_not_joined_into_a_name(matcher):
    assert matcher.clusters("hvad er en klynge i dag") == []
