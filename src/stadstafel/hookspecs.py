"""The hooks a stadstafel plugin can implement.

Plugins write ``from stadstafel import hookimpl`` and decorate module-level functions whose
names (and argument names) match the specifications below. An implementation may accept fewer
arguments than the specification; it may never invent new ones.

The plugin host (:mod:`stadstafel.plugins`) calls every hook *per plugin*, so a plugin that
raises is reported by name and switched off while the others keep working. Results that are
``None`` are ignored. ``docs/plugins.md`` documents every hook with an example; a test keeps
that page and this module in line.

Nothing here imports Textual or touches the database.
"""

from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("stadstafel")


# -- data ------------------------------------------------------------------------------------
@hookspec
def migrations():
    """Return the plugin's ``sqlite_utils.Migrations`` set, or None.

    The set must be named ``"stadstafel-<plugin name>"`` and every table it creates must start
    with ``<plugin name>_`` (a ``-`` in the name becomes ``_``). The workspace applies the sets
    of enabled plugins when it opens a database, after the core's own set. A disabled plugin's
    set is never applied or touched, so disabling a plugin keeps its data.
    """


# -- registration (each gets a ``register`` object that records which plugin added what) ----
@hookspec
def register_screens(register, workspace):
    """Add navigation entries: ``register(id, title, factory, key="")``.

    ``factory(workspace)`` returns a Textual ``Screen``; it is called when the user opens the
    entry, so import Textual inside it. ``key`` is a suggested single key in the navigation
    (ignored when the core or another plugin already uses it). Called when a workspace is
    attached to the host. The same ``id`` from two plugins is a start-up error.
    """


@hookspec
def register_commands(register, workspace):
    """Add command-palette commands: ``register(id, title, callback, help="")``.

    ``callback(app)`` runs inside the Textual app when the user picks the command. Called when
    a workspace is attached to the host. The same ``id`` from two plugins is a start-up error.
    """


@hookspec
def register_themes(register):
    """Add visual themes: ``register(theme)`` with a ``textual.theme.Theme``.

    Import Textual inside the implementation, never at module level. Called the first time the
    host is asked for its themes (when the app starts). Every theme must read well in 256 and
    16 colours. The same theme name from two plugins is a start-up error.
    """


@hookspec
def register_topics(register):
    """Add domain topics (thema's) and vocabulary values.

    ``register.topic("woningbouw")`` adds a topic; ``register.vocabulary("organisation_kinds",
    "netbeheerder")`` adds values to a named vocabulary. Duplicates are merged, never an error.
    Called when the host loads.
    """


@hookspec
def config_schema():
    """Return the keys of the plugin's ``[plugins.<name>]`` TOML section.

    A dict of key name to ``stadstafel.config.SchemaKey(type, default, description,
    secret=False, choices=None)`` (or a dict with those fields). The host validates the section
    against it when it loads; the validated values (defaults filled in) are available as
    ``workspace.plugins.settings("<name>")``. Keys marked ``secret`` are hidden in
    ``stadstafel config show``. A plugin without this hook accepts no keys.
    """


@hookspec
def check_settings(settings):
    """Check the plugin's validated ``[plugins.<name>]`` values as the plugin will use them
    (ranges, relations between keys: what ``config_schema`` types cannot say).

    Raise an exception for a value that cannot be used; give it ``key`` (the path inside the
    section, e.g. ``"affordable_share"``), ``expected`` and ``found`` attributes to name it.
    The host turns it into a configuration error naming ``plugins.<name>.<key>``: ``stadstafel
    config check`` exits 2 with it, and the plugin is switched off (as for a wrong type).
    Called when the host loads, right after the section was validated against the schema.
    """


# -- content -------------------------------------------------------------------------------
@hookspec
def dashboard_cards(workspace):
    """Return figures for the home screen: a list of ``{"title", "value", "detail"}`` dicts.

    ``value`` is a short text or number; ``detail`` one line of explanation. Called at every
    start before the home screen's first frame, and whenever it refreshes: count in the
    database (``count(*)``, ``sum``), never read rows to count them in Python.
    """


@hookspec
def goal_indicators(workspace, goal):
    """Measure a mission goal: return ``{"value": float, "detail": str}`` or None.

    ``goal`` is the goal record (``description``, ``target_value``, ``unit``, ``deadline``,
    ``indicator``). Goals whose ``indicator`` is ``"<plugin name>:<indicator>"`` are meant for a
    plugin; return None for goals the plugin cannot measure. The first measurement wins.
    """


@hookspec
def agenda_suggestions(workspace, table, meeting):
    """Propose items for a meeting's agenda: a list of dicts.

    Each dict has ``key`` (stable, so a suggestion that was accepted or dismissed is not
    proposed twice; it begins with the plugin's name and a colon, ``woningbouw:project:5``,
    which the next agenda shows as the item's origin), ``title``, ``description`` and
    ``detail`` (why it is proposed). ``table`` is the table record, ``meeting`` the meeting
    record or None (the table's backlog).
    """


