"""Tests for bot/geo.py and the gazetteer data in data/geo/."""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path

import pytest

from bot.geo import DATA_DIR, REGIONS, Gazetteer, Place, distance_km, place_key, rank_by_distance

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def geo() -> Gazetteer:
    return Gazetteer.load()


def rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def only(geo: Gazetteer, query: str) -> Place:
    resolution = geo.resolve(query)
    assert resolution.status == "found", (query, resolution)
    (place,) = resolution.places
    return place


# --------------------------------------------------------------------------- postcodes


def test_postcode_7500_is_holstebro(geo):
    place = only(geo, "7500")
    assert (place.name, place.kind, place.postcode) == ("Holstebro", "postcode", "7500")
    assert place.kommune == "Holstebro Kommune"
    assert place.region == "Region Midtjylland"


def test_unknown_postcode_0000_is_invalid(geo):
    assert geo.resolve("0000").status == "invalid_postcode"
    assert geo.resolve("0000").places == ()


def test_unused_four_digit_number_1234_is_an_invalid_postcode(geo):
    assert "1234" not in geo.postcodes
    assert geo.resolve("1234").status == "invalid_postcode"


def test_five_digit_number_99999_is_an_invalid_postcode(geo):
    assert geo.resolve("99999").status == "invalid_postcode"


def test_postcode_before_a_name_decides(geo):
    assert only(geo, "8000 Aarhus").postcode == "8000"
    assert only(geo, "DK-7500").name == "Holstebro"
    assert only(geo, "8000 Odense").postcode == "8000"


def test_special_postcodes_placed_in_the_wrong_town_are_gone(geo):
    # 0900 "København C" lies in Aalborg and 0999 in Skagen in the GeoNames dump.
    for code in ("0800", "0900", "0999", "1001", "8100", "9100"):
        assert code not in geo.postcodes
        assert geo.resolve(code).status == "invalid_postcode"


# --------------------------------------------------------------------------- towns


def test_town_name_is_matched_without_regard_to_case(geo):
    assert only(geo, "Holstebro") == only(geo, "holstebro") == only(geo, "HOLSTEBRO")
    assert only(geo, "Holstebro").kind == "town"
    assert only(geo, "Holstebro").postcode == "7500"


def test_aarhus_without_accent_matches_aarhus(geo):
    aarhus = only(geo, "Aarhus")
    assert only(geo, "Århus") == only(geo, "aarhus") == aarhus
    assert (aarhus.name, aarhus.kind, aarhus.postcode) == ("Aarhus", "town", "8000")


def test_bare_town_with_several_district_postcodes_is_the_town_not_ambiguous(geo):
    for town, postcode in (("Aarhus", "8000"), ("Odense", "5000"), ("Randers", "8900"), ("Esbjerg", "6700")):
        place = only(geo, town)
        assert (place.kind, place.name, place.postcode) == ("town", town, postcode)


def test_postal_district_name_is_the_postcode(geo):
    assert (only(geo, "Aarhus C").kind, only(geo, "Aarhus C").postcode) == ("postcode", "8000")
    assert only(geo, "Aarhus N").postcode == "8200"
    assert only(geo, "Kbh Ø").postcode == "2100"


def test_postal_name_with_many_postcodes_is_one_place(geo):
    place = only(geo, "København K")
    assert place.kind == "postcode"
    assert place.postcode == min(code for code, p in geo.postcodes.items() if p.name == "København K")
    assert distance_km(place, only(geo, "1050")) < 3


def test_informal_names_of_copenhagen(geo):
    copenhagen = only(geo, "København")
    assert copenhagen.name == "København"
    for name in ("Kbh", "Kbh.", "kbh", "Cph", "Copenhagen", "Kobenhavn", "koebenhavn"):
        assert only(geo, name) == copenhagen, name


def test_viby_is_ambiguous_between_jutland_and_zealand(geo):
    resolution = geo.resolve("Viby")
    assert resolution.status == "ambiguous"
    assert {p.postcode for p in resolution.places} == {"8260", "4130"}
    assert {p.region for p in resolution.places} == {"Region Midtjylland", "Region Sjælland"}


def test_viby_with_its_postal_suffix_is_found(geo):
    assert only(geo, "Viby J").postcode == "8260"
    assert only(geo, "Viby Sj.").postcode == "4130"
    assert only(geo, "Viby Sjælland").postcode == "4130"


