"""One participation trajectory: its screen with six tabs (``TrajectoryScreen``) and the forms
that edit it and its parts. Imported when a trajectory is opened or a form is, not with the list
(``screens``): a session that reads the list does not hold it."""

from __future__ import annotations

from typing import Any, ClassVar

from stadstafel import Record, ValidationError, today
from stadstafel.ui import (
    ConfirmScreen,
    FormField,
    FormScreen,
    L,
    PickerScreen,
    RecordTable,
    RecordTabs,
    StadstafelScreen,
    bind,
    call_service,
)
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from stadstafel_omgevingswet.rules import (
    BEVOEGD_GEZAG,
    DRAAGVLAK,
    INSTRUMENTS,
    METHODS,
    PHASES,
    WEIGHINGS,
)
from stadstafel_omgevingswet.rules import shown as _v
from stadstafel_omgevingswet.screens import MOTIVERING_RIGHT, NAME, RIGHT, SERVICE


def ladder_lines(ws: Any, rung: str | None) -> list[str]:
    """The participatieladder drawn bottom-up: the trajectory's rung and the minimum marked."""
    cfg = ws.plugins.settings(NAME)
    lines = []
    for step in reversed(list(cfg["ladder"])):
        mark = "█" if step == rung else "│"
        note = L(" ← minimum", " ← minimum") if step == cfg["minimum_rung"] else ""
        lines.append(f"  {mark} {step}{note}")
    return lines


def _groups(text: str | None) -> list[str]:
    return [g.strip() for g in (text or "").split(",") if g.strip()]


def _changed(values: dict, current: Any) -> dict:
    """The values of a form that differ from ``current`` (None: a new record: all set ones)."""
    if current is None:
        return {k: v for k, v in values.items() if v not in (None, "", [])}
    return {k: v for k, v in values.items() if (v or None) != (current.get(k) or None)}


# -- forms -----------------------------------------------------------------------------------------
def trajectory_form(ws: Any, t: Any = None) -> FormScreen:
    """A new trajectory (``t`` None) or its facts and dates; only tables where the actor holds
    the right are offered. The initiatiefnemer is a partner of the core, named."""
    service = ws.service(SERVICE)
    tables = [
        (table.name, table.id)
        for table in ws.read.tables(limit=500).rows
        if service.may(RIGHT, table.id)
    ]
    get = (lambda k: t.get(k)) if t is not None else (lambda k: None)
    yes_no = [(L("ja", "yes"), 1), (L("nee", "no"), 0)]
    fields = [
        FormField("table_id", L("Tafel", "Table"), "select", options=tables,
                  value=get("table_id"), required=True),
        FormField("title", L("Titel", "Title"), value=get("title"), required=True),
        FormField("instrument", L("Instrument", "Instrument"), "select", options=INSTRUMENTS,
                  value=get("instrument"), required=True),
        FormField("bopa", L("BOPA", "BOPA"), "select", options=yes_no,
                  value=int(bool(get("bopa"))) if t is not None else 0,
                  help=L("buitenplanse omgevingsplanactiviteit (alleen vergunning)",
                         "activity outside the omgevingsplan (permits only)")),
        FormField("dwellings", L("Woningen", "Homes"), "int", value=get("dwellings")),
        FormField("bevoegd_gezag", L("Bevoegd gezag", "Authority"), "select",
                  options=BEVOEGD_GEZAG, value=get("bevoegd_gezag")),
        FormField("initiatiefnemer", L("Initiatiefnemer", "Initiator"),
                  value=get("initiatiefnemer") or None,
                  help=L("naam van een partner", "name of a partner")),
        FormField("phase", L("Fase", "Phase"), "select", options=PHASES,
                  value=get("phase") or "verkenning", required=True),
        FormField("verkenning_start", L("Start verkenning", "Exploration start"), "date",
                  value=get("verkenning_start")),
        FormField("ontwerp_published", L("Ontwerp gepubliceerd", "Draft published"), "date",
                  value=get("ontwerp_published")),
        FormField("submitted", L("Ingediend/voorgelegd", "Submitted"), "date",
                  value=get("submitted")),
        FormField("decided", L("Vastgesteld/besloten", "Decided"), "date", value=get("decided")),
        FormField("application_participation", L("Participatie gedaan?", "Participation done?"),
                  "select", options=["ja", "nee"], value=get("application_participation"),
                  help=L("aanvraagvereiste (Orr 7.4), alleen vergunning",
                         "aanvraagvereiste (Orr 7.4), permits only")),
        FormField("application_how", L("Hoe, met welk resultaat", "How, what result"),
                  "textarea", value=get("application_how")),
    ]  # fmt: skip

    def submit(values: dict) -> Any:
        version = values.pop("version", None)
        name = values.pop("initiatiefnemer")
        if name:
            org = ws.read.organisation_by_name(name)
            if org is None:
                raise ValidationError(
                    {"initiatiefnemer": L(f"Geen partner '{name}'.", f"No partner '{name}'.")}
                )
            values["initiatiefnemer_id"] = org.id
        elif t is not None and t.initiatiefnemer_id:
            values["initiatiefnemer_id"] = None
        values["bopa"] = bool(values.get("bopa"))
        if t is None:
            return service.create(**_changed(values, None))
        return service.update(t.id, version, **_changed(values, t))

    title = L("Nieuw traject", "New trajectory") if t is None else L("Traject", "Trajectory")
    return FormScreen(title, fields, submit=submit, version=None if t is None else t.version)