@hookspec
def exporters(register):
    """Add export formats: ``register(name, function, *, label, media_type, suffix, scopes)``.

    ``function(workspace, scope)`` returns the file's bytes; ``scope`` is a
    ``stadstafel.ExportScope(kind, id, record)`` with ``kind`` one of ``scopes`` ("none",
    "table", "meeting"). ``label`` is ``(Dutch, English)``. See ``stadstafel.exporting``.
    Called when the host loads. The same exporter name from two plugins is a start-up error.
    """


@hookspec
def demo_data(workspace):
    """Add the plugin's part of the Leiden demo workspace, through the services.

    Called once after the core's demo data exists (``stadstafel demo``); act as the workspace's
    actor, which is an administrator while the demo is built. Return value is ignored.
    """


@hookspec
def demo_settings():
    """Settings for the plugin's ``[plugins.<name>]`` section of the demo's configuration.

    Called by ``stadstafel demo`` before it writes the demo's ``stadstafel.toml``: return a dict
    (validated against ``config_schema()`` like a deployment's section), or ``None`` for the
    defaults. Use it for the demo city's own policy where the defaults are generic; keep each
    figure's source beside it, as in a deployment file.
    """


@hookspec
def generate_data(workspace, size, seed):
    """Add the plugin's part of a generated workspace (``stadstafel demo --size large``).

    ``size`` names the core's ``stadstafel.demo.generate.SIZES`` entry (``large``, ``medium``,
    ``tiny``): write data in proportion to those counts, deterministically from ``seed``, in
    bulk with a service's ``bulk_insert`` (no audit rows). Return ``{table: rows written}``.
    """


@hookspec
def cli_commands(cli):
    """Add click subcommands to the ``stadstafel`` group: ``cli.add_command(...)``.

    A command whose name is already taken (by the core or another plugin) is refused and the
    plugin reported. Open the workspace inside the command, not in this hook.
    """


@hookspec
def on_change(workspace, event):
    """React after a mutation was committed.

    ``event`` is a ``stadstafel.records.ChangeEvent`` with ``action``, ``record_type``,
    ``record_id``, ``actor``, ``before`` and ``after``. The change is already stored; a plugin
    that raises here is reported and switched off, the change stays.
    """


# -- the kit: services, rights, search, tabs ------------------------------------------------
@hookspec
def services(register):
    """Add the plugin's services: ``register(name, factory)``.

    ``factory(workspace)`` returns a ``stadstafel.Service`` (or a subclass); it is made once per
    workspace, on first use, as ``workspace.service("<plugin name>.<name>")``, and its
    ``plugin`` attribute is set to the plugin's name. ``factory`` may be named as
    ``"package.module:Name"``: imported on first use, not at every start. Called when the host
    loads.
    """


@hookspec
def permissions(register):
    """Declare the plugin's rights: ``register(name, label=(nl, en), roles=(...))``.

    ``name`` starts with ``<plugin name>.``; ``roles`` are the roles of
    ``stadstafel.permissions`` (``beheerder``, ``voorzitter``, ``secretaris``, ``partner``,
    ``partner:own``, ``secretaris:any``); a beheerder always has it. ``[plugins.<name>.rights]``
    in the configuration maps other roles to a right. A service checks one with
    ``self.require(name, table_id=...)``.
    """


@hookspec
def search_kinds(register):
    """Add records to the full-text search: ``register(kind, search, label=(nl, en), open=None)``.

    ``search(workspace, query, limit)`` returns dicts with ``id``, ``title``, ``snippet`` (and
    optionally ``rank``); ``open(app, id)`` shows a hit in the app. ``kind`` starts with
    ``<plugin name>.``. Called when the host loads.
    """


@hookspec
def table_tabs(register):
    """Add tabs to a table's screen: ``register(id, factory, label=(nl, en), applies=None)``.

    ``factory(workspace, table)`` returns a Textual widget (import Textual inside it);
    ``applies(workspace, table)`` says whether a table gets the tab (None: every table).
    ``id`` starts with ``<plugin name>.``. Called when the host loads.
    """


@hookspec
def record_references(register):
    """Declare references to core records that SQLite cannot see (ids in a JSON list column):
    ``register(target, table, column, label=(nl, en), record=None, on_delete="refuse")``.

    ``target`` is the core table referred to (``organisations``, ``people`` or ``tables``);
    ``table`` is one of the plugin's tables and ``column`` its JSON list of ids. When a record
    of ``target`` is deleted, the core consults every declaration: ``"refuse"`` refuses the
    delete with the referring rows named (their ``name``); ``"clear"`` takes the id out of
    those lists in the same transaction, an audit row per changed row (of type ``record``).
    Called when the host loads.
    """


@hookspec
def record_labels(register):
    """Name the plugin's record types and their fields (Dutch, English) where the core shows a
    change: ``register(record, label=(nl, en), fields={name: (nl, en)})``, or
    ``register.service(ServiceClass, fields=None)`` for what a ``Service`` declares
    (``record``, ``record_label`` and each ``Field.label``, plus ``fields`` for columns it sets
    itself).

    ``record`` is the record type the audit rows carry (it starts with the plugin's table
    prefix). The audit screen and ``stadstafel audit list`` show these names instead of
    ``omgevingswet_activity`` and ``groups_reached``. Called when a label is first asked for
    (``PluginHost.record_labels``), not at every start: import the service classes inside.
    """
