"""Calculation adapters of the family-home domain (section 3 of the catalogue).

Some conditions of these rules join two entities of the dossier — the person who asks
for the home and the home itself, the spouse who does not own it and the children who
live there, the victim of violence and the holders of the lease. The rule language
compares a fact with a constant, never two facts, so each adapter here computes such a
joint condition and publishes it as a figure (``1`` true, ``0`` false) that the rule
tests (``calcul.<nom> egal 1``).

What the dossier does not say is never guessed. Each adapter decides its outputs with
three values: when one of them makes its condition false, the adapter returns what it
knows (the rule then concludes « non applicable » on that condition); otherwise, when
one is unknown, it raises :class:`Manque` with the dossier paths to complete (the rule
concludes « à vérifier » and names them); otherwise it returns everything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from lexfoyer.calculs import Resultat
from lexfoyer.calculs.contexte import ContexteCalcul, FonctionCalcul, Manque
from lexfoyer.calculs.format import format_date
from lexfoyer.calculs.logement import (
    AGE_MAJORITE,
    Abattement,
    arrieres,
    condamnation_recente,
    derniere_date_condamnation_utilisable,
    fin_convention,
    fin_solidarite_bail,
    indemnite_occupation,
    majorite,
    mineur_au,
    reclamable_depuis,
)

UN, ZERO = Decimal(1), Decimal(0)
RESIDENCE_ALTERNEE = "alternee"
#: loi ELAN n° 2018-1021 (JO 24 nov. 2018): first day art. 8-2 of loi 89-462 is read
DEBUT_ARTICLE_8_2 = date(2018, 11, 25)


@dataclass(frozen=True)
class Sortie:
    """One output of an adapter, with three values.

    ``valeur`` None means unknown (``manque`` says what to ask); ``echec`` means the
    value makes the rule's condition on it false.
    """

    valeur: Decimal | None
    echec: bool = False
    manque: tuple[str, ...] = ()


def _booleen(valeur: bool | None, manque: list[str] | tuple[str, ...] = ()) -> Sortie:
    if valeur is None:
        return Sortie(None, False, tuple(manque))
    return Sortie(UN if valeur else ZERO, not valeur)


@dataclass
class _Decision:
    """Outputs being decided, and the explanation that goes with them."""

    sorties: dict[str, Sortie] = field(default_factory=dict)
    dates: dict[str, date] = field(default_factory=dict)
    dates_inconnues: list[str] = field(default_factory=list)
    lignes: list[str] = field(default_factory=list)
    echec_date: bool = False  # a date output already makes its condition false

    def resultat(self, montants: dict[str, Decimal] | None = None) -> Resultat:
        connus = {nom: s.valeur for nom, s in self.sorties.items() if s.valeur is not None}
        connus.update(montants or {})
        formule = " ; ".join(self.lignes)
        if self.echec_date or any(s.echec for s in self.sorties.values()):
            return Resultat(montants=connus, dates=dict(self.dates), formule=formule)
        manque = [m for s in self.sorties.values() if s.valeur is None for m in s.manque] + self.dates_inconnues
        if manque:
            raise Manque(list(dict.fromkeys(manque)))
        return Resultat(montants=connus, dates=dict(self.dates), formule=formule)


# -- reading the dossier ----------------------------------------------------------------

def _personne(ctx: ContexteCalcul, ident: str) -> tuple[str, dict]:
    """(dossier path, person) of a person id (the dossier loader checked it exists)."""
    for i, p in enumerate(ctx.donnees.get("personnes", [])):
        if p.get("id") == ident:
            return f"personnes[{i}]", p
    raise Manque([f"personnes : aucune personne « {ident} » au dossier"])


def _violences(ctx: ContexteCalcul) -> dict:
    return ctx.donnees.get("situation_familiale", {}).get("violences") or {}


def _location(ctx: ContexteCalcul) -> dict:
    return ctx.donnees.get("location") or {}


def _date(valeur: str | None) -> date | None:
    return date.fromisoformat(valeur) if valeur else None


def _occupe(ctx: ContexteCalcul, ident: str) -> tuple[bool | None, str]:
    """Whether a person lives in the home: ``occupe_logement``, else the bien's ``occupant``."""
    chemin, personne = _personne(ctx, ident)
    occupe = personne.get("occupe_logement")
    if occupe is None and ctx.sujet.get("occupant") is not None:
        occupe = ctx.sujet["occupant"] == ident
    return occupe, f"{chemin}.occupe_logement"