@pytest.mark.parametrize("name", ["Assens", "Lystrup", "Ejby", "Borup", "Højby", "Nykøbing"])
def test_namesakes_far_apart_are_ambiguous(geo, name):
    resolution = geo.resolve(name)
    assert resolution.status == "ambiguous"
    places = resolution.places
    assert all(distance_km(a, b) > 20 for i, a in enumerate(places) for b in places[i + 1 :])


def test_namesakes_offer_a_postcode_where_the_town_has_one(geo):
    assert "5610" in {p.postcode for p in geo.resolve("Assens").places}
    assert "8520" in {p.postcode for p in geo.resolve("Lystrup").places}


def test_danish_letters_typed_as_plain_letters(geo):
    assert only(geo, "Koge").name == "Køge"
    assert only(geo, "Soro").name == "Sorø"
    assert only(geo, "Naestved").name == "Næstved"
    assert only(geo, "Tåstrup").name == "Taastrup"


def test_abbreviated_first_word_is_spelled_out(geo):
    assert only(geo, "Nr. Nebel").name == "Nørre Nebel"
    assert only(geo, "Kgs. Lyngby").name == "Kongens Lyngby"


def test_genitive_of_a_town_is_the_town(geo):
    assert only(geo, "Aalborgs") == only(geo, "Aalborg")


def test_one_slip_in_a_long_name_is_forgiven(geo):
    assert only(geo, "Holstebroo").name == "Holstebro"
    assert only(geo, "Silkebog").name == "Silkeborg"


@pytest.mark.parametrize("word", ["bedste", "forum", "bringe", "arena", "maling", "kobling", "Xyzby", "blå"])
def test_typo_tolerance_does_not_turn_ordinary_words_into_towns(geo, word):
    assert geo.resolve(word).status == "unknown"


def test_empty_query_is_unknown(geo):
    assert geo.resolve("").status == "unknown"
    assert geo.resolve("  ").places == ()


# --------------------------------------------------------------------------- kommuner and regions


def test_kommune_with_and_without_the_word_kommune(geo):
    kommune = only(geo, "Vesthimmerlands Kommune")
    assert (kommune.kind, kommune.name, kommune.region) == (
        "kommune",
        "Vesthimmerlands Kommune",
        "Region Nordjylland",
    )
    assert only(geo, "Vesthimmerland") == only(geo, "vesthimmerlands") == kommune
    assert distance_km(kommune, only(geo, "Aars")) < 3


def test_kommune_named_like_its_town_needs_the_word_kommune(geo):
    assert only(geo, "Holstebro").kind == "town"
    assert only(geo, "Holstebro Kommune").kind == "kommune"
    assert only(geo, "Københavns Kommune") == only(geo, "København Kommune")


def test_region_names_resolve_to_regions(geo):
    for query, region in (
        ("Region Sjælland", "Region Sjælland"),
        ("Sjælland", "Region Sjælland"),
        ("Nordjylland", "Region Nordjylland"),
        ("hovedstadsområdet", "Region Hovedstaden"),
        ("Region Midtjylland", "Region Midtjylland"),
    ):
        place = only(geo, query)
        assert (place.kind, place.name, place.kommune) == ("region", region, None)


def test_region_maps_region_ish_names_to_canonical_names(geo):
    assert geo.region("Sjælland") == "Region Sjælland"
    assert geo.region("hovedstaden") == "Region Hovedstaden"
    assert geo.region("Midtjylland") == "Region Midtjylland"
    assert geo.region("nordjylland") == "Region Nordjylland"
    assert geo.region("Syddanmark") == "Region Syddanmark"
    assert geo.region("Holstebro") is None
    assert geo.region("Fyn") is None


def test_every_region_point_lies_within_denmark_on_land_side(geo):
    for name in REGIONS:
        place = only(geo, name)
        assert 54.4 <= place.lat <= 57.9 and 7.9 <= place.lon <= 13.0


# --------------------------------------------------------------------------- free text


def test_finds_postcode_and_town_in_a_sentence(geo):
    found = geo.find_in_text("Hvor er det nærmeste kontor? Jeg bor i 7500 Holstebro.")
    assert found.status == "found"
    assert found.places[0].postcode == "7500"


