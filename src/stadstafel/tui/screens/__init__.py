"""The screens of the app, one module per section (home, partners, tables, meetings, …)."""
