"""Where is the person asking? Turn a postcode, place name or whole message into a Stockport neighbourhood.

Answers come from data/stockport.json, which is approximate sample data the project keeps itself (see its
"_note"). A caller with the ONS Postcode Directory loaded can pass `exact_lookup` to get a real point for a
full postcode; without it we fall back to the sector, then the district. Places outside the borough are
answered as such (in_area=False) rather than guessed into the nearest neighbourhood, and anything we cannot
place gives None. Nothing here raises on odd input: messages arrive by SMS and web chat, typos and all.
"""

from __future__ import annotations

import functools
import json
import logging
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from directory.language import tokens
from directory.places.postcodes import MAX_TEXT_SCAN, PostcodeQuery, iter_postcodes_in_text, parse_postcode

logger = logging.getLogger(__name__)

ExactLookup = Callable[[str], tuple[float, float] | None]

EARTH_RADIUS_M = 6_371_008.8

# Roughly how far the true location may be from the point we return, by what the point came from.
PRECISION_EXACT_M = 100
PRECISION_PLACE_M = 1_000
PRECISION_SECTOR_M = 1_500
PRECISION_NEIGHBOURHOOD_M = 3_000
PRECISION_DISTRICT_M = 4_000
PRECISION_OUTSIDE_PLACE_M = 5_000
PRECISION_BOROUGH_M = 7_000
PRECISION_OUTSIDE_DISTRICT_M = 8_000

_DATA_PACKAGE = "directory.places"
_DATA_FILE = "data/stockport.json"
# resolve() takes one name or postcode; anything longer is not one, so we stop before doing work.
_MAX_RESOLVE_INPUT = 120
# Typos are tolerated in names of at least this many letters (shorter names have too many neighbours).
_MIN_FUZZY_LETTERS = 5
# In free text only longer names get typo tolerance, because ordinary words sit one edit from short names
# ("marble" / Marple, "mellow" / Mellor); a typo'd word in a message must have at least 6 letters.
_MIN_FUZZY_TEXT_LETTERS = 7
_MIN_FUZZY_TEXT_WINDOW = 6
# Ordinary words one edit away from a place name ("strings" / Strines, "victorian" / Victoria).
_COMMON_WORDS = frozenset({"strings", "strides", "stripes", "shrines", "victorian", "romilly"})
# A name followed by one of these is a street ("Manchester Road", "Bramhall Lane"), not where someone is.
_ROAD_WORDS = frozenset(
    {
        "road",
        "rd",
        "street",
        "st",
        "lane",
        "ln",
        "avenue",
        "ave",
        "drive",
        "dr",
        "close",
        "crescent",
        "way",
        "terrace",
        "walk",
        "brow",
    }
)
# Out-of-area districts and sectors are only believed in free text for these postcode areas: elsewhere
# "B4", "M60" or "L8" are far likelier to be "before", a motorway or "later" than an address.
_NEARBY_AREAS = frozenset({"SK"})
_MAX_POSTCODES_IN_TEXT = 20
_SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_APOSTROPHES_RE = re.compile("['\u2018\u2019`]")

_POSTCODE_KIND = {"full": "postcode", "sector": "sector", "district": "district"}
# Lower is more specific; used to choose between several things mentioned in one message.
_SPECIFICITY = {"full": 0, "place": 1, "sector": 2, "district": 3, "neighbourhood": 4, "borough": 5}
_TARGET_PRIORITY = {"neighbourhood": 0, "place": 1, "borough": 2, "outside": 3, "not_place": 4}


class GazetteerDataError(ValueError):
    """The place data is inconsistent; raised when it is loaded so mistakes show up in tests, not at 2am."""


@dataclass(frozen=True)
class NeighbourhoodInfo:
    """One of Stockport's eight neighbourhoods, as shown to people choosing where to look."""

    slug: str
    name: str
    description: str
    lat: float
    lon: float
    sectors: tuple[str, ...]
    districts: tuple[str, ...]  # postcode districts wholly inside this neighbourhood
    places: tuple[str, ...]  # names residents use for parts of it


