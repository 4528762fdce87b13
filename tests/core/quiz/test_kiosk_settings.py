"""Kiosk settings, the lock that survives a restart, group sessions, broken packs refused."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from mscd_desktop.core.errors import ValidationError
from mscd_desktop.core.quiz import kiosk
from mscd_desktop.core.quiz.engine import Mode
from mscd_desktop.core.store import Store

SAMPLE = Path(__file__).parent / "data"


def test_lock_state_survives_reopening_the_store(data_dir):
    with Store.open(data_dir) as store:
        assert not kiosk.is_locked(store)
        kiosk.set_locked(store, True)
    with Store.open(data_dir) as store:
        assert kiosk.is_locked(store)
        kiosk.set_locked(store, False)
        assert not kiosk.is_locked(store)


def test_settings_round_trip_and_bad_ones_are_refused(store):
    settings = kiosk.KioskSettings(
        packs=("sample",), mode="expert", questions_per_band={"8-11": 5, "12-15": 12}
    )
    kiosk.save_settings(store, settings)
    loaded = kiosk.load_settings(store)
    assert loaded == settings
    assert loaded.game_config().mode is Mode.EXPERT
    assert loaded.game_config().questions_per_game == {"8-11": 5, "12-15": 12}
    with pytest.raises(ValidationError) as caught:
        kiosk.save_settings(store, kiosk.KioskSettings(questions_per_band={"8-11": 0}))
    assert caught.value.field == "questions_per_band"
    assert kiosk.load_settings(store) == settings


def test_a_broken_pack_is_left_out_and_reported(tmp_path):
    shutil.copytree(SAMPLE, tmp_path / "packs")
    broken = json.loads((tmp_path / "packs" / "sample.json").read_text())
    broken["id"] = "broken"
    for question in broken["questions"]:
        question["id"] = "b-" + question["id"]
    broken["questions"][0]["answer"] = "z"  # not one of the choices
    (tmp_path / "packs" / "broken.json").write_text(json.dumps(broken))
    selection = kiosk.select_packs(kiosk.KioskSettings(packs_folder=str(tmp_path / "packs")))
    assert [p.id for p in selection.packs] == ["sample"]
    assert selection.refused_files() and "broken" in selection.refused_files()[0]
    assert {q.id for q in selection.pools["8-11"]} >= {"sample-single", "sample-tf"}


def test_group_session_keeps_first_names_only(store):
    members = kiosk.parse_members("Ana García\nBo, Cy Svensson\nana@x.org\n\nBo")
    assert members == ("Ana", "Bo", "Cy")
    assert kiosk.parse_members("Team Red\nTeam Blue", teams=True) == ("Team Red", "Team Blue")
    session = kiosk.start_group_session(store, kiosk.GroupSession("g1", "6B", "turns", members))
    assert kiosk.current_group_session(store) == session
    with pytest.raises(ValidationError):
        kiosk.start_group_session(store, kiosk.GroupSession("g2", "5A", "turns", ()))
    kiosk.end_group_session(store)
    assert kiosk.current_group_session(store) is None


def test_a_changed_pack_file_is_read_again(tmp_path):
    shutil.copytree(SAMPLE, tmp_path / "packs")
    settings = kiosk.KioskSettings(packs_folder=str(tmp_path / "packs"))
    assert [p.id for p in kiosk.select_packs(settings).packs] == ["sample"]
    path = tmp_path / "packs" / "sample.json"
    data = json.loads(path.read_text())
    data["questions"][0]["answer"] = "z"
    path.write_text(json.dumps(data, indent=1))
    selection = kiosk.select_packs(settings)
    assert selection.packs == [] and selection.refused_files()
