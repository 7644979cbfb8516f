"""Where the knowledge base, the rules and the schemas live.

In a checkout they are the top-level ``kb/``, ``rules/`` and ``schemas/``; in an installed
wheel they are shipped inside the package as ``lexfoyer/_donnees/``. A lawyer can also
point ``--base`` (or ``LEXFOYER_BASE``) at another directory holding ``kb/`` and ``rules/``,
which is how ``lexfoyer impact`` compares two versions of the law.
"""

from __future__ import annotations

import os
from pathlib import Path

_PAQUET = Path(__file__).resolve().parent.parent


def racine_donnees() -> Path:
    """The directory holding ``kb/``, ``rules/`` and ``schemas/``."""
    env = os.environ.get("LEXFOYER_BASE")
    if env:
        return Path(env)
    embarque = _PAQUET / "_donnees"
    if (embarque / "kb").is_dir():
        return embarque
    return _PAQUET.parent


def dossier_schemas() -> Path:
    propre = _PAQUET / "_donnees" / "schemas"
    return propre if propre.is_dir() else _PAQUET.parent / "schemas"
