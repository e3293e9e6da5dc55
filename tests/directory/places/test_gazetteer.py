"""The Stockport gazetteer: postcodes, sectors, districts and place names to neighbourhoods."""

import copy
import json
import logging
import math
from dataclasses import FrozenInstanceError
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from directory.places import Gazetteer, GazetteerDataError, Resolution, haversine_m

NEIGHBOURHOODS = {
    "bramhall-cheadle-hulme": "Bramhall & Cheadle Hulme",
    "cheadle": "Cheadle",
    "hazel-grove-high-lane-marple": "Hazel Grove, High Lane & Marple",
    "heatons": "Heatons",
    "tame-valley": "Tame Valley",
    "victoria": "Victoria",
    "werneth": "Werneth",
    "stockport-central": "Stockport Central",
}
BCH = "bramhall-cheadle-hulme"
# Generous box around the borough: an in-area point outside it is a data mistake.
STOCKPORT_BOX = (53.32, 53.47, -2.27, -1.99)


def raw_data() -> dict:
    text = resources.files("directory.places").joinpath("data/stockport.json").read_text(encoding="utf-8")
    return json.loads(text)


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.default()


def in_stockport_box(lat: float, lon: float) -> bool:
    south, north, west, east = STOCKPORT_BOX
    return south <= lat <= north and west <= lon <= east


# -- the data --------------------------------------------------------------------------------------


def test_the_data_is_labelled_as_approximate_sample_data():
    assert "approximate" in raw_data()["_note"].lower()


def test_there_are_exactly_the_eight_stockport_neighbourhoods_with_their_slugs_and_names(gazetteer):
    assert {info.slug: info.name for info in gazetteer.neighbourhoods()} == NEIGHBOURHOODS


def test_every_neighbourhood_has_a_one_sentence_description_and_a_centroid_in_stockport(gazetteer):
    for info in gazetteer.neighbourhoods():
        assert info.description.endswith(".") and info.description.count(". ") == 0, info.slug
        assert in_stockport_box(info.lat, info.lon), info.slug


@pytest.mark.parametrize(
    "sector",
    [f"SK1 {n}" for n in range(1, 5)]
    + [f"SK2 {n}" for n in (5, 6, 7)]
    + [f"SK3 {n}" for n in (0, 8, 9)]
    + [f"SK4 {n}" for n in range(1, 6)]
    + [f"SK5 {n}" for n in (6, 7, 8)]
    + [f"SK6 {n}" for n in range(1, 9)]
    + [f"SK7 {n}" for n in range(1, 7)]
    + [f"SK8 {n}" for n in range(1, 8)],
)
def test_every_stockport_sector_maps_to_a_known_neighbourhood(gazetteer, sector):
    assert gazetteer.sectors()[sector] in NEIGHBOURHOODS


def test_every_sector_is_listed_under_exactly_the_neighbourhood_it_maps_to(gazetteer):
    listed = {sector: info.slug for info in gazetteer.neighbourhoods() for sector in info.sectors}
    assert listed == gazetteer.sectors()


def test_every_sector_centroid_lies_in_stockport_and_near_its_neighbourhood(gazetteer):
    sectors = raw_data()["sectors"]
    for sector, slug in gazetteer.sectors().items():
        raw = sectors[sector]
        info = gazetteer.neighbourhood(slug)
        assert in_stockport_box(raw["lat"], raw["lon"]), sector
        assert haversine_m(raw["lat"], raw["lon"], info.lat, info.lon) < 6_000, sector


def test_every_district_touches_the_neighbourhoods_of_its_sectors(gazetteer):
    for district, touched in gazetteer.districts().items():
        from_sectors = {slug for sector, slug in gazetteer.sectors().items() if sector.split()[0] == district}
        assert set(touched) == from_sectors, district


def test_a_district_listed_as_wholly_inside_a_neighbourhood_touches_no_other(gazetteer):
    wholly = [(district, info.slug) for info in gazetteer.neighbourhoods() for district in info.districts]
    assert wholly, "expected at least one district wholly inside a neighbourhood"
    for district, slug in wholly:
        assert gazetteer.districts()[district] == (slug,)


def test_every_place_point_lies_in_stockport_and_near_its_neighbourhood(gazetteer):
    for raw in raw_data()["neighbourhoods"]:
        for place in raw["places"]:
            assert in_stockport_box(place["lat"], place["lon"]), place["name"]
            assert haversine_m(place["lat"], place["lon"], raw["lat"], raw["lon"]) < 7_000, place["name"]


