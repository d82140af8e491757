"""Pure domain rules: no I/O, no Textual. Easy to test with hypothesis."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable


def admission_holds(
    involved_org_ids: Iterable[int],
    partner_org_ids: Iterable[int],
    min_partners: int,
    topic: str | None,
    table_topics: Iterable[str],
    lang: str = "nl",
) -> tuple[bool, list[str]]:
    """Does an initiative fall inside the table's frame?

    It does when at least ``min_partners`` of the involved organisations are current partner
    members of the table and its topic is one of the table's topics (a table without topics
    accepts any topic). Returns (holds, reasons it does not), in Dutch or English (``lang``).
    """
    partners = set(partner_org_ids)
    involved_partners = set(involved_org_ids) & partners
    reasons: list[str] = []
    n = len(involved_partners)
    if n < min_partners:
        reasons.append(
            f"{n} of at least {min_partners} partners involved"
            if lang == "en"
            else f"{n} van minimaal {min_partners} partners betrokken"
        )
    topics = [t.casefold() for t in table_topics]
    if topics and (not topic or topic.casefold() not in topics):
        reasons.append(
            f"topic '{topic or '-'}' is not one of the table's"
            if lang == "en"
            else f"thema '{topic or '-'}' hoort niet bij de tafel"
        )
    return (not reasons, reasons)


def fully_signed(member_org_ids: Iterable[int], signed_org_ids: Iterable[int]) -> bool:
    """A mission is fully signed when every current member signed the current version."""
    members = set(member_org_ids)
    return bool(members) and members <= set(signed_org_ids)


def is_late(submitted_at: dt.datetime, deadline: dt.datetime | None) -> bool:
    return deadline is not None and submitted_at > deadline


def default_deadline(starts_at: dt.datetime, days_before: int = 7) -> dt.datetime:
    """Items are due a week before the meeting, at 17:00, unless the meeting says otherwise."""
    day = (starts_at - dt.timedelta(days=days_before)).date()
    return dt.datetime.combine(day, dt.time(17, 0))


def working_day_deadline(
    starts_at: dt.datetime,
    working_days: int = 5,
    at: dt.time = dt.time(17, 0),
    holidays: Iterable[dt.date | str] = (),
) -> dt.datetime:
    """The submission deadline ``working_days`` working days before the meeting's day, at
    ``at``. Saturdays, Sundays and the given holidays are not working days; the holidays come
    from the configuration (``[meetings] holidays``), never from code."""
    off = {dt.date.fromisoformat(str(h)[:10]) for h in holidays}
    day = starts_at.date()
    left = max(0, int(working_days))
    while left:
        day -= dt.timedelta(days=1)
        if day.weekday() < 5 and day not in off:
            left -= 1
    deadline = dt.datetime.combine(day, at)
    if deadline >= starts_at:  # 0 working days: the meeting's own day, never after its start
        deadline = starts_at - dt.timedelta(minutes=1)
    return deadline


def rhythm_start(after: dt.datetime, weekday: int | None, time: dt.time | None) -> dt.datetime:
    """The first moment on ``weekday`` (1 = Monday … 7 = Sunday) at ``time`` after ``after``:
    where a table that meets on a fixed day and hour meets next."""
    when = after.replace(second=0, microsecond=0)
    if time is not None:
        when = dt.datetime.combine(when.date(), time)
    if weekday:
        when += dt.timedelta(days=(int(weekday) - 1 - when.weekday()) % 7)
    while when <= after:
        when += dt.timedelta(days=7 if weekday else 1)
    return when


def add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year = day.year + month0 // 12
    month = month0 % 12 + 1
    first_of_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return dt.date(year, month, min(day.day, (first_of_next - dt.timedelta(days=1)).day))


# Rhythms as people say them (Dutch and English), read by ``canonical_rhythm``.
_NUMBERS = {
    "een": 1, "één": 1, "one": 1, "twee": 2, "two": 2, "drie": 3, "three": 3, "vier": 4,
    "four": 4, "vijf": 5, "five": 5, "zes": 6, "six": 6, "zeven": 7, "seven": 7, "acht": 8,
    "eight": 8, "negen": 9, "nine": 9, "tien": 10, "ten": 10, "elf": 11, "eleven": 11,
    "twaalf": 12, "twelve": 12,
}  # fmt: skip
_WORDS = {
    "wekelijks": "weeks:1", "weekly": "weeks:1", "elke week": "weeks:1",
    "iedere week": "weeks:1", "every week": "weeks:1",
    "om de week": "weeks:2", "om de andere week": "weeks:2", "tweewekelijks": "weeks:2",
    "every other week": "weeks:2", "fortnightly": "weeks:2", "biweekly": "weeks:2",
    "maandelijks": "monthly", "elke maand": "monthly", "iedere maand": "monthly",
    "per maand": "monthly", "every month": "monthly", "monthly": "monthly",
    "elk kwartaal": "quarterly", "ieder kwartaal": "quarterly", "per kwartaal": "quarterly",
    "driemaandelijks": "quarterly", "every quarter": "quarterly", "quarterly": "quarterly",
    "jaarlijks": "yearly", "elk jaar": "yearly", "ieder jaar": "yearly", "per jaar": "yearly",
    "every year": "yearly", "yearly": "yearly", "annually": "yearly",
}  # fmt: skip
_EVERY = ("elke", "iedere", "om de", "every", "each")
_WEEKS = ("weken", "week", "weeks")


def canonical_rhythm(text: str) -> str:
    """A rhythm as people write it -> the stored form (``weeks:N``, ``monthly``,
    ``quarterly``, ``yearly``): "elke 6 weken", "om de week", "maandelijks", "elk kwartaal",
    "every 3 weeks", "fortnightly", "weeks:6" (ValueError when it reads as none of these)."""
    words = " ".join(text.strip().lower().replace(",", " ").split())
    if words in _WORDS:
        return _WORDS[words]
    if words.startswith("weeks:"):
        return f"weeks:{int(words.split(':', 1)[1])}"
    for every in _EVERY:  # "elke 6 weken", "every six weeks", "om de 2 weken"
        if words.startswith(every + " "):
            words = words[len(every) + 1 :]
            break
    number, _, unit = words.partition(" ")
    if unit in _WEEKS:
        n = _NUMBERS.get(number) or (int(number) if number.isdigit() else 0)
        if n:
            return f"weeks:{n}"
    raise ValueError(text)


def parse_rhythm(rhythm: str | None) -> tuple[str, int] | None:
    """'weeks:4' -> ('weeks', 4); 'quarterly' -> ('months', 3); 'yearly' -> ('months', 12);
    a rhythm as people say it ("elke 4 weken") first through ``canonical_rhythm``."""
    if not rhythm:
        return None
    rhythm = canonical_rhythm(rhythm)
    if rhythm.startswith("weeks:"):
        n = int(rhythm.split(":", 1)[1])
        if not 1 <= n <= 52:
            raise ValueError(rhythm)
        return ("weeks", n)
    return {"monthly": ("months", 1), "quarterly": ("months", 3), "yearly": ("months", 12)}[rhythm]


def series_starts(first: dt.datetime, rhythm: str, count: int) -> list[dt.datetime]:
    """Start times of a meeting series in the given rhythm."""
    unit, n = parse_rhythm(rhythm) or ("weeks", 4)
    out = []
    for i in range(count):
        if unit == "weeks":
            out.append(first + dt.timedelta(weeks=n * i))
        else:
            out.append(dt.datetime.combine(add_months(first.date(), n * i), first.time()))
    return out


def describe_rhythm(rhythm: str | None, lang: str = "nl") -> str:
    parsed = parse_rhythm(rhythm) if rhythm else None
    if parsed is None:
        return "ad hoc"
    unit, n = parsed
    if unit == "weeks":
        if lang == "nl":
            return "elke week" if n == 1 else f"elke {n} weken"
        return "every week" if n == 1 else f"every {n} weeks"
    names = {
        1: ("maandelijks", "monthly"),
        3: ("elk kwartaal", "quarterly"),
        12: ("jaarlijks", "yearly"),
    }
    return names[n][0 if lang == "nl" else 1]
