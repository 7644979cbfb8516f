"""What a calculation adapter sees and may raise: the shared vocabulary of the registry.

An adapter gathers its inputs from the dossier (raising :class:`Manque` with the dossier
paths of what is missing, so the conclusion becomes « à vérifier » and says what to ask the
client) and reads the dated parameters already resolved at the governing date.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Callable

from lexfoyer.calculs import Resultat
from lexfoyer.calculs.format import format_date
from lexfoyer.lecture.enregistrement import enregistrement


class Manque(Exception):
    """Inputs missing from the dossier: their paths (or a French reason)."""

    def __init__(self, chemins: list[str]):
        self.chemins = chemins
        super().__init__(", ".join(chemins))


@enregistrement
class ContexteCalcul:
    """What an adapter sees: the subject, the whole dossier, the resolved parameters."""

    sujet: dict
    chemin: str
    donnees: dict
    parametres: dict[str, Any]  # alias -> ValeurDatee | None
    noms_parametres: dict[str, str]
    date_gouvernante: date
    date_reference: date

    def champs(self, *noms: str, objet: dict | None = None, chemin: str | None = None) -> list[Any]:
        """The values of ``noms`` on the subject (dotted names allowed); Manque if absent."""
        objet = self.sujet if objet is None else objet
        chemin = self.chemin if chemin is None else chemin
        valeurs, manquants = [], []
        for nom in noms:
            valeur: Any = objet
            for morceau in nom.split("."):
                valeur = valeur.get(morceau) if isinstance(valeur, dict) else None
            if valeur is None:
                manquants.append(f"{chemin}.{nom}" if chemin else nom)
            elif isinstance(valeur, int) and not isinstance(valeur, bool):
                valeur = Decimal(valeur)  # never let int / int become a binary float
            valeurs.append(valeur)
        if manquants:
            raise Manque(manquants)
        return valeurs

    def _sans_valeur(self, alias: str) -> Manque:
        nom = self.noms_parametres.get(alias, alias)
        return Manque([f"paramètre « {nom} » sans valeur au {format_date(self.date_gouvernante)}"])

    def bareme(self, alias: str) -> tuple[tuple[Decimal, Decimal], ...]:
        """A barème parameter (``[(seuil, taux)]``) in force at the governing date."""
        valeur = self.parametres.get(alias)
        if valeur is None or valeur.bareme is None:
            raise self._sans_valeur(alias)
        return valeur.bareme

    def parametre_facultatif(self, alias: str) -> Decimal | None:
        """A parameter that may lawfully have no value at this date (e.g. a temporary rate)."""
        valeur = self.parametres.get(alias)
        return None if valeur is None else valeur.valeur

    def parametre(self, alias: str) -> Decimal:
        valeur = self.parametres.get(alias)
        if valeur is None or valeur.valeur is None:
            raise self._sans_valeur(alias)
        return valeur.valeur


@enregistrement(frozen=True)
class FonctionCalcul:
    nom: str
    description: str
    sorties: frozenset
    adaptateur: Callable[[ContexteCalcul], Resultat]
