"""User-facing text in Dutch (default) and English.

Messages live in one catalogue keyed by a short id. ``t(key, **params)`` renders one in the
current language. Dates are written the Dutch way by default: ``maandag 7 januari 2027``.
"""

from __future__ import annotations

import datetime as dt

LANGUAGES = ("nl", "en")
_current = "nl"

DAYS = {
    "nl": ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}
MONTHS = {
    "nl": [
        "januari", "februari", "maart", "april", "mei", "juni",
        "juli", "augustus", "september", "oktober", "november", "december",
    ],
    "en": [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ],
}  # fmt: skip

# key -> (Dutch, English)
MESSAGES: dict[str, tuple[str, str]] = {
    # validation
    "required": ("{field} is verplicht.", "{field} is required."),
    "unknown_field": (
        "'{field}' is geen veld dat hier kan worden ingevuld.",
        "'{field}' is not a field that can be set here.",
    ),
    "too_long": (
        "{field} mag hoogstens {max} tekens lang zijn.",
        "{field} may be at most {max} characters long.",
    ),
    "bad_choice": (
        "{field} moet een van deze zijn: {choices}; gevonden: {value}.",
        "{field} must be one of: {choices}; found: {value}.",
    ),
    "bad_date": (
        "{field} moet een datum zijn als 2027-01-07; gevonden: {value}.",
        "{field} must be a date like 2027-01-07; found: {value}.",
    ),
    "bad_time": (
        "Een tijd schrijf je als 14:00; gevonden: {value}.",
        "Write a time as 14:00; found: {value}.",
    ),
    "bad_datetime": (
        "{field} moet een datum en tijd zijn als 2027-01-07 14:00; gevonden: {value}.",
        "{field} must be a date and time like 2027-01-07 14:00; found: {value}.",
    ),
    "bad_email": (
        "{field} is geen geldig e-mailadres: {value}.",
        "{field} is not a valid e-mail address: {value}.",
    ),
    "bad_phone": (
        "{field} is geen geldig telefoonnummer (cijfers, spaties, +, - en haakjes): {value}.",
        "{field} is not a valid phone number (digits, spaces, +, - and brackets): {value}.",
    ),
    "bad_url": (
        "{field} moet beginnen met http:// of https://; gevonden: {value}.",
        "{field} must start with http:// or https://; found: {value}.",
    ),
    "bad_int": (
        "{field} moet een geheel getal zijn van {min} tot {max}; gevonden: {value}.",
        "{field} must be a whole number from {min} to {max}; found: {value}.",
    ),
    "bad_number": (
        "{field} moet een getal zijn; gevonden: {value}.",
        "{field} must be a number; found: {value}.",
    ),
    "end_before_start": (
        "{field} ligt vóór het begin; kies een later moment.",
        "{field} is before the start; choose a later moment.",
    ),
    "duplicate_name": (
        "Er bestaat al een {record} met de naam '{value}'.",
        "A {record} named '{value}' already exists.",
    ),
    "not_found": ("{record} {id} bestaat niet (meer).", "{record} {id} does not exist (any more)."),
    "conflict": (
        "{record} is intussen gewijzigd door {who} op {when}. "
        "Laad opnieuw en probeer het nog eens.",
        "{record} was changed meanwhile by {who} at {when}. Reload and try again.",
    ),
    "conflict_deleted": (
        "{record} is intussen verwijderd.",
        "{record} has been deleted meanwhile.",
    ),
    "permission": (
        "{who} mag '{action}' niet doen{where}. Nodig: {roles}.",
        "{who} may not do '{action}'{where}. Needed: {roles}.",
    ),
    "permission_where": (" bij {table}", " at {table}"),
    "role_any_table": ("{role} (bij elke tafel)", "{role} (at any table)"),
    "role_own_org": ("{role} (eigen organisatie)", "{role} (own organisation)"),
    "moved_in_use": (
        "{record} '{name}' kan niet naar een andere tafel: er horen nog {count} {what} bij; "
        "verplaats of ontkoppel die eerst.",
        "{record} '{name}' cannot move to another table: {count} {what} still belong to it; "
        "move or unlink those first.",
    ),
    "in_use": (
        "{record} '{name}' wordt nog gebruikt door {count} {what}; "
        "verwijder of verplaats die eerst.",
        "{record} '{name}' is still used by {count} {what}; remove or move those first.",
    ),
    "not_member": (
        "{org} is geen lid van {table}.",
        "{org} is not a member of {table}.",
    ),
    "already_member": (
        "{org} is al lid van {table}.",
        "{org} is already a member of {table}.",
    ),
    "already_signed": (
        "{org} heeft versie {revision} van de missie al ondertekend.",
        "{org} already signed version {revision} of the mission.",
    ),
    "no_mission": ("{table} heeft nog geen missie.", "{table} has no mission yet."),
    "no_revision": (
        "{table} heeft geen missieversie {revision}.",
        "{table} has no mission version {revision}.",
    ),
    "sign_own_only": (
        "{who} hoort bij geen organisatie die lid is van {table}. Wie namens een organisatie"
        " ondertekende legt de secretaris vast, met naam en datum.",
        "{who} belongs to no member organisation of {table}. The secretary records who"
        " signed for an organisation, with name and date.",
    ),
    "sign_self_today": (
        "{who} ondertekent zelf en vandaag; wie anders of op een andere dag tekende, legt de"
        " secretaris vast.",
        "{who} signs personally and today; the secretary records a signature by someone else"
        " or on another day.",
    ),
    "signer_required": (
        "Noem wie namens {org} ondertekende (een persoon van {org}).",
        "Name who signed for {org} (a person of {org}).",
    ),
    "signed_on_future": (
        "Ondertekend op {date} ligt in de toekomst.",
        "Signed on {date} is in the future.",
    ),
    "signed_before_adoption": (
        "Ondertekend op {date} ligt vóór de vaststelling van versie {revision} ({adopted}).",
        "Signed on {date} is before version {revision} was adopted ({adopted}).",
    ),
    "initiative_not_member": (
        "{org} is geen lid van {table}: alleen organisaties die nu lid zijn kunnen bij een"
        " initiatief betrokken worden.",
        "{org} is not a member of {table}: only current member organisations can take part"
        " in an initiative.",
    ),
    "initiative_starts_as_proposal": (
        "Een nieuw initiatief begint als voorstel; de voorzitter of secretaris laat het toe.",
        "A new initiative starts as a proposal; the chair or secretary admits it.",
    ),
    "initiative_admit_instead": (
        "Een voorstel wordt lopend door het toe te laten (voorzitter of secretaris), niet door"
        " de status te wijzigen.",
        "A proposal becomes running by admitting it (chair or secretary), not by changing"
        " its status.",
    ),
    "initiative_bad_status": (
        "Een initiatief met status '{old}' kan niet naar '{new}'.",
        "An initiative with status '{old}' cannot move to '{new}'.",
    ),
    "initiative_not_proposal": (
        "'{title}' is geen voorstel (status '{status}'); alleen een voorstel wordt toegelaten.",
        "'{title}' is not a proposal (status '{status}'); only a proposal can be admitted.",
    ),
    "initiative_outside_frame": (
        "'{title}' past niet binnen het kader van {table}: {reasons}.",
        "'{title}' is not within the frame of {table}: {reasons}.",
    ),
    "admission_lapsed": (
        "Toelating vervallen op {date}: {reasons}.",
        "Admission lapsed on {date}: {reasons}.",
    ),
    "bad_status_change": (
        "Een agendapunt met status '{old}' kan niet naar '{new}'.",
        "An agenda item with status '{old}' cannot move to '{new}'.",
    ),
    "meeting_closed": (
        "Vergadering {meeting} is al {status}; daar kan niets meer bij.",
        "Meeting {meeting} is already {status}; nothing more can be added.",
    ),
    "meeting_status_change": (
        "Vergadering {meeting} met status '{old}' kan niet naar '{new}'.",
        "Meeting {meeting} with status '{old}' cannot move to '{new}'.",
    ),
    "record_closed": (
        "Vergadering {meeting} is {status}: het verslag ligt vast. Wijzigen kan alleen nog"
        " met een correctie (met reden), door wie 'verslag corrigeren' mag.",
        "Meeting {meeting} is {status}: its record is fixed. It changes only through a"
        " correction (with a reason), by someone who may 'correct minutes'.",
    ),
    "item_not_now": (
        "'{action}' kan niet bij een vergadering met status '{status}'.",
        "'{action}' is not possible at a meeting with status '{status}'.",
    ),
    "items_open": (
        "{count} agendapunt(en) staan nog open: behandel ze, schuif ze door, zet ze terug op"
        " de backlog of schrap ze (c: doorzetten), en stel het verslag dan vast.",
        "{count} agenda item(s) are still open: handle, postpone, return to the backlog or"
        " drop them (c: carry forward), then approve the minutes.",
    ),
    "reason_required": (
        "Geef een reden op.",
        "Give a reason.",
    ),
    "email_taken": (
        "Het e-mailadres {value} hoort al bij een andere persoon.",
        "The e-mail address {value} already belongs to another person.",
    ),
    "identity_reserved": (
        "'{value}' is aan een login gekoppeld; alleen de beheerder kan het aan een persoon geven.",
        "'{value}' is what a login is mapped to; only the beheerder can give it to a person.",
    ),
    "not_closed_yet": (
        "Het verslag van {meeting} is nog niet vastgesteld: wijzig het gewoon.",
        "The minutes of {meeting} are not approved yet: just edit them.",
    ),
    "cannot_correct": (
        "Van een {record} kan '{field}' niet gecorrigeerd worden.",
        "'{field}' of a {record} cannot be corrected.",
    ),
    "deadline_after_start": (
        "De indiendeadline moet vóór het begin van de vergadering liggen.",
        "The submission deadline must fall before the start of the meeting.",
    ),
    "commitment_needs": (
        "Een toezegging heeft een {what} nodig.",
        "A commitment needs {what}.",
    ),
    "late_to_backlog": (
        "Te laat ingediend voor {meeting} (deadline {deadline}); op de backlog tot de"
        " secretaris het plaatst.",
        "Submitted late for {meeting} (deadline {deadline}); on the backlog until the secretary"
        " places it.",
    ),
    "agenda_fixed_to_backlog": (
        "Ingediend nadat de agenda van {meeting} was vastgesteld; op de backlog tot de"
        " secretaris het plaatst.",
        "Submitted after the agenda of {meeting} was set; on the backlog until the secretary"
        " places it.",
    ),
    "no_next_meeting": (
        "{table} heeft geen volgende vergadering; het punt gaat naar de backlog.",
        "{table} has no next meeting; the item goes to the backlog.",
    ),
    "wrong_table": (
        "{record} hoort bij een andere tafel dan {table}.",
        "{record} belongs to another table than {table}.",
    ),
    "person_not_of_org": (
        "{person} werkt niet bij {org}.",
        "{person} does not work at {org}.",
    ),
    "search_syntax": (
        "Zoekterm niet begrepen: {query}.",
        "Search terms not understood: {query}.",
    ),
    "series_count": (
        "Een reeks heeft 1 tot 60 vergaderingen; gevonden: {value}.",
        "A series has 1 to 60 meetings; found: {value}.",
    ),
    "late_submission": (
        "Ingediend na de deadline ({deadline}).",
        "Submitted after the deadline ({deadline}).",
    ),
    "busy": (
        "De database is bezet door andere gebruikers; probeer het zo nog eens.",
        "The database is busy with other users; try again in a moment.",
    ),
    "in_use_refs": (
        "{record} '{name}' wordt nog gebruikt door {refs}; verwijder of verplaats die eerst. "
        "Er is niets verwijderd.",
        "{record} '{name}' is still used by {refs}; remove or move those first. Nothing was "
        "deleted.",
    ),
    "and": ("en", "and"),
    "more": ("meer", "more"),
    "fk_failed": (
        "Dit kan niet: andere gegevens verwijzen er nog naar, of een gekozen verwijzing "
        "bestaat niet (meer). Er is niets gewijzigd.",
        "This cannot be done: other records still refer to it, or a chosen reference no "
        "longer exists. Nothing was changed.",
    ),
    "constraint_failed": (
        "Dit kan niet worden opgeslagen: het botst met opgeslagen gegevens ({detail}). "
        "Er is niets gewijzigd.",
        "This cannot be stored: it conflicts with stored data ({detail}). Nothing was changed.",
    ),
    # the database file (start-up and faults while running); each names the file
    "db_missing": (
        "{path}: de database bestaat niet. Begin een nieuwe werkplaats met `stadstafel init` "
        "(of zet [workspace] create = true), of controleer het pad en of de schijf gekoppeld is.",
        "{path}: the database does not exist. Start a new workspace with `stadstafel init` "
        "(or set [workspace] create = true), or check the path and that the disk is mounted.",
    ),
    "db_empty": (
        "{path}: het bestand is leeg (0 bytes), geen werkplaats. Zet een kopie terug, of zet "
        "[workspace] create = true om hier een nieuwe werkplaats te beginnen.",
        "{path}: the file is empty (0 bytes), not a workspace. Restore a backup, or set "
        "[workspace] create = true to start a new workspace here.",
    ),
    "db_not_file": (
        "{path}: is geen gewoon bestand; zet in [workspace] database het pad van een "
        "databasebestand.",
        "{path}: is not a regular file; set [workspace] database to the path of a database file.",
    ),
    "db_not_sqlite": (
        "{path}: is geen SQLite-database (of het begin is beschadigd); controleer het pad of "
        "zet een kopie terug.",
        "{path}: is not an SQLite database (or its start is damaged); check the path or "
        "restore a backup.",
    ),
    "db_unreadable": (
        "{path}: kan niet worden gelezen ({reason}); geef dit account leesrechten.",
        "{path}: cannot be read ({reason}); give this account read access.",
    ),
    "db_readonly": (
        "{path}: is alleen-lezen voor dit account; geef schrijfrechten op het bestand en op de "
        "map (SQLite schrijft -wal en -shm ernaast).",
        "{path}: is read-only for this account; give write access to the file and to its "
        "folder (SQLite writes -wal and -shm next to it).",
    ),
    "db_cantopen": (
        "{path}: kan niet worden geopend; controleer dat de map bestaat en schrijfbaar is voor "
        "dit account (SQLite schrijft -wal en -shm ernaast).",
        "{path}: cannot be opened; check that its folder exists and is writable for this "
        "account (SQLite writes -wal and -shm next to it).",
    ),
    "db_locked": (
        "{path}: wordt vastgehouden door een ander proces (een slot); probeer het zo opnieuw, "
        "of beëindig dat proces.",
        "{path}: is held by another process (a lock); try again in a moment, or end that process.",
    ),
    "db_corrupt": (
        "{path}: de database is beschadigd ({detail}); draai `stadstafel check` en zet zo "
        "nodig een kopie terug.",
        "{path}: the database is damaged ({detail}); run `stadstafel check` and restore a "
        "backup if needed.",
    ),
    "db_full": (
        "{path}: de schijf is vol; maak ruimte vrij en probeer het opnieuw.",
        "{path}: the disk is full; free some space and try again.",
    ),
    "db_io": (
        "{path}: lees- of schrijffout van de schijf ({detail}); controleer de schijf.",
        "{path}: the disk could not be read or written ({detail}); check the disk.",
    ),
    "db_newer": (
        "{path}: is bijgewerkt door een nieuwere versie van stadstafel (onbekende migraties: "
        "{names}); werk stadstafel bij. Er is niets geschreven.",
        "{path}: was upgraded by a newer version of stadstafel (unknown migrations: {names}); "
        "upgrade stadstafel. Nothing was written.",
    ),
    "db_error": ("{path}: databasefout ({detail}).", "{path}: database error ({detail})."),
    "fk_dangling": (
        "{table} rij {rowid} verwijst naar een {parent}-rij die niet bestaat",
        "{table} row {rowid} refers to a row of {parent} that does not exist",
    ),
    "os_error": ("Bestand {path}: {reason}.", "File {path}: {reason}."),
    "nothing_saved": ("Er is niets opgeslagen.", "Nothing was saved."),
}

