"""``lexfoyer evaluate DOSSIER``: one dossier file, without the batch machinery.

The common case — a lawyer evaluating the client's file — needs no pattern expansion, no
worker pool and no progress bar: read, evaluate, render, write (to the terminal, or to
``--out`` whole or not at all). Its output and exit status are exactly those of a
one-dossier batch (:mod:`lexfoyer.flux.lot`), which the tests pin.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from lexfoyer.droit.base import Base
from lexfoyer.flux.ecriture import ecrire_entier
from lexfoyer.flux.unite import LotImpossible, Options, evaluer_un
from lexfoyer.lecture.erreurs import echapper, raison_os


def un_seul_fichier(arguments: list[str], options: Options, out: str | None) -> bool:
    """Whether ``evaluate`` was given one regular dossier file and one report to write."""
    if len(arguments) != 1 or options.format == "jsonl":
        return False
    if not Path(arguments[0]).is_file():  # a directory, a pattern, a FIFO, a missing file: the batch says why
        return False
    return out is None or not (Path(out).is_dir() or out.endswith("/"))


def evaluer_fichier_seul(chemin: str, base: Base, options: Options, *, out: str | None,
                         ecrire: Callable[[str], None], signaler: Callable[[str], None]) -> int:
    """Evaluate one dossier file and write its report; the exit status (0, 2 or 3)."""
    resultat = evaluer_un(chemin, base, options)
    if not resultat.valide:
        if resultat.problemes:
            for probleme in resultat.problemes:
                signaler(str(probleme))
            return 2
        signaler(f"erreur du moteur : {echapper(resultat.erreur_moteur)}")
        return 3
    if out is None:
        try:
            ecrire(resultat.rendu)
        except OSError as exc:
            raise LotImpossible(f"écriture impossible sur la sortie standard ({raison_os(exc)})") from None
        return 0
    try:
        ecrire_entier(Path(out), resultat.rendu)
    except OSError as exc:
        raise LotImpossible(f"écriture impossible dans « {echapper(out)} » ({raison_os(exc)}) : "
                            "aucun rapport n'y est écrit") from None
    return 0
