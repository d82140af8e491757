"""Records as the services hand them out: a dict with attribute access.

A record is a plain row of its table (JSON-list columns decoded), so it serialises to JSON and
CSV as it is, and screens can read ``item.title`` or ``item["title"]``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from operator import itemgetter
from typing import Any, NamedTuple

from stadstafel.textsafe import has_control, neutralise

COUNT_CAP = 10_000  # lists count matches up to here; beyond, "10.000+"
JSON_LIST_COLUMNS = {"topics", "representatives", "organisation_ids", "standard_agenda"}


class Record(dict):
    """One row. ``rec.name`` is ``rec["name"]``; a missing key reads as ``None``."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return self.get(name)

    @classmethod
    def from_row(cls, row: dict | None) -> Record | None:
        if row is None:
            return None
        rec = cls(row)
        # Text stored before the services neutralised input (or written around them) is
        # neutralised on the way out too: no control character reaches a screen or a pipe.
        for key, value in rec.items():
            if isinstance(value, str) and has_control(value):
                rec[key] = neutralise(value)
        for col in JSON_LIST_COLUMNS & rec.keys():
            value = rec[col]
            items = json.loads(value) if isinstance(value, str) and value else []
            rec[col] = [
                neutralise(v, multiline=False) if isinstance(v, str) and has_control(v) else v
                for v in items
            ]
        return rec

    @classmethod
    def from_tuples(cls, names: list[str], rows: list[tuple]) -> list[Record]:
        """``from_row`` for many rows of the same columns. Text with a control character is
        rare: one search over the whole batch's text finds whether any row has one, and
        only then is each value looked at."""
        if _clean(names, rows):
            return [cls(zip(names, row, strict=True)) for row in rows]
        return [cls.from_row(dict(zip(names, row, strict=True))) for row in rows]

    @classmethod
    def clean_tuples(cls, names: list[str], rows: list[tuple]) -> list[tuple]:
        """``rows`` with the values ``from_tuples`` would give, still as tuples in the order
        of ``names``: the batch itself when it is clean (most batches), without a dict a row."""
        if _clean(names, rows):
            return rows
        records = [cls.from_row(dict(zip(names, row, strict=True))) for row in rows]
        return [tuple([rec[name] for name in names]) for rec in records]


def _clean(names: list[str], rows: list[tuple]) -> bool:
    """No JSON-list column and no control character in any text of the batch."""
    return JSON_LIST_COLUMNS.isdisjoint(names) and not has_control(batch_text(rows, " ")[0])


_PLAIN = frozenset({str, int, float, bool, type(None)})
_TEXT = frozenset({str, type(None)})
_NO_TEXT = frozenset({int, float, bool, type(None)})


def batch_text(rows: list[tuple], sep: str) -> tuple[str, bool]:
    """Every text in ``rows`` (tuples of one length) joined by ``sep`` (an empty one may be
    left out), in no set order: what a check of all the batch's text at once looks at (a
    separator more or less changes nothing there); and whether every value
    is a plain one (text, a number, None; not a list, a dict, bytes). Column by column, so
    without Python work a cell where a column holds text or no text only."""
    texts: list[str] = []
    plain = True
    for column in zip(*rows, strict=True):
        text, kinds = column_text(column, sep)
        if text is not None:
            texts.append(text)
        plain = plain and (kinds is None or kinds <= _PLAIN)
    return sep.join(texts), plain


def column_text(column: Sequence, sep: str) -> tuple[str | None, frozenset[type] | None]:
    """The text values of ``column`` joined by ``sep`` (None when it holds no text at all;
    empty ones may be left out), and the types of its values: None where every value is
    text. A column of text only (most) is joined without a look at each value's type; one
    with a number or None in it finds it where it stands."""
    try:
        return sep.join(column), None
    except TypeError:
        pass
    kinds = frozenset(map(type, column))
    if kinds <= _TEXT:
        return sep.join(filter(None, column)), kinds
    if kinds <= _NO_TEXT:
        return None, kinds
    return sep.join([v for v in column if v.__class__ is str]), kinds


_INT = frozenset({int})
_NONE = frozenset({type(None)})