# how many rows of a table still refer to a record: table -> (Dutch, English) plurals
TABLE_PLURALS: dict[str, tuple[str, str]] = {
    "organisations": ("organisaties", "organisations"),
    "people": ("personen", "people"),
    "tables": ("tafels", "tables"),
    "memberships": ("lidmaatschappen", "memberships"),
    "missions": ("missies", "missions"),
    "signatures": ("ondertekeningen", "signatures"),
    "goals": ("doelen", "goals"),
    "working_agreements": ("werkafspraken", "working agreements"),
    "interests": ("belangen", "interests"),
    "initiatives": ("initiatieven", "initiatives"),
    "meetings": ("vergaderingen", "meetings"),
    "agenda_items": ("agendapunten", "agenda items"),
    "decisions": ("besluiten", "decisions"),
    "actions": ("acties", "actions"),
}


def count_phrase(counts: list[tuple[str, int]], lang: str | None = None) -> str:
    """``[("people", 3), ("memberships", 2)]`` -> "3 personen en 2 lidmaatschappen"."""
    parts = []
    for table, count in counts:
        pair = TABLE_PLURALS.get(table)
        what = _pick(pair, lang) if pair else table.replace("_", " ")
        parts.append(f"{count} {what}")
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f" {t('and', lang)} {parts[-1]}"