def _mineur(ctx: ContexteCalcul, enfant: dict) -> bool | None:
    naissance = _date(enfant.get("date_naissance"))
    if naissance is not None:
        return mineur_au(naissance, ctx.date_reference)
    if enfant.get("age") is not None:
        return enfant["age"] < AGE_MAJORITE
    return None


def _age(ctx: ContexteCalcul, enfant: dict) -> int | None:
    naissance = _date(enfant.get("date_naissance"))
    if naissance is not None:
        jour = ctx.date_reference
        return jour.year - naissance.year - ((jour.month, jour.day) < (naissance.month, naissance.day))
    return enfant.get("age")


def _enfants_mineurs_chez(ctx: ContexteCalcul, ident: str) -> tuple[list[int], list[str]]:
    """Indices of the minor children who habitually live with ``ident`` (alternating
    residence included), and the paths still unknown for the others."""
    enfants = ctx.donnees.get("enfants")
    if enfants is None:
        return [], ["enfants"]
    trouves, inconnus = [], []
    for k, e in enumerate(enfants):
        residence, mineur = e.get("residence"), _mineur(ctx, e)
        if residence is not None and residence not in (ident, RESIDENCE_ALTERNEE) or mineur is False:
            continue
        if residence is None:
            inconnus.append(f"enfants[{k}].residence")
        if mineur is None:
            inconnus.append(f"enfants[{k}].date_naissance")
        if residence is not None and mineur:
            trouves.append(k)
    return trouves, inconnus


# -- logement.attribution_preferentielle --------------------------------------------------

def _coindivisaire(ctx: ContexteCalcul, ident: str) -> Sortie:
    """The applicant owns a share of the home (a spouse for a bien commun)."""
    propriete = ctx.sujet.get("propriete")
    if propriete is None:
        return _booleen(None, [f"{ctx.chemin}.propriete"])
    if propriete == "commun":
        return _booleen(True)
    if propriete == "propre":
        return _booleen(False)
    parts = ctx.sujet.get("quotes_parts")
    if parts is None:
        return _booleen(None, [f"{ctx.chemin}.quotes_parts"])
    return _booleen(Decimal(parts.get(ident, 0)) > 0)


def _exception_violences(ctx: ContexteCalcul, ident: str) -> tuple[bool | None, list[str]]:
    """The applicant left the home as a victim of violence, with an ordonnance de
    protection or a complaint. The exception must be proven by the one who invokes it:
    when the dossier names no victim, or another one, it is not established."""
    v = _violences(ctx)
    if v.get("victime") != ident or v.get("a_quitte_logement") is False:
        return False, []
    base = "situation_familiale.violences"
    preuves = [v.get("ordonnance_protection"), v.get("plainte_deposee")]
    preuve = True if True in preuves else False if preuves == [False, False] else None
    if preuve is False:
        return False, []
    manque = [] if v.get("a_quitte_logement") is not None else [f"{base}.a_quitte_logement"]
    if preuve is None:
        manque += [f"{base}.{nom}" for nom in ("ordonnance_protection", "plainte_deposee") if v.get(nom) is None]
    return (True, []) if not manque else (None, manque)


