"""Local stand-ins for X's API and Facebook's Graph API, faithful to their contracts.

Real HTTP servers on 127.0.0.1 with ephemeral ports. ``python -m tests.fakes``
(``make fakes``) starts both and prints the environment to export; the pytest
fixtures are in ``tests.fakes.fixtures``.
"""

from ._server import Fault, answer_lost
from .fake_graph import FakeGraph, GraphFault
from .fake_x import FakeX, XFault

__all__ = ["FakeGraph", "FakeX", "Fault", "GraphFault", "XFault", "answer_lost"]