# field labels used in messages, key -> (nl, en)
FIELDS: dict[str, tuple[str, str]] = {
    "name": ("Naam", "Name"),
    "kind": ("Soort", "Kind"),
    "website": ("Website", "Website"),
    "notes": ("Notities", "Notes"),
    "organisation_id": ("Organisatie", "Organisation"),
    "function": ("Functie", "Function"),
    "email": ("E-mail", "E-mail"),
    "phone": ("Telefoon", "Phone"),
    "title": ("Titel", "Title"),
    "description": ("Omschrijving", "Description"),
    "topics": ("Thema's", "Topics"),
    "topic": ("Thema", "Topic"),
    "rhythm": ("Ritme", "Rhythm"),
    "period_start": ("Begin periode", "Period start"),
    "period_end": ("Einde periode", "Period end"),
    "admission_min_partners": ("Minimum aantal partners", "Minimum number of partners"),
    "role": ("Rol", "Role"),
    "since": ("Lid sinds", "Member since"),
    "until": ("Lid tot", "Member until"),
    "statement": ("Missie", "Mission"),
    "adopted_on": ("Vastgesteld op", "Adopted on"),
    "signed_on": ("Ondertekend op", "Signed on"),
    "person_id": ("Persoon", "Person"),
    "target_value": ("Streefwaarde", "Target value"),
    "unit": ("Eenheid", "Unit"),
    "deadline": ("Deadline", "Deadline"),
    "subject": ("Onderwerp", "Subject"),
    "text": ("Tekst", "Text"),
    "starts_at": ("Begin", "Start"),
    "ends_at": ("Einde", "End"),
    "location": ("Locatie", "Location"),
    "status": ("Status", "Status"),
    "submission_deadline": ("Indiendeadline", "Submission deadline"),
    "purpose": ("Doel", "Purpose"),
    "duration_minutes": ("Duur (minuten)", "Duration (minutes)"),
    "review_date": ("Evaluatiedatum", "Review date"),
    "due": ("Uiterlijk", "Due"),
    "owner": ("Eigenaar", "Owner"),
    "every_weeks": ("Elke N weken", "Every N weeks"),
    "count": ("Aantal", "Count"),
    "chair_person_id": ("Voorzitter", "Chair"),
    "secretary_person_id": ("Secretaris", "Secretary"),
    "minutes": ("Verslag", "Minutes"),
    "note": ("Toelichting", "Note"),
    "reason": ("Reden", "Reason"),
    "cancel_reason": ("Reden van annulering", "Reason for cancelling"),
    "deadline_working_days": ("Indienen: werkdagen vooraf", "Submission: working days before"),
    "meeting_weekday": ("Vergaderdag", "Meeting weekday"),
    "meeting_time": ("Vergadertijd", "Meeting time"),
    "standard_agenda": ("Standaardagenda", "Standard agenda"),
    "table_id": ("Tafel", "Table"),
    "meeting_id": ("Vergadering", "Meeting"),
    "agenda_item_id": ("Agendapunt", "Agenda item"),
    "owner_org_id": ("Eigenaar (organisatie)", "Owner (organisation)"),
    "owner_person_id": ("Eigenaar (persoon)", "Owner (person)"),
    "submitted_by_org_id": ("Ingediend door (organisatie)", "Submitted by (organisation)"),
    "submitted_by_person_id": ("Ingediend door (persoon)", "Submitted by (person)"),
    "representatives": ("Afgevaardigden", "Representatives"),
    # what else the audit screen shows of a change
    "done_on": ("Gereed op", "Done on"),
    "carried_from_id": ("Doorgeschoven van", "Carried from"),
    "late": ("Te laat ingediend", "Submitted late"),
    "origin": ("Herkomst", "Origin"),
    "position": ("Volgorde", "Order"),
    "postponed_count": ("Keren doorgeschoven", "Times postponed"),
    "requested_meeting_id": ("Gevraagde vergadering", "Requested meeting"),
    "source_key": ("Bron (sleutel)", "Source (key)"),
    "submitted_at": ("Ingediend op", "Submitted at"),
    "current_value": ("Huidige waarde", "Current value"),
    "indicator": ("Indicator", "Indicator"),
    "admission_note": ("Toelichting toelating", "Admission note"),
    "admitted_by": ("Toegelaten door", "Admitted by"),
    "admitted_on": ("Toegelaten op", "Admitted on"),
    "organisation_ids": ("Organisaties", "Organisations"),
    "series": ("Reeks", "Series"),
    "uid": ("Agenda-id (ICS)", "Calendar id (ICS)"),
    "revision": ("Versie", "Version"),
    "mission_id": ("Missie", "Mission"),
    "default_minutes": ("Standaardduur (minuten)", "Default length (minutes)"),
}

