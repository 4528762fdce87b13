"""Attendees: people, walk-ins, school groups, search and counts."""

from __future__ import annotations

import pytest

from mscd_desktop.core import attendees as at
from mscd_desktop.core import events as ev
from mscd_desktop.core.errors import NotFoundError, ValidationError


@pytest.fixture
def event(store):
    return ev.create_event(
        store,
        ev.EventDraft(
            name="Open House Torrelago",
            project="CITyFiED",
            city="Valladolid",
            date="2026-06-10",
            audiences=("school_children", "citizens", "press"),
        ),
    )


def test_added_attendee_keeps_every_field(store, event):
    stored = at.add_attendee(
        store,
        event.id,
        at.AttendeeDraft(
            name="  Ana   García López ",
            audience="citizens",
            organisation="Ayuntamiento",
            email=" Ana.Garcia@Example.ES ",
            age_band="18+",
            consent_photo=True,
            notes="Vegetarian",
        ),
    )
    again = at.get_attendee(store, stored.id)
    assert again == stored
    assert (again.name, again.email, again.organisation) == (
        "Ana García López",
        "ana.garcia@example.es",
        "Ayuntamiento",
    )
    assert again.consent_photo and not again.consent_contact
    assert (again.role, again.source, again.event_id) == ("adult", "import", event.id)
    assert len(again.id) == 36 and again.flags == ()


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"name": "   "}, "name", "name is empty"),
        ({"name": "x" * 201}, "name", "too long"),
        ({"email": "ana@"}, "email", "not an e-mail address"),
        ({"audience": "aliens"}, "audience", "Unknown audience 'aliens'"),
        ({"age_band": "3-5"}, "age_band", "Unknown age band '3-5'"),
        ({"role": "boss"}, "role", "Unknown role 'boss'"),
        ({"role": "pupil", "name": "Lucía Fernández"}, "name", "first name or nickname"),
        ({"role": "pupil", "name": "Lucía", "email": "l@x.es"}, "email", "not recorded with"),
    ],
)
def test_bad_attendee_is_named_at_its_field_and_nothing_is_stored(
    store, event, changes, field, words
):
    fields = {"name": "Ana", "audience": "citizens", **changes}
    with pytest.raises(ValidationError) as caught:
        at.add_attendee(store, event.id, at.AttendeeDraft(**fields))
    assert words in caught.value.errors[field]
    assert at.list_attendees(store, event.id) == []


def test_pupil_names_may_be_compound_or_carry_an_initial(store, event):
    for name in ("María-José", "Lucía G.", "Nico"):
        at.add_attendee(store, event.id, at.AttendeeDraft(name=name, role="pupil"))
    assert [a.name for a in at.list_attendees(store, event.id)] == [
        "Lucía G.",
        "María-José",
        "Nico",
    ]


def test_formula_looking_name_is_stored_as_text_and_flagged(store, event):
    stored = at.add_attendee(
        store,
        event.id,
        at.AttendeeDraft(name='=HYPERLINK("http://evil","click")', audience="citizens"),
    )
    assert at.get_attendee(store, stored.id).name == '=HYPERLINK("http://evil","click")'
    assert stored.flags == (at.FORMULA_FLAG,)


def test_walk_in_is_an_adult_from_the_door(store, event):
    walk_in = at.register_walk_in(
        store,
        event.id,
        "Pedro Sanz",
        "press",
        organisation="El Norte de Castilla",
        consent_contact=True,
    )
    assert (walk_in.source, walk_in.role, walk_in.audience) == ("walk_in", "adult", "press")
    assert walk_in.consent_contact and not walk_in.consent_photo
    with pytest.raises(ValidationError) as caught:
        at.register_walk_in(store, event.id, "Eva", "")
    assert caught.value.field == "audience"
    assert len(at.list_attendees(store, event.id)) == 1


def test_unknown_event_is_refused(store):
    with pytest.raises(NotFoundError):
        at.add_attendee(store, "no-such-event", at.AttendeeDraft(name="Ana"))


def test_school_group_stores_teacher_and_pupils_in_one_go(store, event):
    group = at.add_school_group(
        store,
        event.id,
        "CEIP Los Valles",
        "5º A",
        "Marta Ruiz",
        ["Lucía", " Hugo ", "", "Martina"],
        "8-11",
    )
    assert (group.school, group.class_name, group.pupil_count) == ("CEIP Los Valles", "5º A", 3)
    members = at.group_members(store, group.id)
    assert [(m.name, m.role) for m in members] == [
        ("Marta Ruiz", "teacher"),
        ("Hugo", "pupil"),
        ("Lucía", "pupil"),
        ("Martina", "pupil"),
    ]
    assert members[0].id == group.teacher_attendee_id
    assert {m.email for m in members} == {None}
    assert {m.age_band for m in members[1:]} == {"8-11"}
    assert [g.id for g in at.list_groups(store, event.id)] == [group.id]
    assert at.list_groups(store, event.id)[0].pupil_count == 3


