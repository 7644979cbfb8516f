"""The calculations a rule may name, gathered from each domain's adapters.

A rule's ``calcul.fonction`` names an entry here. An adapter gathers the inputs from the
dossier (raising :class:`Manque` with the dossier paths of what is missing, so the
conclusion becomes « à vérifier » and says what to ask the client), reads the dated
parameters already resolved at the governing date, and calls a pure function of
:mod:`lexfoyer.calculs`. ``sorties`` are the names a rule may test (``calcul.<nom>``) or
publish in ``montants`` / ``delais``.

Each domain keeps its adapters in its own module (``adaptateurs_<domaine>.py``) exposing a
``FONCTIONS`` tuple; adding a domain means adding its module to ``_DOMAINES`` below.
"""

from __future__ import annotations

from lexfoyer.calculs import adaptateurs_desolidarisation, adaptateurs_soulte
from lexfoyer.calculs import adaptateurs_difficultes
from lexfoyer.calculs import adaptateurs_logement
from lexfoyer.calculs import adaptateurs_assurance
from lexfoyer.calculs.contexte import ContexteCalcul, FonctionCalcul, Manque

_DOMAINES = (adaptateurs_desolidarisation, adaptateurs_soulte, adaptateurs_difficultes, adaptateurs_logement, adaptateurs_assurance,)

FONCTIONS: dict[str, FonctionCalcul] = {}
for _module in _DOMAINES:
    for _fonction in _module.FONCTIONS:
        if _fonction.nom in FONCTIONS:
            raise RuntimeError(f"calcul « {_fonction.nom} » défini deux fois")
        FONCTIONS[_fonction.nom] = _fonction

__all__ = ["FONCTIONS", "ContexteCalcul", "FonctionCalcul", "Manque"]
