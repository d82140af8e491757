"""Services: validation, the agenda life cycle, missions, actions, audit, search."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stadstafel.errors import ConflictError, NotFound, ValidationError


def test_organisation_validation_names_each_field(ws):
    with pytest.raises(ValidationError) as err:
        ws.organisations.create(name="", kind="bakkerij", website="www.leiden.nl")
    assert set(err.value.fields) == {"name", "kind", "website"}
    assert "Naam is verplicht." in err.value.fields["name"]
    assert "gemeente" in err.value.fields["kind"]
    assert ws.organisations.list().total == 0


def test_duplicate_organisation_name_is_refused_case_insensitively(ws):
    ws.organisations.create(name="Portaal", kind="woningcorporatie")
    with pytest.raises(ValidationError, match="al een organisatie"):
        ws.organisations.create(name="portaal", kind="woningcorporatie")


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(email=st.text(max_size=40))
def test_email_validation_accepts_only_addresses(ws, email):
    from stadstafel.services.base import EMAIL_RE
    from stadstafel.textsafe import has_control

    stored = email.strip()
    try:
        person = ws.people.create(name="Test Persoon", email=email)
    except ValidationError as exc:
        assert set(exc.fields) == {"email"}
        assert stored and (not EMAIL_RE.match(stored) or has_control(stored))
    else:
        assert person.email == (stored or None)
        if stored:
            local, _, domain = stored.partition("@")
            assert local and "." in domain and "@" not in domain


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(minutes=st.integers(min_value=-100, max_value=1000))
def test_duration_bounds(ws, table_setup, minutes):
    t = table_setup
    if 1 <= minutes <= 480:
        item = ws.agenda.submit(
            t.table.id,
            "Punt",
            meeting_id=t.meetings[0].id,
            org_id=t.portaal.id,
            duration_minutes=minutes,
        )
        assert item.duration_minutes == minutes
    else:
        with pytest.raises(ValidationError) as err:
            ws.agenda.submit(
                t.table.id,
                "Punt",
                meeting_id=t.meetings[0].id,
                org_id=t.portaal.id,
                duration_minutes=minutes,
            )
        assert "duration_minutes" in err.value.fields


def test_meeting_series_and_deadlines(ws, table_setup):
    starts = [m.starts_at for m in table_setup.meetings]
    assert starts == ["2027-01-14 14:00", "2027-02-11 14:00", "2027-03-11 14:00"]
    first = table_setup.meetings[0]
    assert first.submission_deadline == "2027-01-07 17:00"
    assert first.ends_at == "2027-01-14 16:00"


def test_submit_before_and_after_deadline(ws, table_setup):
    t = table_setup
    on_time = ws.agenda.submit(
        t.table.id,
        "Doorstroming senioren",
        meeting_id=t.meetings[0].id,
        org_id=t.portaal.id,
        person_id=t.partner.id,
        submitted_at="2027-01-07 16:59",
    )
    late = ws.agenda.submit(
        t.table.id,
        "Gelijk speelveld",
        meeting_id=t.meetings[0].id,
        org_id=t.sleutels.id,
        submitted_at="2027-01-07 17:01",
    )
    assert (on_time.late, late.late) == (0, 1)
    # the late item waits on the table's backlog, with a note, for the secretary to place it
    assert [i.title for i in ws.agenda.of_meeting(t.meetings[0].id)] == ["Doorstroming senioren"]
    assert (late.meeting_id, late.requested_meeting_id) == (None, t.meetings[0].id)
    assert late.note.startswith("Te laat ingediend")
    placed = ws.agenda.schedule(late.id, late.version, t.meetings[0].id)
    assert (placed.meeting_id, placed.status, placed.late) == (t.meetings[0].id, "ingediend", 1)


def test_person_must_belong_to_submitting_organisation(ws, table_setup):
    t = table_setup
    with pytest.raises(ValidationError, match="werkt niet bij"):
        ws.agenda.submit(
            t.table.id,
            "Punt",
            meeting_id=t.meetings[0].id,
            org_id=t.sleutels.id,
            person_id=t.partner.id,
        )


def test_agenda_life_cycle(ws, table_setup):
    t = table_setup
    m0 = t.meetings[0]
    a = ws.agenda.submit(t.table.id, "A", meeting_id=m0.id, org_id=t.portaal.id)
    b = ws.agenda.submit(t.table.id, "B", meeting_id=m0.id, org_id=t.gemeente.id)
    c = ws.agenda.submit(t.table.id, "C", meeting_id=m0.id, org_id=t.sleutels.id)
    meeting = ws.meetings.get(m0.id)
    with pytest.raises(ValidationError, match="wachten nog"):
        ws.meetings.set_agenda(m0.id, meeting.version)
    a = ws.agenda.accept(a.id, a.version)
    b = ws.agenda.accept(b.id, b.version)
    ws.agenda.withdraw(c.id, c.version)
    ws.agenda.move(b.id, -1)
    assert [i.title for i in ws.agenda.of_meeting(m0.id)] == ["B", "A", "C"]
    fixed = ws.meetings.set_agenda(m0.id, meeting.version)
    assert fixed.status == "agenda vastgesteld"
    agenda = ws.meetings.agenda(m0.id)
    assert agenda["total_minutes"] == 30 and agenda["meeting_minutes"] == 120


def test_postpone_carries_to_next_meeting(ws, table_setup):
    t = table_setup
    item = ws.agenda.submit(
        t.table.id, "Functiemenging", meeting_id=t.meetings[0].id, org_id=t.portaal.id
    )
    item = ws.agenda.accept(item.id, item.version)
    copy = ws.agenda.postpone(item.id, item.version)
    assert ws.agenda.get(item.id).status == "doorgeschoven"
    assert copy.meeting_id == t.meetings[1].id
    assert (copy.status, copy.origin, copy.postponed_count) == ("ingediend", "doorgeschoven", 1)
    copy = ws.agenda.accept(copy.id, copy.version)
    again = ws.agenda.postpone(copy.id, copy.version)
    assert again.meeting_id == t.meetings[2].id and again.postponed_count == 2
    assert [i.id for i in ws.agenda.stuck()] == [again.id]


def test_postpone_without_next_meeting_goes_to_backlog(ws, table_setup):
    t = table_setup
    item = ws.agenda.submit(t.table.id, "Laatste", meeting_id=t.meetings[2].id, org_id=t.portaal.id)
    copy = ws.agenda.postpone(item.id, item.version)
    assert copy.meeting_id is None
    assert [i.id for i in ws.agenda.backlog(t.table.id)] == [copy.id]


def test_illegal_status_change_is_explained(ws, table_setup):
    t = table_setup
    item = ws.agenda.submit(t.table.id, "X", meeting_id=t.meetings[0].id, org_id=t.portaal.id)
    item = ws.agenda.withdraw(item.id, item.version)
    with pytest.raises(ValidationError, match="'ingetrokken' kan niet naar 'behandeld'"):
        ws.agenda.handled(item.id, item.version)


def test_cancel_moves_open_items_on(ws, table_setup):
    t = table_setup
    item = ws.agenda.submit(t.table.id, "X", meeting_id=t.meetings[0].id, org_id=t.portaal.id)
    m0 = ws.meetings.get(t.meetings[0].id)
    with pytest.raises(ValidationError, match="reden"):
        ws.meetings.cancel(m0.id, m0.version, "")
    ws.meetings.cancel(m0.id, m0.version, "Te weinig aanmeldingen")
    moved = ws.agenda.get(item.id)
    assert moved.meeting_id == t.meetings[1].id and "Te weinig aanmeldingen" in moved.note
    cancelled = ws.meetings.get(m0.id)
    assert (cancelled.status, cancelled.cancel_reason) == ("geannuleerd", "Te weinig aanmeldingen")


def test_mission_versions_and_signatures(ws, table_setup):
    t = table_setup
    ws.missions.revise(t.table.id, "Samen sneller een passende woning.")
    signers = [(t.gemeente, t.secretary), (t.portaal, t.partner), (t.sleutels, t.other)]
    for org, person in signers:
        ws.missions.sign(t.table.id, org.id, person.id)
    assert not ws.missions.status(t.table.id)["fully_signed"]  # the adviseur is a member too
    ws.missions.sign(t.table.id, t.adviseur.id, t.chair.id)
    assert ws.missions.status(t.table.id)["fully_signed"]
    with pytest.raises(ValidationError, match="al ondertekend"):
        ws.missions.sign(t.table.id, t.portaal.id, t.partner.id)
    new = ws.missions.revise(t.table.id, "Herziene missie.")
    status = ws.missions.status(t.table.id)
    assert new.revision == 2 and status["signed"] == 0 and not status["fully_signed"]
    assert [r.revision for r in ws.missions.revisions(t.table.id)] == [2, 1]


def test_only_members_sign(ws, table_setup):
    outsider = ws.organisations.create(name="Buiten", kind="overig")
    ws.missions.revise(table_setup.table.id, "Missie")
    with pytest.raises(ValidationError, match="geen lid"):
        ws.missions.sign(table_setup.table.id, outsider.id)


def test_initiative_admission(ws, table_setup):
    t = table_setup
    ok = ws.initiatives.create(
        table_id=t.table.id,
        title="Woningruil",
        topic="doorstroming",
        organisation_ids=[t.gemeente.id, t.portaal.id],
    )
    not_ok = ws.initiatives.create(
        table_id=t.table.id,
        title="Solo",
        topic="doorstroming",
        organisation_ids=[t.portaal.id, t.adviseur.id],
    )
    by_title = {i.title: i for i in ws.initiatives.of_table(t.table.id)}
    assert by_title["Woningruil"].meets_rule and not by_title["Woningruil"].admitted
    assert not by_title["Solo"].meets_rule
    assert by_title["Solo"].admission_reasons == ["1 van minimaal 2 partners betrokken"]
    assert ok.id != not_ok.id


def test_actions_overdue_and_close(ws, table_setup, frozen):
    t = table_setup
    late = ws.actions.create(
        table_id=t.table.id,
        text="Notitie doorstroming",
        owner_person_id=t.partner.id,
        due="2026-12-20",
    )
    ws.actions.create(
        table_id=t.table.id,
        text="Later",
        owner_org_id=t.sleutels.id,
        due="2027-02-01",
        kind="toezegging",
    )
    assert late.owner_org_id == t.portaal.id  # derived from the person
    assert [a.id for a in ws.actions.list(overdue=True).rows] == [late.id]
    assert ws.actions.overdue_by_partner()[0]["organisation"] == "Portaal"
    closed = ws.actions.close(late.id, late.version)
    assert closed.status == "gereed" and closed.done_on == "2027-01-04"
    assert ws.actions.list(overdue=True).total == 0


def test_carry_forward_collects_and_accepts(ws, table_setup):
    t = table_setup
    m0, m1 = t.meetings[0], t.meetings[1]
    action = ws.actions.create(
        table_id=t.table.id,
        text="Rapport plancapaciteit",
        owner_org_id=t.gemeente.id,
        due="2027-02-01",
        meeting_id=m0.id,
    )
    ws.meetings.set_agenda(m0.id, ws.meetings.get(m0.id).version)
    ws.decisions.record_decision(m0.id, "Pilot woningruil starten", review_date="2027-02-05")
    backlog = ws.agenda.submit(t.table.id, "Backlogpunt", org_id=t.portaal.id)
    result = ws.carry_forward.suggestions(m0.id)
    keys = {s["key"] for s in result["suggestions"]}
    assert result["next"].id == m1.id
    assert {f"action:{action.id}", f"item:{backlog.id}"} <= keys
    assert any(k.startswith("decision:") for k in keys)
    chosen = next(s for s in result["suggestions"] if s["key"] == f"action:{action.id}")
    created = ws.carry_forward.accept(m1.id, chosen)
    assert created.meeting_id == m1.id and created.origin == "actie"
    again = {s["key"] for s in ws.carry_forward.suggestions(m0.id)["suggestions"]}
    assert f"action:{action.id}" not in again


def test_every_mutation_is_audited(ws, table_setup):
    org = ws.organisations.update(
        table_setup.portaal.id, table_setup.portaal.version, website="https://www.portaal.nl"
    )
    entry = ws.audit.recent(1, record_type="organisation", record_id=org.id)[0]
    assert entry.action == "update" and entry.actor == "admin"
    assert json.loads(entry.before)["website"] is None
    assert json.loads(entry.after)["website"] == "https://www.portaal.nl"


def test_stale_version_conflict_names_who_and_when(ws, table_setup):
    org = table_setup.portaal
    ws.organisations.update(org.id, org.version, notes="eerste")
    with pytest.raises(ConflictError) as err:
        ws.organisations.update(org.id, org.version, notes="tweede")
    assert "admin" in err.value.message and "4 januari 2027" in err.value.message
    assert err.value.current["notes"] == "eerste"
    assert ws.organisations.get(org.id).notes == "eerste"


def test_delete_refuses_when_in_use_and_keeps_everything(ws, table_setup):
    with pytest.raises(ValidationError, match="nog gebruikt"):
        ws.organisations.delete(table_setup.portaal.id)
    assert ws.organisations.get(table_setup.portaal.id).name == "Portaal"


def test_not_found(ws):
    with pytest.raises(NotFound, match="Organisatie 99 bestaat niet"):
        ws.organisations.get(99)


def test_search_finds_items_people_and_actions(ws, table_setup):
    t = table_setup
    ws.agenda.submit(
        t.table.id,
        "Woningruil voor senioren",
        description="doorstroming versnellen",
        meeting_id=t.meetings[0].id,
        org_id=t.portaal.id,
    )
    ws.actions.create(table_id=t.table.id, text="Senioren bevragen", owner_org_id=t.portaal.id)
    kinds = {r.kind for r in ws.search.search("senioren")}
    assert kinds == {"agenda_item", "action"}
    assert [r.title for r in ws.search.search("doorstrom")] == ["Woningruil voor senioren"]
    assert {r.title for r in ws.search.search("Sleut")} == {"De Sleutels", "Stella Sleutels"}
    with pytest.raises(ValidationError):
        ws.search.search('"*')


def test_erase_person_keeps_links(ws, table_setup):
    ws.people.erase(table_setup.partner.id)
    person = ws.people.get(table_setup.partner.id)
    assert person.email is None and person.name.startswith("(verwijderd")
    assert ws.people.export_personal_data(person.id)["person"]["phone"] is None


def test_english_messages(ws):
    from stadstafel import i18n

    i18n.set_language("en")
    try:
        with pytest.raises(ValidationError, match="Name is required"):
            ws.organisations.create(name="", kind="gemeente")
    finally:
        i18n.set_language("nl")


def test_unknown_field_is_a_validation_error_not_a_database_error(ws):
    with pytest.raises(ValidationError) as err:
        ws.organisations.create(name="X", kind="overig", colour="rood")
    assert set(err.value.fields) == {"colour"}


def test_carried_forward_items_are_not_late_nor_attributed_to_the_secretary(ws, table_setup):
    t = table_setup
    m0, m1 = t.meetings[0], t.meetings[1]
    action = ws.actions.create(
        table_id=t.table.id,
        text="Rapport",
        owner_org_id=t.gemeente.id,
        due="2027-02-01",
        meeting_id=m0.id,
    )
    late_meeting = ws.meetings.get(m1.id)
    ws.meetings.update(m1.id, late_meeting.version, submission_deadline="2027-01-01 17:00")
    suggestion = next(
        s
        for s in ws.carry_forward.suggestions(m0.id)["suggestions"]
        if s["key"] == f"action:{action.id}"
    )
    item = ws.carry_forward.accept(m1.id, suggestion)
    assert (item.late, item.submitted_by_org_id, item.origin) == (0, None, "actie")
    partner_item = ws.agenda.submit(t.table.id, "Te laat", meeting_id=m1.id, org_id=t.portaal.id)
    assert partner_item.late == 1


def test_a_page_knows_its_total_with_or_without_the_count(ws):
    """A short page ends the list (its total needs no count); a full page asks the count.
    Every way of paging gives the total that counting all matches gives."""
    from stadstafel.services.base import Service

    for i in range(23):
        kind = "woningcorporatie" if i % 3 == 0 else "gemeente"
        ws.organisations.create(
            name=f"Organisatie {i:02d} {'Wonen' if i % 4 else 'Zorg'}", kind=kind
        )
    counted = []
    count = Service.count

    def spy(self, from_where, params=()):
        counted.append(from_where)
        return count(self, from_where, params)

    Service.count = spy
    try:
        for text in ["", "wonen", "zorg", "corporatie", "Organisatie 1", "geen-treffer"]:
            everything = ws.organisations.list(filter=text).rows
            for limit in [1, 5, 7, 50]:
                for offset in [0, 3, 21, 40]:
                    counted.clear()
                    page = ws.organisations.list(filter=text, offset=offset, limit=limit)
                    assert page.total == len(everything), (text, limit, offset)
                    assert [r.id for r in page.rows] == [
                        r.id for r in everything[offset : offset + limit]
                    ]
                    short = len(page.rows) < limit and (page.rows or offset == 0)
                    assert (not counted) == bool(short), (text, limit, offset)
    finally:
        Service.count = count


def test_meeting_pages_are_slices_of_the_whole_list(ws, table_setup):
    """The page's rows are picked on the meetings alone (no join unless the filter reads the
    table's name) and only then joined: the same rows, in the same order, as the whole list,
    equal start times broken by id, with and without a filter and in both directions."""
    other = ws.tables.create(name="Regiotafel Economie", kind="thematafel")
    for i in range(14):
        table_id = table_setup.table.id if i % 2 else other.id
        day = 5 + i // 3  # three meetings share a start: order among them by id
        place = "Stadhuis" if i % 5 else "Online"
        when = f"2027-02-{day:02d} 10:00"
        ws.meetings.create(table_id=table_id, starts_at=when, title=f"Overleg {i}", location=place)
    for kwargs in [{}, {"filter": "regiotafel"}, {"filter": "online"}, {"descending": True},
                   {"table_id": other.id}, {"start": "2027-02-07"}]:  # fmt: skip
        everything = ws.meetings.list(**kwargs).rows
        assert everything
        starts = [(m.starts_at, m.id) for m in everything]
        assert starts == sorted(starts, reverse=bool(kwargs.get("descending")))
        for limit in [1, 4, 9]:
            for offset in [0, 2, 7, 13]:
                page = ws.meetings.list(offset=offset, limit=limit, **kwargs)
                assert [m.id for m in page.rows] == [
                    m.id for m in everything[offset : offset + limit]
                ], (kwargs, limit, offset)
                assert page.total == len(everything)
                assert all(m.table_name for m in page.rows)  # joined after the pick


def test_table_pages_are_slices_of_the_whole_list(ws, table_setup):
    for i in range(9):
        ws.tables.create(name=f"Tafel {i}", kind="werkgroep")
    everything = ws.tables.list()
    assert len(everything) == 10
    for limit in [1, 3, 50]:
        for offset in [0, 4, 9]:
            page = ws.tables.page(offset=offset, limit=limit)
            assert [t.id for t in page.rows] == [t.id for t in everything[offset : offset + limit]]
            assert page.total == 10
            assert all(t.members is not None for t in page.rows)


def test_the_meetings_filter_finds_words_by_prefix_and_table_names_by_fragment(ws, table_setup):
    other = ws.tables.create(name="Regiotafel Economie", kind="thematafel")
    first = ws.meetings.create(table_id=other.id, starts_at="2027-03-01 10:00",
                               title="Woondeal bespreken", location="Raadzaal")  # fmt: skip
    second = ws.meetings.create(table_id=table_setup.table.id, starts_at="2027-03-02 10:00",
                                title="Overleg", location="Online")  # fmt: skip

    def found(text: str) -> set[int]:
        ids = {m.id for m in ws.meetings.list(filter=text).rows}
        assert ws.meetings.count_before("2099-01-01", filter=text) == len(ids)
        return ids & {first.id, second.id}

    assert found("woon") == {first.id}  # a word of the title, by its start
    assert found("raadz") == {first.id}  # of the location
    assert found("onomie") == {first.id}  # a fragment of the table's name
    assert found("online overleg") == {second.id}  # every word
    assert found("deal") == set()  # inside a word of a title: no
    ws.meetings.update(second.id, second.version, title="Woondeal vervolg")
    assert found("woondeal") == {first.id, second.id}  # the index follows an edit


def test_people_of_organisations_in_one_query_as_each_in_turn(ws):
    # A form's owner list: each organisation's people by name, organisations in the order
    # given (a repeated one repeated), in one query instead of two per organisation.
    from stadstafel.tui.options import person_options

    a = ws.organisations.create(name="Zeta", kind="overig")
    b = ws.organisations.create(name="Alfa", kind="overig")
    empty = ws.organisations.create(name="Leeg", kind="overig")
    for name, org in [("Wim", a), ("anna", a), ("Bert", b), ("Cor", a), ("[b]x\x1b", b)]:
        ws.people.create(name=name, organisation_id=org.id)
    order = [a.id, empty.id, b.id, a.id]
    each = [p.id for org_id in order for p in ws.people.of_organisation(org_id)]
    statements: list[str] = []
    ws.store.conn.set_trace_callback(statements.append)
    try:
        together = ws.people.of_organisations(order)
        options = person_options(ws, order)
    finally:
        ws.store.conn.set_trace_callback(None)
    assert [p.id for p in together] == each
    assert [label.split(" — ")[0] for label, _ in options][:3] == ["anna", "Cor", "Wim"]
    assert len(statements) == 2  # one each
    assert ws.people.of_organisations([]) == []
