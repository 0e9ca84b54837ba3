"""components/dataset_entities.py: Rasa retrains the model when the data the component reads changes."""

import shutil

from bot import understanding
from components.dataset_entities import DatasetEntities


def test_the_fingerprint_follows_the_dataset(tmp_path, monkeypatch):
    for folder in ("bot", "data/clusters", "data/geo"):
        shutil.copytree(understanding.ROOT / folder, tmp_path / folder)
    monkeypatch.setattr(understanding, "ROOT", tmp_path)
    before = DatasetEntities.fingerprint_addon({})
    assert DatasetEntities.fingerprint_addon({}) == before  # stable while nothing changes

    areas = tmp_path / "data" / "clusters" / "areas.yml"
    areas.write_text(areas.read_text(encoding="utf-8") + "\n# a new term\n", encoding="utf-8")
    assert DatasetEntities.fingerprint_addon({}) != before
