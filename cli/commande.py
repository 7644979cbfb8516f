"""The ``lexfoyer`` console command: :func:`lexfoyer.cli.main.main` run in a process of
its own, started and ended as only such a process may be.

- **No garbage collection while it starts** (:mod:`.collecte`): a one-dossier
  ``evaluate`` allocates only what lives until the end, and a command that goes on turns
  collection back on once started.
- **No teardown.** Once the output is flushed the process exits without freeing every
  module, the C rulesets and the heap object by object (about 25 ms more than a bare
  ``import`` costs): every file is closed and every temporary directory removed before
  ``main`` returns.

``main`` itself (what the tests and any other caller invoke) leaves the collector as it
found it, and returns or raises as a click command does.

This module imports nothing heavy at load time: the console script imports it before
anything else, and the collector is off before click and lexfoyer are imported.
"""

import os
import sys

from .collecte import arreter_au_demarrage


def point_entree() -> None:
    """The ``lexfoyer`` console command (``[project.scripts]``)."""
    arreter_au_demarrage()
    from .main import main
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    for flux in (sys.stdout, sys.stderr):
        try:
            flux.flush()
        except (OSError, ValueError):  # a closed pipe: what Python itself exits with then
            code = code or 120
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    point_entree()
