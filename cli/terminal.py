"""What the command knows about where it writes: a terminal (colour, width) or not.

Colour only on a terminal, never in a pipe or a file, never when ``NO_COLOR`` is set
(https://no-color.org) or ``TERM=dumb``; the width is the terminal's, and no wrapping at
all otherwise, so that a report piped to a file is the same bytes on every machine.
"""

from __future__ import annotations

import os
import shutil
import sys


def sur_un_terminal(flux=None) -> bool:
    flux = flux or sys.stdout
    try:
        return bool(flux.isatty())
    except (AttributeError, ValueError):
        return False


def couleur_et_largeur(texte_vers_stdout: bool, flux=None) -> tuple[bool, int]:
    """(colour, wrap width) for a text report written to ``flux`` (stdout by default)."""
    if not texte_vers_stdout or not sur_un_terminal(flux):
        return False, 0
    couleur = "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
    largeur = shutil.get_terminal_size((100, 24)).columns
    return couleur, max(40, largeur - 1)
