"""Writing a report whole or not at all, wherever it goes.

A lawyer who finds a report under its final name must be able to trust it: every report
file is written to a temporary file of the same directory, then renamed (a full disk or a
crash leaves either the previous file or nothing, never a truncated report).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Iterator, TextIO


_MASQUE: list[int] = []


def _droits_fichier() -> int:
    """The mode a plain ``open()`` would give a new file (``mkstemp`` gives 0600)."""
    if not _MASQUE:
        masque = os.umask(0o022)
        os.umask(masque)
        _MASQUE.append(masque)
    return 0o666 & ~_MASQUE[0]


@contextlib.contextmanager
def fichier_entier(cible: Path) -> Iterator[TextIO]:
    """A file to write ``cible`` whole or not at all: a temporary file of the same
    directory, renamed over ``cible`` once closed; removed if anything fails."""
    import tempfile  # (only a report written to a file needs it: not worth 5 ms of every start)
    descripteur, temporaire = tempfile.mkstemp(dir=cible.parent, prefix=f".{cible.name}.", suffix=".tmp")
    try:
        with os.fdopen(descripteur, "w", encoding="utf-8") as flux:
            yield flux
        os.chmod(temporaire, _droits_fichier())
        os.replace(temporaire, cible)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporaire)
        raise


def ecrire_entier(cible: Path, texte: str) -> None:
    """Write one report whole or not at all (see :func:`fichier_entier`)."""
    with fichier_entier(cible) as flux:
        flux.write(texte)