def _habitation(ctx: ContexteCalcul, ident: str, d: _Decision) -> Sortie:
    occupe, chemin = _occupe(ctx, ident)
    if occupe:
        d.lignes.append(f"{ident} habite le logement")
        return _booleen(True)
    exception, manque = _exception_violences(ctx, ident)
    if exception:
        v = _violences(ctx)
        preuves = [nom for cle, nom in (("ordonnance_protection", "ordonnance de protection"),
                                        ("plainte_deposee", "plainte")) if v.get(cle) is True]
        d.lignes.append(f"{ident} n'habite plus le logement mais l'a quitté en raison de violences ("
                        f"{' et '.join(preuves)}) : exception jurisprudentielle rapportée par le guide 004")
        return _booleen(True)
    if occupe is False and exception is False:
        d.lignes.append(f"{ident} n'habite pas le logement et n'établit pas l'avoir quitté en raison de violences")
        return _booleen(False)
    return _booleen(None, ([chemin] if occupe is None else []) + manque)


def _attribution_preferentielle(ctx: ContexteCalcul) -> Resultat:
    """C. civ. 831-2 (by 1476, 515-6): the applicant must be a co-owner and actually live
    in the home — or have left it as a victim of violence (guide 004's case law)."""
    demande = ctx.donnees.get("demandes", {}).get("attribution_logement", {})
    demandeur = demande.get("demandeur")
    if demandeur is None:
        raise Manque(["demandes.attribution_logement.demandeur"])
    d = _Decision(lignes=[f"demandeur : {demandeur}"])
    d.sorties["demandeur_indivisaire"] = _coindivisaire(ctx, demandeur)
    d.sorties["condition_habitation"] = _habitation(ctx, demandeur, d)
    enfants, _inconnus = _enfants_mineurs_chez(ctx, demandeur)
    if enfants:
        d.lignes.append(f"{len(enfants)} enfant(s) mineur(s) résident habituellement chez {demandeur} "
                        "(élément favorable pesé par le juge)")
    return d.resultat()


# -- logement.bail_force --------------------------------------------------------------------

def _autre_epoux(ctx: ContexteCalcul) -> str:
    (proprietaire,) = ctx.champs("proprietaire")
    autres = [p["id"] for p in ctx.donnees.get("personnes", []) if p.get("id") != proprietaire]
    if len(autres) != 1:
        raise ValueError(f"le dossier doit désigner exactement un époux autre que le propriétaire {proprietaire} "
                         f"({len(autres)} trouvé(s))")
    return autres[0]


def _bail_force(ctx: ContexteCalcul) -> Resultat:
    """C. civ. 285-1: the lease may be renewed until the youngest child comes of age.

    Only the date: whether the other spouse exercises parental authority and whether minor
    children live in the home are conditions of the rule (rules/logement.yaml).
    """
    enfants = ctx.donnees.get("enfants") or []
    naissances, inconnues = [], []
    for k, e in enumerate(enfants):
        if e.get("date_naissance"):
            naissances.append(date.fromisoformat(e["date_naissance"]))
        else:
            inconnues.append(f"enfants[{k}].date_naissance")
    if not enfants:
        return Resultat()
    if inconnues:
        raise Manque(inconnues)
    fin = majorite(max(naissances))
    return Resultat(dates={"majorite_plus_jeune": fin}, formule=f"majorité du plus jeune enfant le {format_date(fin)}")


# -- logement.etat_liquidatif ----------------------------------------------------------------

