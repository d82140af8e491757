"""The Leiden demo workspace, built from the seeds through the services only.

``build_demo(ws)`` fills an empty workspace with three collaborations from the seed texts:

- the *Samenwerkingstafel Woningbouw* (seed 002): gemeente, corporaties, ontwikkelaars, een
  belegger and huurdersorganisaties around a signed mission, with an independent chair,
  werkafspraken, a standing agenda, belangen, goals, and meetings every six weeks;
- *Leiden Kennisstad* (seed 003): five partners, a kennismakelaar, the 3-of-5 admission rule,
  a four-weekly werkgroep, a quarterly stuurgroep and a yearly symposium;
- the *thematafels* of Platform31 with Leiden and its neighbours (seeds 000 and 001).

Every date is relative to ``today``, so whenever the demo is opened it has meetings coming up, a
submission deadline about to close, a late agenda item, decisions due for review and overdue
actions. The services read "today" from :mod:`stadstafel.clock`; pass the same day (or freeze
the clock) when building for another day than the real one.

Organisations are the real ones named in the seeds and facts, or invented. Every person is
invented; e-mail addresses are at example.org / example.nl and phone numbers are dummies.
No randomness: two builds with the same ``today`` give the same workspace.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from stadstafel import clock, rules
from stadstafel.records import Record

# login -> (person e-mail, global role): for trying the roles in the demo.
DEMO_USERS: dict[str, tuple[str, str]] = {
    "secretaris": ("m.vandijk@example.org", "gebruiker"),
    "voorzitter": ("i.hoekstra@example.nl", "gebruiker"),
    "portaal": ("f.jansen@example.nl", "gebruiker"),
    "lezer": ("l.vanleeuwen@example.org", "lezer"),
    "beheer": ("n.kuipers@example.org", "beheerder"),
}

WONINGBOUW = "Samenwerkingstafel Woningbouw"
KENNISSTAD = "Leiden Kennisstad"
STUURGROEP = "Stuurgroep Leiden Kennisstad"
PLATFORM31 = "Thematafels Platform31 en Leiden"

TOPICS_WONINGBOUW = [
    "woonprogramma en doorstroming",
    "gelijk speelveld markt, gemeente en corporaties",
    "participatie",
    "functiemenging",
]
TOPICS_KENNISSTAD = ["gezondheid & welzijn", "biodiversiteit", "cultureel erfgoed & collecties"]
TOPICS_PLATFORM31 = [
    "Omgevingswet",
    "transformatie sociaal domein",
    "stedelijke ontwikkeling nieuwe stijl",
    "flexibel wonen",
    "regionale economie",
]

# key, name, kind, website, notes
ORGANISATIONS: list[tuple[str, str, str, str | None, str]] = [
    ("gemeente", "Gemeente Leiden", "gemeente", None, "Initiatiefnemer van de tafels."),
    ("portaal", "Portaal", "woningcorporatie", None, "Woningcorporatie met bezit in Leiden."),
    ("onsdoel", "Ons Doel", "woningcorporatie", None, "Leidse woningcorporatie."),
    ("sleutels", "De Sleutels", "woningcorporatie", None, "Leidse woningcorporatie."),
    (
        "olz",
        "Ontwikkelcombinatie Leiden-Zuid",
        "ontwikkelaar",
        None,
        "Verzonnen ontwikkelaar (demo): gebiedsontwikkeling in Leiden-Zuid.",
    ),
    (
        "stationskwartier",
        "Stationskwartier Ontwikkeling Leiden",
        "ontwikkelaar",
        None,
        "Verzonnen ontwikkelaar (demo): woningbouw rond het stationsgebied.",
    ),
    (
        "rijnoever",
        "Rijnoever Woonfonds",
        "belegger",
        None,
        "Verzonnen belegger (demo): investeert in middenhuur.",
    ),
    ("hbv", "HBV Leiden", "huurdersorganisatie", None, "Huurdersbelangenvereniging."),
    (
        "zijlpoort",
        "Huurdersvereniging De Zijlpoort",
        "huurdersorganisatie",
        None,
        "Verzonnen huurdersvereniging (demo).",
    ),
    (
        "tafelzaken",
        "Bureau Tafelzaken",
        "kennisorganisatie/adviesbureau",
        None,
        "Verzonnen adviesbureau (demo) dat de onafhankelijke tafelvoorzitter levert.",
    ),
    ("universiteit", "Universiteit Leiden", "kennisinstelling", None, "Partner Leiden Kennisstad."),
    ("hogeschool", "Hogeschool Leiden", "onderwijsinstelling", None, "Partner Leiden Kennisstad."),
    (
        "naturalis",
        "Naturalis Biodiversity Center",
        "kennisinstelling",
        None,
        "Partner Leiden Kennisstad.",
    ),
    ("mborijnland", "mboRijnland", "onderwijsinstelling", None, "Partner Leiden Kennisstad."),
    (
        "kennisstadbureau",
        "Bureau Leiden Kennisstad",
        "overig",
        None,
        "Kernorganisatie van Leiden Kennisstad, samen gefinancierd door de vijf partners;"
        " hier werkt de kennismakelaar.",
    ),
    (
        "politie",
        "Politie wijkteams Leiden",
        "overig",
        None,
        "Betrokken bij de stadscriminoloog; geen partner van Leiden Kennisstad.",
    ),
    (
        "platform31",
        "Platform31",
        "kennisorganisatie/adviesbureau",
        "https://www.platform31.nl",
        "Kennisorganisatie voor stad en regio; convenant met het G32-stedennetwerk.",
    ),
    ("voorschoten", "Gemeente Voorschoten", "gemeente", None, "Buurgemeente van Leiden."),
    ("zoeterwoude", "Gemeente Zoeterwoude", "gemeente", None, "Buurgemeente van Leiden."),
    ("leiderdorp", "Gemeente Leiderdorp", "gemeente", None, "Buurgemeente van Leiden."),
    ("oegstgeest", "Gemeente Oegstgeest", "gemeente", None, "Buurgemeente van Leiden."),
]

# key, name, organisation key, function, e-mail. All invented.
PEOPLE: list[tuple[str, str, str, str, str]] = [
    ("secretaris", "Marieke van Dijk", "gemeente", "secretaris Samenwerkingstafel Woningbouw",
     "m.vandijk@example.org"),
    ("wonen", "Ruud Verhoeven", "gemeente", "programmamanager woningbouw",
     "r.verhoeven@example.org"),
    ("wethouder", "Eveline Kok", "gemeente", "wethouder Wonen", "e.kok@example.org"),
    ("kennisstad_pm", "Thijs Bakker", "gemeente", "programmamanager Leiden Kennisstad",
     "t.bakker@example.org"),
    ("directeur", "Willemijn de Graaf", "gemeente", "concerndirecteur", "w.degraaf@example.org"),
    ("regio", "Bas Hendriks", "gemeente", "strategisch adviseur regio", "b.hendriks@example.org"),
    ("participatie", "Anouk Smit", "gemeente", "participatieadviseur", "a.smit@example.org"),
    ("lezer", "Lotte van Leeuwen", "gemeente", "raadsadviseur griffie",
     "l.vanleeuwen@example.org"),
    ("beheer", "Niels Kuipers", "gemeente", "functioneel beheerder", "n.kuipers@example.org"),
    ("portaal", "Femke Jansen", "portaal", "gebiedsontwikkelaar Leiden", "f.jansen@example.nl"),
    ("portaal_dir", "Erik de Boer", "portaal", "directeur vastgoed", "e.deboer@example.nl"),
    ("onsdoel", "Sanne Visser", "onsdoel", "manager wonen", "s.visser@example.nl"),
    ("sleutels", "Koen Dekker", "sleutels", "directeur-bestuurder", "k.dekker@example.nl"),
    ("olz", "Martijn Vos", "olz", "projectdirecteur", "m.vos@example.org"),
    ("stationskwartier", "Laura Timmermans", "stationskwartier", "ontwikkelingsmanager",
     "l.timmermans@example.org"),
    ("rijnoever", "Jasper Claassen", "rijnoever", "fondsmanager", "j.claassen@example.org"),
    ("hbv", "Gerard Meijer", "hbv", "voorzitter", "g.meijer@example.nl"),
    ("zijlpoort", "Yasmina El Amrani", "zijlpoort", "secretaris bestuur",
     "y.elamrani@example.nl"),
    ("voorzitter", "Ingrid Hoekstra", "tafelzaken", "onafhankelijk tafelvoorzitter",
     "i.hoekstra@example.nl"),
    ("kennismakelaar", "Esther Bosman", "kennisstadbureau", "kennismakelaar Leiden Kennisstad",
     "e.bosman@example.org"),
    ("universiteit", "Hanneke Prins", "universiteit", "beleidsadviseur stad en regio",
     "h.prins@example.org"),
    ("universiteit_dir", "Arjen Schouten", "universiteit", "lid college van bestuur",
     "a.schouten@example.org"),
    ("criminoloog", "Rick Vermeulen", "universiteit", "stadscriminoloog",
     "r.vermeulen@example.org"),
    ("hogeschool", "Nadia Hamdi", "hogeschool", "lector", "n.hamdi@example.nl"),
    ("hogeschool_dir", "Jeroen Post", "hogeschool", "lid college van bestuur",
     "j.post@example.nl"),
    ("naturalis", "Maaike de Wit", "naturalis", "programmaleider publiek en onderwijs",
     "m.dewit@example.nl"),
    ("naturalis_dir", "Tom Bergsma", "naturalis", "directeur", "t.bergsma@example.nl"),
    ("mborijnland", "Kevin Jacobs", "mborijnland", "beleidsmedewerker onderwijs en stad",
     "k.jacobs@example.org"),
    ("mborijnland_dir", "Monique van Wijk", "mborijnland", "voorzitter college van bestuur",
     "m.vanwijk@example.org"),
    ("politie", "Ronald Smits", "politie", "teamchef", "r.smits@example.org"),
    ("platform31", "Judith Vermeer", "platform31", "programmaleider", "j.vermeer@example.nl"),
    ("platform31_dir", "Wouter Groen", "platform31", "programmadirecteur", "w.groen@example.nl"),
    ("voorschoten", "Els van den Berg", "voorschoten", "beleidsadviseur ruimte",
     "e.vandenberg@example.org"),
    ("zoeterwoude", "Mark Hermans", "zoeterwoude", "adviseur economie",
     "m.hermans@example.org"),
    ("leiderdorp", "Ilse Koster", "leiderdorp", "beleidsadviseur sociaal domein",
     "i.koster@example.org"),
    ("oegstgeest", "Sander Blom", "oegstgeest", "adviseur wonen", "s.blom@example.org"),
]  # fmt: skip

# Interests (belangen) of each kind of partner on each standing subject of the Woningbouw table.
WONINGBOUW_INTERESTS: dict[str, dict[str, str]] = {
    "gemeente": {
        TOPICS_WONINGBOUW[0]: "Ruim 8.000 woningen voor 2030, 35 % sociale huur en 35 % midden"
        " in nieuwbouw; doorstroming van senioren op gang brengen.",
        TOPICS_WONINGBOUW[1]: "Ontwikkelruimte eerlijk verdelen; lusten en lasten van de"
        " stadsopgaven samen dragen.",
        TOPICS_WONINGBOUW[2]: "Vroeg beginnen, minimaal raadplegen, participatieplan en"
        " -rapportage openbaar (beleidsregels participatie).",
        TOPICS_WONINGBOUW[3]: "Levendige wijken zonder uitleglocaties: wonen, werken en"
        " voorzieningen mengen.",
    },
    "woningcorporatie": {
        TOPICS_WONINGBOUW[0]: "Meer sociale huur bouwen en wachttijden verkorten; senioren"
        " verleiden om te verhuizen naar een passende woning.",
        TOPICS_WONINGBOUW[1]: "Gelijke toegang tot locaties en grond tegen een haalbare"
        " grondprijs voor sociale huur.",
        TOPICS_WONINGBOUW[2]: "Huurders vroeg betrekken bij renovatie en sloop-nieuwbouw.",
        TOPICS_WONINGBOUW[3]: "Plinten voor maatschappelijke voorzieningen, met een"
        " sluitende exploitatie.",
    },
    "ontwikkelaar": {
        TOPICS_WONINGBOUW[0]: "Een voorspelbaar woonprogramma per locatie; snelheid van plan"
        " tot start bouw.",
        TOPICS_WONINGBOUW[1]: "Heldere, gelijke spelregels voor grondprijs en"
        " segmentverdeling tussen markt en corporaties.",
        TOPICS_WONINGBOUW[2]: "Participatie die vooraf duidelijk is in vorm en doorlooptijd.",
        TOPICS_WONINGBOUW[3]: "Functiemenging die financieel haalbaar blijft.",
    },
    "belegger": {
        TOPICS_WONINGBOUW[0]: "Middenhuur die ook na de Wet betaalbare huur rendabel is.",
        TOPICS_WONINGBOUW[1]: "Stabiele afspraken over huurprijzen en looptijden.",
        TOPICS_WONINGBOUW[2]: "Draagvlak in de buurt voor nieuwe huurcomplexen.",
        TOPICS_WONINGBOUW[3]: "Commerciële plinten met een betrouwbare huurder.",
    },
    "huurdersorganisatie": {
        TOPICS_WONINGBOUW[0]: "Betaalbare woningen voor wie nu wacht; doorstroming zonder"
        " hogere woonlasten.",
        TOPICS_WONINGBOUW[1]: "Genoeg sociale huur in elk project, ook bij marktpartijen.",
        TOPICS_WONINGBOUW[2]: "Een echte stem voor huurders, niet pas na het ontwerp.",
        TOPICS_WONINGBOUW[3]: "Buurtvoorzieningen dichtbij: huiskamer, zorgpost, winkel.",
    },
}

KENNISSTAD_INTERESTS: dict[str, dict[str, str]] = {
    "gemeente": {
        TOPICS_KENNISSTAD[0]: "Kennis die direct bruikbaar is in beleid: studentenwelzijn,"
        " veiligheidsbeleving.",
        TOPICS_KENNISSTAD[1]: "De vergroeningsopgave vertalen naar onderzoek met de stad.",
        TOPICS_KENNISSTAD[2]: "Leiden profileren als stad van kennis en cultuur in Europa.",
    },
    "universiteit": {
        TOPICS_KENNISSTAD[0]: "Praktijkgericht onderzoek met de stad als onderzoekslab.",
        TOPICS_KENNISSTAD[1]: "Veldwerk en data over stadsnatuur.",
        TOPICS_KENNISSTAD[2]: "Collecties en erfgoed ontsluiten voor onderwijs.",
    },
    "hogeschool": {
        TOPICS_KENNISSTAD[0]: "Studenten met hun poten in de klei bij stadspartners.",
        TOPICS_KENNISSTAD[1]: "Praktijkopdrachten voor groen en water in de wijk.",
        TOPICS_KENNISSTAD[2]: "Stages bij musea en erfgoedinstellingen.",
    },
    "naturalis": {
        TOPICS_KENNISSTAD[0]: "Natuur als bron van gezondheid: publieksprogramma's.",
        TOPICS_KENNISSTAD[1]: "Citizen science: inwoners tellen soorten in hun tuin.",
        TOPICS_KENNISSTAD[2]: "De collectie zichtbaar maken in de wijken.",
    },
    "mborijnland": {
        TOPICS_KENNISSTAD[0]: "Welzijn van mbo-studenten evenveel aandacht als dat van"
        " hbo- en wo-studenten.",
        TOPICS_KENNISSTAD[1]: "Groene vakopleidingen koppelen aan projecten in de stad.",
        TOPICS_KENNISSTAD[2]: "Vakmanschap in restauratie en erfgoed.",
    },
}


def _weekday_back(day: dt.date) -> dt.date:
    """The day itself when it is a weekday, else the Friday before."""
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def _at(day: dt.date, hour: int, minute: int = 0) -> str:
    return dt.datetime.combine(day, dt.time(hour, minute)).isoformat(sep=" ", timespec="minutes")


class _Builder:
    def __init__(self, ws: Any, today: dt.date):
        self.ws = ws
        self.today = today
        self.orgs: dict[str, Record] = {}
        self.people: dict[str, Record] = {}
        self.tables: dict[str, Record] = {}
        self.meetings: dict[str, int] = {}

    def day(self, offset: int) -> dt.date:
        return self.today + dt.timedelta(days=offset)

    # -- organisations and people ---------------------------------------------------------
    def partners_and_people(self) -> None:
        for key, name, kind, website, notes in ORGANISATIONS:
            values = {"name": name, "kind": kind, "notes": notes}
            if website:
                values["website"] = website
            self.orgs[key] = self.ws.organisations.create(**values)
        for i, (key, name, org, function, email) in enumerate(PEOPLE):
            self.people[key] = self.ws.people.create(
                name=name,
                organisation_id=self.orgs[org].id,
                function=function,
                email=email,
                phone=f"06 0000 {101 + i:04d}",
            )

    def org(self, key: str) -> int:
        return self.orgs[key].id

    def person(self, key: str) -> int:
        return self.people[key].id

    def reps(self, org_key: str) -> list[int]:
        return [p.id for p in self.people.values() if p.organisation_id == self.org(org_key)]

    def intake(self) -> None:
        """Input from the city through the services: taken in, one placed on the next
        Woningbouw meeting after that (its origin shows on the agenda), one answered."""
        for table, sender, subject, description, channel, ago, outcome in INTAKE:
            record = self.ws.intake.add(
                table_id=self.tables[table].id,
                sender=sender,
                subject=subject,
                description=description,
                channel=channel,
                received_on=self.day(-ago).isoformat(),
            )
            if outcome == "agenda":
                first = self.ws.meetings.next_meeting(self.tables[table].id, self.today.isoformat())
                later = self.ws.meetings.next_meeting(self.tables[table].id, first.starts_at)
                self.ws.intake.place(record.id, record.version, later.id)
            elif outcome:
                self.ws.intake.answer(
                    record.id, record.version, outcome, self.day(-ago + 7).isoformat()
                )

    # -- agenda helpers -------------------------------------------------------------------
    def submit(
        self,
        meeting: Record,
        who: str | None,
        title: str,
        description: str,
        *,
        purpose: str = "bespreking",
        minutes: int = 20,
        days_before_deadline: int = 2,
        late_by_hours: int | None = None,
        origin: str = "partner",
        org: str | None = None,
        ago: int | None = None,
    ) -> Record:
        """Submit an item ``days_before_deadline`` before the meeting's deadline, ``late_by_hours``
        after it, or ``ago`` days before today (for meetings whose deadline is still ahead)."""
        deadline = dt.datetime.fromisoformat(meeting.submission_deadline)
        if ago is not None:
            when = dt.datetime.combine(self.day(-ago), dt.time(10, 15))
        elif late_by_hours is not None:
            when = deadline + dt.timedelta(hours=late_by_hours)
        else:
            when = deadline - dt.timedelta(days=days_before_deadline, hours=6)
        if when.date() >= self.today:
            raise AssertionError(f"demo item {title!r} would be submitted in the future")
        person = self.people[who] if who else None
        org_id = self.org(org) if org else (person.organisation_id if person else None)
        return self.ws.agenda.submit(
            meeting.table_id,
            title,
            meeting_id=meeting.id,
            org_id=org_id,
            person_id=person.id if person else None,
            description=description,
            purpose=purpose,
            duration_minutes=minutes,
            origin=origin,
            submitted_at=when.isoformat(sep=" ", timespec="minutes"),
        )

    def ready(self, meeting_id: int) -> None:
        """The meeting's agenda vastgesteld: every submitted item taken onto it first."""
        meeting = self.ws.meetings.get(meeting_id)
        if meeting.status != "gepland":
            return
        for item in self.ws.agenda.of_meeting(meeting_id):
            if item.status == "ingediend":
                self.ws.agenda.accept(item.id, item.version)
        meeting = self.ws.meetings.get(meeting_id)
        self.ws.meetings.set_agenda(meeting.id, meeting.version)

    def on_agenda(self, item: Record) -> Record:
        self.ready(item.meeting_id)
        item = self.ws.agenda.get(item.id)
        if item.status == "ingediend":
            item = self.ws.agenda.accept(item.id, item.version)
        return item

    def handle(self, item: Record, minutes: str) -> Record:
        item = self.on_agenda(item)
        return self.ws.agenda.handled(item.id, item.version, minutes=minutes)

    def postpone(self, item: Record, minutes: str | None = None) -> Record:
        """Postpone ``item`` to the next meeting; return the carried copy."""
        item = self.on_agenda(item)
        if minutes:
            item = self.ws.agenda.append_minutes(item.id, item.version, minutes)
        return self.ws.agenda.postpone(item.id, item.version)

    def carried(self, meeting: Record) -> list[Record]:
        return [i for i in self.ws.agenda.of_meeting(meeting.id) if i.origin == "doorgeschoven"]

    def close_meeting(self, meeting: Record, status: str, notes: str | None = None) -> Record:
        """Walk the meeting's lifecycle up to ``status`` (gehouden or verslag vastgesteld)."""
        current = self.ws.meetings.get(meeting.id)
        if notes:
            current = self.ws.meetings.update(current.id, current.version, notes=notes)
        self.ready(current.id)
        self.attend(current.id)
        steps = ["gehouden", "verslag vastgesteld"]
        for step in steps[: steps.index(status) + 1]:
            current = self.ws.meetings.get(current.id)
            if current.status != step:
                current = self.ws.meetings.set_status(current.id, current.version, step)
        return current

    def attend(self, meeting_id: int) -> None:
        """Attendance as the minutes record it: each representative, the chair and the
        secretary present, every fourth (in the register's order) afwezig met bericht."""
        for n, row in enumerate(self.ws.attendance.of_meeting(meeting_id)):
            if row.status is None:
                status = "afwezig met bericht" if n % 4 == 3 else "aanwezig"
                self.ws.attendance.set(meeting_id, row.person_id, status)

    def action(
        self,
        table: str,
        who: str,
        text: str,
        due: int,
        *,
        kind: str = "actie",
        meeting: Record | None = None,
        item: Record | None = None,
        done: int | None = None,
    ) -> Record:
        rec = self.ws.actions.create(
            table_id=self.tables[table].id,
            kind=kind,
            text=text,
            owner_org_id=self.people[who].organisation_id,
            owner_person_id=self.person(who),
            due=self.day(due).isoformat(),
            meeting_id=meeting.id if meeting else None,
            agenda_item_id=item.id if item else None,
        )
        if done is not None:
            rec = self.ws.actions.close(rec.id, rec.version, done_on=self.day(done).isoformat())
        return rec

    def accept_open(self, meeting: Record, *, except_late: bool = True) -> None:
        for item in self.ws.agenda.of_meeting(meeting.id):
            if item.status == "ingediend" and not (except_late and item.late):
                self.ws.agenda.accept(item.id, item.version)

    def rules_of_the_tables(self) -> None:
        """Each table's day and hour (from its next meeting) and the Woningbouw table's standard
        agenda: set after the history, so only meetings planned from now on get them."""
        ws = self.ws
        for key, table in self.tables.items():
            nxt = self.meetings.get(f"{key}_next")
            values: dict[str, Any] = {"deadline_working_days": 5}
            if nxt:
                start = dt.datetime.fromisoformat(ws.meetings.get(nxt).starts_at)
                values.update(meeting_weekday=start.isoweekday(), meeting_time=f"{start:%H:%M}")
            if key == "woningbouw":
                values["standard_agenda"] = STANDARD_AGENDA
            current = ws.tables.get(table.id)
            self.tables[key] = ws.tables.update(table.id, current.version, **values)

    # -- Samenwerkingstafel Woningbouw ----------------------------------------------------
    def woningbouw(self) -> None:
        ws = self.ws
        partners = [
            "gemeente",
            "portaal",
            "onsdoel",
            "sleutels",
            "olz",
            "stationskwartier",
            "rijnoever",
            "hbv",
            "zijlpoort",
        ]
        table = ws.tables.create(
            name=WONINGBOUW,
            kind="samenwerkingstafel",
            topics=TOPICS_WONINGBOUW,
            description="Leidse Samenwerkingstafel Woningbouw: gemeente, ontwikkelaars,"
            " beleggers, corporaties en huurdersverenigingen versnellen samen de bouw van ruim"
            " 8.000 woningen voor 2030, in alle segmenten (sociaal, midden, duur; koop en huur)."
            " Een platform voor gesprek, actiegericht, met ruimte voor inbreng uit de stad.",
            chair_person_id=self.person("voorzitter"),
            secretary_person_id=self.person("secretaris"),
            rhythm="weeks:6",
            period_start=self.day(-730).isoformat(),
            admission_min_partners=2,
            default_minutes=120,
        )
        self.tables["woningbouw"] = table
        for key in partners:
            since = self.day(-300 if key == "zijlpoort" else -730).isoformat()
            ws.memberships.add(table.id, self.org(key), representatives=self.reps(key), since=since)

        agreements = [
            ("samenstelling", "Aan tafel zitten de gemeente, de Leidse woningcorporaties,"
             " ontwikkelaars, beleggers en huurdersorganisaties; elke partij met één vaste"
             " vertegenwoordiger en een vervanger. Nieuwe partners treden toe als de tafel"
             " daarmee instemt en zij de missie ondertekenen."),
            ("frequentie", "De tafel komt elke zes weken bijeen, twee uur. Eens per jaar is er"
             " een open bijeenkomst met inbreng vanuit de stad."),
            ("vorm", "Een platform voor gesprek, gericht op het versnellen van de uitvoering."
             " Elke bijeenkomst eindigt met acties en toezeggingen, met eigenaar en datum."),
            ("inbreng", "Deelnemers werken onderwerpen uit en agenderen die uiterlijk een week"
             " voor het overleg (17.00 uur). Later ingediende punten behandelt de tafel alleen"
             " als de voorzitter dat goedvindt."),
            ("voorzitter", "Een onafhankelijke tafelvoorzitter leidt de overleggen en bewaakt"
             " continuïteit, balans en overzicht. De secretaris (gemeente) bereidt de agenda"
             " voor en legt besluiten en acties vast."),
            ("besluitvorming", "De tafel besluit bij consensus; elke partij besluit daarna"
             " binnen de eigen organisatie."),
        ]  # fmt: skip
        for subject, text in agreements:
            ws.working_agreements.create(table_id=table.id, subject=subject, text=text)

        for key in partners:
            kind = self.orgs[key].kind
            for topic, text in WONINGBOUW_INTERESTS[kind].items():
                ws.interests.create(
                    table_id=table.id, organisation_id=self.org(key), topic=topic, text=text
                )

        # The first version, a month before the one the table works with now.
        first = self.day(-730)
        ws.missions.revise(
            table.id,
            "Samen zorgen we voor het sneller beschikbaar komen van woningen in Leiden."
            " Daarvoor bundelen gemeente, corporaties, ontwikkelaars en beleggers hun krachten:"
            " we versnellen projecten en verdelen de ontwikkelruimte eerlijk.",
            adopted_on=first.isoformat(),
        )
        for i, (org, who) in enumerate(
            [("gemeente", "wethouder"), ("portaal", "portaal_dir"), ("sleutels", "sleutels")]
        ):
            on = first + dt.timedelta(days=3 + i)
            ws.missions.record_signature(
                table.id, self.org(org), self.person(who), signed_on=on.isoformat()
            )

        adopted = self.day(-700)
        ws.missions.revise(
            table.id,
            "Samen zorgen we voor het sneller beschikbaar komen van een passende woning voor"
            " iedere Leidenaar, in een prettige stad met een hoogwaardige en inclusieve"
            " leefomgeving. Daarvoor bundelen gemeente, corporaties, ontwikkelaars, beleggers en"
            " huurders hun krachten: we versnellen projecten, borgen kwaliteit, verdelen de"
            " ontwikkelruimte eerlijk en dragen de lusten en lasten van de stadsopgaven samen.",
            adopted_on=adopted.isoformat(),
        )
        signers = {
            "gemeente": "wethouder",
            "portaal": "portaal_dir",
            "onsdoel": "onsdoel",
            "sleutels": "sleutels",
            "olz": "olz",
            "stationskwartier": "stationskwartier",
            "rijnoever": "rijnoever",
            "hbv": "hbv",
            "zijlpoort": "zijlpoort",
        }
        for i, (org, who) in enumerate(signers.items()):
            on = self.day(-290) if org == "zijlpoort" else adopted + dt.timedelta(days=7 + i)
            ws.missions.record_signature(
                table.id, self.org(org), self.person(who), signed_on=on.isoformat()
            )

        ws.goals.create(
            table_id=table.id,
            description="8.000 woningen in 2030 (seed: 'ruim 8.000 nieuwe woningen voor 2030')",
            target_value=8000,
            unit="woningen",
            deadline="2029-12-31",
            indicator="woningbouw:homes_delivered",
            current_value=3450,
            position=0,
        )
        ws.goals.create(
            table_id=table.id,
            description="Elke partner agendeert minstens één onderwerp per jaar",
            target_value=len(partners),
            unit="partners",
            deadline=dt.date(self.today.year, 12, 31).isoformat(),
            indicator="manual",
            current_value=7,
            position=1,
        )

        # Meetings every six weeks: four held, the next one within a week (its deadline has
        # passed), two more after it.
        nxt = _weekday_back(self.day(5))
        first = nxt - dt.timedelta(weeks=6 * 4)
        meetings = ws.meetings.create_series(
            table.id,
            _at(first, 15),
            "weeks:6",
            7,
            ends_at=_at(first, 17),
            kind="tafel",
            location="Stadhuis Leiden, Burgerzaal",
        )
        m0, m1, m2, m3, nm, m5, _m6 = meetings
        self.meetings["woningbouw_next"] = nm.id
        self.meetings["woningbouw_last_held"] = m3.id

        # m0: doorstroming pilot, decided with a review half a year later (due soon now).
        a = self.submit(
            m0,
            "wonen",
            "Woonprogramma en doorstroming: aanpak senioren",
            "Veel senioren wonen in een te grote eengezinswoning. Voorstel: een pilot waarin"
            " corporaties senioren met voorrang een passende nieuwbouwwoning aanbieden, zodat"
            " de doorstroming op gang komt.",
            purpose="besluitvorming",
            minutes=30,
        )
        b = self.submit(
            m0,
            "portaal",
            "Wachttijden sociale huur en toewijzing",
            "Portaal licht de wachttijden in de Leidse regio toe en wat nieuwbouw daaraan doet.",
            purpose="informatie",
        )
        a = self.handle(
            a,
            "Breed gedragen. Portaal, Ons Doel en De Sleutels doen mee; de gemeente zorgt voor"
            " de voorrangsregeling. HBV Leiden vraagt om aandacht voor de huur na verhuizing.",
        )
        self.handle(b, "Toegelicht; de cijfers gaan mee in de actualisatie van het woonprogramma.")
        ws.decisions.record_decision(
            m0.id,
            "Pilot 'Van groot naar beter': de corporaties bieden senioren met voorrang een"
            " passende nieuwbouwwoning aan om de doorstroming te bevorderen; evaluatie na een"
            " half jaar.",
            agenda_item_id=a.id,
            review_date=self.day(9).isoformat(),
        )
        self.action(
            "woningbouw",
            "onsdoel",
            "Voorrangsregeling senioren opnemen in het toewijzingsbeleid van Ons Doel",
            -120,
            meeting=m0,
            item=a,
            done=-125,
        )
        self.close_meeting(m0, "verslag vastgesteld", "Verslag vastgesteld op de volgende tafel.")

        # m1: gelijk speelveld and participatie; the Stationsgebied item is postponed.
        c = self.submit(
            m1,
            "olz",
            "Gelijk speelveld: verdeling van ontwikkelruimte tussen markt en corporaties",
            "Hoe verdelen we schaarse locaties zonder dat de een de ander verdringt?"
            " Ontwikkelaars willen voorspelbare spelregels voor grondprijs en segmenten.",
            minutes=30,
        )
        d = self.submit(
            m1,
            "zijlpoort",
            "Huurders vroeg betrekken bij renovatie en sloop-nieuwbouw",
            "De Zijlpoort vraagt huurders te betrekken vóór het ontwerp, niet erna.",
        )
        e = self.submit(
            m1,
            "stationskwartier",
            "Fasering Stationsgebied en de woningbouwplanning",
            "Wat betekent de nieuwe inrichting van het stationsgebied voor de planning van de"
            " woningbouw eromheen?",
        )
        self.handle(c, "Eerste verkenning; de spelregels komen terug zodra er een voorstel ligt.")
        self.handle(d, "Onderschreven. Verbinden met de Handreiking samenwerken in de stad.")
        e = self.postpone(e, "Geen tijd meer; door naar de volgende tafel.")
        self.action(
            "woningbouw",
            "stationskwartier",
            "Planning fasering Stationsgebied delen met de tafel",
            -60,
            meeting=m1,
        )
        self.close_meeting(m1, "verslag vastgesteld", "Verslag vastgesteld op de volgende tafel.")

        # m2: participatie; the Stationsgebied item is postponed again.
        f = self.submit(
            m2,
            "hbv",
            "Participatie: Handreiking samenwerken in de stad toepassen op woningbouwprojecten",
            "Vroeg beginnen, minimaal raadplegen, en een openbaar participatieplan en"
            " participatierapportage per project. Ook jongeren, internationals en mensen met"
            " weinig tijd bereiken.",
            purpose="besluitvorming",
            minutes=30,
        )
        g = self.submit(
            m2,
            "sleutels",
            "Functiemenging: maatschappelijke voorzieningen in nieuwbouwplinten",
            "Welke plinten kunnen een huiskamer, zorgpost of buurtwinkel krijgen, en wie betaalt"
            " de onrendabele top?",
        )
        f = self.handle(f, "Iedere partij past de handreiking toe bij eigen projecten.")
        self.handle(g, "De Sleutels inventariseert plinten in het bestaande bezit.")
        ws.decisions.record_decision(
            m2.id,
            "De tafel hanteert de Handreiking samenwerken in de stad: participatie begint vroeg,"
            " minimaal op de trede raadplegen, met een openbaar participatieplan en"
            " participatierapportage.",
            agenda_item_id=f.id,
        )
        self.action(
            "woningbouw",
            "rijnoever",
            "Rendementseisen van beleggers voor middenhuur toelichten",
            -20,
            meeting=m2,
            done=-22,
        )
        (e,) = [i for i in self.carried(m2) if i.title == e.title]
        e = self.postpone(e, "Opnieuw doorgeschoven: het stationsontwerp is nog niet rond.")
        self.close_meeting(m2, "verslag vastgesteld", "Verslag vastgesteld op de volgende tafel.")

        # m3: the last held meeting; minutes not yet adopted.
        h = self.submit(
            m3,
            "secretaris",
            "Prioritaire onderwerpen voor dit jaar",
            "Voorstel: woonprogramma en doorstroming, gelijk speelveld, participatie en"
            " functiemenging blijven de vaste agenda.",
            purpose="besluitvorming",
            minutes=15,
        )
        i_ = self.submit(
            m3,
            "rijnoever",
            "Rendement en risico bij middenhuur: wat hebben beleggers nodig?",
            "Na de Wet betaalbare huur staat de businesscase van middenhuur onder druk.",
            minutes=30,
        )
        j = self.submit(
            m3,
            "portaal",
            "Doorstroming: cijfers senioren in de eigen voorraad",
            "Hoeveel huishoudens van 65+ wonen in een eengezinswoning van Portaal?",
            purpose="informatie",
        )
        k = self.submit(
            m3,
            "onsdoel",
            "Participatieplan Lammenschans",
            "Ons Doel legt het participatieplan voor de nieuwbouw bij Lammenschans voor.",
        )
        h = self.handle(h, "Vastgesteld zonder wijzigingen.")
        i_ = self.handle(
            i_,
            "Beleggers vragen om duidelijkheid over huurprijs en looptijd; corporaties willen"
            " gelijke toegang tot locaties. Gezamenlijk voorstel afgesproken.",
        )
        j = self.handle(j, "Portaal zegt toe de cijfers aan te leveren.")
        self.postpone(k, "Niet aan toegekomen; door naar de volgende tafel.")
        (e,) = [i for i in self.carried(m3) if i.title == e.title]
        self.postpone(e, "Voor de derde keer doorgeschoven; voorzitter vraagt om een besluit.")
        ws.decisions.record_decision(
            m3.id,
            "De vaste agenda blijft: woonprogramma en doorstroming, gelijk speelveld markt,"
            " gemeente en corporaties, participatie en functiemenging.",
            agenda_item_id=h.id,
        )
        ws.decisions.record_decision(
            m3.id,
            "Ontwikkelaars, beleggers en corporaties werken samen een voorstel uit voor een"
            " gelijk speelveld bij de verdeling van ontwikkelruimte en grondprijzen.",
            agenda_item_id=i_.id,
            review_date=self.day(120).isoformat(),
        )
        self.action(
            "woningbouw",
            "wonen",
            "Concept woonprogramma met doorstromingsparagraaf rondsturen aan de tafel",
            -10,
            meeting=m3,
            item=h,
        )
        self.action(
            "woningbouw",
            "portaal",
            "Portaal levert cijfers aan over de doorstroming van senioren in de eigen voorraad",
            -4,
            kind="toezegging",
            meeting=m3,
            item=j,
        )
        self.action(
            "woningbouw",
            "wethouder",
            "De wethouder laat weten hoe de tafel betrokken"
            " wordt bij de herziening van de doelgroepenverordening",
            -18,
            kind="toezegging",
            meeting=m3,
        )
        self.action(
            "woningbouw",
            "olz",
            "Voorstel gezamenlijke grondprijssystematiek middenhuur uitwerken",
            12,
            meeting=m3,
            item=i_,
        )
        self.action(
            "woningbouw",
            "hbv",
            "Ervaringen van huurders met participatie bij sloop-nieuwbouw bundelen",
            (nxt - self.today).days,
            meeting=m3,
        )
        self.action(
            "woningbouw",
            "sleutels",
            "Lijst van plinten in bestaand bezit die beschikbaar kunnen komen voor functiemenging",
            30,
            kind="toezegging",
            meeting=m3,
        )
        self.action(
            "woningbouw",
            "onsdoel",
            "Participatieplan Lammenschans aanvullen met jongeren en internationals",
            -1,
            meeting=m3,
            item=k,
        )
        self.close_meeting(m3, "gehouden")

        # The next meeting: items from several partners before the deadline, one after it.
        self.submit(
            nm,
            "wonen",
            "Actualisatie woonprogramma: doorstroming en doelgroepenverordening",
            "Stand van zaken van het woonprogramma, met de doorstroming van senioren en de"
            " herziene doelgroepenverordening.",
            purpose="besluitvorming",
            minutes=30,
            days_before_deadline=4,
        )
        self.submit(
            nm,
            "portaal",
            "Pilot Van groot naar beter: eerste resultaten doorstroming",
            "Hoeveel senioren zijn verhuisd en welke woningen kwamen vrij?",
            purpose="informatie",
            days_before_deadline=3,
        )
        self.submit(
            nm,
            "olz",
            "Gelijk speelveld: voorstel grondprijssystematiek middenhuur",
            "Eerste opzet van het gezamenlijke voorstel van ontwikkelaars, beleggers en"
            " corporaties.",
            minutes=30,
            days_before_deadline=1,
        )
        self.submit(
            nm,
            "hbv",
            "Participatie van huurders bij sloop-nieuwbouw: ervaringen",
            "HBV Leiden bundelt wat huurders meemaakten bij recente projecten.",
            days_before_deadline=1,
        )
        self.submit(
            nm,
            "participatie",
            "Inbreng uit de stad: bewonersavond Leiden-Noord over functiemenging",
            "Bewoners vragen om een huisartsenpost en een buurthuis in de plint van nieuwbouw.",
            purpose="informatie",
            minutes=10,
            origin="stad",
            days_before_deadline=2,
        )
        self.accept_open(nm)
        self.submit(
            nm,
            "zijlpoort",
            "Functiemenging: buurtvoorzieningen in de plint van nieuwbouw Lammenschans",
            "Huurders willen een ontmoetingsruimte in de nieuwbouw. Ingediend na de deadline.",
            late_by_hours=17,
        )

        # The meeting after: one early item; one item on the backlog.
        self.submit(
            m5,
            "wonen",
            "Monitor woningbouw: voortgang naar 8.000 woningen",
            "Halfjaarlijkse monitor: opgeleverd, in aanbouw, vergund en harde plancapaciteit.",
            purpose="informatie",
            ago=3,
        )
        ws.agenda.submit(
            table.id,
            "Verduurzaming en nieuwbouw: één aanpak per wijk?",
            org_id=self.org("sleutels"),
            person_id=self.person("sleutels"),
            description="Idee van De Sleutels; nog geen datum.",
            submitted_at=_at(self.day(-12), 11),
        )

    # -- Leiden Kennisstad ----------------------------------------------------------------
    def kennisstad(self) -> None:
        ws = self.ws
        partners = ["gemeente", "universiteit", "hogeschool", "naturalis", "mborijnland"]
        table = ws.tables.create(
            name=KENNISSTAD,
            kind="werkgroep",
            topics=TOPICS_KENNISSTAD,
            description="Gemeente Leiden, Universiteit Leiden, Hogeschool Leiden, Naturalis en"
            " mboRijnland laten stad en inwoners maximaal profiteren van de kennis in Leiden."
            " Een project hoort erbij als minstens drie van de vijf partners meedoen en het past"
            " binnen een van de drie thema's. De werkgroep komt elke vier weken bijeen; eens per"
            " jaar is er een symposium.",
            chair_person_id=self.person("kennisstad_pm"),
            secretary_person_id=self.person("kennismakelaar"),
            rhythm="weeks:4",
            period_start=self.day(-1500).isoformat(),
            admission_min_partners=3,
            default_minutes=90,
        )
        self.tables["kennisstad"] = table
        for key in partners:
            ws.memberships.add(
                table.id,
                self.org(key),
                representatives=[self.person(key if key != "gemeente" else "kennisstad_pm")],
                since=self.day(-1500).isoformat(),
            )
        agreements = [
            ("samenstelling", "Elke partner vaardigt één vertegenwoordiger af in de werkgroep"
             " en een bestuurder in de stuurgroep. De kennismakelaar is van alle partijen."),
            ("frequentie", "Werkgroep elke vier weken, stuurgroep elk kwartaal, symposium"
             " eens per jaar."),
            ("besluitvorming", "Een project valt binnen Leiden Kennisstad als minstens drie van"
             " de vijf partners meedoen en het binnen een van de drie thema's past."),
            ("financiën", "De vijf partners financieren samen de kernorganisatie. Projecten"
             " worden ad hoc gefinancierd uit de budgetten van de deelnemende partijen;"
             " afspraken over geld maken we aan de voorkant."),
            ("inbreng", "De kennismakelaar maakt ieders belangen expliciet en zoekt een"
             " gezamenlijk tempo voordat een project start."),
        ]  # fmt: skip
        for subject, text in agreements:
            ws.working_agreements.create(table_id=table.id, subject=subject, text=text)
        for key in partners:
            for topic, text in KENNISSTAD_INTERESTS[key].items():
                ws.interests.create(
                    table_id=table.id, organisation_id=self.org(key), topic=topic, text=text
                )

        # Mission: one partner still has to sign.
        adopted = self.day(-60)
        ws.missions.revise(
            table.id,
            "Stad en inwoners profiteren maximaal van de kennis in Leiden, en de"
            " kennisinstellingen groeien en bloeien in onderzoek en onderwijs. In 2030 is Leiden"
            " een van de gezondste, groenste en meest culturele steden van Nederland en Europa.",
            adopted_on=adopted.isoformat(),
        )
        for i, (org, who) in enumerate(
            [
                ("gemeente", "directeur"),
                ("universiteit", "universiteit_dir"),
                ("hogeschool", "hogeschool_dir"),
                ("naturalis", "naturalis_dir"),
            ]
        ):
            ws.missions.record_signature(
                table.id,
                self.org(org),
                self.person(who),
                signed_on=(adopted + dt.timedelta(days=5 + 3 * i)).isoformat(),
            )

        ws.goals.create(
            table_id=table.id,
            description="Lopende projecten binnen de drie thema's met minstens drie partners",
            target_value=10,
            unit="projecten",
            deadline="2030-12-31",
            indicator="manual",
            current_value=4,
        )

        initiatives = [
            ("Taskforce studentenhuisvesting", "gezondheid & welzijn",
             ["gemeente", "universiteit", "hogeschool", "mborijnland"], "lopend",
             "Op basis van de trend in inschrijvingen bepalen hoeveel studentenwoningen nodig"
             " zijn; breder kijken naar studentenwelzijn."),
            ("Verklaring studentenwelzijn", "gezondheid & welzijn",
             ["gemeente", "universiteit", "hogeschool", "mborijnland"], "afgerond",
             "Gemeente en alle Leidse onderwijsinstellingen tekenden een verklaring voor het"
             " verbeteren van het studentenwelzijn."),
            ("Stadscriminoloog", "gezondheid & welzijn",
             ["universiteit", "gemeente"], "voorstel",
             "Onderzoek naar de veiligheidsbeleving van inwoners met concrete voorstellen"
             " (verlichting, groen snoeien, cameratoezicht). Universiteit, gemeente en politie"
             " (geen lid van de tafel): Leiden Kennisstad in signatuur, formeel maar twee van"
             " de vijf partners."),
            ("Biodiversiteit in Leidse tuinen", "biodiversiteit",
             ["naturalis", "universiteit", "hogeschool", "gemeente"], "lopend",
             "Citizen science: inwoners tellen soorten in hun tuin; studenten analyseren."),
            ("Collecties in de wijk", "cultureel erfgoed & collecties",
             ["naturalis", "universiteit", "mborijnland"], "voorstel",
             "Stukken uit de collecties tijdelijk tentoonstellen in buurthuizen en scholen."),
            ("Groene schoolpleinen", "biodiversiteit", ["gemeente", "mborijnland"], "voorstel",
             "Leerlingen van groene vakopleidingen vergroenen schoolpleinen; een derde partner"
             " wordt nog gezocht."),
            ("Levendige winkelstraten", "economie", ["gemeente", "hogeschool", "mborijnland"],
             "voorstel",
             "Onderzoek naar de levendigheid van winkelstraten: past niet binnen een thema."),
        ]  # fmt: skip
        # Every initiative starts as a voorstel; the ones inside the frame were admitted.
        for title, topic, orgs, status, description in initiatives:
            initiative = ws.initiatives.create(
                table_id=table.id,
                title=title,
                topic=topic,
                organisation_ids=[self.org(o) for o in orgs],
                description=description,
            )
            if status != "voorstel":
                initiative = ws.initiatives.admit(initiative.id, initiative.version)
            if status not in ("voorstel", "lopend"):
                ws.initiatives.update(initiative.id, initiative.version, status=status)

        # Werkgroep: every four weeks, four held, the next one with its deadline closing soon.
        nxt = _weekday_back(self.day(11))
        first = nxt - dt.timedelta(weeks=4 * 4)
        k0, k1, k2, k3, kn, _k5 = ws.meetings.create_series(
            table.id,
            _at(first, 10),
            "weeks:4",
            6,
            ends_at=_at(first, 11, 30),
            kind="werkgroep",
            title="Werkgroep Leiden Kennisstad",
            location="Stadhuis Leiden",
        )
        self.meetings["kennisstad_next"] = kn.id
        x = self.submit(
            k0,
            "universiteit",
            "Aftrap taskforce studentenhuisvesting",
            "Inschrijvingstrend en behoefte aan studentenwoningen.",
        )
        self.handle(x, "Taskforce gestart; Hogeschool en mboRijnland haken aan.")
        self.close_meeting(k0, "verslag vastgesteld")
        x = self.submit(
            k1,
            "naturalis",
            "Citizen science: biodiversiteit in Leidse tuinen",
            "Voorstel voor een telling door inwoners, met studenten als analisten.",
            purpose="besluitvorming",
        )
        x = self.handle(x, "Vier partners doen mee; voldoet aan de 3-van-5-regel.")
        ws.decisions.record_decision(
            k1.id,
            "Biodiversiteit in Leidse tuinen wordt een project van Leiden Kennisstad.",
            agenda_item_id=x.id,
            review_date=self.day(150).isoformat(),
        )
        self.close_meeting(k1, "verslag vastgesteld")
        x = self.submit(
            k2,
            "hogeschool",
            "Studentenwelzijn: verklaring gemeente en onderwijsinstellingen",
            "Tekst van de gezamenlijke verklaring.",
            purpose="besluitvorming",
        )
        x = self.handle(x, "Tekst akkoord; ondertekening bij de stuurgroep.")
        ws.decisions.record_decision(
            k2.id,
            "De verklaring studentenwelzijn gaat ter ondertekening naar de stuurgroep.",
            agenda_item_id=x.id,
        )
        self.action(
            "kennisstad",
            "hogeschool",
            "Vertaalslag onderzoek studentenwelzijn naar beleid beschrijven",
            -9,
            meeting=k2,
            done=-11,
        )
        self.close_meeting(k2, "verslag vastgesteld")
        x = self.submit(
            k3,
            "criminoloog",
            "Stadscriminoloog: past het binnen Leiden Kennisstad?",
            "Universiteit, gemeente en politie werken samen;"
            " maar twee van de vijf partners doen mee.",
            purpose="besluitvorming",
            org="universiteit",
        )
        y = self.submit(
            k3,
            "mborijnland",
            "Groene schoolpleinen: een derde partner gezocht",
            "mboRijnland en de gemeente zoeken een derde partner.",
        )
        z = self.submit(
            k3,
            "kennismakelaar",
            "Voorbereiding symposium Leiden Kennisstad",
            "Thema's, sprekers en zaal voor het jaarlijkse symposium.",
            purpose="informatie",
        )
        x = self.handle(
            x, "Past bij het profiel van de stad, maar niet formeel binnen de samenwerking."
        )
        self.handle(y, "Naturalis en Hogeschool Leiden denken erover na.")
        self.handle(z, "Naturalis biedt de zaal aan.")
        ws.decisions.record_decision(
            k3.id,
            "De stadscriminoloog heet Leiden Kennisstad in signatuur: het past bij de"
            " stad als plek van kennis, maar voldoet niet aan de 3-van-5-regel.",
            agenda_item_id=x.id,
        )
        self.action(
            "kennisstad",
            "kennismakelaar",
            "Belangen van de vijf partners rond studentenwelzijn op een rij zetten",
            -6,
            meeting=k3,
        )
        self.action(
            "kennisstad",
            "mborijnland",
            "Nagaan wanneer mboRijnland de missie kan ondertekenen",
            -2,
            meeting=k3,
        )
        self.action(
            "kennisstad",
            "naturalis",
            "Naturalis stelt een collectiebeheerder beschikbaar voor Collecties in de wijk",
            14,
            kind="toezegging",
            meeting=k3,
        )
        self.action(
            "kennisstad",
            "universiteit",
            "Financieringsafspraken stadscriminoloog vastleggen",
            21,
            meeting=k3,
            item=x,
        )
        self.close_meeting(k3, "gehouden")
        self.submit(
            kn,
            "kennisstad_pm",
            "Vergroeningsopgave vertalen naar onderzoeksvragen",
            "Hoe maken we van de gemeentelijke vergroeningsopgave een project waar een"
            " onderzoeker ook iets aan heeft?",
            org="gemeente",
            ago=2,
        )
        self.submit(
            kn,
            "naturalis",
            "Collecties in de wijk: projectvoorstel",
            "Drie partners: Naturalis, Universiteit Leiden en mboRijnland.",
            purpose="besluitvorming",
            ago=1,
        )

        # The yearly symposium: last one held, next one ahead.
        for offset, status in ((-200, "verslag vastgesteld"), (165, "gepland")):
            day = _weekday_back(self.day(offset))
            symposium = ws.meetings.create(
                table_id=table.id,
                kind="symposium",
                title=f"Symposium Leiden Kennisstad {day.year}",
                starts_at=_at(day, 13),
                ends_at=_at(day, 17, 30),
                location="Naturalis Biodiversity Center",
                notes="Jaarlijks symposium: zo'n 170 medewerkers van alle samenwerkende"
                " partijen; dwarsverbanden en toevallige ontmoetingen leveren nieuwe ideeën op.",
            )
            if status != "gepland":
                self.close_meeting(symposium, status)
            else:
                self.meetings["symposium_next"] = symposium.id

    def stuurgroep(self) -> None:
        ws = self.ws
        directors = {
            "gemeente": "directeur",
            "universiteit": "universiteit_dir",
            "hogeschool": "hogeschool_dir",
            "naturalis": "naturalis_dir",
            "mborijnland": "mborijnland_dir",
        }
        table = ws.tables.create(
            name=STUURGROEP,
            kind="stuurgroep",
            topics=TOPICS_KENNISSTAD,
            description="Bestuurders van de vijf partners van Leiden Kennisstad; elk kwartaal.",
            chair_person_id=self.person("directeur"),
            secretary_person_id=self.person("kennismakelaar"),
            rhythm="quarterly",
            period_start=self.day(-1500).isoformat(),
            admission_min_partners=3,
            default_minutes=90,
        )
        self.tables["stuurgroep"] = table
        for org, who in directors.items():
            ws.memberships.add(
                table.id,
                self.org(org),
                representatives=[self.person(who)],
                since=self.day(-1500).isoformat(),
            )
        base = self.day(24)
        days = [_weekday_back(rules.add_months(base, n)) for n in (-6, -3, 0, 3)]
        sg = [
            ws.meetings.create(
                table_id=table.id,
                kind="stuurgroep",
                title="Stuurgroep Leiden Kennisstad",
                starts_at=_at(day, 16),
                ends_at=_at(day, 17, 30),
                location="Academiegebouw, Rapenburg",
            )
            for day in days
        ]
        self.meetings["stuurgroep_next"] = sg[2].id
        x = self.submit(
            sg[0],
            "directeur",
            "Jaarplan Leiden Kennisstad en financiering kernorganisatie",
            "De vijf partners financieren de kernorganisatie samen.",
            purpose="besluitvorming",
        )
        x = self.handle(x, "Jaarplan vastgesteld.")
        ws.decisions.record_decision(
            sg[0].id,
            "Jaarplan vastgesteld; de partners financieren de kernorganisatie gezamenlijk.",
            agenda_item_id=x.id,
            review_date=self.day(180).isoformat(),
        )
        self.close_meeting(sg[0], "verslag vastgesteld")
        x = self.submit(
            sg[1],
            "hogeschool_dir",
            "Vervolg op European City of Science",
            "Hoe profileren we Leiden verder in Europa?",
        )
        y = self.submit(
            sg[1],
            "kennismakelaar",
            "Verklaring studentenwelzijn ondertekenen",
            "Ondertekening door gemeente en onderwijsinstellingen.",
            purpose="besluitvorming",
        )
        self.handle(x, "Hogeschool Leiden werkt een voorstel uit.")
        self.handle(y, "Ondertekend.")
        self.action(
            "stuurgroep",
            "hogeschool_dir",
            "Voorstel vervolg European City of Science",
            -15,
            meeting=sg[1],
            item=x,
        )
        self.action(
            "stuurgroep",
            "directeur",
            "Gemeente reserveert budget voor het symposium",
            40,
            kind="toezegging",
            meeting=sg[1],
        )
        self.close_meeting(sg[1], "gehouden")
        self.submit(
            sg[2],
            "kennismakelaar",
            "Voortgang initiatieven en de 3-van-5-regel",
            "Welke projecten vallen binnen de samenwerking en welke niet?",
            purpose="informatie",
            ago=4,
        )

    # -- Platform31 thematafels -----------------------------------------------------------
    def platform31(self) -> None:
        ws = self.ws
        table = ws.tables.create(
            name=PLATFORM31,
            kind="thematafel",
            topics=TOPICS_PLATFORM31,
            description="Platform31 en de gemeente Leiden maken gebruik van elkaars kennis en"
            " contacten; aan thematafels praten Leiden en de buurgemeenten door over vijf"
            " onderwerpen. Uit te bouwen tot leerkringen.",
            chair_person_id=self.person("platform31_dir"),
            secretary_person_id=self.person("platform31"),
            period_start=self.day(-100).isoformat(),
            admission_min_partners=1,
            default_minutes=180,
        )
        self.tables["platform31"] = table
        for key in ("gemeente", "voorschoten", "zoeterwoude", "leiderdorp", "oegstgeest"):
            who = "regio" if key == "gemeente" else key
            ws.memberships.add(
                table.id,
                self.org(key),
                representatives=[self.person(who)],
                since=self.day(-100).isoformat(),
            )
        ws.memberships.add(
            table.id,
            self.org("platform31"),
            role="adviseur",
            representatives=self.reps("platform31"),
            since=self.day(-100).isoformat(),
        )
        ws.working_agreements.create(
            table_id=table.id,
            subject="vorm",
            text="Per sessie vijf thematafels; de gemeenten geven vooraf aan waarover zij willen"
            " doorpraten. Platform31 brengt kennis uit experimenten en de G32 in.",
        )
        past = _weekday_back(self.day(-95))
        p0 = ws.meetings.create(
            table_id=table.id,
            kind="tafel",
            title="Kennismaking gemeente Leiden en Platform31",
            starts_at=_at(past, 9, 30),
            ends_at=_at(past, 12, 30),
            location="Stadhuis Leiden",
            notes="Landelijke trends, de werkwijze van Platform31 en daarna vijf thematafels.",
        )
        sessions = [
            ("Omgevingswet", "regio", "Werken in de geest van de Omgevingswet",
             "Hoe kunnen we nu al werken in de geest van de Omgevingswet, en geeft dat geen"
             " ongelijkheid tussen steden?"),
            ("transformatie sociaal domein", "regio", "Transformatie in het sociale domein",
             "Creatieve aanpakken na de decentralisaties; flexibilisering van de arbeidsmarkt"
             " aan de onderkant; verbindingen tussen onderwijs en gezondheid."),
            ("stedelijke ontwikkeling nieuwe stijl", "regio", "Stedelijke ontwikkeling nieuwe"
             " stijl", "Hoe laat je in een diffuus speelveld andere partijen ontwikkelen?"),
            ("flexibel wonen", "regio", "Flexibel wonen",
             "Permanente tijdelijkheid, locaties die anders onbespreekbaar zijn, en flexibel"
             " omgaan met eigendom."),
            ("regionale economie", "regio", "Regionale economie",
             "Verbindingen tussen mensen, steden en regio's; wat wel en niet mag op het Leiden"
             " Bio Science Park."),
        ]  # fmt: skip
        for _topic, who, title, text in sessions:
            x = self.submit(p0, who, title, text, minutes=30)
            self.handle(x, "Inspirerend gesprek; vervolg in een leerkring met de buurgemeenten.")
        ws.decisions.record_decision(
            p0.id,
            "Vervolg met een sessie waarin Leiden en de buurgemeenten Voorschoten, Zoeterwoude,"
            " Leiderdorp en Oegstgeest per thema een casus inbrengen.",
        )
        self.action(
            "platform31",
            "platform31",
            "Platform31 deelt de resultaten van het experimentprogramma Ruim op die Regels",
            -12,
            kind="toezegging",
            meeting=p0,
        )
        self.action(
            "platform31",
            "leiderdorp",
            "Verkenning flexwoningen op tijdelijke locaties in de regio",
            35,
            meeting=p0,
        )
        nxt = _weekday_back(self.day(20))
        self.action(
            "platform31",
            "voorschoten",
            "Casus voor de thematafel Omgevingswet aanleveren",
            (nxt - self.today).days - 7,
            meeting=p0,
        )
        self.close_meeting(p0, "verslag vastgesteld")

        p1 = ws.meetings.create(
            table_id=table.id,
            kind="tafel",
            title="Thematafels met de Leidse regio",
            starts_at=_at(nxt, 9, 30),
            ends_at=_at(nxt, 12, 30),
            location="Stadhuis Leiden",
        )
        self.meetings["platform31_next"] = p1.id
        cases = [
            ("regio", "Omgevingswet: participatieplan en -rapportage in de praktijk",
             "Leiden brengt de beleidsregels participatie in: vroeg beginnen, minimaal"
             " raadplegen."),
            ("voorschoten", "Stedelijke ontwikkeling nieuwe stijl: initiatieven faciliteren",
             "Casus Voorschoten: hoe maak je initiatieven van bewoners mogelijk?"),
            ("zoeterwoude", "Regionale economie: verbindingen in de regio",
             "Bereikbaarheid en de samenhang met het Leiden Bio Science Park."),
            ("leiderdorp", "Transformatie sociaal domein: onderwijs en gezondheid",
             "Casus Leiderdorp over jongeren, onderwijs en gezondheid."),
            ("oegstgeest", "Flexibel wonen: tijdelijke woningen voor starters",
             "Oegstgeest zoekt locaties voor flexwoningen en vraagt naar ervaringen."),
        ]  # fmt: skip
        for i, (who, title, text) in enumerate(cases):
            self.submit(p1, who, title, text, minutes=30, ago=9 - i)