def test_the_out_of_area_sk_districts_are_all_listed():
    listed = set(raw_data()["out_of_area_districts"])
    assert listed == {f"SK{n}" for n in range(9, 18)} | {"SK22", "SK23"}


# -- every neighbourhood is reachable ---------------------------------------------------------------


@pytest.mark.parametrize("slug", list(NEIGHBOURHOODS))
def test_every_neighbourhood_is_reachable_from_each_of_its_places(gazetteer, slug):
    info = gazetteer.neighbourhood(slug)
    assert info.places, slug
    for place in info.places:
        resolution = gazetteer.resolve(place)
        assert resolution is not None and resolution.neighbourhood == slug, place


@pytest.mark.parametrize("slug", list(NEIGHBOURHOODS))
def test_every_neighbourhood_is_reachable_from_each_of_its_sectors(gazetteer, slug):
    info = gazetteer.neighbourhood(slug)
    assert info.sectors, slug
    for sector in info.sectors:
        resolution = gazetteer.resolve(sector)
        assert resolution.kind == "sector" and resolution.neighbourhood == slug, sector


# -- resolving postcodes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "neighbourhood", "precision_m"),
    [
        ("SK4 1AA", "postcode", "heatons", 1_500),
        ("sk41aa", "postcode", "heatons", 1_500),
        (" Sk5  8aa ", "postcode", "tame-valley", 1_500),
        ("SK1 3XE", "postcode", "stockport-central", 1_500),
        ("SK7 1", "sector", "bramhall-cheadle-hulme", 1_500),
        ("sk6 4", "sector", "werneth", 1_500),
        ("SK3 9", "sector", "victoria", 1_500),
        ("SK8 4", "sector", "cheadle", 1_500),
        ("SK6 6", "sector", "hazel-grove-high-lane-marple", 1_500),
        ("sk4", "district", "heatons", 4_000),
        ("SK1", "district", "stockport-central", 4_000),
    ],
)
def test_a_stockport_postcode_sector_or_district_resolves_to_its_neighbourhood(
    gazetteer, text, kind, neighbourhood, precision_m
):
    resolution = gazetteer.resolve(text)
    assert resolution.kind == kind
    assert resolution.in_area is True
    assert resolution.neighbourhood == neighbourhood
    assert resolution.neighbourhoods == (neighbourhood,)
    assert resolution.precision_m == precision_m
    assert in_stockport_box(resolution.lat, resolution.lon)


def test_a_district_spanning_several_neighbourhoods_offers_them_all_and_picks_none(gazetteer):
    resolution = gazetteer.resolve("SK6")
    assert resolution.in_area and resolution.neighbourhood is None
    assert set(resolution.neighbourhoods) == {"tame-valley", "werneth", "hazel-grove-high-lane-marple"}


def test_an_unknown_sector_in_a_stockport_district_falls_back_to_the_district(gazetteer):
    resolution = gazetteer.resolve("SK2 9AB")
    assert resolution.in_area and resolution.precision_m == 4_000
    assert set(resolution.neighbourhoods) == set(gazetteer.districts()["SK2"])


def test_an_exact_lookup_gives_the_exact_point_for_a_full_postcode(gazetteer):
    asked = []

    def lookup(postcode):
        asked.append(postcode)
        return (53.4251, -2.1862)

    resolution = gazetteer.resolve("sk44aa", exact_lookup=lookup)
    assert asked == ["SK4 4AA"]
    assert (resolution.lat, resolution.lon, resolution.precision_m) == (53.4251, -2.1862, 100)
    assert resolution.neighbourhood == "heatons"


def test_an_exact_point_in_an_unlisted_sector_picks_the_neighbourhood_of_the_nearest_sector(gazetteer):
    marple = raw_data()["sectors"]["SK6 6"]
    resolution = gazetteer.resolve("SK6 9ZZ", exact_lookup=lambda _: (marple["lat"], marple["lon"]))
    assert resolution.neighbourhood == "hazel-grove-high-lane-marple"
    assert resolution.neighbourhoods[0] == "hazel-grove-high-lane-marple"
    assert resolution.precision_m == 100


def test_the_exact_lookup_is_not_asked_about_sectors_or_districts(gazetteer):
    def lookup(postcode):
        raise AssertionError(f"asked about {postcode}")

    assert gazetteer.resolve("SK4 1", exact_lookup=lookup).kind == "sector"
    assert gazetteer.resolve("SK4", exact_lookup=lookup).kind == "district"