def _biens_a_liquider(ctx: ContexteCalcul) -> Resultat:
    """Real estate the liquidation of the matrimonial regime covers (biens communs or
    indivis): C. civ. 229-3 then requires the état liquidatif in notarial form."""
    biens = ctx.donnees.get("biens")
    if biens is None:
        raise Manque(["biens"])
    trouves = [b["id"] for b in biens if b.get("propriete") in ("commun", "indivis")]
    inconnus = [f"biens[{i}].propriete" for i, b in enumerate(biens) if b.get("propriete") is None]
    d = _Decision()
    if trouves:
        d.sorties["biens_immobiliers"] = Sortie(Decimal(len(trouves)))
        d.lignes.append("biens immobiliers à liquider : " + ", ".join(trouves))
    elif inconnus:
        d.sorties["biens_immobiliers"] = Sortie(None, False, tuple(inconnus))
    else:
        d.sorties["biens_immobiliers"] = Sortie(ZERO, True)
        d.lignes.append("aucun bien immobilier commun ou indivis à liquider")
    return d.resultat()


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
    """C. civ. 1873-3: a fixed term of at most five years; its end, when dated."""
    conv = _convention(ctx)
    (debut_texte,) = ctx.champs("convention_indivision.date_debut")
    debut = date.fromisoformat(debut_texte)
    d = _Decision()
    if conv.get("duree_indeterminee") is True:
        d.sorties["duree_determinee"] = Sortie(ZERO, True)
        d.lignes.append("convention à durée indéterminée : pas de terme")
        return d.resultat()
    duree = conv.get("duree_annees")
    if duree is None:
        raise Manque([f"{ctx.chemin}.convention_indivision.duree_annees"])
    maximum = ctx.parametre("duree_max")
    d.sorties["duree_determinee"] = Sortie(UN)
    d.sorties["duree_annees"] = Sortie(Decimal(duree), Decimal(duree) > maximum)
    if Decimal(duree) > maximum:
        d.lignes.append(f"durée stipulée de {duree} ans, au-delà du maximum légal de {maximum} ans")
    else:
        fin = fin_convention(debut, int(duree))
        d.dates["fin_convention"] = fin
        d.lignes.append(f"convention du {format_date(debut)} pour {duree} an(s) : terme le {format_date(fin)}")
    return d.resultat()


# -- calcul.indemnite_occupation ------------------------------------------------------------------

def _quote_part_autres(ctx: ContexteCalcul, occupant: str) -> Decimal | None:
    """Share of the co-owners other than the occupant (50 % for a bien commun); None when
    the occupant owns no share (he is then no indivisaire)."""
    (propriete,) = ctx.champs("propriete")
    if propriete == "commun":
        return Decimal(50)
    if propriete != "indivis":
        return None
    (parts,) = ctx.champs("quotes_parts")
    propre = Decimal(parts.get(occupant, 0))
    return Decimal(100) - propre if 0 < propre < 100 else None


def _enfants_heberges(ctx: ContexteCalcul, occupant: str) -> bool | None:
    """The occupant houses the couple's children (any age, alternating residence included)."""
    enfants = ctx.donnees.get("enfants")
    if enfants is None:
        return None
    residences = [e.get("residence") for e in enfants]
    if any(r in (occupant, RESIDENCE_ALTERNEE) for r in residences):
        return True
    return False if None not in residences else None