def part_form(ws: Any, service_name: str, title: str, specs: list, trajectory_id: int,
              record: Any = None) -> FormScreen:  # fmt: skip
    """A form over a part's fields: ``specs`` are ``(name, kind, options)``; labels come from the
    service's fields. A one-per-trajectory part is saved, a row created or updated."""
    service = ws.service(service_name)
    fields = []
    for name, kind, options in specs:
        value = record.get(name) if record is not None else None
        if name.startswith("groups_"):
            value = ", ".join(value or [])
        fields.append(
            FormField(
                name,
                service.label(name),
                kind,
                options=options,
                value=value,
                required=service.fields[name].required,
                help=L("gescheiden door komma's", "separated by commas")
                if name.startswith("groups_")
                else "",
            )
        )

    def submit(values: dict) -> Any:
        version = values.pop("version", None)
        for name, value in list(values.items()):
            if name.startswith("groups_"):
                values[name] = _groups(value)
        if hasattr(service, "save"):
            return service.save(trajectory_id, version, **_changed(values, record))
        if record is None:
            return service.create(trajectory_id=trajectory_id, **_changed(values, None))
        return service.update(record.id, version, **_changed(values, record))

    version = record.version if record is not None else None
    return FormScreen(title, fields, submit=submit, version=version)


PLAN = [
    ("date", "date", None),
    ("rung", "select", "ladder"),
    ("rung_rationale", "textarea", None),
    ("stakeholders", "textarea", None),
    ("groups_meant", "text", None),
    ("fixed_frameworks", "textarea", None),
    ("room_for_influence", "textarea", None),
    ("reactions_handling", "textarea", None),
    ("reporting", "textarea", None),
]
KENNISGEVING = [
    ("date", "date", None),
    ("involved", "textarea", None),
    ("subject", "textarea", None),
    ("timing", "text", None),
    ("roles", "textarea", None),
    ("information", "text", None),
]
ACTIVITY = [
    ("date", "date", None),
    ("title", "text", None),
    ("method", "select", METHODS),
    ("invitation_date", "date", None),
    ("turnout", "int", None),
    ("groups_reached", "text", None),
    ("notes", "textarea", None),
]
VERSLAG = [
    ("date", "date", None),
    ("participants", "textarea", None),
    ("interests", "textarea", None),
    ("ideas", "textarea", None),
    ("adjusted", "textarea", None),
    ("not_adjusted", "textarea", None),
    ("draagvlak", "select", DRAAGVLAK),
    ("shared", "date", None),
    ("reactions", "textarea", None),
]
AFWEGING = [
    ("interest", "text", None),
    ("whose", "text", None),
    ("weighing", "select", WEIGHINGS),
    ("reasoning", "textarea", None),
    ("explanation", "textarea", None),
    ("explained_on", "date", None),
]


# -- one trajectory ------------------------------------------------------------------------------
TABS = [
    ("traject", "Traject", "Trajectory"),
    ("plan", "Plan", "Plan"),
    ("activiteiten", "Activiteiten", "Activities"),
    ("verslag", "Verslag", "Report"),
    ("afweging", "Afweging", "Weighing"),
    ("motivering", "Motivering", "Motivation"),
]
# action -> the tabs where it applies (absent: everywhere)
WHERE = {
    "kennisgeving": {"traject"},
    "new": {"activiteiten", "afweging"},
    "delete": {"activiteiten", "afweging"},
}