# plural names of the SQL tables named in messages about rows that hang on a record
PLURALS: dict[str, tuple[str, str]] = {
    "agenda_items": ("agendapunten", "agenda items"),
    "actions": ("acties", "actions"),
    "decisions": ("besluiten", "decisions"),
}

RECORDS: dict[str, tuple[str, str]] = {
    "organisation": ("organisatie", "organisation"),
    "person": ("persoon", "person"),
    "table": ("tafel", "table"),
    "membership": ("lidmaatschap", "membership"),
    "mission": ("missie", "mission"),
    "signature": ("ondertekening", "signature"),
    "goal": ("doel", "goal"),
    "working_agreement": ("werkafspraak", "working agreement"),
    "interest": ("belang", "interest"),
    "initiative": ("initiatief", "initiative"),
    "meeting": ("vergadering", "meeting"),
    "agenda_item": ("agendapunt", "agenda item"),
    "decision": ("besluit", "decision"),
    "action": ("actie", "action"),
    "attendance": ("aanwezigheid", "attendance"),
    "attachment": ("bijlage", "attachment"),
}


def set_language(lang: str) -> None:
    """Switch the language of every message rendered from now on."""
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {LANGUAGES}")
    _current = lang


def language() -> str:
    return _current


def _pick(pair: tuple[str, str], lang: str | None = None) -> str:
    return pair[LANGUAGES.index(lang or _current)]


