"""The family home in a divorce: indemnité d'occupation, terms and deadlines.

Conclusions of section 3 of the catalogue. Each function is pure and works on ``Decimal``
and ``date`` only, so that a lawyer can redo every figure by hand from its formula:

- the indemnité d'occupation owed by the co-owner who occupies alone (C. civ. 815-9):
  rental value × the other co-owners' share × (1 − the cumulative abattements), as a
  range while the abattements are not known, and the period still claimable (815-10);
- the end of a convention d'indivision (C. civ. 1873-3: five years at most);
- the majority of the youngest child, the outer limit of the bail forcé (C. civ. 285-1);
- the end of the solidarity of a tenant who leaves because of violence and the age of
  the conviction he may produce (loi n° 89-462, art. 8-2).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from lexfoyer.calculs import Resultat, arrondi_centime
from lexfoyer.calculs.calendrier import ajouter_mois, anniversaire
from lexfoyer.calculs.format import format_date, format_euros, format_pourcent, positif
from lexfoyer.lecture.enregistrement import enregistrement

CENT = Decimal(100)
ZERO = Decimal(0)

#: the abattements of practice on the indemnité d'occupation, in the order they are shown
ABATTEMENTS = {"precarite": "précarité", "etat": "état du bien", "enfants": "enfants hébergés"}


@enregistrement(frozen=True)
class Abattement:
    """One abattement in percent: ``bas == haut`` when it is known, a range otherwise."""

    bas: Decimal
    haut: Decimal

    @classmethod
    def connu(cls, taux: Decimal) -> "Abattement":
        taux = _taux(taux, "abattement")
        return cls(taux, taux)

    @classmethod
    def fourchette(cls, bas: Decimal, haut: Decimal) -> "Abattement":
        bas, haut = _taux(bas, "abattement minimal"), _taux(haut, "abattement maximal")
        if bas > haut:
            raise ValueError(f"fourchette d'abattement inversée ({format_pourcent(bas)} > {format_pourcent(haut)})")
        return cls(bas, haut)

    @property
    def exact(self) -> bool:
        return self.bas == self.haut

    def texte(self) -> str:
        if self.exact:
            return format_pourcent(self.bas)
        return f"{format_pourcent(self.bas)} à {format_pourcent(self.haut)}"


def _taux(valeur: object, nom: str) -> Decimal:
    taux = positif(valeur, nom)
    if taux > CENT:
        raise ValueError(f"{nom} supérieur à 100 % ({format_pourcent(taux)})")
    return taux


def indemnite_occupation(valeur_locative: Decimal, quote_part_autres: Decimal,
                         abattements: dict[str, Abattement]) -> Resultat:
    """Monthly indemnité owed by the co-owner who occupies the home alone (C. civ. 815-9).

    Its maximum is valeur locative × quote-part des autres indivisaires: no text imposes an
    abattement. The judge may retain some (cumulative, as the practice reported by guide
    004 applies them): the lowest indemnity takes every abattement at its highest (their
    total capped at 100 %: an indemnity is never negative). When every abattement is known
    (agreed or decided) ``indemnite_mensuelle`` gives that figure. Amounts are rounded
    half-up to the cent.
    """
    valeur_locative = positif(valeur_locative, "valeur locative")
    quote_part = _taux(quote_part_autres, "quote-part des autres indivisaires")
    inconnus = set(abattements) - set(ABATTEMENTS)
    if inconnus:
        raise ValueError(f"abattement inconnu : {', '.join(sorted(inconnus))}")
    total_bas = sum((a.bas for a in abattements.values()), ZERO)
    total_haut = min(CENT, sum((a.haut for a in abattements.values()), ZERO))
    if total_bas > CENT:
        raise ValueError(f"les abattements cumulés dépassent 100 % ({format_pourcent(total_bas)})")
    base = valeur_locative * quote_part / CENT
    minimum = arrondi_centime(base * (CENT - total_haut) / CENT)
    maximum = arrondi_centime(base)
    montants = {"indemnite_mensuelle_min": minimum, "indemnite_mensuelle_max": maximum}
    exacte = all(a.exact for a in abattements.values())
    if exacte:
        montants["indemnite_mensuelle"] = minimum
    detail = ", ".join(f"{ABATTEMENTS[nom]} {a.texte()}" for nom, a in
                       sorted(abattements.items(), key=lambda x: list(ABATTEMENTS).index(x[0])))
    total = format_pourcent(total_bas) if exacte else f"{format_pourcent(total_bas)} à {format_pourcent(total_haut)}"
    formule = (f"maximum : valeur locative {format_euros(valeur_locative)} × quote-part des autres indivisaires "
               f"{format_pourcent(quote_part)} = {format_euros(maximum)} par mois ; "
               f"abattements cumulés : {detail or 'aucun'} (total {total}) ; ")
    if exacte:
        formule += f"indemnité mensuelle avec ces abattements = {format_euros(minimum)}"
    else:
        formule += (f"abattements retenus par le juge, non imposés par la loi (fourchettes de la pratique "
                    f"rapportée par le guide 004, non vérifiées) : jusqu'à {format_euros(minimum)} par mois "
                    f"avec les plus forts")
    return Resultat(montants=montants, formule=formule)


def reclamable_depuis(date_reference: date, annees: int, debut_occupation: date | None = None,
                      fin_suspension: date | None = None) -> date:
    """First day for which the indemnity can still be claimed at ``date_reference``.

    No claim on the fruits and revenues of an indivis property, the indemnité
    d'occupation included, is admissible more than ``annees`` (five) years after the date
    they were or could have been received (C. civ. 815-10 al. 3), unless the period was
    interrupted — which the dossier does not say. Between spouses the prescription does
    not run until the divorce (C. civ. 2236, ``fin_suspension``): while ``date_reference``
    is within ``annees`` of it, nothing since ``debut_occupation`` is time-barred. The
    occupation (or the indemnity) itself may have begun later.
    """
    limite = ajouter_mois(date_reference, -12 * annees)
    if fin_suspension is not None and debut_occupation is not None and limite <= fin_suspension:
        return debut_occupation
    if debut_occupation is not None and debut_occupation > limite:
        return debut_occupation
    return limite


def mois_entiers(debut: date, fin: date) -> int:
    """Whole calendar months from ``debut`` to ``fin`` (0 when ``fin`` is not later)."""
    mois = (fin.year - debut.year) * 12 + fin.month - debut.month
    if fin.day < debut.day:
        mois -= 1
    return max(mois, 0)


def arrieres(indemnite_min: Decimal, indemnite_max: Decimal, depuis: date, date_reference: date) -> Resultat:
    """Arrears still claimable: the monthly indemnity × the whole months since ``depuis``."""
    bas, haut = positif(indemnite_min, "indemnité minimale"), positif(indemnite_max, "indemnité maximale")
    mois = mois_entiers(depuis, date_reference)
    arr_bas, arr_haut = arrondi_centime(bas * mois), arrondi_centime(haut * mois)
    montant = format_euros(arr_bas) if arr_bas == arr_haut else f"{format_euros(arr_bas)} à {format_euros(arr_haut)}"
    formule = (f"arriérés réclamables du {format_date(depuis)} au {format_date(date_reference)} : "
               f"{mois} mois entier(s) = {montant}")
    return Resultat(montants={"mois_arrieres": Decimal(mois), "arrieres_min": arr_bas, "arrieres_max": arr_haut},
                    formule=formule)


def fin_convention(debut: date, duree_annees: int) -> date:
    """Day the fixed term of a convention d'indivision is reached (start + duration)."""
    if isinstance(duree_annees, bool) or not isinstance(duree_annees, int) or duree_annees < 1:
        raise ValueError(f"durée de la convention invalide ({duree_annees!r})")
    return ajouter_mois(debut, 12 * duree_annees)


