"""Input from the city (inbreng): topics that inwoners or organisations outside a table bring
to it, taken in by the secretary, placed on an agenda and answered.

Who sent it is free text (a name or an organisation) and is kept as short as the topic needs:
it is personal data of someone who is not a partner. Seeing and handling a table's intake is
one right, ``intake.manage``: the chair and the secretary of that table (and the beheerder).
Placing it on a meeting submits an agenda item of origin ``stad`` that names the intake
(``source_key`` ``intake:<id>``), so the agenda and the minutes show where it came from.
Answering records what was done with it and when; like every write it leaves an audit row.
"""

from __future__ import annotations

from stadstafel import clock, i18n, permissions, vocab
from stadstafel.errors import ValidationError
from stadstafel.records import Record
from stadstafel.services.base import Field, Service
from stadstafel.services.meetings import _pick

i18n.register_labels(
    fields={
        "sender": ("afzender", "sender"),
        "subject": ("onderwerp", "subject"),
        "received_on": ("ontvangen op", "received on"),
        "channel": ("kanaal", "channel"),
        "answer": ("antwoord", "answer"),
        "answered_on": ("beantwoord op", "answered on"),
    }
)


class Intake(Service):
    table = "intake"
    record = "intake"
    record_label = ("inbreng", "input from the city")
    table_field = "table_id"
    fields = {
        "table_id": Field("ref", required=True, ref="tables"),
        "sender": Field(required=True, max_len=200),
        "subject": Field(required=True, max_len=200),
        "description": Field(max_len=8000),
        "received_on": Field("date", required=True),
        "channel": Field("choice", required=True, choices=vocab.INTAKE_CHANNELS),
        "answer": Field(max_len=8000),
        "answered_on": Field("date"),
    }

    SELECT = (
        "SELECT i.*, t.name AS table_name, a.meeting_id AS meeting_id,"
        " m.starts_at AS meeting_starts_at, a.status AS item_status"
        " FROM intake i JOIN tables t ON t.id = i.table_id"
        " LEFT JOIN agenda_items a ON a.id = i.agenda_item_id"
        " LEFT JOIN meetings m ON m.id = a.meeting_id"
    )

    def visible_tables(self) -> list[int] | None:
        """The tables whose intake the actor may see (None: every table, the beheerder)."""
        actor = self.ws.actor
        if actor.is_admin:
            return None
        return [
            table_id
            for table_id in actor.table_roles
            if permissions.allowed(actor, "intake.manage", table_id=table_id)
        ]

    def list(self, *, table_id: int | None = None, status: str | None = None) -> list[Record]:
        """The intake the actor may see, newest first; an empty list for anyone else (the
        senders are not partners: their names are not for every reader)."""
        where, params = ["1=1"], []
        visible = self.visible_tables()
        if visible is not None:
            if not visible:
                return []
            where.append(f"i.table_id IN ({','.join('?' * len(visible))})")
            params += visible
        if table_id is not None:
            where.append("i.table_id = ?")
            params.append(table_id)
        if status:
            where.append("i.status = ?")
            params.append(status)
        return self.rows(
            f"{self.SELECT} WHERE {' AND '.join(where)} ORDER BY i.received_on DESC, i.id DESC",
            params,
        )

    def get_full(self, id: int) -> Record:
        """One intake, for whoever may handle it (a refusal names the right)."""
        current = self.get(id)
        self.require("intake.manage", table_id=current.table_id)
        return Record.from_row(self.store.query_one(f"{self.SELECT} WHERE i.id = ?", [id]))

    def add(self, **values) -> Record:
        """Take in a topic: table, sender, subject, channel, received_on (default today),
        description."""
        values.setdefault("received_on", clock.today().isoformat())
        data = self.clean(values)
        self.check_write("intake.manage", None, data)
        data["status"] = "nieuw"
        return self.insert({k: v for k, v in data.items() if v is not None})

    def update(self, id: int, version: int, **values) -> Record:
        current = self.get(id)
        data = self.clean(values, partial=True)
        if "table_id" in data and data["table_id"] != current.table_id and current.agenda_item_id:
            raise ValidationError(
                _pick(
                    "Deze inbreng staat al op een agenda van zijn tafel.",
                    "This input is on an agenda of its table already.",
                )
            )
        self.check_write("intake.manage", current, data)
        return self.write_update(id, version, self.changed_only(current, data))

    def place(self, id: int, version: int, meeting_id: int) -> Record:
        """Put the topic on a meeting of its table as an agenda item of origin ``stad``
        (ingediend, for the secretary to accept like any other; never late)."""
        current = self.get(id)
        self.require("intake.manage", table_id=current.table_id)
        if current.agenda_item_id is not None:
            raise ValidationError(
                _pick("Deze inbreng staat al op een agenda.", "This input is on an agenda already.")
            )
        with self.store.write_lock():
            item = self.ws.agenda.submit(
                current.table_id,
                current.subject,
                meeting_id=meeting_id,
                description=current.description or "",
                purpose="bespreking",
                origin="stad",
                source_key=f"intake:{id}",
                org_id=None,
                person_id=None,
                submitted_at=f"{current.received_on} 09:00",  # when the city brought it in
            )
            return self.write_update(
                id, version, {"agenda_item_id": item.id, "status": "geagendeerd"}, action="place"
            )

    def answer(self, id: int, version: int, answer: str, answered_on: str | None = None) -> Record:
        """What was done with the topic, and when (default today): the sender's answer."""
        current = self.get(id)
        self.require("intake.manage", table_id=current.table_id)
        if not (answer or "").strip():
            raise ValidationError(
                {"answer": _pick("Schrijf wat ermee gedaan is.", "Say what was done with it.")}
            )
        data = self.clean(
            {"answer": answer.strip(), "answered_on": answered_on or clock.today().isoformat()},
            partial=True,
        )
        return self.write_update(id, version, {**data, "status": "beantwoord"}, action="answer")

    def of_item(self, item_id: int) -> Record | None:
        """The intake an agenda item came from, without the right check: the item's origin
        on an agenda names only the channel and the date (see ``Agenda.origin``)."""
        row = self.store.query_one(
            "SELECT id, sender, channel, received_on FROM intake WHERE agenda_item_id = ?",
            [item_id],
        )
        return Record.from_row(row) if row else None