@dataclass(frozen=True)
class Resolution:
    """Where a query points: which neighbourhood (if any), a point, and how rough that point is."""

    query: str  # the text that was matched: trimmed input for resolve(), the normalised fragment in text
    kind: str  # "postcode" | "sector" | "district" | "place" | "neighbourhood"
    in_area: bool
    neighbourhood: str | None  # slug, when one neighbourhood is the answer
    neighbourhoods: tuple[str, ...]  # candidate slugs, e.g. a district spanning several
    lat: float | None
    lon: float | None
    label: str
    precision_m: int  # 0 when there is no point


@dataclass(frozen=True)
class _Target:
    kind: str  # "neighbourhood" | "place" | "borough" | "outside" | "not_place"
    name: str
    lat: float
    lon: float
    label: str
    neighbourhood: str | None = None
    generic: bool = False
    in_text: bool = True


@dataclass(frozen=True)
class _Area:
    lat: float
    lon: float
    neighbourhoods: tuple[str, ...]
    label: str = ""


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    key: str
    target: _Target
    fuzzy: bool


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres; plenty accurate for "how far is this food bank"."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def _tokens(text: str) -> list[str]:
    """Lower-case words without accents, punctuation or "and", so "Bramhall & Cheadle Hulme" matches.

    Folded as need detection folds (`directory.language`), so names written in Urdu or Arabic script
    (data aliases such as ستاک پورٹ) match whichever letter variants the resident's keyboard gives."""
    folded = _APOSTROPHES_RE.sub("", text.replace("&", " and "))
    return [word for word in tokens(folded) if word != "and"]


def _name_key(text: str) -> str:
    return " ".join(_tokens(text))


