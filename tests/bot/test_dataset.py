"""bot/dataset.py: the dataset loads, every fact is sourced, and broken data fails loudly."""

import shutil
from datetime import date

import pytest
import yaml

from bot import dataset as dataset_module
from bot.dataset import DatasetError


def test_the_fourteen_clusters_of_2020_are_there(dataset):
    assert len(dataset.clusters) == 14
    assert all(c.designated_on == date(2020, 10, 1) for c in dataset.clusters.values())


def test_marlog_ended_in_april_2022_and_all_its_offices_are_closed(dataset):
    marlog = dataset.clusters["marlog"]
    assert marlog.ended_on == date(2022, 4, 20)
    assert marlog.offices and not any(o.is_open(date(2022, 5, 1)) for o in marlog.offices)
    assert all(o.is_open(date(2021, 6, 1)) for o in marlog.offices)


def test_every_fact_carries_a_source_with_an_address(dataset):
    facts = [
        f
        for c in dataset.clusters.values()
        for f in (
            c.description,
            c.website,
            c.email,
            c.phone,
            c.designated,
            c.ended,
            *(p.fact for p in c.people),
            *(o.fact for o in c.offices),
        )
    ]
    facts += [*dataset.counts, *dataset.funding, *dataset.events, *dataset.facts]
    present = [f for f in facts if f is not None]
    assert present and all(f.source.url.startswith("http") and f.as_of for f in present)


def test_inferred_and_conflicting_facts_say_why(dataset):
    uncertain = [o.fact for c in dataset.clusters.values() for o in c.offices if not o.fact.is_certain]
    assert uncertain and all(f.note for f in uncertain)


def test_unknown_contact_details_stay_unknown(dataset):
    # No source gave a general e-mail or phone for any cluster: none may appear.
    assert all(c.email is None and c.phone is None for c in dataset.clusters.values())


def test_an_office_opened_later_is_not_open_before(dataset):
    vordingborg = next(
        o for o in dataset.clusters["energy-cluster-denmark"].offices if o.town == "Vordingborg"
    )
    assert not vordingborg.is_open(date(2022, 1, 1)) and vordingborg.is_open(date(2022, 3, 17))


# -- broken copies of the dataset -------------------------------------------------------------------
@pytest.fixture
def broken(tmp_path):
    """A copy of the dataset and a way to change one YAML file in it."""
    folder = tmp_path / "clusters"
    shutil.copytree(dataset_module.DATA_DIR, folder)

    def change(name, edit):
        path = folder / name
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        edit(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        return folder

    return change


def _load_fails(folder, message):
    dataset_module.load.cache_clear()
    try:
        with pytest.raises(DatasetError, match=message):
            dataset_module.load(folder)
    finally:
        dataset_module.load.cache_clear()


def test_a_fact_without_a_source_fails(broken):
    folder = broken("clusters/clean.yml", lambda d: d["website"].pop("source"))
    _load_fails(folder, r"clean.yml website: missing or unknown source")


def test_a_fact_citing_an_unknown_source_fails(broken):
    folder = broken("clusters/clean.yml", lambda d: d["website"].update(source="no-such-source"))
    _load_fails(folder, "unknown source 'no-such-source'")


def test_a_date_that_does_not_parse_fails(broken):
    folder = broken("clusters/clean.yml", lambda d: d["designated"].update(value="1. oktober 2020"))
    _load_fails(folder, "does not parse")


def test_a_duplicate_name_fails(broken):
    folder = broken("clusters/clean.yml", lambda d: d["aliases"].append("ECD"))
    _load_fails(folder, "name 'ECD' is also used by")


def test_an_id_that_differs_from_the_file_name_fails(broken):
    folder = broken("clusters/clean.yml", lambda d: d.update(id="made"))
    _load_fails(folder, "must equal the file name")


def test_an_inferred_fact_without_a_note_fails(broken):
    folder = broken("clusters/clean.yml", lambda d: d["website"].update(certainty="inferred"))
    _load_fails(folder, "needs a note")


def test_an_entity_value_as_written_stands_for_its_id(dataset):
    assert dataset.cluster_id("energy-cluster-denmark") == "energy-cluster-denmark"
    assert dataset.cluster_id("Energy Cluster Denmark") == "energy-cluster-denmark"
    assert dataset.cluster_id("marlog") == "marlog"
    assert dataset.cluster_id("robotklyngen") == "odense-robotics"
    assert dataset.cluster_id("en klynge") is None
    assert dataset.area_id("høreapparat") == "lyd" and dataset.area_id("hoereapparat") == "lyd"
    assert dataset.area_id("maritim") == "maritim" and dataset.area_id("xyz") is None
