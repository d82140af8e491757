"""The terminal UI (Textual). Screens call services through the workspace; never SQL."""