pick = _pick


def L(nl: str, en: str) -> str:
    """The Dutch or English text, by the workspace's language (no Textual needed)."""
    return en if _current == "en" else nl


def register_labels(
    fields: dict[str, tuple[str, str]] | None = None,
    records: dict[str, tuple[str, str]] | None = None,
) -> None:
    """Add labels (Dutch, English) of fields and record types, as a plugin's service does
    for its own names. A name the core already labels keeps the core's label."""
    for name, pair in (fields or {}).items():
        FIELDS.setdefault(name, (pair[0], pair[1]))
    for name, pair in (records or {}).items():
        RECORDS.setdefault(name, (pair[0], pair[1]))


def t(key: str, lang: str | None = None, **params: object) -> str:
    """Render message ``key`` in the current (or given) language."""
    return _pick(MESSAGES[key], lang).format(**params)


def t_word(nl: str, en: str) -> str:
    """One of two words, in the current language."""
    return nl if _current == "nl" else en


def field_label(name: str, lang: str | None = None) -> str:
    pair = FIELDS.get(name)
    return _pick(pair, lang) if pair else name


def record_label(name: str, lang: str | None = None) -> str:
    pair = RECORDS.get(name)
    return _pick(pair, lang) if pair else name


def plural_label(table: str, lang: str | None = None) -> str:
    pair = PLURALS.get(table)
    return _pick(pair, lang) if pair else table


def format_date(value: dt.date | str | None, lang: str | None = None, weekday: bool = True) -> str:
    """``maandag 7 januari 2027`` (or ``Monday 7 January 2027``)."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    lang = lang or _current
    text = f"{value.day} {MONTHS[lang][value.month - 1]} {value.year}"
    return f"{DAYS[lang][value.weekday()]} {text}" if weekday else text


def format_datetime(value: dt.datetime | str | None, lang: str | None = None) -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return f"{format_date(value.date(), lang)} {value:%H:%M}"