STANDARD_AGENDA = [
    "Opening en vaststellen agenda",
    "Vaststellen verslag vorige vergadering",
    "Mededelingen",
    "Rondvraag",
    "Sluiting",
]


# Input from the city (inbreng), invented: (table, sender, subject, description, channel,
# days before today it came in, what happened: None | "agenda" | an answer).
INTAKE = [
    ("woningbouw", "Bewonerscommissie Stevenshof", "Te weinig seniorenwoningen in de wijk",
     "Ouderen willen in de wijk blijven wonen, maar er zijn geen gelijkvloerse woningen vrij.",
     "brief", 20, "agenda"),
    ("woningbouw", "Buurtvereniging Morskwartier", "Parkeren rond de nieuwbouw aan de Morsweg",
     "Zorgen over de parkeerdruk als de nieuwe woningen er staan.", "e-mail", 3, None),
    ("woningbouw", "Een bewoner van de Merenwijk", "Tijdelijke woningen op braakliggend terrein",
     "Voorstel om flexwoningen te plaatsen tot de bouw begint.", "spreekuur", 40,
     "Doorgestuurd naar het programma flexwonen; de indiener kreeg op 2 december antwoord."),
    ("kennisstad", "Studentenraad Hogeschool Leiden", "Stageplekken in het mkb",
     "Te weinig stageplaatsen bij Leidse bedrijven voor tweedejaars.", "website", 10, None),
]  # fmt: skip