def test_finds_lowercase_town_after_a_preposition(geo):
    found = geo.find_in_text("jeg bor i viby")
    assert found.status == "ambiguous"
    assert {p.postcode for p in found.places} == {"8260", "4130"}
    assert geo.find_in_text("jeg bor tæt på silkeborg").places[0].name == "Silkeborg"


def test_finds_town_kommune_and_region_in_text(geo):
    assert geo.find_in_text("Jeg bor i Vesthimmerlands Kommune").places[0].kind == "kommune"
    assert geo.find_in_text("jeg kommer fra Vesthimmerland").places[0].name == "Vesthimmerlands Kommune"
    assert geo.find_in_text("er der klynger på Sjælland?").places[0].name == "Region Sjælland"
    assert geo.find_in_text("I live in Copenhagen").places[0].name == "København"
    assert geo.find_in_text("vi bor i Nr. Nebel").places[0].name == "Nørre Nebel"


@pytest.mark.parametrize(
    "text",
    [
        "Give mig en liste over klynger",
        "kan du give mig et overblik",
        "Jeg har ondt i halsen",
        "det sidder i halsen",
        "jeg har en ring på",
        "Ring til os",
        "Jeg søger en stilling",
        "godt ry i branchen",
        "på vejen hjem",
        "i mørke",
        "en skive brød",
        "Them and us",
        "bor i indre by",
        "Hej",
        "Hvilke klynger findes i Danmark?",
        "Jeg arbejder med vand og energi",
        "Mit navn er Tim",
    ],
)
def test_common_words_are_not_towns_in_free_text(geo, text):
    assert geo.find_in_text(text) is None


@pytest.mark.parametrize(
    "text, town",
    [
        ("Jeg bor i Give", "Give"),
        ("Vi ligger i Hals", "Hals"),
        ("jeg bor i ry", "Ry"),
        ("kontoret i Vejen", "Vejen"),
        ("Tim bor i Skive", "Skive"),
    ],
)
def test_town_named_like_a_common_word_counts_with_capital_and_preposition(geo, text, town):
    assert geo.find_in_text(text).places[0].name == town


@pytest.mark.parametrize(
    "text",
    [
        "I 2019 startede vi",
        "vi har 2000 ansatte",
        "Ring på 12345678",
        "mit cvr er 12345678",
        "14",
        "i 1000 år",
    ],
)
def test_years_counts_and_phone_numbers_are_not_postcodes(geo, text):
    assert geo.find_in_text(text) is None


def test_unknown_postcode_in_text_is_invalid(geo):
    assert geo.find_in_text("jeg bor i 0000").status == "invalid_postcode"
    assert geo.find_in_text("postnummer 99999").status == "invalid_postcode"
    assert geo.find_in_text("0000").status == "invalid_postcode"


def test_a_postcode_in_text_may_look_like_a_year_after_bor_i(geo):
    assert geo.find_in_text("jeg bor i 2100").places[0].name == "København Ø"


def test_a_later_postcode_settles_an_ambiguous_town(geo):
    found = geo.find_in_text("jeg bor i Viby, postnummer 8260")
    assert (found.status, found.places[0].postcode) == ("found", "8260")


def test_a_good_name_outweighs_a_wrong_postcode_beside_it(geo):
    assert geo.find_in_text("jeg bor i 0000 Holstebro").places[0].name == "Holstebro"


def test_whole_message_reply_is_resolved(geo):
    assert geo.find_in_text("Holstebro").places[0].name == "Holstebro"
    assert geo.find_in_text("7500").places[0].postcode == "7500"
    assert geo.find_in_text("Kbh.").places[0].name == "København"


# --------------------------------------------------------------------------- offices and names


OFFICE_TOWNS = [
    "Aalborg",
    "København",
    "Sønderborg",
    "Albertslund",
    "Horslunde",
    "Struer",
    "Herning",
    "Vordingborg",
    "Fredericia",
    "Esbjerg",
    "Aarhus",
    "Odense",
    "Middelfart",
    "Vejle",
    "Slagelse",
    "Thisted",
    "Næstved",
    "Frederikshavn",
    "Svendborg",
    "Rønne",
    "Viborg",
    "Lemvig",
]


@pytest.mark.parametrize("name", OFFICE_TOWNS)
def test_every_office_town_is_known(geo, name):
    place = geo.town(name)
    assert place is not None and place.name == name and place.kommune


def test_town_of_an_unknown_name_is_none(geo):
    assert geo.town("Xyzby") is None


