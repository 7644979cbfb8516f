"""Interest at the taux légal on a sum owed over a period (e.g. a soulte paid late or in
instalments): conclusion ``soulte.paiement`` (C. civ. 1231-7, 1476 al. 2; C. mon. fin.
L.313-2, D.313-1-A).

The taux légal changes every semester (two rates since 2015: particuliers / autres cas),
so the rates are a dated parameter given by the caller, never a constant: guide 004's
"actuellement 6,65 %" was the 2nd semester 2025 rate for particuliers only.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from lexfoyer.calculs import Resultat, arrondi_centime
from lexfoyer.calculs.format import en_decimal, format_date, format_euros, format_nombre, format_pourcent

ZERO = Decimal(0)
CENT = Decimal(100)


class TauxInconnu(LookupError):
    """No known rate for part of the period: the caller answers ``a_verifier``.

    ``date`` is the first day of the slice whose rate is missing (a period whose rate is
    ``None``, e.g. a semester not yet published, or a day before the first rate given).
    """

    def __init__(self, jour: date):
        self.date = jour
        super().__init__(f"taux de l'intérêt légal inconnu pour la période commençant le {format_date(jour)}")


def _jours_annee(annee: int) -> int:
    return (date(annee + 1, 1, 1) - date(annee, 1, 1)).days


def _en_date(valeur: object, nom: str) -> date:
    if not isinstance(valeur, date):
        raise TypeError(f"{nom} : date attendue, reçu {type(valeur).__name__}")
    return valeur


def interets_legaux(
    montant: Decimal,
    du: date,
    au: date,
    taux_par_periode: list[tuple[date, Decimal | None]],
) -> Resultat:
    """Simple interest on ``montant`` from ``du`` (included) to ``au`` (excluded).

    ``taux_par_periode``: ``[(premier jour, taux % ou None), …]``; each rate applies from
    its date until the next one's (the last runs on). The period is cut at every rate
    change and at every 1 January, and each slice bears
    ``montant × taux / 100 × jours / jours de l'année`` where the year has 365 days, or
    366 in a leap year — the actual length of the calendar year of the slice's days (a
    slice never straddles two years). The exact slices are added and the total rounded
    once, half-up, to the cent. Days are counted as ``au − du`` (the first day bears
    interest, the last does not), so [a, b] + [b, c] = [a, c].

    Raises :class:`TauxInconnu` when a slice has no rate (``None``) or starts before the
    first date given; ``ValueError`` on a negative amount or rate or ``au`` before ``du``.
    ``montants``: ``interets`` and ``jours``; the formula lists every slice.
    """
    capital = en_decimal(montant, "montant")
    if capital < 0:
        raise ValueError(f"montant négatif ({capital})")
    du = _en_date(du, "du")
    au = _en_date(au, "au")
    if au < du:
        raise ValueError(f"période inversée : du {format_date(du)} au {format_date(au)}")
    periodes: list[tuple[date, Decimal | None]] = []
    for debut, taux in taux_par_periode:
        debut = _en_date(debut, "début de période")
        if taux is not None:
            taux = en_decimal(taux, f"taux au {format_date(debut)}")
            if taux < 0:
                raise ValueError(f"taux négatif au {format_date(debut)} ({taux})")
        periodes.append((debut, taux))
    periodes.sort(key=lambda p: p[0])
    for (d1, _), (d2, _) in zip(periodes, periodes[1:]):
        if d1 == d2:
            raise ValueError(f"deux taux pour la même date {format_date(d1)}")

    total = ZERO
    lignes = []
    jour = du
    while jour < au:
        applicables = [p for p in periodes if p[0] <= jour]
        if not applicables:
            raise TauxInconnu(jour)
        taux = applicables[-1][1]
        if taux is None:
            raise TauxInconnu(jour)
        suivants = [p[0] for p in periodes if p[0] > jour]
        fin = min([au, date(jour.year + 1, 1, 1), *suivants[:1]])
        jours = (fin - jour).days
        base = _jours_annee(jour.year)
        tranche = capital * taux / CENT * jours / base
        total += tranche
        lignes.append(
            f"du {format_date(jour)} au {format_date(fin - timedelta(days=1))} : "
            f"{format_nombre(capital)} × {format_pourcent(taux)} × {jours}/{base} = {format_nombre(tranche)}"
        )
        jour = fin
    interets = arrondi_centime(total)
    jours_total = (au - du).days
    if lignes:
        formule = " ; ".join(lignes) + f"\nintérêts au taux légal sur {jours_total} jours : {format_euros(interets)}"
    else:
        formule = f"période vide (du {format_date(du)} au {format_date(au)}) : {format_euros(interets)}"
    return Resultat(montants={"interets": interets, "jours": Decimal(jours_total)}, formule=formule)
