"""Extension points: the registries a new conflict check, reader or renderer joins.

One mechanism for all of them, spaCy's: ``catalogue`` registries. Adding one is a function
plus a registration, in newsprism or outside it (another package can also register through
the entry-point groups ``newsprism_conflict_checks``, ``newsprism_readers`` and
``newsprism_renderers``)::

    from newsprism.registries import conflict_checks

    @conflict_checks.register("casualty_wording")
    def casualty_wording(pair):          # an align.conflicts.PairContext
        ...                              # a models.Conflict, or None

Registered items run in registration order (newsprism's own first).

- ``conflict_checks``: ``(PairContext) -> Conflict | None``, run on each candidate pair of
  claims of two articles until one finds a conflict (``align/conflicts.py``). A pair no check
  decides goes on to the semantic judge (NLI), which is not a per-pair check but one batch.
- ``readers``: a ``Reader`` (``ingest/readers.py``): whether it reads a file, and the items it
  yields from it.
- ``renderers``: ``(report: dict, folder: Path) -> Path``, one file of a story's report
  (``report/renderers.py``).
- ``engines``: ``(EngineSettings) -> Engine``, where stages run (``engine/__init__.py``:
  ``local`` and ``ray``).
"""

from __future__ import annotations

import catalogue

conflict_checks = catalogue.create("newsprism", "conflict_checks", entry_points=True)
readers = catalogue.create("newsprism", "readers", entry_points=True)
renderers = catalogue.create("newsprism", "renderers", entry_points=True)
engines = catalogue.create("newsprism", "engines", entry_points=True)
