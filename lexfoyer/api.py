"""The library's entry points: what the command line (and any other caller) uses."""

from __future__ import annotations

from collections import OrderedDict
from datetime import date
from pathlib import Path

from lexfoyer.droit.base import Base, charger_base
from lexfoyer.droit.presomptions import appliquer
from lexfoyer.cas.dossier import Dossier, charger_dossier
from lexfoyer.cas.faits import construire_faits
from lexfoyer.moteur.execution import Evaluation, Moteur
from lexfoyer.rapport.construction import construire_rapport

MOTEURS_MAX = 4  # engines kept per process (``impact`` compares two bases; a server, a few)
_MOTEURS: OrderedDict[str, Moteur] = OrderedDict()


def moteur_pour(base: Base) -> Moteur:
    """One compiled host per base content (a ruleset cannot be replaced, only added).

    The :data:`MOTEURS_MAX` most recently used are kept; an older one is dropped, and its
    C rulesets are freed once nothing holds it any more (:class:`Moteur`'s finaliser).
    """
    moteur = _MOTEURS.get(base.empreinte)
    if moteur is None:
        moteur = _MOTEURS[base.empreinte] = Moteur(base)
        while len(_MOTEURS) > MOTEURS_MAX:
            _MOTEURS.popitem(last=False)
    else:
        _MOTEURS.move_to_end(base.empreinte)
    return moteur


def evaluer_dossier(dossier: Dossier, base: Base, domaines: tuple[str, ...] = (),
                    chaine: bool = True) -> tuple[Evaluation, dict]:
    """Evaluate one dossier; ``domaines`` narrows what is relevant (``evaluate --domaine``).

    ``chaine=False`` runs the ruleset without observation rules: the report then has no
    ``conditions`` (the chain of reasoning), and every other field is the same, byte for
    byte (``--format jsonl``).
    """
    # what the law presumes fills the facts the dossier does not state, on a copy: the report
    # shows each presumed fact as such, with its basis and what would rebut it
    donnees, presumes = appliquer(base.presomptions, dossier.donnees)
    faits = construire_faits(donnees, dossier.date_reference)
    faits.presumes = presumes
    evaluation = moteur_pour(base).evaluer(faits, chaine)
    return evaluation, construire_rapport(base, dossier, evaluation, domaines, chaine)


def evaluer_fichier(chemin: Path | str, base: Base | None = None, date_reference: date | None = None) -> dict:
    base = base or charger_base()
    dossier = charger_dossier(chemin, date_reference)
    return evaluer_dossier(dossier, base)[1]