@pytest.mark.parametrize(
    "answer",
    [None, ("not", "numbers"), (math.nan, -2.1), (200.0, 0.0), 42, (1.0, 2.0, 3.0)],
)
def test_a_missing_or_odd_exact_point_falls_back_to_the_sector_centroid(gazetteer, answer):
    resolution = gazetteer.resolve("SK4 1AA", exact_lookup=lambda _: answer)
    sector = raw_data()["sectors"]["SK4 1"]
    assert (resolution.lat, resolution.lon, resolution.precision_m) == (sector["lat"], sector["lon"], 1_500)


@pytest.mark.logs_traceback("the exact lookup fails on purpose; its traceback is logged")
def test_a_failing_exact_lookup_falls_back_to_the_sector_and_logs_only_the_sector(gazetteer, caplog):
    def lookup(postcode):
        raise RuntimeError("database is down")

    with caplog.at_level(logging.WARNING, logger="directory.places.gazetteer"):
        resolution = gazetteer.resolve("SK4 1AA", exact_lookup=lookup)
    assert resolution.neighbourhood == "heatons" and resolution.precision_m == 1_500
    assert "SK4 1" in caplog.text and "SK4 1AA" not in caplog.text


# -- resolving names --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "neighbourhood"),
    [
        ("bramhall-cheadle-hulme", "bramhall-cheadle-hulme"),
        ("Bramhall & Cheadle Hulme", "bramhall-cheadle-hulme"),
        ("bramhall and cheadle hulme", "bramhall-cheadle-hulme"),
        ("HAZEL GROVE, HIGH LANE AND MARPLE", "hazel-grove-high-lane-marple"),
        ("hazel-grove-high-lane-marple", "hazel-grove-high-lane-marple"),
        ("Stockport Central", "stockport-central"),
        ("stockport-central", "stockport-central"),
        ("tame valley", "tame-valley"),
        ("The Heatons", "heatons"),
        ("Victoria", "victoria"),
        ("werneth", "werneth"),
        ("Cheadle", "cheadle"),
    ],
)
def test_a_neighbourhood_resolves_by_slug_or_name_ignoring_case_punctuation_and_ampersands(
    gazetteer, text, neighbourhood
):
    resolution = gazetteer.resolve(text)
    assert resolution.kind == "neighbourhood"
    assert resolution.neighbourhood == neighbourhood
    assert resolution.label == NEIGHBOURHOODS[neighbourhood]


@pytest.mark.parametrize(
    ("text", "place", "neighbourhood"),
    [
        ("Reddish", "Reddish", "tame-valley"),
        ("north reddish", "North Reddish", "tame-valley"),
        ("Brinnington", "Brinnington", "tame-valley"),
        ("heaton-moor", "Heaton Moor", "heatons"),
        ("heatonmoor", "Heaton Moor", "heatons"),
        ("Edgeley", "Edgeley", "victoria"),
        ("Romiley", "Romiley", "werneth"),
        ("Marple Bridge", "Marple Bridge", "hazel-grove-high-lane-marple"),
        ("Gatley", "Gatley", "cheadle"),
        ("cheadle hulme", "Cheadle Hulme", "bramhall-cheadle-hulme"),
        ("town centre", "Stockport town centre", "stockport-central"),
        ("Stockport centre", "Stockport town centre", "stockport-central"),
        ("Merseyway", "Stockport town centre", "stockport-central"),
        ("Ｒｅｄｄｉｓｈ", "Reddish", "tame-valley"),
    ],
)
def test_a_place_name_or_alias_resolves_to_its_neighbourhood(gazetteer, text, place, neighbourhood):
    resolution = gazetteer.resolve(text)
    assert resolution.kind == "place"
    assert resolution.neighbourhood == neighbourhood
    assert resolution.label.startswith(place + " (")
    assert resolution.precision_m == 1_000


@pytest.mark.parametrize(
    ("typo", "place"),
    [
        ("Redish", "Reddish"),
        ("Bramhal", "Bramhall"),
        ("Romily", "Romiley"),
        ("Brinington", "Brinnington"),
        ("Hazle Grove", "Hazel Grove"),  # swapped letters
        ("Heaton Mor", "Heaton Moor"),
        ("Marpel", "Marple"),
        ("Edgeleyy", "Edgeley"),
        ("Wilmslo", "Wilmslow"),
    ],
)
def test_a_place_name_with_one_typo_still_resolves(gazetteer, typo, place):
    resolution = gazetteer.resolve(typo)
    assert resolution is not None and resolution.label.startswith(place)