def test_names_are_unique_and_include_danish_spellings(geo):
    names = geo.names()
    assert len(names) == len(set(names))
    for name in (
        "Aarhus",
        "Århus",
        "København",
        "Kbh",
        "Viby J",
        "Vesthimmerlands Kommune",
        "Vesthimmerland",
        "Region Sjælland",
        "Sjælland",
        "Horslunde",
    ):
        assert name in names
    assert "Copenhagen" not in names


def test_names_leave_out_ordinary_words(geo):
    names = {n.casefold() for n in geo.names()}
    assert not {"give", "hals", "vejen", "ry", "stilling"} & names


def test_town_alternative_names_are_not_ordinary_words():
    # "Rene" (for Rønne) or "Rye" (for Ry) would turn ordinary words into towns.
    lines = (DATA_DIR / "common_words.txt").read_text(encoding="utf-8").splitlines()
    ordinary = {place_key(line) for line in lines if line.strip() and not line.startswith("#")}
    assert {"rene", "rye", "give", "stilling"} <= ordinary
    for row in rows("towns.csv"):
        alternates = {place_key(name) for name in row["alternatenames"].split("|") if name}
        assert not alternates & ordinary, row["name"]


# --------------------------------------------------------------------------- distances


def test_distance_aalborg_to_copenhagen_is_about_225_km(geo):
    assert 215 < distance_km(geo.town("Aalborg"), geo.town("København")) < 240


def test_distance_accepts_lat_lon_pairs_and_is_symmetric(geo):
    aarhus = geo.town("Aarhus")
    assert distance_km(aarhus, (aarhus.lat, aarhus.lon)) == pytest.approx(0)
    assert distance_km((55.0, 10.0), (56.0, 10.0)) == pytest.approx(111.2, abs=0.5)
    assert distance_km(aarhus, geo.town("Odense")) == pytest.approx(distance_km(geo.town("Odense"), aarhus))


def test_rank_by_distance_puts_the_nearest_first(geo):
    offices = ["Aalborg", "Esbjerg", "Herning", "København"]
    ranked = rank_by_distance(
        only(geo, "7500"), offices, lambda town: (geo.town(town).lat, geo.town(town).lon)
    )
    assert [town for town, _ in ranked] == ["Herning", "Esbjerg", "Aalborg", "København"]
    assert ranked[0][1] < 40


# --------------------------------------------------------------------------- the data


def test_row_counts_are_those_the_build_wrote():
    assert len(rows("postcodes.csv")) == 1089
    assert len(rows("towns.csv")) == 505
    assert len(rows("kommuner.csv")) == 98


def test_every_row_is_inside_denmark():
    for row in rows("postcodes.csv") + rows("towns.csv"):
        assert 54.4 <= float(row["lat"]) <= 57.9, row
        assert 7.9 <= float(row["lon"]) <= 15.3, row


def test_postcodes_are_ordinary_unique_four_digit_codes():
    codes = [row["postcode"] for row in rows("postcodes.csv")]
    assert len(codes) == len(set(codes))
    assert all(len(code) == 4 and "1000" <= code <= "9990" for code in codes)


def test_all_98_kommuner_have_a_known_main_town(geo):
    kommuner = rows("kommuner.csv")
    assert len({k["kommune"] for k in kommuner}) == 98
    for row in kommuner:
        assert row["main_postcode"] in geo.postcodes, row
        main = geo.resolve(row["main_town"]).places
        assert any(distance_km(p, geo.postcodes[row["main_postcode"]]) <= 20 for p in main), row
        assert geo.postcodes[row["main_postcode"]].kommune == row["kommune"], row


def test_kommuner_per_region_match_the_2007_reform():
    counts = {region: 0 for region in REGIONS}
    for row in rows("kommuner.csv"):
        counts[row["region"]] += 1
    assert counts == {
        "Region Nordjylland": 11,
        "Region Midtjylland": 19,
        "Region Syddanmark": 22,
        "Region Sjælland": 17,
        "Region Hovedstaden": 29,
    }


def test_every_kommune_in_the_data_is_in_the_kommune_table_and_its_region():
    region_of = {row["kommune"]: row["region"] for row in rows("kommuner.csv")}
    for row in rows("postcodes.csv") + rows("towns.csv"):
        if row["kommune"]:  # only Christiansø belongs to no kommune
            assert region_of[row["kommune"]] == row["region"], row
    assert {row["kommune"] for row in rows("postcodes.csv")} == set(region_of)


