"""Pure rules of the housing register: settings, segments, phases, progress, shares, signals.

No I/O, no SQL, no Textual. Everything here takes plain values (dicts, ints, dates) so it can
be tested against hand-worked examples. Figures (targets, shares, limits) are never written in
this module: they come from the ``[plugins.woningbouw]`` configuration, whose defaults live in
``defaults.toml`` beside this file.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from stadstafel import parse_toml

DEFAULTS_FILE = Path(__file__).with_name("defaults.toml")  # shipped in the package

# -- segments -------------------------------------------------------------------------------------
SEGMENTS: tuple[str, ...] = (
    "sociale_huur",
    "middenhuur",
    "vrije_sector_huur",
    "betaalbare_koop",
    "dure_koop",
)
SEGMENT_LABELS: dict[str, tuple[str, str]] = {
    "sociale_huur": ("sociale huur", "social rent"),
    "middenhuur": ("middenhuur", "mid-rent"),
    "vrije_sector_huur": ("vrije-sectorhuur", "private rent"),
    "betaalbare_koop": ("betaalbare koop", "affordable purchase"),
    "dure_koop": ("dure koop", "expensive purchase"),
}
SEGMENT_SHORT: dict[str, str] = {
    "sociale_huur": "soc",
    "middenhuur": "mid",
    "vrije_sector_huur": "vrij",
    "betaalbare_koop": "bkoop",
    "dure_koop": "dkoop",
}
HOME_COLUMNS: tuple[str, ...] = tuple(f"homes_{s}" for s in SEGMENTS)

# Why homes leave the stock (CBS: sloop; samenvoeging and functiewijziging are "overige
# onttrekking"). A project withdraws homes per reason and segment: ``out_<reason>_<segment>``.
WITHDRAWAL_REASONS: tuple[str, ...] = ("sloop", "samenvoeging", "functiewijziging")
REASON_LABELS: dict[str, tuple[str, str]] = {
    "sloop": ("sloop", "demolition"),
    "samenvoeging": ("samenvoeging", "merger"),
    "functiewijziging": ("functiewijziging", "change of use"),
}
WITHDRAWN_COLUMNS: tuple[str, ...] = tuple(
    f"out_{r}_{s}" for r in WITHDRAWAL_REASONS for s in SEGMENTS
)
BASES = ("gross", "net")  # what a target counts: new homes, or new minus withdrawn
BASIS_LABELS: dict[str, tuple[str, str]] = {"gross": ("bruto", "gross"), "net": ("netto", "net")}

PHASE_KINDS = ("plan", "construction", "delivered", "dropped")
ACTIVE_KINDS = ("plan", "construction")  # a project still on its way
KNELPUNT_STATUSES = ("open", "opgelost", "vervallen")

MIN_YEAR = 1990
MAX_YEAR = 2100
MAX_HOMES = 100_000


# -- settings ------------------------------------------------------------------------------------
class Phase(NamedTuple):
    """One plan phase from the configuration."""

    name: str
    hard: bool
    kind: str = "plan"

    @property
    def active(self) -> bool:
        return self.kind in ACTIVE_KINDS


class Settings(NamedTuple):
    """The validated ``[plugins.woningbouw]`` section (see ``defaults.toml`` for each key)."""

    table: str
    target_homes: int
    target_start_year: int
    target_year: int
    target_source: str
    target_basis: str  # "gross" or "net"
    target_other_homes: int  # the same target on the other basis (0: not known)
    target_other_source: str
    affordable_segments: tuple[str, ...]
    affordable_share: float
    affordable_source: str
    social_rent_share: float
    social_rent_source: str
    plan_capacity_norm: float
    plan_capacity_source: str
    stalled_months: int
    stalled_months_construction: int
    slip_months: int
    initiator_kinds: tuple[str, ...]
    cbs_region: str
    phases: tuple[Phase, ...]
    segment_limits: Mapping[int, Mapping[str, Any]] = {}  # read, never changed

    # -- phases -----------------------------------------------------------------------------------
    @property
    def phase_names(self) -> list[str]:
        return [p.name for p in self.phases]

    def phase(self, name: str | None) -> Phase:
        """The configured phase; an unknown name (renamed in config) counts as a soft plan."""
        for p in self.phases:
            if p.name == name:
                return p
        folded = str(name or "").casefold()
        for p in self.phases:
            if p.name.casefold() == folded:
                return p
        return Phase(str(name or "?"), False, "plan")

    def phase_index(self, name: str | None) -> int:
        names = self.phase_names
        return names.index(name) if name in names else len(names)

    def phases_of_kind(self, *kinds: str) -> list[str]:
        return [p.name for p in self.phases if p.kind in kinds]

    @property
    def delivered_phase(self) -> str:
        return self.phases_of_kind("delivered")[0]

    @property
    def other_basis(self) -> str:
        return "net" if self.target_basis == "gross" else "gross"

    def on_basis(self, basis: str) -> Settings | None:
        """These settings with the target on ``basis`` (None when that figure is not known)."""
        if basis == self.target_basis:
            return self
        if not self.target_other_homes:
            return None
        return self._replace(
            target_homes=self.target_other_homes,
            target_other_homes=self.target_homes,
            target_basis=basis,
            target_source=self.target_other_source,
            target_other_source=self.target_source,
        )

    def limits_for(self, year: int) -> tuple[int, Mapping[str, Any]] | None:
        """The segment limits of ``year``, else of the latest earlier year configured."""
        years = sorted(y for y in self.segment_limits if y <= year)
        if not years:
            return None
        return years[-1], self.segment_limits[years[-1]]


class SettingsError(ValueError):
    """A ``[plugins.woningbouw]`` value that cannot be used: ``key`` path, expected, found."""

    def __init__(self, key: str, expected: str, found: str):
        super().__init__(f"plugins.woningbouw.{key}: expected {expected}, found {found}")
        self.key = key
        self.expected = expected
        self.found = found


@functools.cache
def _defaults() -> dict[str, Any]:
    # Parsed once per process: the config schema and the settings both ask at start (and
    # kept from the last start).
    return parse_toml(DEFAULTS_FILE.read_text(encoding="utf-8"))


def default_values() -> dict[str, Any]:
    """The defaults as parsed from ``defaults.toml`` (a fresh copy each call)."""
    return copy.deepcopy(_defaults())


def _found(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, str):
        return f'the string "{value}"'
    if isinstance(value, list):
        return f"an array of {len(value)} items"
    if isinstance(value, dict):
        return "a table"
    return f"{type(value).__name__} {value}"


def parse_settings(raw: Mapping[str, Any] | None) -> Settings:
    """Defaults from ``defaults.toml`` with ``raw`` (the TOML section) on top, validated.

    Raises ``SettingsError`` naming the key path for anything that cannot be used.
    """
    values = default_values()
    raw = dict(raw or {})
    unknown = [k for k in raw if k not in values]
    if unknown:
        raise SettingsError(
            unknown[0], "one of the keys " + ", ".join(values), f'an unknown key "{unknown[0]}"'
        )
    values.update(raw)

    def need(key: str, typ: type | tuple[type, ...], what: str) -> Any:
        value = values[key]
        if isinstance(value, bool) and bool not in (typ if isinstance(typ, tuple) else (typ,)):
            raise SettingsError(key, what, _found(value))
        if not isinstance(value, typ):
            raise SettingsError(key, what, _found(value))
        return value

    def year(key: str) -> int:
        value = need(key, int, "a year")
        if not MIN_YEAR <= value <= MAX_YEAR:
            raise SettingsError(key, f"a year from {MIN_YEAR} to {MAX_YEAR}", str(value))
        return value

    def share(key: str) -> float:
        value = float(need(key, (int, float), "a fraction from 0 to 1, e.g. 0.3"))
        if not 0 <= value <= 1:
            raise SettingsError(key, "a fraction from 0 to 1, e.g. 0.3", str(value))
        return value

    def text(key: str) -> str:
        value = need(key, str, "a string")
        if not value.strip():
            raise SettingsError(key, "a non-empty string", 'the string ""')
        return value

    def positive(key: str) -> int:
        value = need(key, int, "a whole number above 0")
        if value < 1:
            raise SettingsError(key, "a whole number above 0", str(value))
        return value

    start, end = year("target_start_year"), year("target_year")
    if end < start:
        raise SettingsError(
            "target_year", f"a year not before target_start_year ({start})", str(end)
        )
    affordable = need("affordable_segments", list, "an array of segment names")
    for i, seg in enumerate(affordable):
        if seg not in SEGMENTS:
            raise SettingsError(
                f"affordable_segments[{i}]", "one of " + ", ".join(SEGMENTS), _found(seg)
            )
    kinds = need("initiator_kinds", list, "an array of organisation kinds")
    for i, kind in enumerate(kinds):
        if not isinstance(kind, str):
            raise SettingsError(f"initiator_kinds[{i}]", "a string", _found(kind))
    basis = need("target_basis", str, '"gross" or "net"')
    if basis not in BASES:
        raise SettingsError("target_basis", '"gross" or "net"', _found(basis))
    other = need("target_other_homes", int, "a whole number (0: not known)")
    if other < 0:
        raise SettingsError("target_other_homes", "a whole number (0: not known)", str(other))
    norm = float(need("plan_capacity_norm", (int, float), "a ratio such as 1.3"))
    if norm <= 0:
        raise SettingsError("plan_capacity_norm", "a ratio above 0, such as 1.3", str(norm))
    return Settings(
        table=text("table"),
        target_homes=positive("target_homes"),
        target_start_year=start,
        target_year=end,
        target_source=text("target_source"),
        target_basis=basis,
        target_other_homes=other,
        target_other_source=need("target_other_source", str, "a string"),
        affordable_segments=tuple(affordable),
        affordable_share=share("affordable_share"),
        affordable_source=text("affordable_source"),
        social_rent_share=share("social_rent_share"),
        social_rent_source=text("social_rent_source"),
        plan_capacity_norm=norm,
        plan_capacity_source=text("plan_capacity_source"),
        stalled_months=positive("stalled_months"),
        stalled_months_construction=positive("stalled_months_construction"),
        slip_months=positive("slip_months"),
        initiator_kinds=tuple(kinds),
        cbs_region=need("cbs_region", str, 'a CBS region code such as "GM0546"').strip(),
        phases=_parse_phases(values["phases"]),
        segment_limits=_parse_limits(values["segment_limits"]),
    )


def _parse_phases(value: Any) -> tuple[Phase, ...]:
    if not isinstance(value, list) or not value:
        raise SettingsError("phases", "a non-empty array of tables [[phases]]", _found(value))
    out: list[Phase] = []
    for i, item in enumerate(value):
        key = f"phases[{i}]"
        if not isinstance(item, dict):
            raise SettingsError(key, "a table with name, hard and kind", _found(item))
        extra = set(item) - {"name", "hard", "kind"}
        if extra:
            raise SettingsError(f"{key}.{sorted(extra)[0]}", "name, hard or kind", "another key")
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            raise SettingsError(f"{key}.name", "a phase name", _found(name))
        hard = item.get("hard", False)
        if not isinstance(hard, bool):
            raise SettingsError(f"{key}.hard", "true or false", _found(hard))
        kind = item.get("kind", "plan")
        if kind not in PHASE_KINDS:
            raise SettingsError(f"{key}.kind", "one of " + ", ".join(PHASE_KINDS), _found(kind))
        if any(p.name.casefold() == name.strip().casefold() for p in out):
            raise SettingsError(f"{key}.name", "a name not used by another phase", _found(name))
        out.append(Phase(name.strip(), hard, kind))
    delivered = [p for p in out if p.kind == "delivered"]
    if len(delivered) != 1:
        raise SettingsError(
            "phases", 'exactly one phase with kind = "delivered"', f"{len(delivered)}"
        )
    if len([p for p in out if p.kind == "dropped"]) > 1:
        raise SettingsError("phases", 'at most one phase with kind = "dropped"', "more")
    return tuple(out)


LIMIT_KEYS = {
    "sociale_huur_rent_max": (int, float),
    "middenhuur_rent_max": (int, float),
    "middenhuur_points_max": (int,),
    "betaalbare_koop_price_max": (int, float),
    "source": (str,),
}


def _parse_limits(value: Any) -> dict[int, dict[str, Any]]:
    if not isinstance(value, dict):
        raise SettingsError("segment_limits", "a table of years", _found(value))
    out: dict[int, dict[str, Any]] = {}
    for year_key, limits in value.items():
        key = f"segment_limits.{year_key}"
        try:
            year = int(year_key)
        except ValueError:
            raise SettingsError(key, "a year such as 2026 as the key", _found(year_key)) from None
        if not isinstance(limits, dict):
            raise SettingsError(key, "a table of limits", _found(limits))
        for name, val in limits.items():
            types = LIMIT_KEYS.get(name)
            if types is None:
                raise SettingsError(
                    f"{key}.{name}", "one of " + ", ".join(LIMIT_KEYS), f'an unknown key "{name}"'
                )
            if isinstance(val, bool) or not isinstance(val, types):
                raise SettingsError(f"{key}.{name}", "a number" if name != "source" else "a string",
                                    _found(val))  # fmt: skip
        if not limits.get("source"):
            raise SettingsError(f"{key}.source", "the source of these figures", "nothing")
        out[year] = dict(limits)
    return out


# -- homes and segments --------------------------------------------------------------------------
def homes_of(project: Mapping[str, Any]) -> dict[str, int]:
    """Homes per segment of a project row (``homes_<segment>`` columns; None reads as 0)."""
    return {s: int(project.get(f"homes_{s}") or 0) for s in SEGMENTS}


def total_homes(project: Mapping[str, Any]) -> int:
    return sum(homes_of(project).values())


def withdrawn_of(project: Mapping[str, Any]) -> dict[str, int]:
    """Homes a project withdraws per segment, all reasons together (None reads as 0)."""
    return {
        s: sum(int(project.get(f"out_{r}_{s}") or 0) for r in WITHDRAWAL_REASONS) for s in SEGMENTS
    }


def withdrawn_by_reason(project: Mapping[str, Any]) -> dict[str, int]:
    """Homes a project withdraws per reason, all segments together."""
    return {
        r: sum(int(project.get(f"out_{r}_{s}") or 0) for s in SEGMENTS) for r in WITHDRAWAL_REASONS
    }


def net_of(project: Mapping[str, Any]) -> dict[str, int]:
    """Homes per segment added minus withdrawn (a segment may be negative: sloop of sociale
    huur replaced by koop)."""
    added, out = homes_of(project), withdrawn_of(project)
    return {s: added[s] - out[s] for s in SEGMENTS}


def on_basis(project: Mapping[str, Any], basis: str) -> dict[str, int]:
    """Homes per segment counted as ``basis`` ("gross": added; "net": added − withdrawn)."""
    return net_of(project) if basis == "net" else homes_of(project)


def add_segments(rows: Iterable[Mapping[str, int]]) -> dict[str, int]:
    out = dict.fromkeys(SEGMENTS, 0)
    for row in rows:
        for s in SEGMENTS:
            out[s] += int(row.get(s, 0))
    return out


def _at_least(share: float | None, target: float) -> bool | None:
    """``share >= target`` at the precision shown (0.1 percentage point), so 2/3 of the
    homes meets a configured 0.6667."""
    if share is None:
        return None
    return round(share * 1000) >= round(target * 1000)


class Shares(NamedTuple):
    """Segment shares of a set of homes against the targets."""

    total: int
    affordable: int
    social: int
    affordable_share: float | None  # None when there are no homes
    social_share: float | None
    affordable_target: float
    social_target: float

    @property
    def affordable_met(self) -> bool | None:
        return _at_least(self.affordable_share, self.affordable_target)

    @property
    def social_met(self) -> bool | None:
        return _at_least(self.social_share, self.social_target)


def shares(homes: Mapping[str, int], settings: Settings) -> Shares:
    """Affordable share (segments in ``affordable_segments``) and sociale-huur share."""
    total = sum(int(homes.get(s, 0)) for s in SEGMENTS)
    affordable = sum(int(homes.get(s, 0)) for s in settings.affordable_segments)
    social = int(homes.get("sociale_huur", 0))
    return Shares(
        total=total,
        affordable=affordable,
        social=social,
        affordable_share=affordable / total if total else None,
        social_share=social / total if total else None,
        affordable_target=settings.affordable_share,
        social_target=settings.social_rent_share,
    )


# -- capacity ------------------------------------------------------------------------------------
def capacity(projects: Iterable[Mapping[str, Any]], settings: Settings) -> dict[str, int]:
    """Homes by where a project stands.

    ``hard``: in a phase flagged hard that is not delivered or dropped (harde plancapaciteit);
    ``soft``: in a plan phase not flagged hard (zachte plancapaciteit);
    ``construction``: in a construction phase (also in ``hard`` when that phase is hard);
    ``delivered`` and ``dropped``: the rest. Every project counts in exactly one of
    hard/soft/delivered/dropped (a non-hard construction phase counts as soft).
    """
    out = {"hard": 0, "soft": 0, "construction": 0, "delivered": 0, "dropped": 0}
    for project in projects:
        phase = settings.phase(project.get("phase"))
        homes = total_homes(project)
        if phase.kind == "delivered":
            out["delivered"] += homes
        elif phase.kind == "dropped":
            out["dropped"] += homes
        else:
            out["hard" if phase.hard else "soft"] += homes
            if phase.kind == "construction":
                out["construction"] += homes
    return out


def capacity_per_year(
    projects: Iterable[Mapping[str, Any]],
    remaining: int,
    settings: Settings,
    this_year: int,
    basis: str = "gross",
) -> dict[str, Any]:
    """Plan capacity per expected delivery year against the remaining task and the norm.

    The remaining task (``remaining`` homes, on ``basis``) is spread evenly over the years
    from ``this_year`` to ``target_year`` (whole homes; the rounding lands in the later
    years), and each year's task times ``plan_capacity_norm`` is the capacity wanted. A
    project still on its way counts, on ``basis``, as hard or soft in its expected delivery
    year; one whose year has passed counts in ``this_year``; one without a year or after
    ``target_year`` goes to ``later``. Each row: year, task, norm (task × norm, rounded),
    hard, soft, ratio ((hard + soft) / task) and the same cumulated (cum_task, cum_norm,
    cum_capacity, cum_ratio, cum_met). E.g. 3,000 left over 2027–2030 is 750 a year, norm
    1.3 → 975 wanted a year.
    """
    first = max(this_year, settings.target_start_year)
    years = list(range(first, settings.target_year + 1))
    hard = dict.fromkeys(years, 0)
    soft = dict.fromkeys(years, 0)
    later = {"hard": 0, "soft": 0}
    for project in projects:
        phase = settings.phase(project.get("phase"))
        if not phase.active:
            continue
        homes = sum(on_basis(project, basis).values())
        year = project.get("delivery_year")
        kind = "hard" if phase.hard else "soft"
        if not years or year is None or year > settings.target_year:
            later[kind] += homes
            continue
        bucket = hard if phase.hard else soft
        bucket[max(int(year), first)] += homes
    rows = []
    n = len(years)
    cum_task = cum_cap = 0
    for i, year in enumerate(years):
        task = round(remaining * (i + 1) / n) - round(remaining * i / n)
        cum_task += task
        cum_cap += hard[year] + soft[year]
        cum_norm = round(cum_task * settings.plan_capacity_norm)
        rows.append(
            {
                "year": year,
                "task": task,
                "norm": round(task * settings.plan_capacity_norm),
                "hard": hard[year],
                "soft": soft[year],
                "ratio": (hard[year] + soft[year]) / task if task else None,
                "cum_task": cum_task,
                "cum_norm": cum_norm,
                "cum_capacity": cum_cap,
                "cum_ratio": cum_cap / cum_task if cum_task else None,
                "cum_met": cum_cap >= cum_norm,
            }
        )
    return {"rows": rows, "later": later, "remaining": remaining, "basis": basis}


def capacity_label(phase: Phase) -> str:
    """ "hard", "zacht" or "" (delivered/dropped) for a phase."""
    if not phase.active:
        return ""
    return "hard" if phase.hard else "zacht"


# -- the target and the straight line ------------------------------------------------------------
def needed_by(settings: Settings, year: int) -> int:
    """Cumulative homes needed by the end of ``year`` on the straight line to the target.

    From ``target_start_year`` (0 before it) to ``target_homes`` at the end of ``target_year``,
    rounded to whole homes. E.g. 8,000 over 2021–2030 (10 years) is 800 a year: 2023 -> 2,400.
    """
    start, end = settings.target_start_year, settings.target_year
    if year < start:
        return 0
    if year >= end:
        return settings.target_homes
    return round(settings.target_homes * (year - start + 1) / (end - start + 1))


def progress_rows(
    delivered_by_year: Mapping[int, int], settings: Settings, through_year: int
) -> list[dict[str, int]]:
    """One row per year from the target's start to ``max(target_year, through_year)``.

    Each row: year, delivered (that year), cumulative (from the start year), needed (straight
    line, cumulative) and diff = cumulative − needed (negative = behind). Years after
    ``through_year`` (the future) have delivered 0 and are marked ``future`` = 1.
    """
    rows = []
    cumulative = 0
    for year in range(settings.target_start_year, max(settings.target_year, through_year) + 1):
        delivered = int(delivered_by_year.get(year, 0)) if year <= through_year else 0
        cumulative += delivered
        needed = needed_by(settings, year)
        rows.append(
            {
                "year": year,
                "delivered": delivered,
                "cumulative": cumulative,
                "needed": needed,
                "diff": cumulative - needed,
                "future": int(year > through_year),
            }
        )
    return rows


def delivered_in_period(delivered_by_year: Mapping[int, int], settings: Settings) -> int:
    return sum(
        n
        for y, n in delivered_by_year.items()
        if settings.target_start_year <= y <= settings.target_year
    )


def gap(delivered: int, settings: Settings) -> int:
    """Homes still to deliver for the target (never below 0)."""
    return max(0, settings.target_homes - delivered)


def per_year_needed(delivered: int, settings: Settings, this_year: int) -> int | None:
    """Homes a year still needed from ``this_year`` up to the target year (None when past)."""
    years = settings.target_year - max(this_year, settings.target_start_year) + 1
    if years <= 0:
        return None
    return -(-gap(delivered, settings) // years)  # ceiling


# -- validation of one project -------------------------------------------------------------------
def project_problems(values: Mapping[str, Any], settings: Settings, this_year: int) -> dict:
    """Cross-field rules for a project (values already typed). field -> message key + params.

    Returns ``{field: (message_key, params)}``; the service renders the messages.
    - the project adds or withdraws at least one home;
    - expected start is not after expected delivery;
    - a delivered project's delivery year is not in the future;
    """
    out: dict[str, tuple[str, dict]] = {}
    if total_homes(values) + sum(withdrawn_of(values).values()) < 1:
        out["homes_sociale_huur"] = ("wb_no_homes", {})
    start, delivery = values.get("start_year"), values.get("delivery_year")
    if start and delivery and start > delivery:
        out["delivery_year"] = ("wb_delivery_before_start", {"start": start, "delivery": delivery})
    phase = settings.phase(values.get("phase"))
    if phase.kind == "delivered":
        if not delivery:
            out["delivery_year"] = ("wb_delivered_needs_year", {})
        elif delivery > this_year:
            out["delivery_year"] = ("wb_delivered_future", {"year": delivery})
    return out


# -- dates ---------------------------------------------------------------------------------------
def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months`` calendar months (day clipped to the month's length)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole calendar months from ``earlier`` to ``later`` (0 when later is earlier)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    return max(0, months)


def as_date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


# -- signals: what makes a project a subject for the table ---------------------------------------
class Signal(NamedTuple):
    """One fact about a project that the table should look at."""

    kind: str  # stalled | slipped | knelpunt_overdue
    text_nl: str
    text_en: str


def signals(
    project: Mapping[str, Any],
    history: Iterable[Mapping[str, Any]],
    knelpunten: Iterable[Mapping[str, Any]],
    settings: Settings,
    today: dt.date,
) -> list[Signal]:
    """The facts that make ``project`` a subject for the agenda, oldest rule first.

    - stalled: no phase change for ``stalled_months`` in a plan phase, or for
      ``stalled_months_construction`` in a construction phase (the last phase change is
      ``phase_since``, else the creation date);
    - slipped: within ``slip_months`` the history records a later expected delivery year than
      before (``delivery_year_from`` < ``delivery_year_to``);
    - knelpunt overdue: an open knelpunt whose due date has passed.
    Delivered and dropped projects give no signals.
    """
    phase = settings.phase(project.get("phase"))
    if not phase.active:
        return []
    out: list[Signal] = []
    since = as_date(project.get("phase_since")) or as_date(project.get("created_at"))
    limit = (
        settings.stalled_months_construction
        if phase.kind == "construction"
        else settings.stalled_months
    )
    if since is not None and since <= add_months(today, -limit):
        months = months_between(since, today)
        out.append(
            Signal(
                "stalled",
                f"geen fasewijziging sinds {since.isoformat()} ({months} maanden in fase"
                f" '{phase.name}')",
                f"no phase change since {since.isoformat()} ({months} months in phase"
                f" '{phase.name}')",
            )
        )
    horizon = add_months(today, -settings.slip_months)
    slips = [
        h
        for h in history
        if h.get("delivery_year_from")
        and h.get("delivery_year_to")
        and h["delivery_year_to"] > h["delivery_year_from"]
        and (as_date(h.get("changed_on")) or today) > horizon
    ]
    if slips:
        first = min(h["delivery_year_from"] for h in slips)
        last = slips[-1]
        out.append(
            Signal(
                "slipped",
                f"oplevering verschoven van {first} naar {last['delivery_year_to']}"
                f" (vastgelegd {last['changed_on']})",
                f"delivery moved from {first} to {last['delivery_year_to']}"
                f" (recorded {last['changed_on']})",
            )
        )
    for k in knelpunten:
        due = as_date(k.get("due"))
        if k.get("status") == "open" and due is not None and due < today:
            owner = k.get("owner_name") or "-"
            out.append(
                Signal(
                    "knelpunt_overdue",
                    f"knelpunt '{k.get('title')}' (eigenaar {owner}) over de datum sinds"
                    f" {due.isoformat()}",
                    f"bottleneck '{k.get('title')}' (owner {owner}) overdue since"
                    f" {due.isoformat()}",
                )
            )
    return out


def has_signal(row: Mapping[str, Any], settings: Settings, today: dt.date) -> bool:
    """Quick check for a list row (``phase_since``, ``overdue_knelpunten``, ``last_slip`` as
    the register's list gives them): would ``signals`` find anything?"""
    phase = settings.phase(row.get("phase"))
    if not phase.active:
        return False
    if row.get("overdue_knelpunten"):
        return True
    limit = (
        settings.stalled_months_construction
        if phase.kind == "construction"
        else settings.stalled_months
    )
    since = as_date(row.get("phase_since")) or as_date(row.get("created_at"))
    if since is not None and since <= add_months(today, -limit):
        return True
    slip = as_date(row.get("last_slip"))
    return slip is not None and slip > add_months(today, -settings.slip_months)


# -- number formatting ---------------------------------------------------------------------------
def fmt_int(value: int | float | None, lang: str = "nl") -> str:
    """8000 -> ``8.000`` (nl) or ``8,000`` (en); None -> ``–``."""
    if value is None:
        return "–"
    text = f"{round(value):,}"
    return text.replace(",", ".") if lang == "nl" else text


def fmt_pct(value: float | None, lang: str = "nl", digits: int = 1) -> str:
    """0.6667 -> ``66,7 %`` (nl) or ``66.7%`` (en); None -> ``–``."""
    if value is None:
        return "–"
    text = f"{value * 100:.{digits}f}"
    return f"{text.replace('.', ',')} %" if lang == "nl" else f"{text}%"


def fmt_eur(value: float, lang: str = "nl") -> str:
    if float(value).is_integer():
        return "€ " + fmt_int(value, lang)
    whole, cents = f"{value:,.2f}".split(".")
    if lang == "nl":
        return f"€ {whole.replace(',', '.')},{cents}"
    return f"€{whole}.{cents}"
