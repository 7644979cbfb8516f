"""Run a batch on an existing Dask distributed cluster (optional extra ``[dask]``).

For corpora beyond one machine. The work is the very function the local pool runs
(:func:`lexfoyer.lot.evaluer_un`), so a report is byte-identical whichever executor made
it. What differs, and why:

- the dossiers' bytes are read here and sent: a worker on another machine cannot read
  the lawyer's disk (an unreadable file is reported here, in its place in the order);
- the validated base is pickled once and broadcast to every worker (``scatter``), so no
  worker reads or re-validates kb/ and rules/, and all of them apply the same law;
- durable_rules is not thread-safe and a Dask worker runs tasks on several threads:
  each worker *process* builds its engine once, and a process-wide lock lets one thread
  at a time use it (with ``threads_per_worker=1`` the lock is simply never contended);
- dossiers travel in small packets (one task each) to keep the scheduler's per-task cost
  negligible, and at most a bounded window of packets is in flight, so a corpus of any
  size streams through in the input order with bounded memory.
"""

from __future__ import annotations

import pickle
import threading
from collections import deque
from pathlib import Path
from typing import Iterator

from lexfoyer.api import moteur_pour
from lexfoyer.droit.base import Base
from lexfoyer.lecture.erreurs import ErreurMoteur
from lexfoyer.flux.unite import LotImpossible, Options, Resultat, evaluer_un, lire_contenu

TAILLE_PAQUET = 16
PAQUETS_EN_VOL_PAR_FIL = 4

_VERROU = threading.Lock()
_BASES: dict[str, Base] = {}


def _base_du_travailleur(empreinte: str, base_picklee: bytes) -> Base:
    base = _BASES.get(empreinte)
    if base is None:
        base = _BASES[empreinte] = pickle.loads(base_picklee)
        moteur_pour(base)
    return base


def evaluer_paquet(paquet: list[tuple[str, bytes]], empreinte: str, base_picklee: bytes,
                   options: Options) -> list[Resultat]:
    """Runs on a Dask worker: a few dossiers, with this process's one engine."""
    with _VERROU:
        base = _base_du_travailleur(empreinte, base_picklee)
        return [evaluer_un(nom, base, options, contenu) for nom, contenu in paquet]


def _client(adresse: str | None):
    try:
        from distributed import Client
    except ImportError:
        raise LotImpossible(
            "l'exécuteur dask demande l'extra [dask] : pip install 'lexfoyer[dask]'") from None
    if not adresse:
        raise LotImpossible("l'exécuteur dask demande l'adresse de l'ordonnanceur (--scheduler tcp://hôte:8786)")
    try:
        return Client(adresse, timeout=30, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise LotImpossible(f"ordonnanceur Dask « {adresse} » injoignable : {exc}") from None


def evaluer_sur_dask(chemins: list[Path], base: Base, options: Options,
                     adresse: str | None) -> Iterator[Resultat]:
    """Every dossier's result, in the order of ``chemins``, computed on the cluster."""
    client = _client(adresse)
    try:
        fils = max(1, sum(client.nthreads().values()))
        base_distante = client.scatter(pickle.dumps(base, protocol=pickle.HIGHEST_PROTOCOL),
                                       broadcast=True, hash=False)
        en_vol: deque = deque()
        paquets = (chemins[i:i + TAILLE_PAQUET] for i in range(0, len(chemins), TAILLE_PAQUET))
        for paquet in paquets:
            lus = [(str(c), *lire_contenu(c)) for c in paquet]
            a_envoyer = [(nom, contenu) for nom, contenu, refus in lus if refus is None]
            futur = client.submit(evaluer_paquet, a_envoyer, base.empreinte, base_distante, options,
                                  pure=False) if a_envoyer else None
            en_vol.append((lus, futur))
            if len(en_vol) >= fils * PAQUETS_EN_VOL_PAR_FIL:
                yield from _recevoir(*en_vol.popleft())
        while en_vol:
            yield from _recevoir(*en_vol.popleft())
    finally:
        client.close()


def _recevoir(lus: list, futur) -> Iterator[Resultat]:
    try:
        distants = iter(futur.result() if futur is not None else [])
    except Exception as exc:  # a worker lost, a cluster shut down: said, not a traceback
        raise ErreurMoteur(f"exécuteur dask : {exc.__class__.__name__}: {exc}") from None
    for _nom, _contenu, refus in lus:
        yield refus if refus is not None else next(distants)