def _stored_column_text(column: Sequence) -> tuple[str | None, frozenset[type] | None]:
    """``column_text(column, " ")`` of a column as SQLite gives it (text, whole numbers,
    floats, bytes, None; never a flag, which Python's ``sum`` would take for a number): a
    column of whole numbers only, or of None only, is told without a call a value (the
    type of each, about 25 ns): ``sum`` adds whole numbers in C and fails at the first
    text, bytes or None (and a float makes its result a float); ``count`` finds None by
    identity."""
    try:
        return " ".join(column), None
    except TypeError:
        pass
    if column[0] is None:
        if column.count(None) == len(column):
            return "", _NONE  # (column_text's: the text of no text)
    else:
        try:
            if sum(column).__class__ is int:
                return None, _INT
        except TypeError:
            pass
    return column_text(column, " ")


Batches = Iterator[tuple[list[str], list[tuple]]]
ColumnBatches = Iterator[
    tuple[list[str], list[Sequence], list[str | None], list[frozenset[type] | None]]
]


class Rows:
    """The rows of one query as a service hands out a whole listing: iterated, a Record at a
    time, read from a cursor a batch at a time (a caller holds a few hundred rows however
    many there are). ``batches()`` gives the same values as ``(column names, tuples)``, for
    a writer that handles a batch at once without a dict a row (``formats.pieces``); text
    in them is neutralised as in a Record. Iterating again runs the query again.

    A looked-up column (``lookups``) comes from the query as an id (``a.table_id AS
    table_name``) and is given as what ``fetch`` finds for that id (the table's name): in
    place of a join, one query a batch for the ids not met before, each distinct value
    neutralised once and kept for the rest of the listing.

    ``stored``: ``read`` gives values as SQLite does (text, whole numbers, floats, bytes,
    None; never a flag), which lets a column's types be told faster (``_stored_column_text``)."""

    __slots__ = ("_columns", "_derived", "_lookups", "_read", "_stored")

    def __init__(
        self,
        read: Callable[[frozenset[str] | None], Batches],
        derived: tuple = (),
        columns: frozenset[str] | None = None,
        lookups: tuple[tuple[str, Lookup], ...] = (),
        *,
        stored: bool = False,
    ):
        # read(columns) gives (names, raw tuples) batches from a fresh cursor: the query's
        # columns, or only those of them in ``columns`` (None: all).
        self._read = read
        self._derived = derived  # (name, source column, function of its value), in order
        self._columns = columns
        self._lookups = lookups  # (column, fetch: ids -> {id: value}), in order
        self._stored = stored

    def batches(self) -> Batches:
        found: dict[str, dict] = {column: {None: None} for column, _ in self._lookups}
        for names, batch in self._read(self._columns):
            batch = Record.clean_tuples(names, batch)
            looked_up = [names.index(c) for c, _ in self._lookups if c in names]
            if not batch or not (looked_up or self._derived):
                yield [*names, *(name for name, _, _ in self._derived)], batch
                continue
            # Only the columns from the first looked-up one on are taken out of the rows and
            # put back (the looked-up ones come last in a query, as its joins did): a row
            # keeps its head as it is, instead of every column turned twice.
            start = min(looked_up, default=len(names))
            tail = [list(map(itemgetter(at), batch)) for at in range(start, len(names))]
            names = self._completed(names, tail, start, batch, found)
            if start:
                batch = [
                    row[:start] + end
                    for row, end in zip(batch, zip(*tail, strict=True), strict=True)
                ]
            else:
                batch = list(zip(*tail, strict=True))
            yield names, batch

    def column_batches(self) -> ColumnBatches:
        """The values of ``batches()`` a column at a time, for a writer that handles a
        column at once: ``(names, columns, texts, kinds)``, each column the batch's values
        in row order, its text (the values joined by a space) where every value is text,
        else None, and the types of its values where it holds any other, else None (none
        for a column looked up or derived). A column's text and types are looked at once,
        for the control characters and by the writer; a row is never made."""
        found: dict[str, dict] = {column: {None: None} for column, _ in self._lookups}
        for names, batch in self._read(self._columns):
            if not batch:
                continue
            texts: list[str | None] = [None] * len(names)
            kinds: list[frozenset[type] | None] = [None] * len(names)
            # A looked-up column's ids are not looked at: its values are what is found.
            looked_up = {names.index(c) for c, _ in self._lookups if c in names}
            if JSON_LIST_COLUMNS.isdisjoint(names):
                columns: list[Sequence] = list(zip(*batch, strict=True))
                for at, column in enumerate(columns):
                    if at in looked_up:
                        continue
                    text, types = (
                        _stored_column_text(column) if self._stored else column_text(column, " ")
                    )
                    if text is not None and has_control(text):
                        columns[at] = list(map(_neutral, column))  # as Record.from_row
                    elif types is None:
                        texts[at] = text
                    else:
                        kinds[at] = types
            else:  # a JSON list decoded in each row, as a Record has it
                columns = list(zip(*Record.clean_tuples(names, batch), strict=True))
            names = self._completed(names, columns, 0, batch, found)
            texts += [None] * (len(names) - len(texts))
            kinds += [None] * (len(names) - len(kinds))
            yield names, columns, texts, kinds

    def _completed(
        self, names: list[str], tail: list, start: int, batch: list[tuple], found: dict
    ) -> list[str]:
        """The columns of a batch from ``start`` on (``tail``, lists of values) with the
        looked-up ones' values found (``found`` keeps them for the listing) and the derived
        columns made and added to ``tail``; the names with theirs. A derived column's source
        before ``start`` is read from the rows of ``batch``."""
        for column, fetch in self._lookups:
            if column in names:
                at = names.index(column) - start
                tail[at] = _look_up(tail[at], found[column], fetch)
        for name, source, fn in self._derived:
            at = names.index(source)
            values = tail[at - start] if at >= start else map(itemgetter(at), batch)
            made = list(map(fn, values))
            if has_control(" ".join([v for v in made if v.__class__ is str])):
                made = list(map(_neutral, made))  # fn gave text from the data, say
            names = [*names, name]
            tail.append(made)
        return names

    def __iter__(self) -> Iterator[Record]:
        for names, batch in self.batches():
            for row in batch:
                yield Record(zip(names, row, strict=True))

    def with_column(self, name: str, source: str, fn: Callable[[Any], Any]) -> Rows:
        """These rows with one more column at the end, ``fn`` of column ``source``'s value
        (a mark or label made for the listing: ``fn`` is called once a row)."""
        derived = (*self._derived, (name, source, fn))
        return Rows(self._read, derived, self._columns, self._lookups, stored=self._stored)

    def only(self, keys: Iterable[str]) -> Rows:
        """These rows with no other columns than ``keys`` (and what the derived columns are
        made of), left out by the query itself: less to read, sort and check. A key the
        query has no column for stays absent, as before."""
        keep = frozenset(keys) | {source for _, source, _ in self._derived}
        return Rows(self._read, self._derived, keep, self._lookups, stored=self._stored)