def _abattements(ctx: ContexteCalcul, occupant: str, d: _Decision) -> dict[str, Abattement]:
    """Stated abattements as they are; the others as the range of practice (parameters).
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
                d.lignes.append("hébergement des enfants par l'occupant inconnu : abattement de 0 au maximum")
        sortie[nom] = Abattement.fourchette(minimum, ctx.parametre(haut))
    return sortie


def _indemnite_occupation(ctx: ContexteCalcul) -> Resultat:
    """C. civ. 815-9 and 815-10: the indemnity owed by the co-owner who occupies alone,
    and how far back it can still be claimed. The indemnity is due « sauf convention
    contraire »: only a free use stated in the dossier (``jouissance_gratuite``) excludes it."""
    occupant = ctx.sujet.get("occupant")
    if occupant is None:
        raise Manque([f"{ctx.chemin}.occupant"])
    d = _Decision()
    quote_part = _quote_part_autres(ctx, occupant)
    if quote_part is None:
        d.sorties["occupant_indivisaire"] = Sortie(ZERO, True)
        d.lignes.append(f"{occupant} n'est pas coïndivisaire du bien")
        return d.resultat()
    d.sorties["occupant_indivisaire"] = Sortie(UN)
    if ctx.sujet.get("jouissance_gratuite") is True:
        d.sorties["jouissance_onereuse"] = Sortie(ZERO, True)
        d.lignes.append("jouissance gratuite convenue ou ordonnée")
        return d.resultat()
    d.sorties["jouissance_onereuse"] = Sortie(UN)
    (valeur_locative,) = ctx.champs("valeur_locative_mensuelle")
    calcul = indemnite_occupation(Decimal(valeur_locative), quote_part, _abattements(ctx, occupant, d))
    montants = dict(calcul.montants)
    d.lignes.insert(0, f"occupant : {occupant} ; " + calcul.formule)
    annees = int(ctx.parametre("prescription"))
    debut = _date(ctx.sujet.get("occupation_privative_depuis"))
    depuis = reclamable_depuis(ctx.date_reference, annees, debut)
    d.dates["reclamable_depuis"] = depuis
    if debut is None:
        d.lignes.append(f"prescription de {annees} ans : rien n'est réclamable avant le {format_date(depuis)}")
    else:
        arr = arrieres(montants["indemnite_mensuelle_min"], montants["indemnite_mensuelle_max"], depuis, ctx.date_reference)
        montants.update(arr.montants)
        d.lignes.append(arr.formule + f" (occupation depuis le {format_date(debut)}, prescription de {annees} ans)")
    return d.resultat(montants)


# -- logement.bail_solidarite_violences / logement.bail_preavis_violences ------------------------

def _victime_titulaire(ctx: ContexteCalcul, minimum: int) -> Sortie:
    """The victim holds the lease, among at least ``minimum`` holders."""
    victime = _violences(ctx).get("victime")
    titulaires = _location(ctx).get("titulaires")
    if victime is None:
        return _booleen(None, ["situation_familiale.violences.victime"])
    if titulaires is None:
        return _booleen(None, ["location.titulaires"])
    return _booleen(victime in titulaires and len(titulaires) >= minimum)


def _justificatif_8_2(ctx: ContexteCalcul, information: date, d: _Decision) -> Sortie:
    """An ordonnance de protection, or a conviction handed down less than six months
    before the landlord is informed (loi 89-462 art. 8-2); a complaint is not enough."""
    v, base = _violences(ctx), "situation_familiale.violences"
    if v.get("ordonnance_protection") is True:
        d.lignes.append("ordonnance de protection")
        return _booleen(True)
    condamnation = _date(v.get("condamnation_date"))
    recente: bool | None = False if v.get("condamnation") is False else None
    if condamnation is not None:
        mois = int(ctx.parametre("condamnation_mois"))
        limite = derniere_date_condamnation_utilisable(condamnation, mois)
        d.dates["date_limite_information"] = limite
        recente = condamnation_recente(condamnation, information, mois)
        d.lignes.append(f"condamnation du {format_date(condamnation)} : utilisable jusqu'au {format_date(limite)}, "
                        f"information du bailleur le {format_date(information)}")
    if recente or (v.get("ordonnance_protection") is False and recente is False):
        return _booleen(recente)
    manque = [f"{base}.ordonnance_protection"] if v.get("ordonnance_protection") is None else []
    if recente is None:
        manque.append(f"{base}.condamnation_date" if v.get("condamnation") else f"{base}.condamnation")
    return _booleen(None, manque)


def _bail_violences_solidarite(ctx: ContexteCalcul) -> Resultat:
    """loi 89-462 art. 8-2: the co-holder who leaves because of violence stops being
    jointly liable the day after his registered letter is first presented."""
    location = _location(ctx)
    information = _date(location.get("lettre_bailleur_date")) or ctx.date_reference
    d = _Decision()
    d.dates["date_information"] = information
    d.sorties["victime_cotitulaire"] = _victime_titulaire(ctx, 2)
    if information < DEBUT_ARTICLE_8_2:
        d.echec_date = True
        d.lignes.append(f"information du bailleur le {format_date(information)}, avant l'art. 8-2 (loi ELAN)")
        return d.resultat()
    d.sorties["justificatif_violences"] = _justificatif_8_2(ctx, information, d)
    presentation = _date(location.get("lettre_bailleur_presentation_date"))
    if presentation is not None:
        d.dates["fin_solidarite"] = fin_solidarite_bail(presentation)
        d.lignes.append(f"première présentation le {format_date(presentation)} : solidarité éteinte à compter du "
                        f"{format_date(d.dates['fin_solidarite'])}")
    return d.resultat()


def _motif_preavis(ctx: ContexteCalcul) -> Sortie:
    """loi 89-462 art. 15 I 3° bis: ordonnance de protection, prosecution or an
    alternative to it, or a conviction even not final; a complaint alone is not enough."""
    v, base = _violences(ctx), "situation_familiale.violences"
    condamnation = True if v.get("condamnation_date") else v.get("condamnation")
    motifs = {"ordonnance_protection": v.get("ordonnance_protection"), "poursuites_penales": v.get("poursuites_penales"),
              "condamnation": condamnation}
    if True in motifs.values():
        return _booleen(True)
    if all(m is False for m in motifs.values()):
        return _booleen(False)
    return _booleen(None, [f"{base}.{nom}" for nom, m in motifs.items() if m is None])


def _bail_violences_preavis(ctx: ContexteCalcul) -> Resultat:
    d = _Decision()
    d.sorties["victime_locataire"] = _victime_titulaire(ctx, 1)
    d.sorties["motif_preavis_reduit"] = _motif_preavis(ctx)
    return d.resultat()


FONCTIONS = (
    FonctionCalcul("attribution_preferentielle", "le demandeur est coïndivisaire et habite le logement (ou l'a "
                   "quitté, victime de violences)", frozenset({"demandeur_indivisaire", "condition_habitation"}),
                   _attribution_preferentielle),
    FonctionCalcul("bail_force", "majorité du plus jeune enfant (terme des renouvellements du bail)",
                   frozenset({"majorite_plus_jeune"}), _bail_force),
    FonctionCalcul("biens_a_liquider", "biens immobiliers communs ou indivis couverts par la liquidation",
                   frozenset({"biens_immobiliers"}), _biens_a_liquider),
    FonctionCalcul("convention_indivision", "terme de la convention d'indivision signée, si elle est datée",
                   frozenset({"fin_convention", "fin_convention_au_plus_tard"}), _convention_indivision),
    FonctionCalcul("terme_convention_indivision", "durée et terme de la convention d'indivision (cinq ans au plus)",
                   frozenset({"duree_determinee", "duree_annees", "fin_convention"}), _terme_convention_indivision),
    FonctionCalcul("indemnite_occupation", "indemnité d'occupation mensuelle (fourchette ou montant exact) et "
                   "arriérés réclamables", frozenset({"occupant_indivisaire", "jouissance_onereuse", "indemnite_mensuelle_min",
                                                      "indemnite_mensuelle_max", "indemnite_mensuelle", "mois_arrieres",
                                                      "arrieres_min", "arrieres_max", "reclamable_depuis"}),
                   _indemnite_occupation),
    FonctionCalcul("bail_violences_solidarite", "fin de la solidarité du cotitulaire du bail victime de violences",
                   frozenset({"victime_cotitulaire", "justificatif_violences", "date_information",
                              "date_limite_information", "fin_solidarite"}), _bail_violences_solidarite),
    FonctionCalcul("bail_violences_preavis", "préavis d'un mois du locataire victime de violences",
                   frozenset({"victime_locataire", "motif_preavis_reduit"}), _bail_violences_preavis),
)

__all__ = ["FONCTIONS", "Sortie"]
