"""The ``pelican-posse`` console script: the command, without loading all of Pelican.

Why this module exists: the command lives in ``pelican.plugins.posse``, and
importing anything under ``pelican.`` first runs ``pelican/__init__.py``, which
imports Pelican's generators, readers, writers, docutils, Markdown, Jinja2,
feedgenerator, ... - about 0.5 s, half of what ``pelican-posse plan`` took on a
blog of 2,000 articles, for modules the command never uses. It needs only
``pelican.settings`` (``read_settings``, ``DEFAULT_CONFIG``), whose own imports
are small.

How: before the command is imported, ``sys.modules["pelican"]`` becomes the
module Python would create for the installed package - same spec, ``__file__``,
``__loader__``, and ``__path__`` extended exactly as Pelican's ``__init__``
extends it (so ``pelican.plugins.posse`` is found wherever it is installed) - but
the package's ``__init__`` has not run yet. Submodules (``pelican.settings``,
``pelican.plugins.posse.cli``) import normally from that ``__path__``. The first
time anything asks the package itself for a name it does not hold yet (``from
pelican import signals``, ``pelican.Pelican``, ``pelican.__version__``, ``from
pelican import *``), the real ``__init__`` runs in that same module object and
the name is returned, so a settings file that imports from ``pelican`` gets
exactly what it would get under ``pelican`` itself.

Trade-offs, and why they are acceptable:

* Only this console script does it. A Pelican build, Pelican's plugin discovery,
  ``import pelican.plugins.posse`` and ``python -m pelican.plugins.posse.cli``
  import Pelican the ordinary way; nothing here runs in them.
* ``pelican/__init__.py`` runs later, or never. Its import-time effects are the
  ones of its submodules (``pelican.log`` sets Pelican's logger class; it is
  imported first below, as Pelican's ``__init__`` does) and defining names,
  which the deferred run still does on first use.
* If a future Pelican stops being a regular package, or it is already imported,
  nothing is deferred: the command imports it the ordinary way.
"""

from __future__ import annotations

import importlib.util
import sys


def _defer_pelican_init() -> None:
    """Put the ``pelican`` package in ``sys.modules`` with its ``__init__`` unrun."""
    if "pelican" in sys.modules:
        return
    spec = importlib.util.find_spec("pelican")
    if (
        spec is None
        or spec.loader is None
        or spec.origin is None
        or spec.submodule_search_locations is None
        or not spec.origin.endswith("__init__.py")
    ):
        return  # not the regular package this was written for: import it normally
    from pkgutil import extend_path  # noqa: PLC0415 - only when deferring

    package = importlib.util.module_from_spec(spec)
    # The first statement of pelican/__init__.py: the namespace plugins (this
    # one included) may be installed in another folder of sys.path.
    package.__path__ = extend_path(package.__path__, "pelican")
    loader = spec.loader

    def __getattr__(name: str) -> object:  # PEP 562: only for names not there yet
        del package.__dict__["__getattr__"]
        try:
            loader.exec_module(package)
        except BaseException:
            # As a failed import does: no half-initialised package left behind.
            sys.modules.pop("pelican", None)
            raise
        return getattr(package, name)

    package.__dict__["__getattr__"] = __getattr__
    sys.modules["pelican"] = package
    # As pelican/__init__.py does first: Pelican's logger class must be set
    # before any logger exists.
    import pelican.log  # noqa: F401, PLC0415


def main(argv: list[str] | None = None) -> int:
    _defer_pelican_init()
    from pelican.plugins.posse.cli import main as command  # noqa: PLC0415

    return command(argv)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