def _deletions(word: str) -> set[str]:
    """The word and every string one deletion away: two words within one edit share one of these."""
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def _within_one_edit(a: str, b: str) -> bool:
    """True when one insertion, deletion, substitution or swap of neighbours turns a into b."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diffs) == 1:
            return True
        if len(diffs) != 2:
            return False
        first, second = diffs
        return second == first + 1 and a[first] == b[second] and a[second] == b[first]
    shorter, longer = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(shorter) and shorter[i] == longer[i]:
        i += 1
    return shorter[i:] == longer[i + 1 :]


def _build_fuzzy_index(keys: Iterable[str], min_letters: int) -> dict[str, set[str]]:
    index: dict[str, set[str]] = {}
    for key in keys:
        if len(key.replace(" ", "")) >= min_letters:
            for variant in _deletions(key):
                index.setdefault(variant, set()).add(key)
    return index


def _fuzzy_keys(word: str, index: Mapping[str, set[str]]) -> set[str]:
    found: set[str] = set()
    for variant in _deletions(word):
        found.update(index.get(variant, ()))
    return {key for key in found if _within_one_edit(word, key)}


def _coordinate(record: Mapping[str, Any], where: str) -> tuple[float, float]:
    try:
        lat, lon = float(record["lat"]), float(record["lon"])
    except (KeyError, TypeError, ValueError) as exc:
        raise GazetteerDataError(f"{where}: needs numeric lat and lon") from exc
    if not (49.0 <= lat <= 61.0 and -9.0 <= lon <= 2.0):
        raise GazetteerDataError(f"{where}: ({lat}, {lon}) is not in Great Britain")
    return lat, lon


class Gazetteer:
    """Stockport's neighbourhoods, postcode sectors and place names, with lookups that never raise."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        """Build from the parsed JSON; raises GazetteerDataError when the data contradicts itself."""
        self._neighbourhoods: dict[str, NeighbourhoodInfo] = {}
        self._sectors: dict[str, _Area] = {}
        self._districts: dict[str, _Area] = {}
        self._out_districts: dict[str, _Area] = {}
        self._names: dict[str, _Target] = {}
        try:
            self._load(data)
        except GazetteerDataError:
            raise
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            raise GazetteerDataError(f"malformed place data: {exc!r}") from exc
        self._compact: dict[str, _Target] = {}
        for key, target in self._names.items():
            self._claim(self._compact, key.replace(" ", ""), target)
        self._fuzzy_index = _build_fuzzy_index(list(self._compact), _MIN_FUZZY_LETTERS)
        self._text_names = {key: target for key, target in self._names.items() if target.in_text}
        self._max_text_words = max((key.count(" ") + 1 for key in self._text_names), default=1)
        fuzzy_text_keys = [
            key
            for key, target in self._text_names.items()
            if target.kind in ("neighbourhood", "place") and not target.generic
        ]
        self._text_fuzzy_index = _build_fuzzy_index(fuzzy_text_keys, _MIN_FUZZY_TEXT_LETTERS)
        self._max_fuzzy_text_words = max((key.count(" ") + 1 for key in fuzzy_text_keys), default=1)

    # -- loading -------------------------------------------------------------------------------------

    @classmethod
    def default(cls) -> Gazetteer:
        """The gazetteer for the bundled Stockport data, loaded on first use and shared afterwards."""
        return _default_gazetteer()

    @classmethod
    def from_json_text(cls, text: str) -> Gazetteer:
        """Build from JSON text, e.g. an edited copy of the bundled data."""
        return cls(json.loads(text))

    def _load(self, data: Mapping[str, Any]) -> None:
        for raw in data["neighbourhoods"]:
            self._load_neighbourhood(raw)
        if len(self._neighbourhoods) == 0:
            raise GazetteerDataError("no neighbourhoods")
        for sector, raw in data["sectors"].items():
            parsed = parse_postcode(sector)
            if parsed is None or parsed.kind != "sector" or parsed.value != sector:
                raise GazetteerDataError(f"sector {sector!r} is not a canonical postcode sector")
            slug = raw["neighbourhood"]
            if slug not in self._neighbourhoods:
                raise GazetteerDataError(f"sector {sector} names unknown neighbourhood {slug!r}")
            self._sectors[sector] = _Area(*_coordinate(raw, f"sector {sector}"), (slug,))
        for district, raw in data["districts"].items():
            parsed = parse_postcode(district)
            if parsed is None or parsed.kind != "district" or parsed.value != district:
                raise GazetteerDataError(f"district {district!r} is not a canonical postcode district")
            touches = tuple(raw["neighbourhoods"])
            unknown = [slug for slug in touches if slug not in self._neighbourhoods]
            if unknown or not touches:
                raise GazetteerDataError(f"district {district} touches unknown neighbourhoods {unknown}")
            self._districts[district] = _Area(*_coordinate(raw, f"district {district}"), touches)
        for district, raw in data.get("out_of_area_districts", {}).items():
            if district in self._districts:
                raise GazetteerDataError(f"district {district} is both in and out of the area")
            label = str(raw["label"])
            self._out_districts[district] = _Area(*_coordinate(raw, f"district {district}"), (), label)
        self._check_consistency()
        borough = data["borough"]
        lat, lon = _coordinate(borough, "borough")
        label = f"{borough['name']} (whole borough)"
        target = _Target("borough", borough["name"], lat, lon, label, generic=True)
        for name in (borough["name"], *borough.get("aliases", ())):
            self._add_name(name, target)
        for raw in data.get("out_of_area_places", ()):
            lat, lon = _coordinate(raw, f"place {raw['name']}")
            target = _Target(
                "outside",
                raw["name"],
                lat,
                lon,
                str(raw.get("label") or raw["name"]),
                in_text=bool(raw.get("in_text", True)),
            )
            for name in (raw["name"], *raw.get("aliases", ())):
                self._add_name(name, target)
        for phrase in data.get("not_places", ()):
            self._add_name(phrase, _Target("not_place", phrase, 0.0, 0.0, phrase))

    def _load_neighbourhood(self, raw: Mapping[str, Any]) -> None:
        slug = raw["slug"]
        if not isinstance(slug, str) or not _SLUG_RE.fullmatch(slug) or slug in self._neighbourhoods:
            raise GazetteerDataError(f"bad or repeated neighbourhood slug {slug!r}")
        lat, lon = _coordinate(raw, f"neighbourhood {slug}")
        places = []
        for place in raw.get("places", ()):
            place_lat, place_lon = _coordinate(place, f"place {place['name']}")
            label = f"{place['name']} ({raw['name']})"
            target = _Target("place", place["name"], place_lat, place_lon, label, slug)
            for name in (place["name"], *place.get("aliases", ())):
                self._add_name(name, target)
            generic = _Target("place", place["name"], place_lat, place_lon, label, slug, generic=True)
            for name in place.get("generic_aliases", ()):
                self._add_name(name, generic)
            places.append(place["name"])
        info = NeighbourhoodInfo(
            slug=slug,
            name=raw["name"],
            description=raw["description"],
            lat=lat,
            lon=lon,
            sectors=tuple(raw.get("sectors", ())),
            districts=tuple(raw.get("districts", ())),
            places=tuple(places),
        )
        self._neighbourhoods[slug] = info
        target = _Target("neighbourhood", info.name, lat, lon, info.name, slug)
        for name in (info.name, slug, *raw.get("aliases", ())):
            self._add_name(name, target)

    def _check_consistency(self) -> None:
        for info in self._neighbourhoods.values():
            mapped = {sector for sector, area in self._sectors.items() if area.neighbourhoods == (info.slug,)}
            if mapped != set(info.sectors):
                raise GazetteerDataError(
                    f"neighbourhood {info.slug} lists sectors {sorted(info.sectors)} but the sector table "
                    f"gives it {sorted(mapped)}"
                )
            for district in info.districts:
                area = self._districts.get(district)
                if area is None or area.neighbourhoods != (info.slug,):
                    raise GazetteerDataError(f"district {district} is not wholly inside {info.slug}")
        for sector, area in self._sectors.items():
            district = self._districts.get(sector.split(" ")[0])
            if district is None or area.neighbourhoods[0] not in district.neighbourhoods:
                raise GazetteerDataError(f"sector {sector}: its district does not list its neighbourhood")

    def _add_name(self, name: str, target: _Target) -> None:
        key = _name_key(name)
        if not key:
            raise GazetteerDataError(f"name {name!r} has no letters or digits")
        self._claim(self._names, key, target)

    @staticmethod
    def _claim(table: dict[str, _Target], key: str, target: _Target) -> None:
        """Give key to target unless a more important thing already has it (a neighbourhood beats a place)."""
        existing = table.get(key)
        if existing is None or existing == target:
            table[key] = target
            return
        if _TARGET_PRIORITY[existing.kind] == _TARGET_PRIORITY[target.kind]:
            raise GazetteerDataError(f"{key!r} would mean both {existing.name} and {target.name}")
        if _TARGET_PRIORITY[target.kind] < _TARGET_PRIORITY[existing.kind]:
            table[key] = target

    # -- simple lookups ------------------------------------------------------------------------------

    def neighbourhoods(self) -> list[NeighbourhoodInfo]:
        """All neighbourhoods in the data's order (stable, so menus do not reshuffle)."""
        return list(self._neighbourhoods.values())

    def neighbourhood(self, slug: str) -> NeighbourhoodInfo | None:
        """The neighbourhood with this slug, or None."""
        return self._neighbourhoods.get(slug) if isinstance(slug, str) else None

    def sectors(self) -> dict[str, str]:
        """Every Stockport postcode sector we know, mapped to its neighbourhood slug."""
        return {sector: area.neighbourhoods[0] for sector, area in self._sectors.items()}

    def districts(self) -> dict[str, tuple[str, ...]]:
        """Every Stockport postcode district, mapped to the neighbourhood slugs it touches."""
        return {district: area.neighbourhoods for district, area in self._districts.items()}

    # -- resolving -----------------------------------------------------------------------------------

    def resolve(self, text: str, exact_lookup: ExactLookup | None = None) -> Resolution | None:
        """Place one typed answer: a postcode, sector, district, neighbourhood, or place name (typos allowed).

        exact_lookup(canonical_postcode) may return the (lat, lon) of a full postcode, e.g. from an ONSPD
        table; it is only asked about full postcodes. Returns None when we cannot tell where text means.
        """
        if not isinstance(text, str):
            return None
        query = " ".join(text.split())
        if not query or len(query) > _MAX_RESOLVE_INPUT:
            return None
        query = unicodedata.normalize("NFKC", query)
        postcode = parse_postcode(query)
        if postcode is not None:
            return self._resolve_postcode(postcode, query, exact_lookup)
        key = _name_key(query)
        if not key:
            return None
        compact = key.replace(" ", "")
        target = self._names.get(key) or self._compact.get(compact)
        if target is None and len(compact) >= _MIN_FUZZY_LETTERS:
            target = self._unique_target(_fuzzy_keys(compact, self._fuzzy_index), self._compact)
        if target is None or target.kind == "not_place":
            return None
        return self._from_target(target, query)

    def find_in_text(self, text: str, exact_lookup: ExactLookup | None = None) -> Resolution | None:
        """Spot where a free-text message is about ("food bank in reddish", "near SK2 6").

        Postcodes and known names anywhere in the first 2,000 characters are candidates. We prefer places
        in Stockport, then exact over typo'd matches, then the most specific (full postcode, place,
        sector, district, neighbourhood), then the longest, then the earliest. Generic phrases ("town
        centre", "Stockport") only win when nothing else is mentioned.
        """
        if not isinstance(text, str):
            return None
        text = unicodedata.normalize("NFKC", text[:MAX_TEXT_SCAN])
        best: tuple[tuple[Any, ...], Resolution] | None = None
        for rank, resolution in self._text_candidates(text, exact_lookup):
            if best is None or rank < best[0]:
                best = (rank, resolution)
        return best[1] if best is not None else None

    def _text_candidates(
        self, text: str, exact_lookup: ExactLookup | None
    ) -> Iterator[tuple[tuple[Any, ...], Resolution]]:
        for count, (offset, postcode) in enumerate(iter_postcodes_in_text(text)):
            if count >= _MAX_POSTCODES_IN_TEXT:
                break
            resolution = self._resolve_postcode(postcode, postcode.value, exact_lookup)
            if resolution is None:
                continue
            if not resolution.in_area and postcode.kind != "full" and postcode.area not in _NEARBY_AREAS:
                continue
            specificity = _SPECIFICITY[postcode.kind]
            rank = (False, not resolution.in_area, False, specificity, -len(postcode.value), offset)
            yield rank, resolution
        for span in self._name_spans(_tokens(text)):
            target = span.target
            specificity = _SPECIFICITY["place" if target.kind == "outside" else target.kind]
            outside = target.kind == "outside"
            rank = (target.generic, outside, span.fuzzy, specificity, -len(span.key), span.start)
            yield rank, self._from_target(target, span.key)

    def _name_spans(self, words: list[str]) -> list[_Span]:
        spans: list[_Span] = []
        count = len(words)
        for start in range(count):
            for size in range(1, min(self._max_text_words, count - start) + 1):
                end = start + size
                if end < count and words[end] in _ROAD_WORDS:
                    continue
                key = " ".join(words[start:end])
                target = self._text_names.get(key)
                if target is not None:
                    spans.append(_Span(start, end, key, target, fuzzy=False))
                elif (
                    size <= self._max_fuzzy_text_words
                    and len(key) - size + 1 >= _MIN_FUZZY_TEXT_WINDOW
                    and key not in _COMMON_WORDS
                ):
                    found = _fuzzy_keys(key, self._text_fuzzy_index)
                    keys = {other for other in found if other.count(" ") == size - 1}
                    target = self._unique_target(keys, self._text_names)
                    if target is not None:
                        spans.append(_Span(start, end, key, target, fuzzy=True))
        exact = [span for span in spans if not span.fuzzy]
        kept = []
        for span in spans:
            length = span.end - span.start
            inside_longer = any(
                other.start <= span.start and span.end <= other.end and other.end - other.start > length
                for other in exact
            )
            overlaps_exact = span.fuzzy and any(
                other.start < span.end and span.start < other.end for other in exact
            )
            if not inside_longer and not overlaps_exact and span.target.kind != "not_place":
                kept.append(span)
        return kept

    @staticmethod
    def _unique_target(keys: set[str], table: Mapping[str, _Target]) -> _Target | None:
        targets = {table[key] for key in keys}
        if len(targets) == 1:
            return targets.pop()
        if targets:
            logger.debug("typo matches %s different places; not guessing", len(targets))
        return None

    def _from_target(self, target: _Target, query: str) -> Resolution:
        """A named place as an answer: a neighbourhood, or a place within one, points to it; the borough
        to all of them; a place outside the borough to nothing we serve, but keeps its point."""
        lat, lon = target.lat, target.lon
        if target.kind in ("neighbourhood", "place"):
            slug = target.neighbourhood
            slugs = (slug,) if slug else ()
            precision = PRECISION_NEIGHBOURHOOD_M if target.kind == "neighbourhood" else PRECISION_PLACE_M
            return Resolution(query, target.kind, True, slug, slugs, lat, lon, target.label, precision)
        if target.kind == "borough":
            slugs = tuple(self._neighbourhoods)
            return Resolution(query, "place", True, None, slugs, lat, lon, target.label, PRECISION_BOROUGH_M)
        label = f"{target.label} (outside Stockport)"
        return Resolution(query, "place", False, None, (), lat, lon, label, PRECISION_OUTSIDE_PLACE_M)

    def _names_of(self, slugs: tuple[str, ...]) -> str:
        return ", ".join(self._neighbourhoods[slug].name for slug in slugs)

    def _resolve_postcode(
        self, postcode: PostcodeQuery, query: str, exact_lookup: ExactLookup | None
    ) -> Resolution | None:
        kind = _POSTCODE_KIND[postcode.kind]
        point = self._exact_point(postcode, exact_lookup) if postcode.kind == "full" else None
        sector = self._sectors.get(postcode.sector or "")
        if sector is not None:
            slug = sector.neighbourhoods[0]
            lat, lon = point or (sector.lat, sector.lon)
            precision = PRECISION_EXACT_M if point else PRECISION_SECTOR_M
            label = f"{postcode.value} ({self._names_of((slug,))})"
            return Resolution(query, kind, True, slug, (slug,), lat, lon, label, precision)
        district = self._districts.get(postcode.district)
        if district is not None:
            candidates = district.neighbourhoods
            if point is not None:
                slug = self._nearest_sector_neighbourhood(postcode.district, point) or candidates[0]
                candidates = (slug, *(other for other in candidates if other != slug))
            else:
                slug = candidates[0] if len(candidates) == 1 else None
            lat, lon = point or (district.lat, district.lon)
            precision = PRECISION_EXACT_M if point else PRECISION_DISTRICT_M
            label = f"{postcode.value} ({self._names_of((slug,) if slug else candidates)})"
            return Resolution(query, kind, True, slug, candidates, lat, lon, label, precision)
        outside = self._out_districts.get(postcode.district)
        if outside is not None:
            lat, lon = point or (outside.lat, outside.lon)
            precision = PRECISION_EXACT_M if point else PRECISION_OUTSIDE_DISTRICT_M
            label = f"{postcode.value} ({outside.label}, outside Stockport)"
            return Resolution(query, kind, False, None, (), lat, lon, label, precision)
        if postcode.area == "SK" and point is None:
            # We list every real SK district, so this one does not exist.
            return None
        label = f"{postcode.value} (outside Stockport)"
        if point is not None:
            return Resolution(query, kind, False, None, (), point[0], point[1], label, PRECISION_EXACT_M)
        return Resolution(query, kind, False, None, (), None, None, label, 0)

    def _nearest_sector_neighbourhood(self, district: str, point: tuple[float, float]) -> str | None:
        """For a real point in a sector we do not list, the neighbourhood of the closest known sector."""
        best: tuple[float, str] | None = None
        for sector, area in self._sectors.items():
            if sector.split(" ")[0] == district:
                distance = haversine_m(point[0], point[1], area.lat, area.lon)
                if best is None or distance < best[0]:
                    best = (distance, area.neighbourhoods[0])
        return best[1] if best else None

    @staticmethod
    def _exact_point(postcode: PostcodeQuery, exact_lookup: ExactLookup | None) -> tuple[float, float] | None:
        """Ask the caller's postcode table; a failing or odd lookup degrades to the sector, never raises."""
        if exact_lookup is None:
            return None
        try:
            found = exact_lookup(postcode.value)
        except Exception:
            # Log the sector only: a full postcode can identify a household.
            logger.warning(
                "exact postcode lookup failed in sector %s; using the centroid",
                postcode.sector,
                exc_info=True,
            )
            return None
        if found is None:
            return None
        try:
            lat, lon = (float(value) for value in found)
        except (TypeError, ValueError):
            logger.warning("exact postcode lookup returned %r, not (lat, lon); ignoring it", type(found))
            return None
        if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
            return None
        return lat, lon


@functools.cache
def _default_gazetteer() -> Gazetteer:
    text = resources.files(_DATA_PACKAGE).joinpath(_DATA_FILE).read_text(encoding="utf-8")
    return Gazetteer.from_json_text(text)