class TrajectoryScreen(StadstafelScreen):
    """One trajectory in six tabs (1-6): the facts with the ladder and the flags, the plan, the
    activities, the verslag, the belangenafweging and the motivering. ``e`` edits what the tab
    shows (or its selected row), ``n`` adds a row, ``a`` puts the trajectory on its table's
    next agenda, ``x`` exports its plan and verslag."""

    TITLE_NL, TITLE_EN = "Participatietraject", "Participation trajectory"
    BINDINGS: ClassVar[list] = [
        bind("escape", "back", "Terug", "Back", id="omgevingswet.trajectory.back"),
        *[
            bind(str(i), f"tab('{tab}')", nl, en, id=f"omgevingswet.trajectory.tab{i}", show=False)
            for i, (tab, nl, en) in enumerate(TABS, 1)
        ],
        bind("e", "edit", "Wijzig", "Edit", id="omgevingswet.trajectory.edit"),
        bind("n", "new", "Nieuw", "New", id="omgevingswet.trajectory.new"),
        bind("d", "delete", "Verwijder", "Delete", id="omgevingswet.trajectory.delete"),
        bind("k", "kennisgeving", "Kennisgeving", "Notice", id="omgevingswet.kennisgeving"),
        bind("a", "agenda", "Agenderen", "To agenda", id="omgevingswet.trajectory.agenda"),
        bind("x", "export", "Exporteren", "Export", id="omgevingswet.trajectory.export"),
    ]
    DEFAULT_CSS = """
    TrajectoryScreen #trajectory-title { height: 1; padding: 0 1; text-style: bold; }
    TrajectoryScreen VerticalScroll { height: 1fr; padding: 0 1; }
    TrajectoryScreen .hint { height: 1; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, workspace: Any, trajectory_id: int, tab: str = "traject"):
        super().__init__()
        self._workspace = workspace
        self.trajectory_id = trajectory_id
        self.initial_tab = tab
        self.trajectory: Record | None = None
        self.plan: Record | None = None
        self.verslag: Record | None = None
        self.kennisgeving: Record | None = None
        self.activities: list = []

    @property
    def ws(self) -> Any:
        return self._workspace if self._workspace is not None else super().ws

    def service(self, name: str) -> Any:
        return self.ws.service(f"{NAME}.{name}")

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static("", id="trajectory-title", markup=False)
        # a tab's body is built, and filled, when the tab is first shown
        labels = [(tab, f"{i} {L(nl, en)}") for i, (tab, nl, en) in enumerate(TABS, 1)]
        # the first tab's list or text focused as it mounts: one frame, styled once
        yield RecordTabs(
            labels, build=self._make_tab, initial=self.initial_tab, focus=True, id="tabs"
        )
        yield from self.compose_footer()

    def _make_tab(self, tab: str) -> list:
        if tab in ("activiteiten", "afweging"):
            return [
                RecordTable(self.row_columns(tab), id=f"{tab}-rows"),
                Static("", id=f"{tab}-hint", classes="hint", markup=False),
            ]
        return [VerticalScroll(Static("", id=f"{tab}-body", markup=False), id=f"{tab}-scroll")]

    @staticmethod
    def row_columns(tab: str) -> list[tuple]:
        if tab == "activiteiten":
            return [
                (L("Datum", "Date"), 10, lambda a: a.date),
                (L("Activiteit", "Activity"), 22, lambda a: a.title or a.method or ""),
                (L("Uitgenodigd", "Invited"), 11, lambda a: a.invitation_date or ""),
                (L("Opkomst", "Turnout"), 7, lambda a: "" if a.turnout is None else a.turnout),
                (L("Bereikt", "Reached"), 20, lambda a: _v(a.groups_reached)),
            ]
        return [
            (L("Belang", "Interest"), 24, lambda a: a.interest),
            (L("Van wie", "Whose"), 14, lambda a: a.whose or ""),
            (L("Afweging", "Weighed"), 17, lambda a: a.weighing or ""),
            (L("Uitgelegd", "Explained"), 10, lambda a: a.explained_on or ""),
        ]

    def on_mount(self) -> None:
        self.refresh_data()

    # -- data --------------------------------------------------------------------------------
    def refresh_data(self) -> None:
        tid = self.trajectory_id
        t = call_service(self, self.service("trajectories").detail, tid)
        if t is None:
            return
        self.trajectory = t
        self.kennisgeving = self.service("kennisgevingen").one(tid)
        self.plan = self.service("plans").one(tid)
        self.verslag = self.service("verslagen").one(tid)
        self.activities = self.service("activities").of(tid)
        self.query_one("#trajectory-title", Static).update(t.title)
        for tab, body in self.query_one("#tabs", RecordTabs).bodies.items():
            if body.is_mounted:  # one built as it was shown is filled once mounted
                self._fill(tab)
        self.refresh_bindings()

    def _fill(self, tab: str) -> None:
        """Show the trajectory as last read in the tab ``tab``."""
        t, activities = self.trajectory, self.activities
        if t is None:
            return
        if tab == "traject":
            self.body(tab, self.traject_lines(t))
        elif tab == "plan":
            self.body(tab, self.plan_lines())
        elif tab == "verslag":
            self.body(tab, self.verslag_lines(activities))
        elif tab == "motivering":
            self.body(tab, self.motivering_lines(t))
        elif tab == "activiteiten":
            self._rows(tab).show(activities)
            total = sum(a.turnout or 0 for a in activities)
            self.query_one("#activiteiten-hint", Static).update(
                L(
                    f"{len(activities)} activiteiten, opkomst {total} · n nieuw, e wijzig, "
                    "d verwijder",
                    f"{len(activities)} activities, turnout {total} · n new, e edit, d delete",
                )
            )
        elif tab == "afweging":
            self._rows(tab).show(self.service("afwegingen").of(self.trajectory_id))
            self.query_one("#afweging-hint", Static).update(
                L(
                    "Elk belang: van wie, hoe gewogen, welke uitleg teruggegeven · n nieuw, "
                    "e wijzig, d verwijder",
                    "Each interest: whose, how weighed, what explanation given · n new, e edit, "
                    "d delete",
                )
            )

    def body(self, tab: str, lines: list[str]) -> None:
        self.query_one(f"#{tab}-body", Static).update("\n".join(lines))

    def traject_lines(self, t: Any) -> list[str]:
        k = self.kennisgeving
        homes = f" (BOPA, {t.dwellings or 0} {L('won.', 'homes')})" if t.bopa else ""
        out = [
            (
                f"{t.instrument}{homes} · {L('bevoegd gezag', 'authority')} {_v(t.bevoegd_gezag)}"
                f" · {L('initiatiefnemer', 'initiator')} {_v(t.initiatiefnemer)}"
            ),
            (
                f"{L('Tafel', 'Table')}: {t.table_name} · {L('Grondslag', 'Legal basis')}: "
                f"{t.legal_basis}"
            ),
            (
                f"{L('Fase', 'Phase')}: {t.phase} · {L('verkenning', 'exploration')} "
                f"{_v(t.verkenning_start)} · {L('ontwerp', 'draft')} {_v(t.ontwerp_published)}"
                f" · {L('ingediend', 'submitted')} {_v(t.submitted)}"
                f" · {L('besluit', 'decision')} {_v(t.decided)}"
            ),
            (
                f"{L('Kennisgeving (k)', 'Notice (k)')}: {_v(k.date if k else None)}"
                f" · {_v(k.involved if k else None)}"
            ),
        ]
        if t.instrument == "omgevingsvergunning":
            out.append(
                f"{L('Aanvraag: participatie gedaan?', 'Application: participation?')} "
                f"{_v(t.application_participation)} · {_v(t.application_how)}"
            )
        out.append(L("Signalen:", "Flags:") if t.flags else L("Geen signalen.", "No flags."))
        out += [f" ! {f['text']} — {f['source']}" for f in t.flags]
        return [
            *out,
            f"{L('Trede', 'Rung')}: {_v(self.plan.rung if self.plan else None)}",
            *ladder_lines(self.ws, self.plan.rung if self.plan else None),
        ]

    def _fields(self, record: Any, specs: list, service: str) -> list[str]:
        labels = self.service(service)
        return [f"{labels.label(name)}: {_v(record.get(name) if record else None)}"
                for name, _, _ in specs]  # fmt: skip

    def plan_lines(self) -> list[str]:
        if self.plan is None:
            return [L("Nog geen participatieplan. e: schrijf het plan.",
                      "No participation plan yet. e: write the plan.")]  # fmt: skip
        return self._fields(self.plan, PLAN, "plans")

    def verslag_lines(self, activities: list) -> list[str]:
        meant = (self.plan.groups_meant if self.plan else None) or []
        reached = sorted({g for a in activities for g in (a.groups_reached or [])})
        missed = [g for g in meant if g not in reached]
        out = [
            (
                f"{L('Beoogd', 'Meant')}: {_v(meant)} · {L('bereikt', 'reached')}: {_v(reached)}"
                f" · {L('niet bereikt', 'not reached')}: {_v(missed)}"
            ),
        ]
        if self.verslag is None:
            return [*out, L("Nog geen participatieverslag. e: schrijf het verslag.",
                            "No participation report yet. e: write the report.")]  # fmt: skip
        return out + self._fields(self.verslag, VERSLAG, "verslagen")

    def motivering_lines(self, t: Any) -> list[str]:
        return [
            L(
                "Motivering bij het besluit (hoe betrokken, resultaten, hoe het "
                "participatiebeleid is toegepast):",
                "Motivation with the decision (how involved, results, how the "
                "participation policy was applied):",
            ),
            _v(t.motivering),
            "",
            f"{L('Grondslag', 'Legal basis')}: {t.legal_basis}",
        ]

    # -- tabs and rights ---------------------------------------------------------------------
    @property
    def active_tab(self) -> str:
        tabs = self.query("#tabs")
        return tabs.first(RecordTabs).active if tabs else self.initial_tab

    def focus_tab(self, tab: str) -> None:
        pane = self.query_one(f"#{tab}")
        found = pane.query("DataTable") or pane.query("VerticalScroll")
        if found:
            found.first().focus()

    _mounting: Any = None  # the mount of a tab's body built as it is first shown

    def action_tab(self, tab: str) -> None:
        mounting = self.query_one("#tabs", RecordTabs).show(tab)
        if mounting is None:  # built: focus it now
            self.focus_tab(tab)
        else:
            self._mounting = mounting

    async def _tab_ready(self) -> None:
        """Until the tab in view is mounted and filled: a key typed right after a tab's number
        (``3e``) acts on that tab, whose body is built, mounted and filled after the number."""
        mounting, self._mounting = self._mounting, None
        if mounting is not None:
            await mounting
            self._fill(self.active_tab)

    @on(RecordTabs.TabActivated)
    def _tab_changed(self, event: RecordTabs.TabActivated) -> None:
        if event.built:
            self._fill(event.tab)
        if event.tab == self.active_tab:
            self.focus_tab(event.tab)
        self.refresh_bindings()

    @property
    def table_id(self) -> int | None:
        return self.trajectory.table_id if self.trajectory is not None else None

    def may(self, right: str) -> bool:
        return self.service("trajectories").may(right, self.table_id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        where = WHERE.get(action)
        if where is not None and self.active_tab not in where:
            return False
        if action in ("edit", "new", "kennisgeving", "delete"):
            motivering = action == "edit" and self.active_tab == "motivering"
            return self.may(MOTIVERING_RIGHT if motivering else RIGHT)
        if action == "agenda":
            return self.may("agenda.submit")
        return True

    def action_back(self) -> None:
        self.app.pop_screen()

    # -- editing -----------------------------------------------------------------------------
    def _open(self, form: FormScreen) -> None:
        def saved(record: Any) -> None:
            if record is not None:
                self.notify(L("Opgeslagen.", "Saved."))
                self.refresh_data()

        self.app.push_screen(form, saved)

    def _rows(self, tab: str) -> RecordTable:
        return self.query_one(f"#{tab}-rows", RecordTable)

    async def action_edit(self) -> None:
        await self._tab_ready()
        self.edit()

    def edit(self) -> None:
        """Edit what the tab in view shows (or its selected row; none: add one)."""
        t, tab, tid = self.trajectory, self.active_tab, self.trajectory_id
        if t is None:
            return
        if tab == "traject":
            self._open(trajectory_form(self.ws, t))
        elif tab == "plan":
            specs = [(n, k, self._ladder() if o == "ladder" else o) for n, k, o in PLAN]
            self._open(part_form(self.ws, f"{NAME}.plans", L("Participatieplan",
                       "Participation plan"), specs, tid, self.plan))  # fmt: skip
        elif tab == "verslag":
            self._open(part_form(self.ws, f"{NAME}.verslagen", L("Participatieverslag",
                       "Participation report"), VERSLAG, tid, self.verslag))  # fmt: skip
        elif tab == "motivering":
            self._open(self.motivering_form(t))
        elif tab in ("activiteiten", "afweging"):
            record = self._rows(tab).current_record
            if record is None:
                self.new()
            else:
                self._open(self.row_form(tab, record))

    def _ladder(self) -> list[str]:
        return list(self.ws.plugins.settings(NAME)["ladder"])

    def row_form(self, tab: str, record: Any = None) -> FormScreen:
        if tab == "activiteiten":
            title = L("Participatieactiviteit", "Participation activity")
            return part_form(self.ws, f"{NAME}.activities", title, ACTIVITY,
                             self.trajectory_id, record)  # fmt: skip
        title = L("Belangenafweging", "Weighing of interests")
        return part_form(self.ws, f"{NAME}.afwegingen", title, AFWEGING, self.trajectory_id,
                         record)  # fmt: skip

    async def action_new(self) -> None:
        await self._tab_ready()
        self.new()

    def new(self) -> None:
        if self.active_tab in ("activiteiten", "afweging"):
            self._open(self.row_form(self.active_tab))

    async def action_delete(self) -> None:
        await self._tab_ready()
        tab = self.active_tab
        record = self._rows(tab).current_record if tab in ("activiteiten", "afweging") else None
        if record is None:
            return
        service = self.service("activities" if tab == "activiteiten" else "afwegingen")
        what = record.get("title") or record.get("interest") or record.get("date") or ""

        def answer(yes: bool | None) -> None:
            done = yes and call_service(
                self, lambda: service.delete(record.id, record.version) or True
            )
            if done:
                self.notify(L("Verwijderd.", "Deleted."))
                self.refresh_data()

        question = L(f"'{what}' verwijderen?", f"Delete '{what}'?")
        self.app.push_screen(ConfirmScreen(question), answer)

    def action_kennisgeving(self) -> None:
        self._open(part_form(self.ws, f"{NAME}.kennisgevingen", L("Kennisgeving participatie",
                   "Participation notice"), KENNISGEVING, self.trajectory_id,
                   self.kennisgeving))  # fmt: skip

    def motivering_form(self, t: Any) -> FormScreen:
        service = self.service("trajectories")
        fields = [
            FormField("motivering", L("Motivering", "Motivation"), "textarea", value=t.motivering)
        ]

        def submit(values: dict) -> Any:
            return service.update(t.id, values.pop("version"), motivering=values["motivering"])

        return FormScreen(L("Motivering participatie", "Participation motivation"), fields,
                          submit=submit, version=t.version)  # fmt: skip

    @on(RecordTable.RowSelected)
    def _row_chosen(self, event: Any) -> None:
        if self.check_action("edit", ()):
            self.edit()

    # -- agenda and export -------------------------------------------------------------------
    def action_agenda(self) -> None:
        """The trajectory on its table's next meeting, with its facts, through the core's agenda
        (the same key as its agenda suggestion, so that one is not proposed again)."""
        t = self.trajectory
        if t is None:
            return
        from stadstafel_omgevingswet import suggestion_for

        meeting = self.ws.meetings.next_meeting(t.table_id, today().isoformat())
        sug = suggestion_for(self.ws, t)
        item = call_service(
            self,
            self.ws.agenda.submit,
            t.table_id,
            sug["title"],
            meeting_id=meeting.id if meeting else None,
            description=f"{sug['description']}\n{sug['detail']}".strip(),
            origin="plugin",
            source_key=sug["key"],
        )
        if item is not None:
            where = (
                L(
                    f"vergadering van {meeting.starts_at[:10]}",
                    f"meeting of {meeting.starts_at[:10]}",
                )
                if meeting
                else L("de backlog van de tafel", "the table's backlog")
            )
            self.notify(L(f"Op de agenda: {where}.", f"On the agenda: {where}."), markup=False)

    def action_export(self) -> None:
        # The core's formats and the documents are imported for an export, not with the screen.
        from stadstafel import DOCUMENT_FORMATS, render_document
        from stadstafel.ui import save_export

        options = [(fmt.upper(), fmt) for fmt in DOCUMENT_FORMATS]

        def chosen(fmt: str | None) -> None:
            if fmt is None:
                return
            from stadstafel_omgevingswet.documents import trajectory_document

            doc = call_service(self, trajectory_document, self.ws, self.trajectory_id)
            data = doc and call_service(self, render_document, self.ws, doc, fmt)
            if data:
                name = f"participatie-{self.trajectory_id}.{fmt}"
                save_export(self.app, data, name, DOCUMENT_FORMATS[fmt])

        title = L("Plan en verslag exporteren als", "Export plan and report as")
        self.app.push_screen(PickerScreen(title, options), chosen)
