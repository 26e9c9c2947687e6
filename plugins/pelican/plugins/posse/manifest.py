"""The manifest of announceable articles, written at the end of a build (issue 4)."""


def connect() -> None:
    """Connect the manifest signals (filled in by the engine work)."""