@pytest.mark.parametrize("text", ["Hide", "Gat", "Redddissh", "Bramhallxx"])
def test_short_names_and_names_two_edits_away_do_not_resolve(gazetteer, text):
    assert gazetteer.resolve(text) is None


def test_stockport_itself_resolves_to_the_whole_borough_with_every_neighbourhood(gazetteer):
    resolution = gazetteer.resolve("Stockport")
    assert resolution.in_area and resolution.neighbourhood is None
    assert set(resolution.neighbourhoods) == set(NEIGHBOURHOODS)


# -- outside Stockport and garbage ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "label_part"),
    [
        ("M1 1AE", "postcode", "M1 1AE"),
        ("SK9 1AA", "postcode", "Wilmslow"),
        ("sk12 1aa", "postcode", "Poynton"),
        ("SK14 1", "sector", "Hyde"),
        ("SK22", "district", "New Mills"),
        ("M19", "district", "M19"),
        ("Wilmslow", "place", "Wilmslow"),
        ("hyde", "place", "Hyde"),
        ("Glossop", "place", "Glossop"),
        ("Poynton", "place", "Poynton"),
        ("Macclesfield", "place", "Macclesfield"),
        ("Manchester", "place", "Manchester"),
    ],
)
def test_an_out_of_area_postcode_or_place_is_answered_as_outside_stockport(gazetteer, text, kind, label_part):
    resolution = gazetteer.resolve(text)
    assert resolution.kind == kind
    assert resolution.in_area is False
    assert resolution.neighbourhood is None and resolution.neighbourhoods == ()
    assert label_part in resolution.label and "outside Stockport" in resolution.label


def test_an_out_of_area_postcode_with_an_exact_point_keeps_the_point_but_stays_outside(gazetteer):
    resolution = gazetteer.resolve("SK9 1AA", exact_lookup=lambda _: (53.3281, -2.2297))
    assert resolution.in_area is False
    assert (resolution.lat, resolution.lon, resolution.precision_m) == (53.3281, -2.2297, 100)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "asdfgh",
        "Narnia",
        "SK19 1AA",  # there is no SK19
        "SK0",
        "Greater Manchester",
        "x" * 2_000,
        "SK4 1AA " * 300,
        "\x00\x01\x02",
        "🙂🙂🙂",
        "Ünïcödé ñame",
        "漢字",
        "&&&",
        "-",
    ],
)
def test_unknown_or_garbage_input_resolves_to_none(gazetteer, text):
    assert gazetteer.resolve(text) is None


@settings(max_examples=200, deadline=None, database=None)
@given(st.text(max_size=300))
def test_resolving_or_searching_any_text_never_raises(text):
    gazetteer = Gazetteer.default()
    result = gazetteer.resolve(text)
    assert result is None or isinstance(result, Resolution)
    found = gazetteer.find_in_text(text)
    assert found is None or isinstance(found, Resolution)


# -- free text --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "neighbourhood", "query"),
    [
        ("food bank in reddish", "place", "tame-valley", "reddish"),
        ("skint in heaton moor help", "place", "heatons", "heaton moor"),
        ("near SK2 6", "sector", "stockport-central", "SK2 6"),
        ("food bank near sk5 6 please", "sector", "tame-valley", "SK5 6"),
        ("I live in SK1 3XE", "postcode", "stockport-central", "SK1 3XE"),
        ("is there anything in North Reddish?", "place", "tame-valley", "north reddish"),
        ("Manchester Road, Heaton Chapel", "place", "heatons", "heaton chapel"),
        ("bramhall lane, davenport", "place", "victoria", "davenport"),
        ("food in the town centre", "place", "stockport-central", "town centre"),
        ("I'm in Reddish, SK5", "place", "tame-valley", "reddish"),
        ("Reddish but my postcode is SK4 2BB", "postcode", "heatons", "SK4 2BB"),
        ("i am in redish", "place", "tame-valley", "redish"),
        ("Bramhall & Cheadle Hulme, please", "neighbourhood", BCH, "bramhall cheadle hulme"),
        ("I moved from Wilmslow to Bramhall", "place", BCH, "bramhall"),
    ],
)
def test_a_place_or_postcode_in_free_text_is_found(gazetteer, text, kind, neighbourhood, query):
    resolution = gazetteer.find_in_text(text)
    assert (resolution.kind, resolution.neighbourhood, resolution.query) == (kind, neighbourhood, query)
    assert resolution.in_area is True


