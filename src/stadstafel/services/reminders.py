"""Reminders (rappels): one digest per person of what they owe the table, sent once a day.

A digest holds, for one recipient:
- open actions and toezeggingen past their due date, and those due within ``days``;
- meetings of their tables whose submission deadline falls within ``days`` (a partner who
  wants an item on that agenda must submit it before then).

Who receives what: an action goes to its owner person when that person has an e-mail address,
otherwise to the owner organisation's contact — its first representative at the action's table
with an address, else its first person with an address. A deadline goes to the representatives
(else the contact) of every current partner organisation of the meeting's table (advisers and
observers submit no items). Items nobody can
be found for are reported, never dropped silently.

Each sent digest is written to ``reminders_sent`` (recipient, day, Message-ID), so a rerun or a
catch-up after downtime on the same day sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any, NamedTuple

from stadstafel import clock, i18n
from stadstafel.permissions import require
from stadstafel.services.base import Service, now_text
from stadstafel.textsafe import neutralise


class Entry(NamedTuple):
    kind: str  # overdue | soon | deadline
    table: str
    text: str
    when: str  # due date, or the submission deadline
    detail: str = ""  # action kind, or the meeting's start


class Digest(NamedTuple):
    email: str
    name: str
    language: str
    entries: list[Entry]

    @property
    def counts(self) -> dict[str, int]:
        out = {"overdue": 0, "soon": 0, "deadline": 0}
        for e in self.entries:
            out[e.kind] += 1
        return out


TEXT = {
    "nl": {
        "subject": "Rappel {workspace}: {parts}",
        "overdue_n": "{n} over de datum",
        "soon_n": "{n} binnenkort",
        "deadline_n": "{n} indientermijn",
        "greeting": "Beste {name},",
        "intro": "Dit is het overzicht van {workspace} van {day}.",
        "overdue": "Over de datum",
        "soon": "Binnenkort te doen (vóór {until})",
        "deadline": "Agendapunten indienen",
        "item_action": "- [{table}] {text} ({detail}, uiterlijk {when})",
        "item_deadline": "- [{table}] vergadering van {detail}: indienen tot {when}",
        "actie": "actie",
        "toezegging": "toezegging",
        "closing": "Afgerond of achterhaald? Werk het bij in stadstafel; dan valt het uit "
        "dit overzicht.",
        "auto": "Dit bericht is automatisch verstuurd; antwoorden wordt niet gelezen.",
    },
    "en": {
        "subject": "Reminder {workspace}: {parts}",
        "overdue_n": "{n} overdue",
        "soon_n": "{n} due soon",
        "deadline_n": "{n} submission deadline",
        "greeting": "Dear {name},",
        "intro": "This is the overview of {workspace} for {day}.",
        "overdue": "Overdue",
        "soon": "Due soon (by {until})",
        "deadline": "Submit agenda items",
        "item_action": "- [{table}] {text} ({detail}, due {when})",
        "item_deadline": "- [{table}] meeting of {detail}: submit by {when}",
        "actie": "action",
        "toezegging": "commitment",
        "closing": "Done or no longer relevant? Update it in stadstafel and it leaves this "
        "overview.",
        "auto": "This message was sent automatically; replies are not read.",
    },
}


class Reminders(Service):
    """Builds the digests and keeps the log of what was sent."""

    table = "reminders_sent"
    record = "reminder"

    def digests(
        self, *, days: int = 7, languages: dict[str, str] | None = None
    ) -> tuple[list[Digest], list[Entry]]:
        """Today's digests, and the entries nobody could be found for.

        ``languages`` maps an e-mail address or person name to a language (from ``[users]``);
        anyone else gets the workspace's language.
        """
        require(self.ws.actor, "reminders.send")
        today = clock.today()
        until = (today + dt.timedelta(days=days)).isoformat()
        by_email: dict[str, tuple[str, list[Entry]]] = {}
        orphans: list[Entry] = []

        def add(person: dict | None, entry: Entry) -> None:
            if person is None:
                orphans.append(entry)
                return
            by_email.setdefault(person["email"].strip().lower(), (person["name"], []))[1].append(
                entry
            )

        actions = self.store.query(
            "SELECT a.*, t.name AS table_name FROM actions a JOIN tables t ON t.id = a.table_id"
            " WHERE a.status = 'open' AND a.due IS NOT NULL AND a.due <= ?"
            " ORDER BY a.due, a.id",
            [until],
        )
        for a in actions:
            kind = "overdue" if a["due"] < today.isoformat() else "soon"
            entry = Entry(kind, a["table_name"], a["text"], a["due"], a["kind"] or "actie")
            person = self._person(a["owner_person_id"])
            if person is None and a["owner_org_id"] is not None:
                person = self._contact(a["owner_org_id"], a["table_id"])
            add(person, entry)

        now = clock.now().isoformat(sep=" ", timespec="minutes")
        meetings = self.store.query(
            "SELECT m.*, t.name AS table_name FROM meetings m JOIN tables t ON t.id = m.table_id"
            " WHERE m.status = 'gepland' AND m.submission_deadline IS NOT NULL"
            " AND m.submission_deadline >= ? AND substr(m.submission_deadline, 1, 10) <= ?"
            " ORDER BY m.submission_deadline, m.id",
            [now, until],
        )
        for m in meetings:
            entry = Entry(
                "deadline",
                m["table_name"],
                m["title"] or "",
                m["submission_deadline"][:16],
                m["starts_at"][:16],
            )
            for org_id in self._member_orgs(m["table_id"], today.isoformat()):
                for person in self._representatives(org_id, m["table_id"]) or [
                    self._contact(org_id, m["table_id"])
                ]:
                    add(person, entry)

        languages = {k.lower(): v for k, v in (languages or {}).items()}
        default = getattr(self.ws.config, "language", "nl")
        out = []
        for email, (name, entries) in sorted(by_email.items()):
            seen, unique = set(), []
            for e in entries:
                if e not in seen:
                    seen.add(e)
                    unique.append(e)
            lang = languages.get(email) or languages.get(name.lower()) or default
            out.append(Digest(email, name, lang if lang in TEXT else "nl", unique))
        return out, orphans

    # -- who ------------------------------------------------------------------------------
    def _person(self, person_id: int | None) -> dict | None:
        if person_id is None:
            return None
        row = self.store.query_one("SELECT id, name, email FROM people WHERE id = ?", [person_id])
        return row if row and (row["email"] or "").strip() else None

    def _representatives(self, org_id: int, table_id: int) -> list[dict]:
        import json

        row = self.store.query_one(
            "SELECT representatives FROM memberships WHERE organisation_id = ? AND table_id = ?"
            " ORDER BY id LIMIT 1",
            [org_id, table_id],
        )
        ids = json.loads(row["representatives"] or "[]") if row else []
        people = [self._person(i) for i in ids]
        return [p for p in people if p is not None]

    def _contact(self, org_id: int, table_id: int | None) -> dict | None:
        reps = self._representatives(org_id, table_id) if table_id is not None else []
        if reps:
            return reps[0]
        return self.store.query_one(
            "SELECT id, name, email FROM people WHERE organisation_id = ?"
            " AND coalesce(trim(email), '') != '' ORDER BY id LIMIT 1",
            [org_id],
        )

    def _member_orgs(self, table_id: int, day: str) -> list[int]:
        return [
            r["organisation_id"]
            for r in self.store.query(
                "SELECT DISTINCT organisation_id FROM memberships WHERE table_id = ?"
                " AND role = 'partner' AND (since IS NULL OR since <= ?)"
                " AND (until IS NULL OR until >= ?)"
                " ORDER BY organisation_id",
                [table_id, day, day],
            )
        ]

    # -- the log --------------------------------------------------------------------------
    def already_sent(self, email: str, day: str) -> bool:
        return bool(
            self.store.scalar(
                "SELECT 1 FROM reminders_sent WHERE recipient = ? AND day = ?", [email, day]
            )
        )

    def log_sent(self, digest: Digest, message_id: str) -> None:
        """Record one sent digest (with an audit row), so it is never sent again today."""
        require(self.ws.actor, "reminders.send")
        self.insert(
            {
                "recipient": digest.email,
                "day": clock.today().isoformat(),
                "message_id": message_id,
                "entries": len(digest.entries),
                "sent_at": now_text(),
            },
            action="remind",
        )


def message_id(digest: Digest, day: str, domain: str) -> str:
    """The same digest on the same day always has the same Message-ID."""
    key = hashlib.sha256(f"{digest.email}\n{day}".encode()).hexdigest()[:20]
    return f"<rappel.{day}.{key}@{domain}>"


def render(digest: Digest, *, workspace: str, day: str, days: int) -> tuple[str, str]:
    """Subject and plain-text body of one digest, in the recipient's language."""
    lang = digest.language
    t = TEXT[lang]
    counts = digest.counts
    parts = [t[f"{k}_n"].format(n=n) for k, n in counts.items() if n]
    subject = t["subject"].format(workspace=workspace, parts=", ".join(parts))
    until = i18n.format_date(dt.date.fromisoformat(day) + dt.timedelta(days=days), lang)
    lines = [
        t["greeting"].format(name=digest.name),
        "",
        t["intro"].format(workspace=workspace, day=i18n.format_date(day, lang)),
    ]
    for kind in ("overdue", "soon", "deadline"):
        entries = [e for e in digest.entries if e.kind == kind]
        if not entries:
            continue
        lines += ["", t[kind].format(until=until)]
        for e in entries:
            if kind == "deadline":
                start = i18n.format_datetime(e.detail, lang)
                when = i18n.format_datetime(e.when, lang)
                lines.append(t["item_deadline"].format(table=e.table, detail=start, when=when))
            else:
                when = i18n.format_date(e.when, lang)
                kind_label = t.get(e.detail, e.detail)
                lines.append(
                    t["item_action"].format(
                        table=e.table, text=e.text, detail=kind_label, when=when
                    )
                )
    lines += ["", t["closing"], "", "-- ", t["auto"]]
    body = "\n".join(neutralise(line, multiline=False) for line in lines) + "\n"
    return neutralise(subject, multiline=False), body


def build_message(
    digest: Digest, *, sender: str, workspace: str, day: str, days: int, domain: str
) -> Any:
    """The digest as an ``email.message.EmailMessage`` (plain text, UTF-8)."""
    from email.message import EmailMessage
    from email.utils import format_datetime, formataddr

    subject, body = render(digest, workspace=workspace, day=day, days=days)
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = formataddr((neutralise(digest.name, multiline=False), digest.email))
    msg["Subject"] = subject
    msg["Date"] = format_datetime(clock.now().astimezone())
    msg["Message-ID"] = message_id(digest, day, domain)
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-Auto-Response-Suppress"] = "All"
    msg["Content-Language"] = digest.language
    msg.set_content(body)
    return msg