#: Looks up ids: the value of each id it finds (``{id: value}``); an id not found is left out.
Lookup = Callable[[set], dict]


def _look_up(ids: list, known: dict, fetch: Lookup) -> list:
    """The values of ``ids`` (None for None and for an id ``fetch`` does not find), fetching
    only the ids not in ``known`` and keeping what it finds there, neutralised."""
    try:  # every id met before (most batches of a long listing): no set of them made
        return list(map(known.__getitem__, ids))
    except KeyError:
        pass
    missing = set(ids).difference(known)
    missing.discard(None)
    if missing:
        new = fetch(missing)
        known.update({i: _neutral(v) for i, v in new.items()})
        known.update(dict.fromkeys(missing.difference(new)))
    return list(map(known.get, ids))


def _neutral(value: Any) -> Any:
    return neutralise(value) if isinstance(value, str) and has_control(value) else value


class ChangeEvent(NamedTuple):
    """What ``on_change`` hooks receive after a committed mutation."""

    action: str  # create | update | delete | a verb such as sign, postpone
    record_type: str  # organisation, person, agenda_item, …
    record_id: int | None
    actor: str
    before: dict | None
    after: dict | None


class Page(NamedTuple):
    """One page of a paged list query."""

    rows: list[Record]
    total: int  # exact up to COUNT_CAP; at the cap it means "at least this many"
    offset: int
    limit: int

    @property
    def capped(self) -> bool:
        return self.total >= COUNT_CAP
