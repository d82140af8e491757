"""The register service: the only code of this module that writes.

    reg = register_for(workspace)
    project = reg.create(name="Stationsgebied blok A", area="Stationsgebied", phase="vastgesteld",
                         homes_sociale_huur=120, organisation_ids=[portaal.id])
    reg.change_phase(project.id, project.version, "vergund", on="2027-01-04")

Every mutation follows the core's discipline through the public ``stadstafel.Service``:
validate → check permission → one transaction → version check → write → audit row →
``on_change``. Permission: the module's own right ``woningbouw.register.edit`` (declared in
``plugin.permissions``; by default the chair (voorzitter) and secretary (secretaris) of the
configured table (``[plugins.woningbouw] table``) and a beheerder; ``[plugins.woningbouw.rights]``
maps other roles to it), checked on that table by id. When the table does not exist only a
beheerder may edit.

Core records are read through ``workspace.read`` (organisation names), never with SQL.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

import stadstafel
from stadstafel import (
    Field,
    NotFound,
    Page,
    PermissionDenied,
    Record,
    Service,
    ValidationError,
)

from stadstafel_woningbouw import texts
from stadstafel_woningbouw.model import (
    HOME_COLUMNS,
    KNELPUNT_STATUSES,
    MAX_HOMES,
    MAX_YEAR,
    MIN_YEAR,
    WITHDRAWN_COLUMNS,
    Settings,
    Signal,
    add_segments,
    capacity,
    capacity_per_year,
    delivered_in_period,
    gap,
    homes_of,
    needed_by,
    net_of,
    parse_settings,
    per_year_needed,
    progress_rows,
    project_problems,
    shares,
    signals,
)
from stadstafel_woningbouw.plugin import RIGHT

PLUGIN = "woningbouw"
SERVICE = "woningbouw.projects"
PERMISSION = RIGHT
TOTAL_SQL = " + ".join(f"p.{c}" for c in HOME_COLUMNS)
NET_SQL = TOTAL_SQL + "".join(f" - p.{c}" for c in WITHDRAWN_COLUMNS)


# -- settings ------------------------------------------------------------------------------------
def raw_settings(workspace: Any) -> dict:
    """The ``[plugins.woningbouw]`` values: validated by the host when it offers them, else
    the raw TOML table from the configuration (tests, or a workspace without a host)."""
    host = getattr(workspace, "plugins", None)
    getter = getattr(host, "settings", None)
    if callable(getter):
        try:
            values = getter(PLUGIN)
        except Exception:  # an older host, or a plugin not known to it
            values = None
        if values:
            return dict(values)
    plugins = getattr(getattr(workspace, "config", None), "plugins", None)
    section = (getattr(plugins, "settings", None) or {}).get(PLUGIN)
    return dict(section or {})


def settings_for(workspace: Any) -> Settings:
    return parse_settings(raw_settings(workspace))


# -- base with the module's labels ---------------------------------------------------------------
class _Base(Service):
    """``Service`` with the module's field labels in messages (record labels are registered
    through ``record_label``)."""

    def label(self, name: str) -> str:
        return texts.field_label(name)


class History(_Base):
    table = "woningbouw_history"
    record = "woningbouw_history"
    record_label = texts.RECORDS["woningbouw_history"]


class Knelpunten(_Base):
    table = "woningbouw_knelpunten"
    record = "woningbouw_knelpunt"
    record_label = texts.RECORDS["woningbouw_knelpunt"]
    fields = {
        "title": Field(required=True, max_len=200),
        "description": Field(max_len=4000),
        "owner_org_id": Field("ref", ref="organisations"),
        "due": Field("date"),
        "status": Field("choice", choices=KNELPUNT_STATUSES),
    }


class CbsFigures(_Base):
    table = "woningbouw_cbs"
    record = "woningbouw_cbs"
    record_label = texts.RECORDS["woningbouw_cbs"]


_STATUS_ORDER = ("Voorlopig", "Nader voorlopig", "Definitief")


# -- the register --------------------------------------------------------------------------------
class ProjectRegister(_Base):
    """Housing projects, their phase history and knelpunten."""

    table = "woningbouw_projects"
    record = "woningbouw_project"
    record_label = texts.RECORDS["woningbouw_project"]

    def __init__(self, ws: Any, settings: Settings | None = None):
        super().__init__(ws)
        self.settings = settings or settings_for(ws)
        self.history = History(ws)
        self.knelpunten = Knelpunten(ws)
        self.cbs = CbsFigures(ws)

    @property
    def fields(self) -> dict[str, Field]:
        year = {"min": MIN_YEAR, "max": MAX_YEAR}
        return {
            "name": Field(required=True, max_len=160),
            "area": Field(max_len=120),
            "location": Field(max_len=200),
            "organisation_ids": Field("list"),
            **{c: Field("int", min=0, max=MAX_HOMES) for c in HOME_COLUMNS},
            **{c: Field("int", min=0, max=MAX_HOMES) for c in WITHDRAWN_COLUMNS},
            "phase": Field("choice", required=True, choices=self.settings.phase_names),
            "start_year": Field("int", **year),
            "delivery_year": Field("int", **year),
            "notes": Field(max_len=4000),
            "source_ref": Field(max_len=80),
        }

    # -- permission -------------------------------------------------------------------------------
    def table_record(self) -> Record | None:
        return self.ws.read.table_by_name(self.settings.table)

    def table_id(self) -> int | None:
        table = self.table_record()
        return table.id if table else None

    def check_permission(self) -> None:
        self.require(PERMISSION, table_id=self.table_id())

    def may_edit(self) -> bool:
        try:
            self.check_permission()
        except PermissionDenied:
            return False
        return True

    # -- validation -------------------------------------------------------------------------------
    def clean_project(
        self, values: dict, *, current: Record | None = None, partial: bool = False
    ) -> dict:
        """Type-check ``values`` and apply the register's rules; raise ValidationError."""
        data = self.clean(values, partial=partial)
        for col in HOME_COLUMNS + WITHDRAWN_COLUMNS:
            if col in data and data[col] is None:
                data[col] = 0
        errors: dict[str, str] = {}
        if "organisation_ids" in data:
            try:
                data["organisation_ids"] = self._clean_orgs(data["organisation_ids"])
            except ValidationError as exc:
                errors.update(exc.fields)
        if data.get("name"):
            other = self.by_name(data["name"])
            if other is not None and (current is None or other.id != current.id):
                errors["name"] = texts.t("wb_duplicate", name=data["name"])
        merged = {**(current or {}), **data}
        for field, (key, params) in project_problems(
            merged, self.settings, stadstafel.today().year
        ).items():
            errors.setdefault(field, texts.t(key, **params))
        if errors:
            raise ValidationError(errors)
        return data

    def _clean_orgs(self, value: Iterable[Any]) -> list[int]:
        ids: list[int] = []
        kinds = self.settings.initiator_kinds
        for item in value or []:
            try:
                org_id = int(str(item).strip())
            except ValueError:
                raise ValidationError(
                    {"organisation_ids": texts.t("wb_unknown_org", value=item)}
                ) from None
            org = self.ws.read.organisation(org_id)
            if org is None:
                raise ValidationError({"organisation_ids": texts.t("wb_unknown_org", value=item)})
            if kinds and org.kind not in kinds:
                raise ValidationError(
                    {
                        "organisation_ids": texts.t(
                            "wb_org_kind", name=org.name, kind=org.kind, kinds=", ".join(kinds)
                        )
                    }
                )
            if org_id not in ids:
                ids.append(org_id)
        return ids

    # -- reading ----------------------------------------------------------------------------------
    def by_name(self, name: str) -> Record | None:
        found = self.rows(
            "SELECT * FROM woningbouw_projects WHERE name = ? COLLATE NOCASE LIMIT 1", [name]
        )
        return found[0] if found else None

    def _with_initiators(self, projects: list[Record]) -> list[Record]:
        """``initiators``: the names of each project's organisations, in its order."""
        names = self.ws.read.organisation_names(
            i for p in projects for i in (p.organisation_ids or [])
        )
        for p in projects:
            found = [names[i] for i in (p.organisation_ids or []) if i in names]
            p["initiators"] = ", ".join(found) if found else None
        return projects

    def _with_owners(self, knelpunten: list[Record]) -> list[Record]:
        names = self.ws.read.organisation_names(k["owner_org_id"] for k in knelpunten)
        for k in knelpunten:
            k["owner_name"] = names.get(k["owner_org_id"])
        return knelpunten

    def _select(self) -> str:
        return (
            "SELECT p.*, (" + TOTAL_SQL + ") AS homes_total, (" + NET_SQL + ") AS homes_net,"
            " (SELECT count(*) FROM woningbouw_knelpunten k WHERE k.project_id = p.id"
            "   AND k.status = 'open') AS open_knelpunten,"
            " (SELECT count(*) FROM woningbouw_knelpunten k WHERE k.project_id = p.id"
            "   AND k.status = 'open' AND k.due < st_today()) AS overdue_knelpunten,"
            " (SELECT max(h.changed_on) FROM woningbouw_history h WHERE h.project_id = p.id"
            "   AND h.delivery_year_to > h.delivery_year_from) AS last_slip"
            " FROM woningbouw_projects p"
        )

    def get_full(self, id: int) -> Record:
        found = self.rows(self._select() + " WHERE p.id = ?", [id])
        if not found:
            self.get(id)  # raises NotFound with the module's message
        return self._with_initiators(found)[0]

    ORDERS = ("name", "area", "phase", "homes", "start", "delivery", "since")

    def list(
        self,
        *,
        filter: str = "",
        phase: str | None = None,
        area: str | None = None,
        organisation_id: int | None = None,
        capacity: str | None = None,
        order: str = "name",
        descending: bool = False,
        offset: int = 0,
        limit: int | None = None,
    ) -> Page:
        """A page of projects with ``homes_total``, ``initiators`` and knelpunt counts.

        ``filter`` matches name, area, location, phase and initiator names; ``capacity`` is
        "hard" or "zacht" (phases by their flag; only projects still on their way);
        ``order`` one of ``ORDERS``.
        """
        where, params = ["1=1"], []
        if filter:
            for word in filter.split():
                like = f"%{word}%"
                orgs = json.dumps(self.ws.read.organisation_ids_matching(word))
                where.append(
                    "(p.name LIKE ? OR p.area LIKE ? OR p.location LIKE ? OR p.phase LIKE ?"
                    " OR EXISTS (SELECT 1 FROM json_each(p.organisation_ids) j"
                    "   WHERE j.value IN (SELECT value FROM json_each(?))))"
                )
                params += [like] * 4 + [orgs]
        if phase:
            where.append("p.phase = ?")
            params.append(phase)
        if area:
            where.append("p.area = ? COLLATE NOCASE")
            params.append(area)
        if organisation_id is not None:
            where.append("EXISTS (SELECT 1 FROM json_each(p.organisation_ids) j WHERE j.value = ?)")
            params.append(organisation_id)
        if capacity in ("hard", "zacht"):
            names = [
                ph.name
                for ph in self.settings.phases
                if ph.active and ph.hard == (capacity == "hard")
            ]
            where.append(f"p.phase IN ({', '.join('?' for _ in names) or 'NULL'})")
            params += names
        phase_case = (
            "CASE p.phase "
            + " ".join(f"WHEN ? THEN {i}" for i in range(len(self.settings.phases)))
            + f" ELSE {len(self.settings.phases)} END"
        )
        direction = "DESC" if descending else "ASC"
        orders = {
            "name": (f"p.name COLLATE NOCASE {direction}", []),
            "area": (f"p.area COLLATE NOCASE {direction}, p.name COLLATE NOCASE", []),
            "phase": (
                f"{phase_case} {direction}, p.name COLLATE NOCASE",
                self.settings.phase_names,
            ),
            "homes": (
                f"({NET_SQL if self.settings.target_basis == 'net' else TOTAL_SQL}) {direction},"
                " p.name COLLATE NOCASE",
                [],
            ),
            "start": (f"p.start_year IS NULL, p.start_year {direction}, p.name", []),
            "delivery": (f"p.delivery_year IS NULL, p.delivery_year {direction}, p.name", []),
            "since": (f"p.phase_since {direction}, p.name COLLATE NOCASE", []),
        }
        order_sql, order_params = orders.get(order, orders["name"])
        sql_where = " AND ".join(where)
        total = self.scalar(f"SELECT count(*) FROM woningbouw_projects p WHERE {sql_where}",
                            params)  # fmt: skip
        rows = self.rows(
            f"{self._select()} WHERE {sql_where} ORDER BY {order_sql} LIMIT ? OFFSET ?",
            [*params, *order_params, -1 if limit is None else limit, offset],
        )
        return Page(self._with_initiators(rows), total, offset, limit or total)

    def all(self) -> list[Record]:
        return self._with_initiators(self.rows(self._select() + " ORDER BY p.name COLLATE NOCASE"))

    def search(self, query: str, *, limit: int = 50) -> list[dict]:
        """Projects for the full-text search: every word must match the name, area, location
        or notes (as a prefix of a word, as the core's search)."""
        words = [w for w in query.split() if w.strip()]
        if not words:
            return []
        where, params = [], []
        for word in words:
            where.append(
                "(p.name LIKE ? OR p.name LIKE ? OR p.area LIKE ? OR p.area LIKE ?"
                " OR p.location LIKE ? OR p.notes LIKE ?)"
            )
            params += [f"{word}%", f"% {word}%", f"{word}%", f"% {word}%"]
            params += [f"%{word}%", f"%{word}%"]
        rows = self.rows(
            f"SELECT p.id, p.name, p.area, p.phase FROM woningbouw_projects p"
            f" WHERE {' AND '.join(where)} ORDER BY p.name COLLATE NOCASE LIMIT ?",
            [*params, limit],
        )
        return [
            {
                "id": r.id,
                "title": r.name,
                "extra": r.area,
                "snippet": f"{r.area or '-'} · {r.phase}",
                "rank": 0.0,
            }
            for r in rows
        ]

    def areas(self) -> list[str]:
        return [
            r["area"]
            for r in self.query(
                "SELECT DISTINCT area FROM woningbouw_projects WHERE area IS NOT NULL"
                " AND area <> '' ORDER BY area COLLATE NOCASE"
            )
        ]

    def history_of(self, project_id: int) -> list[Record]:
        return self.rows(
            "SELECT * FROM woningbouw_history WHERE project_id = ? ORDER BY changed_on, id",
            [project_id],
        )

    def knelpunten_of(self, project_id: int, *, open_only: bool = False) -> list[Record]:
        extra = " AND k.status = 'open'" if open_only else ""
        return self._with_owners(
            self.rows(
                "SELECT k.*, (k.status = 'open' AND k.due < st_today()) AS overdue"
                " FROM woningbouw_knelpunten k"
                f" WHERE k.project_id = ?{extra}"
                " ORDER BY k.status <> 'open', k.due IS NULL, k.due, k.id",
                [project_id],
            )
        )

    def initiator_options(self) -> list[Record]:
        """Organisations that may be an initiator (the configured kinds), by name."""
        kinds = self.settings.initiator_kinds
        out: list[Record] = []
        for kind in kinds or [None]:
            out += self.ws.read.organisations(kind=kind).rows
        return sorted(out, key=lambda o: o.name.casefold())

    # -- writing projects -------------------------------------------------------------------------
    def create(self, *, phase_since: str | None = None, **values: Any) -> Record:
        """Add a project; its first history row records the phase it starts in.

        ``phase_since`` (a date, default today) is when it entered that phase.
        """
        values.setdefault("phase", self.settings.phase_names[0])
        data = self.clean_project(values)
        for col in HOME_COLUMNS + WITHDRAWN_COLUMNS:
            data.setdefault(col, 0)
        data.setdefault("organisation_ids", [])
        since = self._clean_date(phase_since, "phase_since") or stadstafel.today().isoformat()
        if since > stadstafel.today().isoformat():
            raise ValidationError({"phase_since": texts.t("wb_change_future", date=since)})
        self.check_permission()
        with self.transaction():
            rec = self.insert({**data, "phase_since": since})
            self.history.insert(
                {
                    "project_id": rec.id,
                    "changed_on": since,
                    "phase_from": None,
                    "phase_to": rec.phase,
                    "delivery_year_from": None,
                    "delivery_year_to": rec.delivery_year,
                    "note": None,
                }
            )
        return rec

    def update(
        self,
        id: int,
        version: int | None,
        *,
        note: str | None = None,
        recorded_on: str | dt.date | None = None,
        **values: Any,
    ) -> Record:
        """Change a project's fields. A new expected delivery year is recorded in the history
        (on ``recorded_on``, default today, with ``note``).

        Use ``change_phase`` to move it to another phase (a ``phase`` here goes there too).
        """
        recorded = self._clean_date(recorded_on, "changed_on") or stadstafel.today().isoformat()
        if recorded > stadstafel.today().isoformat():
            raise ValidationError({"changed_on": texts.t("wb_change_future", date=recorded)})
        current = self.get(id)
        new_phase = values.pop("phase", None)
        values.pop("phase_since", None)
        data = self.clean_project(values, current=current, partial=True)
        changes = self.changed_only(current, data)
        if new_phase is not None and new_phase != current.phase:
            return self.change_phase(id, version, new_phase, note=note, **changes)
        self.check_permission()
        if not changes:
            if version is not None and version != current.version:
                raise self.conflict(id, values)
            return current
        with self.transaction():
            rec = self.write_update(id, version, changes)
            if "delivery_year" in changes:
                self.history.insert(
                    {
                        "project_id": id,
                        "changed_on": recorded,
                        "phase_from": None,
                        "phase_to": None,
                        "delivery_year_from": current.delivery_year,
                        "delivery_year_to": rec.delivery_year,
                        "note": note,
                    }
                )
        return rec

    def change_phase(
        self,
        id: int,
        version: int | None,
        phase: str,
        *,
        on: str | dt.date | None = None,
        note: str | None = None,
        **values: Any,
    ) -> Record:
        """Move a project to ``phase`` on date ``on`` (default today); history records it.

        Other ``values`` (e.g. a new ``delivery_year``) are saved in the same transaction.
        Moving to the delivered phase without a delivery year sets it to the year of ``on``.
        """
        current = self.get(id)
        day = self._clean_date(on, "changed_on") or stadstafel.today().isoformat()
        target = self.settings.phase(str(phase or "").strip())
        if target.kind == "delivered" and values.get("delivery_year") in (None, ""):
            values["delivery_year"] = int(day[:4])
        data = self.clean_project({**values, "phase": phase}, current=current, partial=True)
        errors: dict[str, str] = {}
        if data["phase"] == current.phase:
            errors["phase"] = texts.t("wb_same_phase", phase=current.phase)
        if day > stadstafel.today().isoformat():
            errors["changed_on"] = texts.t("wb_change_future", date=day)
        elif current.phase_since and day < current.phase_since:
            errors["changed_on"] = texts.t("wb_change_before_last", last=current.phase_since)
        if errors:
            raise ValidationError(errors)
        self.check_permission()
        changes = {**self.changed_only(current, data), "phase": data["phase"], "phase_since": day}
        with self.transaction():
            rec = self.write_update(id, version, changes, action="phase")
            self.history.insert(
                {
                    "project_id": id,
                    "changed_on": day,
                    "phase_from": current.phase,
                    "phase_to": rec.phase,
                    "delivery_year_from": current.delivery_year,
                    "delivery_year_to": rec.delivery_year,
                    "note": (note or "").strip() or None,
                }
            )
        return rec

    def delete(self, id: int, version: int | None = None) -> None:
        """Remove a project with its history and knelpunten (all audited)."""
        self.get(id)
        self.check_permission()
        with self.transaction():
            for k in self.knelpunten_of(id):
                self.knelpunten.write_delete(k.id, None)
            for h in self.history_of(id):
                self.history.write_delete(h.id, None)
            self.write_delete(id, version)

    def _clean_date(self, value: Any, field: str) -> str | None:
        if value in (None, ""):
            return None
        if isinstance(value, dt.date):
            return value.isoformat()
        try:
            return dt.date.fromisoformat(str(value).strip()[:10]).isoformat()
        except ValueError:
            raise ValidationError(
                {field: texts.t("wb_bad_date", field=texts.field_label(field), value=value)}
            ) from None

    # -- knelpunten -------------------------------------------------------------------------------
    def add_knelpunt(self, project_id: int, **values: Any) -> Record:
        self.get(project_id)
        data = self.knelpunten.clean({"status": "open", **values})
        self.check_permission()
        return self.knelpunten.insert({"project_id": project_id, **data})

    def update_knelpunt(self, id: int, version: int | None, **values: Any) -> Record:
        current = self.knelpunten.get(id)
        data = self.knelpunten.clean(values, partial=True)
        self.check_permission()
        changes = self.changed_only(current, data)
        if "status" in changes:
            changes["resolved_on"] = (
                stadstafel.today().isoformat() if changes["status"] != "open" else None
            )
        if not changes:
            return current
        return self.knelpunten.write_update(id, version, changes)

    def resolve_knelpunt(self, id: int, version: int | None, status: str = "opgelost") -> Record:
        return self.update_knelpunt(id, version, status=status)

    def delete_knelpunt(self, id: int, version: int | None = None) -> None:
        self.knelpunten.get(id)
        self.check_permission()
        self.knelpunten.write_delete(id, version)

    # -- import -----------------------------------------------------------------------------------
    def import_rows(
        self,
        rows: Iterable[Any],
        *,
        dry_run: bool = False,
        skip_invalid: bool = False,
        progress: Any = None,
        seen: dict[str, int] | None = None,
    ) -> ImportResult:
        """Create or update projects from parsed import rows, in ONE transaction.

        Each row runs in a savepoint: a row that fails is undone and reported with the column
        of its problem. Nothing is kept when ``dry_run`` is set, or when any row failed and
        ``skip_invalid`` is not set. ``seen`` (name -> row) carries the names of earlier
        batches of the same file, so a name twice in one file is found across batches. The
        importer calls this once per batch (``importer.BATCH_ROWS`` rows), so the write lock
        is held for one batch at a time; see ``importer`` for reading the CSV.
        """
        from stadstafel_woningbouw.importer import RowError, column_of

        result = ImportResult()
        self.check_permission()
        seen = {} if seen is None else seen
        try:
            with self.transaction():
                for row in rows:
                    name = str(row.values.get("name") or "").strip().casefold()
                    if name and name in seen:
                        result.errors.append(
                            RowError(
                                row.row,
                                "naam",
                                texts.L(
                                    f"deze naam staat ook in rij {seen[name]}",
                                    f"this name is also in row {seen[name]}",
                                ),
                            )
                        )
                    else:
                        seen[name] = row.row
                        try:
                            with self.savepoint():  # a bad row is undone, events included
                                outcome = self._import_one(row)
                        except (ValidationError, NotFound) as exc:
                            fields = getattr(exc, "fields", None) or {"id": exc.message}
                            for field_name, message in fields.items():
                                result.errors.append(
                                    RowError(row.row, column_of(field_name), message)
                                )
                        else:
                            setattr(result, outcome, getattr(result, outcome) + 1)
                    if progress is not None:
                        progress(1)
                if dry_run or (result.errors and not skip_invalid):
                    raise _Rollback
                result.applied = True
        except _Rollback:
            result.applied = False
        return result

    def _import_one(self, row: Any) -> str:
        values = dict(row.values)
        existing = self.get(row.project_id) if row.project_id else None
        if existing is None and values.get("source_ref"):
            found = self.rows(
                "SELECT * FROM woningbouw_projects WHERE source_ref = ? LIMIT 1",
                [values["source_ref"]],
            )
            existing = found[0] if found else None
        if existing is None and values.get("name"):
            existing = self.by_name(values["name"])
        if existing is None:
            project = self.create(phase_since=row.phase_since, **values)
            self._import_history(project.id, row)
            return "created"
        outcome = self._import_fields(existing, row, values)
        if self._import_history(existing.id, row):
            outcome = "updated"
        return outcome

    def _import_fields(self, existing: Record, row: Any, values: dict) -> str:
        phase = values.pop("phase", None)
        if phase and self.settings.phase(phase).name != existing.phase:
            self.change_phase(existing.id, existing.version, phase, on=row.phase_since, **values)
            return "updated"
        data = self.clean_project(values, current=existing, partial=True)
        if not self.changed_only(existing, data):
            return "unchanged"
        self.update(existing.id, existing.version, **values)
        return "updated"

    def _import_history(self, project_id: int, row: Any) -> bool:
        """Make the project's history and knelpunten what the row's ``historie`` and
        ``knelpunten`` cells say (when given); True when anything changed. Rows are replaced
        whole (each delete and insert audited), and only when they differ."""
        changed = False
        if row.history is not None:
            changed |= self.set_history(project_id, row.history)
        if row.knelpunten is not None:
            changed |= self.set_knelpunten(project_id, row.knelpunten)
        return changed

    def set_history(self, project_id: int, entries: list[dict]) -> bool:
        """Replace the project's history by ``entries`` (dicts of ``HISTORY_FIELDS``, in
        order) when it differs; phases must be configured ones, dates not in the future."""
        from stadstafel_woningbouw.importer import HISTORY_FIELDS

        today = stadstafel.today().isoformat()
        names = self.settings.phase_names
        errors: list[str] = []
        wanted = []
        for n, entry in enumerate(entries, 1):
            line = entry.get("line", n)
            day = None
            with contextlib.suppress(ValidationError):
                day = self._clean_date(entry.get("changed_on"), "changed_on")
            if day is None:
                errors.append(texts.L(f"regel {line}: geen datum", f"line {line}: no date"))
            elif day > today:
                errors.append(texts.L(f"regel {line}: datum {day} ligt in de toekomst",
                                      f"line {line}: date {day} is in the future"))  # fmt: skip
            for key in ("phase_from", "phase_to"):
                phase = entry.get(key)
                if phase and phase not in names:
                    errors.append(
                        texts.L(
                            f"regel {line}: fase '{phase}' is onbekend; bekend zijn:"
                            f" {', '.join(names)}",
                            f"line {line}: phase '{phase}' is unknown; known are:"
                            f" {', '.join(names)}",
                        )
                    )
            wanted.append(tuple([day, *(entry.get(k) for k in HISTORY_FIELDS[1:])]))
        if errors:
            raise ValidationError({"history": "; ".join(errors)})
        wanted.sort(key=lambda e: e[0])  # stable: the file's order within one day
        current = self.history_of(project_id)
        if [tuple(h[k] for k in HISTORY_FIELDS) for h in current] == wanted:
            return False
        for h in current:
            self.history.write_delete(h.id, None)
        for entry in wanted:
            self.history.insert({"project_id": project_id, **dict(zip(HISTORY_FIELDS, entry,
                                                                        strict=True))})  # fmt: skip
        return True

    def knelpunten_in_order(self, project_id: int) -> list[Record]:
        """The project's knelpunten in the order they were added (export, import)."""
        return self._with_owners(
            self.rows(
                "SELECT * FROM woningbouw_knelpunten WHERE project_id = ? ORDER BY id",
                [project_id],
            )
        )

    def set_knelpunten(self, project_id: int, entries: list[dict]) -> bool:
        """Replace the project's knelpunten by ``entries`` when they differ."""
        from stadstafel_woningbouw.importer import KNELPUNT_FIELDS

        wanted = []
        errors: list[str] = []
        for n, entry in enumerate(entries, 1):
            line = entry.get("line", n)
            values = {k: entry.get(k) for k in KNELPUNT_FIELDS if k != "resolved_on"}
            values["status"] = values.get("status") or "open"
            try:
                data = self.knelpunten.clean(values)
                resolved = self._clean_date(entry.get("resolved_on"), "resolved_on")
            except ValidationError as exc:
                errors += [f"{texts.L('regel', 'line')} {line}: {m}" for m in exc.fields.values()]
                continue
            data["resolved_on"] = resolved
            wanted.append(data)
        if errors:
            raise ValidationError({"knelpunten": "; ".join(errors)})
        current = self.knelpunten_in_order(project_id)
        if [tuple(k[f] for f in KNELPUNT_FIELDS) for k in current] == [
            tuple(w.get(f) for f in KNELPUNT_FIELDS) for w in wanted
        ]:
            return False
        for k in current:
            self.knelpunten.write_delete(k.id, None)
        for data in wanted:
            self.knelpunten.insert({"project_id": project_id, **data})
        return True

    # -- figures ----------------------------------------------------------------------------------
    def _totals(self) -> list[dict]:
        """One row per phase and expected delivery year: its number of projects and their
        homes added (``homes_*``) and withdrawn (``out_*``) per segment, summed in SQL (the
        home screen's cards ask for this on every start, whatever the register's size). Each
        row reads like a project, so the model's rules apply to it unchanged."""
        cols = HOME_COLUMNS + WITHDRAWN_COLUMNS
        return self.query(
            "SELECT phase, delivery_year, count(*) AS projects, "
            + ", ".join(f"sum({c}) AS {c}" for c in cols)
            + " FROM woningbouw_projects GROUP BY phase, delivery_year"
        )

    def delivered_by_year(self, basis: str | None = None) -> dict[int, int]:
        """Homes delivered per delivery year on ``basis`` (default: the target's): gross
        counts the homes added, net subtracts what the same projects withdrew."""
        return {
            year: sum(homes.values())
            for year, homes in self._delivered_homes_by_year(
                self._totals(), basis or self.settings.target_basis
            ).items()
        }

    def _delivered_homes_by_year(self, totals: list[dict], basis: str) -> dict[int, dict]:
        out: dict[int, dict] = {}
        for row in totals:
            if self.settings.phase(row["phase"]).kind != "delivered" or not row["delivery_year"]:
                continue
            homes = net_of(row) if basis == "net" else homes_of(row)
            year = int(row["delivery_year"])
            out[year] = add_segments([out.get(year, {}), homes])
        return out

    def delivered_total(self, *, through_year: int | None = None) -> int:
        by_year = self.delivered_by_year()
        if through_year is not None:
            by_year = {y: n for y, n in by_year.items() if y <= through_year}
        return delivered_in_period(by_year, self.settings)

    def _phase_totals(self) -> list[dict]:
        """One row per phase (the rows of ``_totals`` added up)."""
        by_phase: dict[str, dict] = {}
        for row in self._totals():
            into = by_phase.setdefault(row["phase"], {"phase": row["phase"], "projects": 0})
            into["projects"] += row["projects"]
            for c in HOME_COLUMNS + WITHDRAWN_COLUMNS:
                into[c] = into.get(c, 0) + int(row[c] or 0)
        return list(by_phase.values())

    def progress(self, today: dt.date | None = None) -> dict:
        """Everything the progress view shows; see the README for each figure.

        Figures on the target's basis (``target_basis``) have plain keys; the same on the
        other basis end in ``_other`` (None where the other target is not configured)."""
        today = today or stadstafel.today()
        s = self.settings
        basis, other_basis = s.target_basis, s.other_basis
        rows = self._totals()
        homes_by_year = {b: self._delivered_homes_by_year(rows, b) for b in ("gross", "net")}
        by_year = {b: {y: sum(h.values()) for y, h in homes_by_year[b].items()}
                   for b in ("gross", "net")}  # fmt: skip
        other = s.on_basis(other_basis)
        delivered = delivered_in_period(by_year[basis], s)
        delivered_other = delivered_in_period(by_year[other_basis], s)
        totals = self._phase_totals()
        by_phase = {row["phase"]: row for row in totals}
        pipeline_rows = []
        for phase in s.phases:
            row = by_phase.get(phase.name)
            homes = add_segments([homes_of(row)] if row else [])
            net = add_segments([net_of(row)] if row else [])
            pipeline_rows.append(
                {
                    "phase": phase.name,
                    "hard": phase.hard,
                    "kind": phase.kind,
                    "projects": row["projects"] if row else 0,
                    "homes": homes,
                    "net": net,
                    "total": sum(homes.values()),
                    "total_net": sum(net.values()),
                }
            )
        known = set(s.phase_names)
        strays = [row for row in totals if row["phase"] not in known]
        if strays:
            homes = add_segments(homes_of(row) for row in strays)
            net = add_segments(net_of(row) for row in strays)
            pipeline_rows.append(
                {
                    "phase": "?",
                    "hard": False,
                    "kind": "plan",
                    "projects": sum(row["projects"] for row in strays),
                    "homes": homes,
                    "net": net,
                    "total": sum(homes.values()),
                    "total_net": sum(net.values()),
                }
            )
        active = [r for r in pipeline_rows if r["kind"] in ("plan", "construction")]
        key = {"gross": "homes", "net": "net"}
        pipeline = {b: add_segments(r[key[b]] for r in active) for b in ("gross", "net")}
        delivered_all = {
            b: add_segments(r[key[b]] for r in pipeline_rows if r["kind"] == "delivered")
            for b in ("gross", "net")
        }
        # The whole programme: delivered from the start year to the target year, plus the
        # pipeline (plans and construction).
        since_start = {
            b: add_segments(
                h for y, h in homes_by_year[b].items() if s.target_start_year <= y <= s.target_year
            )
            for b in ("gross", "net")
        }
        programme = {b: add_segments([since_start[b], pipeline[b]]) for b in ("gross", "net")}
        cap = capacity(totals, s)  # per phase, so the same sums as per project
        remaining = gap(delivered, s)
        remaining_other = gap(delivered_other, other) if other else None
        plan_total = cap["hard"] + cap["soft"]
        # Plan capacity per year against the NET remaining task (gross when no net target).
        net_settings = s.on_basis("net")
        cap_basis = "net" if net_settings else "gross"
        cap_remaining = (
            gap(delivered_in_period(by_year["net"], net_settings), net_settings)
            if net_settings
            else remaining
        )
        years = progress_rows(by_year[basis], s, today.year)
        other_years = {r["year"]: r for r in progress_rows(by_year[other_basis], other or s,
                                                           today.year)}  # fmt: skip
        for r in years:
            o = other_years[r["year"]]
            r["gross"] = 0 if r["future"] else by_year["gross"].get(r["year"], 0)
            r["net"] = 0 if r["future"] else by_year["net"].get(r["year"], 0)
            r["other_cumulative"] = o["cumulative"]
            r["other_needed"] = o["needed"] if other else None
        return {
            "today": today,
            "settings": s,
            "basis": basis,
            "other_basis": other_basis,
            "other_settings": other,
            "target": s.target_homes,
            "start_year": s.target_start_year,
            "target_year": s.target_year,
            "source": s.target_source,
            "years": years,
            "delivered": delivered,
            "delivered_other": delivered_other,
            "delivered_this_year": by_year[basis].get(today.year, 0),
            "needed_now": needed_by(s, today.year),
            "needed_now_other": needed_by(other, today.year) if other else None,
            "gap": remaining,
            "gap_other": remaining_other,
            "per_year_needed": per_year_needed(delivered, s, today.year),
            "pipeline": pipeline_rows,
            "pipeline_homes": pipeline["gross"],
            "pipeline_net": pipeline["net"],
            "capacity": cap,
            "capacity_ratio": (plan_total / remaining) if remaining else None,
            "capacity_years": capacity_per_year(
                rows,
                cap_remaining,
                s,
                today.year,
                cap_basis,
            ),
            "shares_pipeline": shares(pipeline[basis], s),
            "shares_pipeline_other": shares(pipeline[other_basis], s),
            "shares_delivered": shares(delivered_all[basis], s),
            "shares_delivered_other": shares(delivered_all[other_basis], s),
            "programme": programme[basis],
            "programme_other": programme[other_basis],
            "programme_delivered": since_start[basis],
            "shares_programme": shares(programme[basis], s),
            "shares_programme_other": shares(programme[other_basis], s),
            "limits": s.limits_for(today.year),
            "cbs": self.cbs_check(today),
        }

    # -- CBS -------------------------------------------------------------------------------------
    def import_cbs(self, text: str, *, table_id: str, meta: dict) -> ImportResult:
        """Store the figures of a StatLine CSV (see ``cbs``), all or nothing: any problem is
        reported by row and column and nothing changes. A figure already stored (same table,
        region, period and measure) is updated when its value or status changed."""
        from stadstafel_woningbouw.cbs import parse_statline

        self.check_permission()
        parsed = parse_statline(text)
        result = ImportResult()
        result.errors = parsed.errors
        if parsed.errors:
            return result
        source = json.dumps({**meta, "table_id": table_id}, ensure_ascii=False, sort_keys=True)
        with self.transaction():
            for f in parsed.figures:
                found = self.rows(
                    "SELECT * FROM woningbouw_cbs WHERE table_id = ? AND region = ?"
                    " AND period = ? AND measure = ?",
                    [table_id, f.region, f.period, f.measure],
                )
                values = {"value": f.value, "status": f.status, "source": source}
                if not found:
                    self.cbs.insert({"table_id": table_id, "region": f.region,
                                     "period": f.period, "year": f.year, "month": f.month,
                                     "measure": f.measure, **values})  # fmt: skip
                    result.created += 1
                elif changes := self.changed_only(found[0], values):
                    self.cbs.write_update(found[0].id, None, changes)
                    result.updated += 1
                else:
                    result.unchanged += 1
        result.applied = True
        return result

    def cbs_by_year(self, region: str | None = None) -> tuple[dict[int, dict], dict | None]:
        """CBS figures of ``region`` (default: ``cbs_region``) per year: each measure's value,
        the least final status, and ``months`` (None for a whole year; else how many months a
        year still in progress has). The year's own figure (``JJ00``) wins over its months.
        Also the source of the newest import (table, retrieval date, licence)."""
        region = (region or self.settings.cbs_region).strip()
        rows = self.query(
            "SELECT * FROM woningbouw_cbs WHERE region = ? AND (period LIKE '%JJ00'"
            " OR month IS NOT NULL) ORDER BY year, period",
            [region],
        )
        years: dict[int, dict] = {}
        for row in rows:
            whole = row["period"].endswith("JJ00")
            year = years.setdefault(row["year"], {"whole": False, "months": set(), "status": []})
            if whole and not year["whole"]:  # the year's own figures replace its months
                year.update(whole=True, months=set(), status=[])
                for measure in list(year):
                    if measure not in ("whole", "months", "status"):
                        del year[measure]
            if year["whole"] and not whole:
                continue
            if not whole:
                year["months"].add(row["month"])
            if row["value"] is not None:
                year[row["measure"]] = year.get(row["measure"], 0) + row["value"]
            if row["status"]:
                year["status"].append(row["status"])
        out = {}
        for y, year in years.items():
            statuses = year.pop("status")
            months = year.pop("months")
            whole = year.pop("whole")
            out[y] = {
                **year,
                "status": min(statuses, key=_STATUS_ORDER.index) if statuses else None,
                "months": None if whole else len(months),
            }
        source = self.query(
            "SELECT source FROM woningbouw_cbs WHERE region = ? ORDER BY updated_at DESC, id DESC"
            " LIMIT 1",
            [region],
        )
        return out, (json.loads(source[0]["source"]) if source else None)

    def cbs_check(self, today: dt.date | None = None) -> dict | None:
        """Register against CBS per year (from the target's start up to this year): the
        register's gross and net deliveries beside CBS's nieuwbouw and its net addition
        (nieuwbouw + overige toevoeging − sloop − overige onttrekking). None without CBS
        figures for ``cbs_region``."""
        today = today or stadstafel.today()
        cbs, source = self.cbs_by_year()
        if not cbs:
            return None
        gross = self.delivered_by_year("gross")
        net = self.delivered_by_year("net")
        rows = []
        for year in range(self.settings.target_start_year, today.year + 1):
            figures = cbs.get(year)
            if figures is None:
                continue
            new = figures.get("nieuwbouw")
            net_cbs = None
            if new is not None:
                net_cbs = (new + figures.get("overige_toevoeging", 0) - figures.get("sloop", 0)
                           - figures.get("overige_onttrekking", 0))  # fmt: skip
            rows.append(
                {
                    "year": year,
                    "register": gross.get(year, 0),
                    "register_net": net.get(year, 0),
                    "cbs": new,
                    "cbs_net": net_cbs,
                    "diff": None if new is None else gross.get(year, 0) - new,
                    "status": figures["status"],
                    "months": figures["months"],
                }
            )
        return {"rows": rows, "source": source or {}}

    # -- signals ----------------------------------------------------------------------------------
    def signals(self, today: dt.date | None = None) -> list[tuple[Record, list[Signal]]]:
        """Projects still on their way with at least one signal (stalled, slipped, overdue
        knelpunt), ordered by name."""
        return self._signals(self.all(), today)

    def signals_of(self, project: Record, today: dt.date | None = None) -> list[Signal]:
        """The signals of one project (as ``signals`` gives them for it): what its screen
        shows, read for that project only, not for every project of the register (80 ms
        of each project opened on the large workspace)."""
        found = self._signals([project], today, project_id=project.id)
        return found[0][1] if found else []

    def _signals(
        self, candidates: list[Record], today: dt.date | None, project_id: int | None = None
    ) -> list[tuple[Record, list[Signal]]]:
        """The signals of those ``candidates`` still on their way; the history and overdue
        knelpunten read are those of ``project_id`` only when it is given."""
        today = today or stadstafel.today()
        active = self.settings.phases_of_kind("plan", "construction")
        known = set(self.settings.phase_names)
        projects = [p for p in candidates if p.phase in active or p.phase not in known]
        if not projects:
            return []
        one = "" if project_id is None else " AND project_id = ?"
        params = [] if project_id is None else [project_id]
        history: dict[int, list[dict]] = {}
        for row in self.query(
            "SELECT * FROM woningbouw_history WHERE delivery_year_to > delivery_year_from"
            f"{one} ORDER BY changed_on, id",
            params,
        ):
            history.setdefault(row["project_id"], []).append(row)
        knelpunten: dict[int, list[dict]] = {}
        for row in self._with_owners(
            self.rows(
                "SELECT k.* FROM woningbouw_knelpunten k"
                f" WHERE k.status = 'open' AND k.due < ?{one.replace('project_id', 'k.project_id')}"
                " ORDER BY k.due, k.id",
                [today.isoformat(), *params],
            )
        ):
            knelpunten.setdefault(row["project_id"], []).append(row)
        out = []
        for p in projects:
            found = signals(
                p, history.get(p.id, []), knelpunten.get(p.id, []), self.settings, today
            )
            if found:
                out.append((p, found))
        return out


class _Rollback(Exception):
    """Raised inside the import transaction to undo it whole."""


class ImportResult:
    """Counts of one import (a plain class: this module is imported at every start)."""

    def __init__(self) -> None:
        self.created = 0
        self.updated = 0
        self.unchanged = 0
        self.errors: list = []
        self.applied = False


# -- one register per workspace ------------------------------------------------------------------
def register_for(workspace: Any) -> ProjectRegister:
    """The register of ``workspace``: its ``woningbouw.projects`` service (made once)."""
    return workspace.service(SERVICE)