@pytest.mark.parametrize(
    "postcode, kommune",
    [
        ("2000", "Frederiksberg Kommune"),
        ("2100", "Københavns Kommune"),
        ("2500", "Københavns Kommune"),
        ("2800", "Lyngby-Taarbæk Kommune"),
        ("2900", "Gentofte Kommune"),
        ("3460", "Rudersdal Kommune"),
        ("8260", "Aarhus Kommune"),
        ("8520", "Aarhus Kommune"),
        ("4130", "Roskilde Kommune"),
        ("9600", "Vesthimmerlands Kommune"),
        ("8543", "Syddjurs Kommune"),
        ("9370", "Aalborg Kommune"),
        ("8789", "Horsens Kommune"),
        ("4913", "Lolland Kommune"),
    ],
)
def test_well_known_postcodes_lie_in_their_kommune(geo, postcode, kommune):
    assert geo.postcodes[postcode].kommune == kommune


def test_bornholm_places_are_marked_as_island(geo):
    for query in ("3700", "Rønne", "Nexø", "Gudhjem", "Bornholm", "Bornholms Regionskommune"):
        assert only(geo, query).island == "Bornholm", query
    assert only(geo, "Holstebro").island is None
    assert only(geo, "2100").island is None


def test_ferry_islands_are_marked(geo):
    for query, island in (
        ("8305", "Samsø"),
        ("5970", "Ærø"),
        ("Marstal", "Ærø"),
        ("6720", "Fanø"),
        ("9940", "Læsø"),
        ("8592", "Anholt"),
        ("Ærø", "Ærø"),
        ("Christiansø", "Christiansø"),
    ):
        assert only(geo, query).island == island, query
    assert only(geo, "Sønderborg").island is None  # Als has bridges


def test_christiansoe_belongs_to_no_kommune(geo):
    assert only(geo, "Christiansø").kommune is None


def test_place_key_folds_danish_spellings_and_suffixes():
    assert place_key("Århus") == place_key("Aarhus") == "aarhus"
    assert place_key("Viby Sj.") == place_key("Viby Sjælland") == "viby sj"
    assert place_key("Kbh. Ø") == place_key("København Ø")
    assert place_key("Ringkøbing-Skjern") == place_key("Ringkøbing Skjern")


# --------------------------------------------------------------------------- the build script


def _build_module():
    spec = importlib.util.spec_from_file_location("build_gazetteer", REPO / "scripts" / "build_gazetteer.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_build_keeps_only_ordinary_postcodes():
    build = _build_module()
    raw = [
        {
            "postal_code": "7500",
            "city": "Holstebro",
            "state": "Central Jutland",
            "latitude": 56.36,
            "longitude": 8.63,
        },
        {
            "postal_code": "0900",
            "city": "København C",
            "state": "Region Hovedstaden",
            "latitude": 57.05,
            "longitude": 9.92,
        },
        {
            "postal_code": "9100",
            "city": "Aalborg",
            "state": "Region Nordjylland",
            "latitude": 57.05,
            "longitude": 9.92,
        },
        {
            "postal_code": "1234",
            "city": "Nowhere",
            "state": "Capital Region",
            "latitude": 60.0,
            "longitude": 5.0,
        },
    ]
    report: list[str] = []
    assert [row["postal_code"] for row in build.ordinary_postal_rows(raw, report)] == ["7500"]
    assert len(report) == 3


def test_build_names_towns_as_the_postal_name_spells_them():
    build = _build_module()
    aarhus_c = build.Postcode("8000", "Aarhus C", "Aarhus Kommune", "Region Midtjylland", 56.15, 10.2, "")
    viby_j = build.Postcode("8260", "Viby J", "Aarhus Kommune", "Region Midtjylland", 56.12, 10.16, "")
    assert build.display_name("Århus", ("Aarhus",), aarhus_c) == "Aarhus"
    assert build.display_name("Viby", (), viby_j) == "Viby"
    assert build.display_name("Somewhere", (), None) == "Somewhere"


def test_an_unknown_word_after_bor_i_is_an_unknown_place(geo):
    found = geo.find_in_text("Hvor er nærmeste kontor? Jeg bor i Xyzby")
    assert (found.status, found.query) == ("unknown", "Xyzby")
