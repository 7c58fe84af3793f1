"""Malformed and hostile .ics files: the test calendars shipped inside the installed icalendar and
recurring-ical-events packages, read where pip put them (not copied into this repository).

For each file: OS¹ either reads it or answers with a StoreError sentence; a query over two years
never raises; adding an event either keeps every original component or leaves the file untouched.
"""

from __future__ import annotations

import importlib.util
import shutil
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from os1.skills.scheduling._agenda import Agenda
from os1.skills.scheduling._model import Event, new_uid
from os1.skills.scheduling._store import IcsStore, StoreError

LONDON = ZoneInfo("Europe/London")


def _package_calendars(package: str) -> list[Path]:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return []
    root = Path(next(iter(spec.submodule_search_locations)))
    return sorted(root.rglob("*.ics"))


FILES = _package_calendars("icalendar") + _package_calendars("recurring_ical_events")


@pytest.mark.skipif(not FILES, reason="the icalendar / recurring-ical-events test calendars are not installed")
@pytest.mark.parametrize("source", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
@pytest.mark.timeout(30)
def test_any_calendar_file_is_read_or_refused_cleanly(source: Path, tmp_path: Path) -> None:
    path = tmp_path / "calendar.ics"
    shutil.copyfile(source, path)  # a scratch copy to write to; the installed file is never touched
    original = path.read_bytes()
    store = IcsStore(path, LONDON)
    try:
        events = store.events()
    except StoreError as exc:
        assert str(path) in str(exc) and "haven't changed it" in str(exc)
        with pytest.raises(StoreError):
            store.add(_probe())
        assert path.read_bytes() == original
        return
    agenda = Agenda(events)
    for start in (datetime(1997, 1, 1, tzinfo=LONDON), datetime(2019, 6, 1, tzinfo=LONDON)):
        found = agenda.between(start, start + timedelta(days=400))
        assert all(o.end >= o.start for o in found)
    before = _component_count(path)
    probe = _probe()
    store.add(probe)
    after = IcsStore(path, LONDON)
    assert probe.uid in {e.uid for e in after.events()}
    after_counts = _component_count(path)
    assert after_counts.pop("VEVENT", 0) == before.pop("VEVENT", 0) + 1
    assert after_counts == before  # every other component kept (VTIMEZONEs OS¹ adds are not counted)
    assert path.with_name("calendar.ics.bak").read_bytes() == original


def _probe() -> Event:
    start = datetime(2026, 11, 24, 15, 0, tzinfo=LONDON)
    return Event(new_uid(), "Probe", start, start + timedelta(hours=1))


def _component_count(path: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for line in path.read_bytes().removeprefix(b"\xef\xbb\xbf").splitlines():
        if line.startswith(b"BEGIN:"):
            name = line[6:].strip().decode("ascii", "replace").upper()
            if name not in ("VTIMEZONE", "STANDARD", "DAYLIGHT"):
                counts[name] = counts.get(name, 0) + 1
    return counts


def test_enough_material_was_found() -> None:
    if not FILES:
        pytest.skip("the icalendar / recurring-ical-events test calendars are not installed")
    assert len(FILES) > 100
