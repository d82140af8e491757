"""A table's screen and its tabs, one module per tab.

- ``detail``: ``TableDetailScreen``, the host: the table's name and summary, the tabs (the
  core's, then the plugins' from the ``table_tabs`` hook, all on the same contract,
  ``stadstafel.ui.TableTab``), switching tabs (1–9), and the keys for the table itself.
- ``members``, ``agreements``, ``interests``, ``mission``, ``goals``, ``initiatives``: the core
  tabs Leden, Werkafspraken, Belangen, Missie, Doelen and Initiatieven.
- ``base``: ``CoreTab``, what the core tabs share (``may``, forms for the table's records, a
  delete that asks first).
- ``options``: option lists (people, members, topics, indicators) and number texts.
- ``forms``: ``PickFormScreen`` (multi-pick fields, ctrl+o "choose from everyone") and the
  table's own form.

The list of tables (the "t" section) is ``stadstafel.tui.screens.tables``.
"""