def build_demo(ws: Any, *, today: dt.date | None = None) -> dict:
    """Fill an empty workspace with the Leiden demo; return the ids a test or the CLI needs.

    ``ws`` must act as an administrator. Returns::

        {"today": "YYYY-MM-DD",
         "tables": {"woningbouw": id, "kennisstad": id, "stuurgroep": id, "platform31": id},
         "table_names": {key: name},
         "organisations": {key: id}, "people": {key: id},
         "meetings": {"woningbouw_next", "woningbouw_last_held", "kennisstad_next",
                      "stuurgroep_next", "symposium_next", "platform31_next": id},
         "users": DEMO_USERS}
    """
    today = today or clock.today()
    b = _Builder(ws, today)
    b.partners_and_people()
    b.woningbouw()
    b.kennisstad()
    b.stuurgroep()
    b.platform31()
    b.rules_of_the_tables()
    b.intake()
    return {
        "today": today.isoformat(),
        "tables": {k: t.id for k, t in b.tables.items()},
        "table_names": {k: t.name for k, t in b.tables.items()},
        "organisations": {k: o.id for k, o in b.orgs.items()},
        "people": {k: p.id for k, p in b.people.items()},
        "meetings": dict(b.meetings),
        "users": dict(DEMO_USERS),
    }
