"""Follow bar, author card and link-card metadata in any theme (issue 2)."""


def connect() -> None:
    """Connect the rendering signals (filled in by the foundation work)."""