def majorite(date_naissance: date, age_majorite: int) -> date:
    """The day of majority (``age_majorite`` from kb/parametres famille.age_majorite):
    that birthday, 1 March for a child born on 29 February in a common year."""
    return anniversaire(date_naissance, age_majorite)


def mineur_au(date_naissance: date, jour: date, age_majorite: int) -> bool:
    return jour < majorite(date_naissance, age_majorite)


def fin_solidarite_bail(premiere_presentation: date) -> date:
    """loi 89-462 art. 8-2: solidarity ends the day after the letter is first presented."""
    return premiere_presentation + timedelta(days=1)


def derniere_date_condamnation_utilisable(condamnation: date, mois: int) -> date:
    """Last day on which a conviction is still « prononcée depuis moins de six mois »."""
    return ajouter_mois(condamnation, mois) - timedelta(days=1)


def condamnation_recente(condamnation: date, information: date, mois: int) -> bool:
    """The conviction was handed down on or before ``information`` and less than ``mois`` ago."""
    return condamnation <= information <= derniere_date_condamnation_utilisable(condamnation, mois)


__all__ = ["ABATTEMENTS", "Abattement", "arrieres", "condamnation_recente", "derniere_date_condamnation_utilisable",
           "fin_convention", "fin_solidarite_bail", "indemnite_occupation", "majorite", "mineur_au", "mois_entiers",
           "reclamable_depuis"]
