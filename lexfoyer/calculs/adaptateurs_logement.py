"""Calculation adapters of the family-home domain (section 3 of the catalogue).

Every legal condition of these rules is in ``rules/logement.yaml`` (who asks for the home
and whether he lives there, the children, the victim and the holders of the lease, the
dates of entry into force); the adapters here compute figures and dates only: the
majority of the youngest child, the end of a convention d'indivision, the indemnité
d'occupation and the period still claimable, the end of a tenant's solidarity. What the
dossier does not say is never guessed: a missing input of a figure raises
:class:`Manque` with its dossier path.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from lexfoyer.calculs import Resultat
from lexfoyer.calculs.contexte import ContexteCalcul, FonctionCalcul, Manque
from lexfoyer.calculs.format import format_date
from lexfoyer.calculs.logement import (
    Abattement,
    arrieres,
    derniere_date_condamnation_utilisable,
    fin_convention,
    fin_solidarite_bail,
    indemnite_occupation,
    majorite,
    reclamable_depuis,
)

ZERO = Decimal(0)
RESIDENCE_ALTERNEE = "alternee"


def _date(valeur: str | None) -> date | None:
    return date.fromisoformat(valeur) if valeur else None


def _situation(ctx: ContexteCalcul) -> dict:
    return ctx.donnees.get("situation_familiale", {})


# -- logement.bail_force --------------------------------------------------------------------

def _bail_force(ctx: ContexteCalcul) -> Resultat:
    """C. civ. 285-1: the lease may be renewed until the youngest child comes of age.

    Only the date (at the age of majority of kb/parametres): whether the other spouse
    exercises parental authority and whether common minor children live in the home are
    conditions of the rule (rules/logement.yaml).
    """
    enfants = [e for e in ctx.donnees.get("enfants") or [] if e.get("commun") is not False]
    naissances, inconnues = [], []
    for k, e in enumerate(ctx.donnees.get("enfants") or []):
        if e.get("commun") is False:
            continue
        if e.get("date_naissance"):
            naissances.append(date.fromisoformat(e["date_naissance"]))
        else:
            inconnues.append(f"enfants[{k}].date_naissance")
    if not enfants:
        return Resultat()
    if inconnues:
        raise Manque(inconnues)
    age = int(ctx.parametre("age_majorite"))
    fin = majorite(max(naissances), age)
    return Resultat(dates={"majorite_plus_jeune": fin},
                    formule=f"majorité ({age} ans) du plus jeune enfant le {format_date(fin)}")


# -- logement.convention_indivision and its term ------------------------------------------------

def _convention(ctx: ContexteCalcul) -> dict:
    return ctx.sujet.get("convention_indivision") or {}


def _convention_indivision(ctx: ContexteCalcul) -> Resultat:
    """The end of the convention already signed, when the dossier dates it (informative:
    the conclusion itself is about staying in indivision by agreement). With a start
    date but no stated duration, only the latest possible end of a fixed term is known."""
    conv = _convention(ctx)
    debut, duree = _date(conv.get("date_debut")), conv.get("duree_annees")
    valeur = ctx.parametres.get("duree_max")
    maximum = valeur.valeur if valeur is not None else None
    if debut is None or conv.get("duree_indeterminee") or maximum is None:
        return Resultat()
    if duree is None:
        fin = fin_convention(debut, int(maximum))
        return Resultat(dates={"fin_convention_au_plus_tard": fin},
                        formule=f"convention du {format_date(debut)}, durée non précisée : à durée déterminée, "
                                f"terme au plus tard le {format_date(fin)} ({maximum} ans)")
    if duree > maximum:
        return Resultat(formule=f"durée stipulée de {duree} ans, au-delà du maximum légal de {maximum} ans")
    fin = fin_convention(debut, int(duree))
    return Resultat(dates={"fin_convention": fin},
                    formule=f"convention du {format_date(debut)} pour {duree} an(s) : terme le {format_date(fin)}")


def _terme_convention_indivision(ctx: ContexteCalcul) -> Resultat:
    """C. civ. 1873-3: the end of a fixed term, when the duration is stated. Whether the
    term is fixed and within the legal maximum are conditions of the rule."""
    conv = _convention(ctx)
    debut, duree = _date(conv.get("date_debut")), conv.get("duree_annees")
    maximum = ctx.parametre("duree_max")
    if debut is None or duree is None or conv.get("duree_indeterminee") is True or Decimal(duree) > maximum:
        return Resultat()
    fin = fin_convention(debut, int(duree))
    return Resultat(dates={"fin_convention": fin},
                    formule=f"convention du {format_date(debut)} pour {duree} an(s) : terme le {format_date(fin)}")


# -- calcul.indemnite_occupation ------------------------------------------------------------------

def _quote_part_autres(ctx: ContexteCalcul, occupant: str) -> Decimal:
    """Share of the co-owners other than the occupant (50 % of a bien commun, which the
    dissolved communauté leaves in indivision by halves). Whether the occupant is a
    co-owner at all is a condition of the rule; here a share outside ]0, 100[ is no figure."""
    (propriete,) = ctx.champs("propriete")
    if propriete == "commun":
        return Decimal(50)
    (parts,) = ctx.champs("quotes_parts")
    propre = Decimal(parts.get(occupant, 0))
    if not 0 < propre < 100:
        raise Manque([f"{ctx.chemin}.quotes_parts : l'occupant {occupant} n'est pas l'un de plusieurs coïndivisaires"])
    return Decimal(100) - propre


def _enfants_heberges(ctx: ContexteCalcul, occupant: str) -> bool | None:
    """The occupant houses the couple's children (any age, alternating residence included)."""
    enfants = ctx.donnees.get("enfants")
    if enfants is None:
        return None
    residences = [e.get("residence") for e in enfants]
    if any(r in (occupant, RESIDENCE_ALTERNEE) for r in residences):
        return True
    return False if None not in residences else None


def _abattements(ctx: ContexteCalcul, occupant: str, lignes: list[str]) -> dict[str, Abattement]:
    """Stated (agreed or decided) abattements as they are; the others as the range of the
    practice reported by guide 004 (parameters), shown as such: no text imposes them.
    No children housed (known) → no children abattement; unknown → 0 to the maximum."""
    donnes = ctx.sujet.get("abattements") or {}
    sortie = {}
    for nom, bas, haut in (("precarite", "precarite_min", "precarite_max"), ("etat", None, "etat_max"),
                           ("enfants", "enfants_min", "enfants_max")):
        if donnes.get(nom) is not None:
            sortie[nom] = Abattement.connu(Decimal(donnes[nom]))
            continue
        minimum = ctx.parametre(bas) if bas else ZERO
        if nom == "enfants":
            heberges = _enfants_heberges(ctx, occupant)
            if heberges is False:
                sortie[nom] = Abattement.connu(ZERO)
                continue
            if heberges is None:
                minimum = ZERO
                lignes.append("hébergement des enfants par l'occupant inconnu : abattement de 0 au maximum")
        sortie[nom] = Abattement.fourchette(minimum, ctx.parametre(haut))
    return sortie


def _debut_indemnite(ctx: ContexteCalcul, lignes: list[str]) -> tuple[date | None, date | None]:
    """(first day the indemnity can run, day the prescription starts) between spouses.

    C. civ. 262-1: the divorce takes effect on their property at the date of the demande
    (judicial divorce, séparation de corps; before 2021 the ordonnance de non-conciliation)
    or when the convention takes effect (mutual consent: the divorce date). If the judge
    granted free use during the proceedings (255), the indemnity runs only from the
    divorce. C. civ. 2236: the five years of 815-10 do not run between spouses, so they
    start at the divorce. Partners and concubins: (None, None), the plain rule applies.
    """
    situation = _situation(ctx)
    if situation.get("lien") != "mariage":
        return None, None
    (date_divorce,) = ctx.champs("date_divorce", objet=situation, chemin="situation_familiale")
    divorce = date.fromisoformat(str(date_divorce))
    if situation.get("procedure") == "divorce_consentement_mutuel":
        effet = divorce
        lignes.append(f"divorce par consentement mutuel : effet entre époux le {format_date(effet)} (art. 262-1)")
    else:
        (demande,) = ctx.champs("date_demande_divorce", objet=situation, chemin="situation_familiale")
        effet = date.fromisoformat(str(demande))
        lignes.append(f"effet du divorce entre époux à la date de la demande, le {format_date(effet)} (art. 262-1)")
    if (situation.get("mesures_provisoires") or {}).get("jouissance_gratuite") is True:
        effet = max(effet, divorce)
        lignes.append(f"jouissance gratuite accordée pendant l'instance (art. 255) : indemnité à compter du divorce, "
                      f"le {format_date(divorce)}")
    return effet, divorce


def _indemnite_occupation(ctx: ContexteCalcul) -> Resultat:
    """C. civ. 815-9 and 815-10: the indemnity owed by the co-owner who occupies alone
    (at most the rental value × the others' share; the abattements are the judge's), and
    how far back it can still be claimed (262-1, 255 and 2236 between spouses)."""
    occupant = ctx.sujet.get("occupant")
    if occupant is None:
        raise Manque([f"{ctx.chemin}.occupant"])
    quote_part = _quote_part_autres(ctx, occupant)
    (valeur_locative,) = ctx.champs("valeur_locative_mensuelle")
    lignes: list[str] = []
    calcul = indemnite_occupation(Decimal(valeur_locative), quote_part, _abattements(ctx, occupant, lignes))
    montants = dict(calcul.montants)
    lignes.insert(0, f"occupant : {occupant} ; " + calcul.formule)
    effet, divorce = _debut_indemnite(ctx, lignes)
    annees = int(ctx.parametre("prescription"))
    debut = _date(ctx.sujet.get("occupation_privative_depuis"))
    if effet is not None:
        debut = max(debut, effet) if debut is not None else effet
    depuis = reclamable_depuis(ctx.date_reference, annees, debut, divorce)
    if debut is None:
        lignes.append(f"prescription de {annees} ans : rien n'est réclamable avant le {format_date(depuis)}")
    else:
        arr = arrieres(montants["indemnite_mensuelle_min"], montants["indemnite_mensuelle_max"], depuis, ctx.date_reference)
        montants.update(arr.montants)
        suspension = f", prescription suspendue jusqu'au divorce du {format_date(divorce)} (art. 2236)" if divorce else ""
        lignes.append(arr.formule + f" (indemnité due depuis le {format_date(debut)}, prescription de {annees} ans"
                      f"{suspension})")
    return Resultat(montants=montants, dates={"reclamable_depuis": depuis}, formule=" ; ".join(lignes))


# -- logement.bail_solidarite_violences ------------------------------------------------------------

def _bail_violences_solidarite(ctx: ContexteCalcul) -> Resultat:
    """loi 89-462 art. 8-2: the co-holder who leaves because of violence stops being
    jointly liable the day after his registered letter is first presented; a conviction
    can be produced until the day before its six-month anniversary. Dates only."""
    location = ctx.donnees.get("location") or {}
    violences = _situation(ctx).get("violences") or {}
    information = _date(location.get("lettre_bailleur_date")) or ctx.date_reference
    dates = {"date_information": information}
    lignes = [f"information du bailleur le {format_date(information)}"
              + ("" if location.get("lettre_bailleur_date") else " (lettre à envoyer : date de référence)")]
    condamnation = _date(violences.get("condamnation_date"))
    if condamnation is None and violences.get("ordonnance_protection") is not True:
        # without an ordonnance de protection, the conviction's date is the figure the rule needs
        base = "situation_familiale.violences"
        raise Manque([f"{base}.condamnation_date" if violences.get("condamnation") is not None
                      else f"{base}.condamnation"])
    if condamnation is not None:
        mois = int(ctx.parametre("condamnation_mois"))
        limite = derniere_date_condamnation_utilisable(condamnation, mois)
        dates["date_limite_information"] = limite
        lignes.append(f"condamnation du {format_date(condamnation)} : utilisable jusqu'au {format_date(limite)}")
    presentation = _date(location.get("lettre_bailleur_presentation_date"))
    if presentation is not None:
        dates["fin_solidarite"] = fin_solidarite_bail(presentation)
        lignes.append(f"première présentation le {format_date(presentation)} : solidarité éteinte à compter du "
                      f"{format_date(dates['fin_solidarite'])}")
    return Resultat(dates=dates, formule=" ; ".join(lignes))


FONCTIONS = (
    FonctionCalcul("bail_force", "majorité du plus jeune enfant (terme des renouvellements du bail)",
                   frozenset({"majorite_plus_jeune"}), _bail_force),
    FonctionCalcul("convention_indivision", "terme de la convention d'indivision signée, si elle est datée",
                   frozenset({"fin_convention", "fin_convention_au_plus_tard"}), _convention_indivision),
    FonctionCalcul("terme_convention_indivision", "terme de la convention d'indivision à durée déterminée",
                   frozenset({"fin_convention"}), _terme_convention_indivision),
    FonctionCalcul("indemnite_occupation", "indemnité d'occupation mensuelle (maximum, effet des abattements) et "
                   "arriérés réclamables", frozenset({"indemnite_mensuelle_min", "indemnite_mensuelle_max",
                                                      "indemnite_mensuelle", "mois_arrieres", "arrieres_min",
                                                      "arrieres_max", "reclamable_depuis"}),
                   _indemnite_occupation),
    FonctionCalcul("bail_violences_solidarite", "fin de la solidarité du cotitulaire du bail victime de violences",
                   frozenset({"date_information", "date_limite_information", "fin_solidarite"}),
                   _bail_violences_solidarite),
)

__all__ = ["FONCTIONS"]