@pytest.mark.parametrize(
    ("children", "words"),
    [
        (["Lucía", "Hugo Pérez Gil"], "Child 2: Pupils are recorded by first name"),
        (["lucia@cole.es"], "Child 1: Pupils are not recorded with an e-mail"),
        ([], "first names, one per line"),
    ],
)
def test_school_group_with_a_surname_or_email_is_refused_whole(store, event, children, words):
    with pytest.raises(ValidationError) as caught:
        at.add_school_group(
            store, event.id, "CEIP Los Valles", "5º A", "Marta Ruiz", children, "8-11"
        )
    assert words in caught.value.errors["children"]
    assert at.list_attendees(store, event.id) == []
    assert at.list_groups(store, event.id) == []


def test_search_ignores_accents_and_case_and_puts_name_starts_first(store, event):
    for name, org in [
        ("José Álvarez", "SOMACYL"),
        ("Ana Josefina Ruiz", ""),
        ("Carmen Díaz", "Universidad de Valladolid"),
        ("Marijose", ""),
    ]:
        at.add_attendee(store, event.id, at.AttendeeDraft(name=name, organisation=org))
    assert [a.name for a in at.search_attendees(store, event.id, "JOSE")] == [
        "José Álvarez",
        "Ana Josefina Ruiz",
        "Marijose",
    ]
    assert [a.name for a in at.search_attendees(store, event.id, "valladolid")] == ["Carmen Díaz"]
    assert at.search_attendees(store, event.id, "%") == []
    assert len(at.search_attendees(store, event.id, "a", limit=2)) == 2


def test_count_by_audience(store, event):
    at.register_walk_in(store, event.id, "Pedro Sanz", "press")
    at.register_walk_in(store, event.id, "Eva Gil", "citizens")
    at.register_walk_in(store, event.id, "Luis Mora", "citizens")
    at.add_school_group(store, event.id, "CEIP", "5º A", "Marta Ruiz", ["Ana", "Leo"], "8-11")
    assert at.count_by_audience(store, event.id) == {
        "citizens": 2,
        "press": 1,
        "school_children": 3,
    }


def test_update_keeps_identity(store, event):
    stored = at.register_walk_in(store, event.id, "Pedro Sanz", "press")
    changed = at.update_attendee(
        store,
        stored.id,
        at.AttendeeDraft(name="Pedro Sanz Gil", audience="citizens", email="pedro@example.es"),
    )
    assert (changed.id, changed.source, changed.created_at) == (
        stored.id,
        "walk_in",
        stored.created_at,
    )
    assert (changed.name, changed.audience, changed.email) == (
        "Pedro Sanz Gil",
        "citizens",
        "pedro@example.es",
    )


def test_demo_event_has_people_and_two_classes_once(store):
    from mscd_desktop.core.demo import create_demo

    event = create_demo(store)
    create_demo(store)
    people = at.list_attendees(store, event.id)
    groups = at.list_groups(store, event.id)
    assert sorted(g.pupil_count for g in groups) == [18, 22]
    adults = [a for a in people if a.source == "demo"]
    assert len(adults) == 60 and len({a.name for a in adults}) == 60
    assert {"Ayuntamiento de Laguna de Duero", "Universidad de Valladolid", "SOMACYL"} <= {
        a.organisation for a in adults
    }
    pupils = [a for a in people if a.role == "pupil"]
    assert len(pupils) == 40 and all(a.email is None for a in pupils)
    counts = at.count_by_audience(store, event.id)
    assert counts["school_children"] == 42 and counts["press"] > 0


def test_find_similar_matches_name_or_email_but_not_pupils(store, event):
    ana = at.add_attendee(
        store, event.id, at.AttendeeDraft(name="Ana García", organisation="UVa", email="ana@uva.es")
    )
    at.add_school_group(store, event.id, "CEIP", "5º A", "Marta Ruiz", ["Hugo"], "8-11")
    assert at.find_similar(store, event.id, "  ana  GARCIA ") == [ana]
    assert at.find_similar(store, event.id, "A. García", "ANA@uva.es") == [ana]
    assert at.find_similar(store, event.id, "Hugo") == []
    assert at.find_similar(store, event.id, "Ana Gil", "") == []
