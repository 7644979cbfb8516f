"""The worker processes of a batch (:mod:`lexfoyer.flux.lot`): one engine each, results in order.

durable_rules is not thread-safe, so a batch runs in *processes* (``forkserver``, else
``spawn``: never ``fork`` from a process that may already hold a host), each building its
engine once from the base the parent already validated (sent pickled).

``concurrent.futures`` rather than ``multiprocessing.Pool``: when a worker dies (killed,
out of memory), ``Pool`` silently replaces it and waits forever for the task it held; the
executor instead fails every pending task with ``BrokenProcessPool``. The batch then ends,
each dossier that was not evaluated is named (exit status 3), none is waited for.
"""

from __future__ import annotations

import collections
import gc
import pickle
from typing import Iterator

from lexfoyer.api import moteur_pour
from lexfoyer.droit.base import Base
from lexfoyer.flux.unite import SANS_CHAINE, Options, Resultat, evaluer_un


_TRAVAILLEUR: dict = {}


def _initialiser_travailleur(base_picklee: bytes, options: Options) -> None:
    """Run once per worker process: the base as the parent validated it, one engine."""
    base = pickle.loads(base_picklee)
    _TRAVAILLEUR.update(base=base, options=options)
    moteur_pour(base).compiler(options.format not in SANS_CHAINE)  # now, not inside the first dossier
    # the base and the engine live as long as the worker: out of the collector's traversals
    gc.freeze()


def _evaluer_dans_travailleur(chemins: list[str]) -> list[Resultat]:
    return [evaluer_un(chemin, _TRAVAILLEUR["base"], _TRAVAILLEUR["options"]) for chemin in chemins]


def contexte_processus():
    """``forkserver`` where it exists (workers fork from a clean, thread-less server that
    has already imported the engine), ``spawn`` elsewhere; never plain ``fork``."""
    import multiprocessing
    if "forkserver" in multiprocessing.get_all_start_methods():
        contexte = multiprocessing.get_context("forkserver")
        contexte.set_forkserver_preload(["lexfoyer.flux.processus", "lexfoyer.api"])
        return contexte
    return multiprocessing.get_context("spawn")


def taille_paquet(nombre: int, travailleurs: int) -> int:
    """Dossiers handed to a worker at a time: few enough to stream and balance the load,
    enough to keep the inter-process traffic small on big corpora."""
    return max(1, min(32, nombre // (travailleurs * 8)))


#: why a dossier has no report when its worker died, or the batch stopped before it
PERDU_TRAVAILLEUR = ("évaluation interrompue : le processus qui évaluait ce dossier s'est arrêté brutalement "
                     "(tué, ou mémoire épuisée) ; dossier non évalué")
PERDU_LOT = "non évalué : le lot s'est arrêté après la perte d'un processus d'évaluation"


def en_processus(chemins: list[str], base: Base, options: Options, jobs: int) -> Iterator[Resultat]:
    """The dossiers evaluated by ``jobs`` worker processes, in the input order.

    At most a few packets per worker are in flight, so results stream and memory stays
    bounded. If a worker dies, every packet not yet returned is named as lost (never
    waited for), and the rest of the batch is not started.
    """
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool
    taille = taille_paquet(len(chemins), jobs)
    paquets = [chemins[i:i + taille] for i in range(0, len(chemins), taille)]
    executeur = ProcessPoolExecutor(jobs, mp_context=contexte_processus(), initializer=_initialiser_travailleur,
                                    initargs=(pickle.dumps(base, protocol=pickle.HIGHEST_PROTOCOL), options))
    en_vol: collections.deque = collections.deque()
    suivant, casse = 0, False
    try:
        while en_vol or suivant < len(paquets):
            while not casse and suivant < len(paquets) and len(en_vol) < 4 * jobs:
                try:
                    en_vol.append((paquets[suivant], executeur.submit(_evaluer_dans_travailleur, paquets[suivant])))
                except (BrokenProcessPool, RuntimeError):
                    casse = True
                    break
                suivant += 1
            if not en_vol:  # broken before anything else was submitted
                break
            paquet, futur = en_vol.popleft()
            try:
                yield from futur.result()
            except BrokenProcessPool:
                casse = True
                yield from (Resultat(c, erreur_moteur=PERDU_TRAVAILLEUR) for c in paquet)
            except Exception:  # noqa: BLE001 - e.g. a result that cannot be pickled back
                yield from (Resultat(c, erreur_moteur=PERDU_TRAVAILLEUR) for c in paquet)
        for paquet in paquets[suivant:]:
            yield from (Resultat(c, erreur_moteur=PERDU_LOT) for c in paquet)
    finally:
        executeur.shutdown(wait=True, cancel_futures=True)
