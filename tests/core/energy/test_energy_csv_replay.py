"""CSV replay: both layouts, garbage lines and gaps skipped, speed, counter resets."""

from __future__ import annotations

import pytest

from mscd_desktop.core.energy.csv_replay import CsvReplaySource, load_recording
from mscd_desktop.core.errors import ValidationError

LONG = """timestamp,channel,power_w,energy_wh
1000,kettle,2000,10
1001,kettle,2100,10.5
1002,kettle,oops,11
1003,kettle,nan,11.2
1004,kettle,-5,11.3
1005,kettle,2050
1006,kettle,2000,0.2
7000,kettle,0,0.4
"""

WIDE = """time;fridge;solar
2026-06-01T12:00:00+00:00;85;3000
2026-06-01T12:00:01+00:00;86;
2026-06-01T12:00:02+00:00;;2900
"""


def test_long_csv_skips_garbage_lines_naming_them_and_handles_counter_reset(tmp_path):
    path = tmp_path / "rec.csv"
    path.write_text(LONG)
    recording = load_recording(path)
    readings, problems = recording.readings(), recording.problems
    assert [r.ts for r in readings] == [1000, 1001, 1006, 7000]
    assert [r.energy_wh for r in readings] == pytest.approx([10, 10.5, 10.7, 10.9])
    assert [p.split(":")[0] for p in problems] == ["line 4", "line 5", "line 6", "line 7"]
    assert "negative" in problems[2] and "fields" in problems[3]


def test_replay_source_reports_the_skipped_lines_like_every_source(tmp_path):
    path = tmp_path / "rec.csv"
    path.write_text(LONG)
    source = CsvReplaySource(path)
    texts = [text for _ts, text in source.problems()]
    assert [t.split(":")[0] for t in texts] == ["line 4", "line 5", "line 6", "line 7"]
    assert source.skipped == 4


def test_wide_csv_with_semicolons_and_iso_times_gives_one_channel_per_column(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text(WIDE)
    recording = load_recording(path)
    readings, problems = recording.readings(), recording.problems
    assert problems == []
    assert [(r.channel, r.power_w) for r in readings] == [
        ("fridge", 85),
        ("solar", 3000),
        ("fridge", 86),
        ("solar", 2900),
    ]
    assert readings[0].ts == 1780315200.0
    fridge = [r for r in readings if r.channel == "fridge"]
    assert fridge[-1].energy_wh == pytest.approx(85.5 / 3600)


def test_replay_at_ten_times_speed_skips_the_long_gap(tmp_path):
    path = tmp_path / "rec.csv"
    path.write_text(LONG)
    src = CsvReplaySource(path, speed=10, max_gap_s=60)
    src.start()
    wall = src._wall0
    assert [r.ts for r in src.poll(wall + 0.15)] == [1000, 1001]
    assert [r.ts for r in src.poll(wall + 0.65)] == [1006]
    assert [r.ts for r in src.poll(wall + 0.75)] == [7000]  # 6000 s of silence, 1 s replayed
    assert src.finished and src.poll(wall + 100) == []
    assert src.channel_status(wall + 0.75)["kettle"].last_ts == 7000
    assert src.channel_status(wall + 100)["kettle"].stale


@pytest.mark.parametrize("speed", [0.5, 61])
def test_replay_speed_outside_one_to_sixty_is_refused(tmp_path, speed):
    path = tmp_path / "rec.csv"
    path.write_text(LONG)
    with pytest.raises(ValidationError, match="between 1x and 60x"):
        CsvReplaySource(path, speed=speed)


def test_recording_without_time_column_or_readings_is_refused(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(ValidationError, match="no time column"):
        load_recording(path)
    path.write_text("timestamp,channel,power_w\nx,y,z\n")
    with pytest.raises(ValidationError, match="no usable readings"):
        CsvReplaySource(path)


def test_looping_replay_plays_again_with_time_and_energy_moving_on(tmp_path):
    path = tmp_path / "loop.csv"
    path.write_text("timestamp,channel,power_w,energy_wh\n100,k,10,5\n101,k,20,6\n102,k,30,8\n")
    src = CsvReplaySource(path, speed=1, loop=True)
    src.start()
    wall = src._wall0
    first = src.poll(wall + 2.5)
    assert [r.ts for r in first] == [100, 101, 102]
    second = src.poll(wall + 5.5)  # lap of 3 s: 0, 1, 2 then again from 3
    assert [r.ts for r in second] == [103, 104, 105]
    assert [r.energy_wh for r in second] == [8, 9, 11]
    assert [r.power_w for r in second] == [10, 20, 30]
    assert not src.finished
    later = src.poll(wall + 3000.2)  # after a long sleep: jumps to the current lap
    assert len(later) == 1 and later[0].ts == 100 + 1000 * 3
    assert later[0].energy_wh > second[-1].energy_wh