@pytest.mark.parametrize(
    ("text", "label_part"),
    [
        ("I live in wilmslow", "Wilmslow"),
        ("anything in hyde town centre", "Hyde"),
        ("my postcode is SK9 1AA", "Wilmslow"),
        ("we are in glossop", "Glossop"),
    ],
)
def test_an_out_of_area_place_in_free_text_is_found_as_outside_stockport(gazetteer, text, label_part):
    resolution = gazetteer.find_in_text(text)
    assert resolution.in_area is False and label_part in resolution.label


def test_a_full_postcode_in_free_text_uses_the_exact_lookup(gazetteer):
    resolution = gazetteer.find_in_text("help near sk2 6aa please", exact_lookup=lambda _: (53.3901, -2.1302))
    assert (resolution.query, resolution.lat, resolution.precision_m) == ("SK2 6AA", 53.3901, 100)
    assert resolution.neighbourhood == "stockport-central"


def test_stockport_in_greater_manchester_is_not_read_as_manchester(gazetteer):
    resolution = gazetteer.find_in_text("Stockport, Greater Manchester")
    assert resolution.in_area is True and resolution.neighbourhood is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "I need help with my rent",
        "b4 friday pls",  # B4 is a Birmingham district, but here it means "before"
        "guitar strings",
        "a victorian house",
        "any offer on food",
        "I live on Marple Road",
        "x" * 2_000,
    ],
)
def test_free_text_without_a_place_finds_nothing(gazetteer, text):
    assert gazetteer.find_in_text(text) is None


def test_searching_free_text_looks_only_at_the_first_two_thousand_characters(gazetteer):
    assert gazetteer.find_in_text("x " * 1_000 + "reddish") is None


# -- small things -----------------------------------------------------------------------------------


def test_an_unknown_slug_gives_no_neighbourhood(gazetteer):
    assert gazetteer.neighbourhood("nowhere") is None
    assert gazetteer.neighbourhood("heatons").name == "Heatons"


def test_the_default_gazetteer_is_loaded_once_and_shared():
    assert Gazetteer.default() is Gazetteer.default()


def test_a_resolution_cannot_be_changed_after_it_is_made(gazetteer):
    resolution = gazetteer.resolve("Reddish")
    with pytest.raises(FrozenInstanceError):
        resolution.neighbourhood = "heatons"


@pytest.mark.parametrize(
    ("a", "b", "metres", "tolerance"),
    [
        ((53.4083, -2.1494), (53.4083, -2.1494), 0, 0.001),
        ((53.4083, -2.1494), (53.4808, -2.2426), 10_100, 300),  # Stockport to Manchester
        ((51.5074, -0.1278), (48.8566, 2.3522), 343_500, 1_000),  # London to Paris
    ],
)
def test_haversine_gives_the_great_circle_distance_in_metres(a, b, metres, tolerance):
    assert haversine_m(*a, *b) == pytest.approx(metres, abs=tolerance)
    assert haversine_m(*a, *b) == pytest.approx(haversine_m(*b, *a))


# -- bad data is caught when loading ----------------------------------------------------------------


def test_a_sector_naming_an_unknown_neighbourhood_is_rejected_when_loading():
    data = copy.deepcopy(raw_data())
    data["sectors"]["SK4 1"]["neighbourhood"] = "nowhere"
    with pytest.raises(GazetteerDataError, match="SK4 1"):
        Gazetteer(data)


def test_a_name_meaning_two_different_places_is_rejected_when_loading():
    data = copy.deepcopy(raw_data())
    data["neighbourhoods"][0]["places"][0]["aliases"].append("Reddish")
    with pytest.raises(GazetteerDataError, match="reddish"):
        Gazetteer(data)


def test_a_neighbourhood_whose_sector_list_disagrees_with_the_sector_table_is_rejected_when_loading():
    data = copy.deepcopy(raw_data())
    data["neighbourhoods"][0]["sectors"].append("SK4 1")
    with pytest.raises(GazetteerDataError, match="sectors"):
        Gazetteer(data)


def test_missing_sections_are_reported_as_a_data_error_not_a_key_error():
    data = copy.deepcopy(raw_data())
    del data["sectors"]
    with pytest.raises(GazetteerDataError, match="sectors"):
        Gazetteer(data)
