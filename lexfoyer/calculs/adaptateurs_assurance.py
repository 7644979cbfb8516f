"""Calculation adapters of the « difficultés » domain, first half: borrower insurance,
contractual relief, délai de grâce and social rights (catalogue § 4; guide 003).

Adapters compute **figures only**: the benefit an insurer pays, the dates a contract
term gives (first day paid, end of the carence, the insured's birthday at the age limit,
the two-year prescription), the outer limits of a délai de grâce. Every legal or
contractual condition — the insured is under the age limit, the franchise has run, the
affection is not excluded, the rate reaches the contract's threshold, a borrower is of
good faith — is a condition of ``rules/assurance.yaml`` over dossier facts and notions,
compared by the engine, so that ``explain`` shows the facts each one read.

Missing figures: an adapter raises :class:`Manque` only for the inputs of the amount a
rule tests (``calcul.prise_en_charge_mensuelle``); a date that cannot be computed is simply
left out (the condition that needs it is then « unknown » and names its own missing facts).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from lexfoyer.calculs import Resultat
from lexfoyer.calculs.assurance import (delai_de_grace, fin_carence, format_jours, interets_mensuels, jours_indemnisables,
                                        periode_itt, periode_perte_emploi, prise_en_charge_deces, prise_en_charge_itt,
                                        prise_en_charge_perte_emploi, total_perte_emploi)
from lexfoyer.calculs.calendrier import ajouter_mois, anniversaire
from lexfoyer.calculs.contexte import ContexteCalcul, FonctionCalcul, Manque
from lexfoyer.calculs.format import format_date, format_nombre


# --------------------------------------------------------------------------- reading the dossier

def _valeur(objet: dict | None, nom: str) -> Any:
    """The value of dotted ``nom`` in ``objet`` (ints as Decimal), or None."""
    valeur: Any = objet
    for morceau in nom.split("."):
        valeur = valeur.get(morceau) if isinstance(valeur, dict) else None
    if isinstance(valeur, int) and not isinstance(valeur, bool):
        valeur = Decimal(valeur)
    return valeur


def _date(valeur: str | None) -> date | None:
    return date.fromisoformat(valeur) if valeur else None


def _indice(chemin: str) -> int:
    """``prets[2].assurance[0]`` → 2."""
    return int(chemin.split("[", 1)[1].split("]", 1)[0])


def _pret_de_l_assurance(ctx: ContexteCalcul) -> tuple[dict, str]:
    i = _indice(ctx.chemin)
    return ctx.donnees["prets"][i], f"prets[{i}]"


def _personne(ctx: ContexteCalcul, ident: str) -> tuple[dict, str]:
    for i, personne in enumerate(ctx.donnees.get("personnes", [])):
        if personne.get("id") == ident:
            return personne, f"personnes[{i}]"
    raise Manque([f"{ctx.chemin}.assure"])


def _requis(paires: list[tuple[dict | None, str, str]]) -> list[Any]:
    """Values of (object, dossier path of the object, name); Manque naming every one missing."""
    valeurs, manque = [], []
    for objet, chemin, nom in paires:
        valeur = _valeur(objet, nom)
        if valeur is None:
            manque.append(f"{chemin}.{nom}")
        valeurs.append(valeur)
    if manque:
        raise Manque(manque)
    return valeurs


def _fin_garantie_age(dates: dict, lignes: list, personne: dict, limite: Decimal | None) -> None:
    """The insured's birthday at the contract's age limit (29 February → 1 March)."""
    naissance = _date(personne.get("date_naissance"))
    if naissance is not None and limite is not None:
        dates["fin_garantie_age"] = anniversaire(naissance, int(limite))
        lignes.append(f"limite d'âge du contrat : {int(limite)} ans, atteinte le {format_date(dates['fin_garantie_age'])}")


def _prescription(dates: dict, lignes: list, ctx: ContexteCalcul, evenement: date | None, nom_evenement: str) -> None:
    """C. assur. L.114-1: act against the insurer within two years of the event, to be safe."""
    valeur = ctx.parametre_facultatif("prescription")
    if valeur is None or evenement is None:
        return
    annees = int(valeur)
    dates["action_assureur_avant"] = ajouter_mois(evenement, 12 * annees)
    lignes.append(f"prescription de {annees} ans depuis {nom_evenement} ({format_date(evenement)}) : agir contre "
                  f"l'assureur avant le {format_date(dates['action_assureur_avant'])} (point de départ le plus prudent)")


# --------------------------------------------------------------------------- ITT

def _assurance_itt(ctx: ContexteCalcul) -> Resultat:
    """ITT cover of one insured on one loan: its dates, then the monthly benefit."""
    personne, chemin_personne = _personne(ctx, ctx.sujet["assure"])
    arret, chemin_arret = personne.get("arret_travail") or {}, f"{chemin_personne}.arret_travail"
    dates: dict[str, date] = {}
    lignes: list[str] = []
    depuis = _date(arret.get("depuis"))
    franchise, duree = _valeur(ctx.sujet, "franchise_itt_jours"), _valeur(ctx.sujet, "duree_max_itt_jours")
    if depuis is not None and franchise is not None:
        debut = periode_itt(depuis, int(franchise), 1).debut_prise_en_charge
        dates["debut_prise_en_charge"] = debut
        ligne = (f"arrêt depuis le {format_date(depuis)} + franchise de {format_jours(int(franchise))} : "
                 f"prise en charge à partir du {format_date(debut)}")
        if duree is not None:
            dates["fin_prise_en_charge_max"] = periode_itt(depuis, int(franchise), int(duree)).fin_prise_en_charge_max
            ligne += f" ; au plus {format_jours(int(duree))}, soit jusqu'au {format_date(dates['fin_prise_en_charge_max'])}"
        lignes.append(ligne)
    _fin_garantie_age(dates, lignes, personne, _valeur(ctx.sujet, "age_limite"))
    _prescription(dates, lignes, ctx, depuis, "le début de l'arrêt")
    pret, chemin_pret = _pret_de_l_assurance(ctx)
    mensualite, quotite, mode = _requis([(pret, chemin_pret, "mensualite"), (ctx.sujet, ctx.chemin, "quotite"),
                                         (ctx.sujet, ctx.chemin, "mode")])
    indemnitaire = [None, None, None]
    if mode == "indemnitaire":
        indemnitaire = _requis([(arret, chemin_arret, nom) for nom in
                                ("salaire_net_habituel", "indemnites_journalieres_mensuelles", "complement_employeur_mensuel")])
    r = prise_en_charge_itt(mensualite, quotite, mode, *indemnitaire)
    return Resultat(montants=r.montants, dates=dates, formule="\n".join(lignes + [r.formule]))


# --------------------------------------------------------------------------- perte d'emploi

def _assurance_perte_emploi(ctx: ContexteCalcul) -> Resultat:
    """Job-loss cover of one insured on one loan: benefit, caps and dates of the contract."""
    personne, chemin_personne = _personne(ctx, ctx.sujet["assure"])
    garantie, chemin_garantie = ctx.sujet.get("perte_emploi") or {}, f"{ctx.chemin}.perte_emploi"
    perte, chemin_perte = personne.get("perte_emploi") or {}, f"{chemin_personne}.perte_emploi"
    dates: dict[str, date] = {}
    lignes: list[str] = []
    souscription, carence = _date(ctx.sujet.get("date_souscription")), _valeur(garantie, "carence_mois")
    if souscription is not None and carence is not None:
        dates["fin_carence"] = fin_carence(souscription, int(carence))
        lignes.append(f"souscription le {format_date(souscription)} + carence de {int(carence)} mois = "
                      f"{format_date(dates['fin_carence'])}")
    _fin_garantie_age(dates, lignes, personne, _valeur(garantie, "age_limite"))
    _prescription(dates, lignes, ctx, _date(perte.get("date")), "la perte d'emploi")
    pret, chemin_pret = _pret_de_l_assurance(ctx)
    mensualite, part, quotite, plafonne = _requis([
        (pret, chemin_pret, "mensualite"), (garantie, chemin_garantie, "prise_en_charge"),
        (ctx.sujet, ctx.chemin, "quotite"), (garantie, chemin_garantie, "plafond_perte_revenu")])
    plafond = None
    if plafonne:
        plafond = tuple(_requis([(perte, chemin_perte, "salaire_net_moyen_12_mois"),
                                 (perte, chemin_perte, "allocation_mensuelle")]))
    r = prise_en_charge_perte_emploi(mensualite, part, quotite, plafond)
    montants = dict(r.montants)
    lignes.append(r.formule)
    total, deja, duree = (_valeur(garantie, n) for n in ("plafond_total_jours", "jours_deja_indemnises", "duree_max_jours"))
    if None not in (total, deja, duree):
        jours = jours_indemnisables(int(duree), int(total), int(deja))
        lignes.append(f"au plus {format_jours(int(duree))} pour cette perte d'emploi, dans la limite de "
                      f"{format_jours(int(total))} sur la durée du prêt ({format_jours(int(deja))} déjà "
                      f"indemnisé(s)) : {format_jours(jours)} indemnisables")
        if jours > 0:
            montants["prise_en_charge_totale_max"] = total_perte_emploi(montants["prise_en_charge_mensuelle"], jours)
        franchise, debut = _valeur(garantie, "franchise_jours"), _date(perte.get("debut_indemnisation"))
        periode = periode_perte_emploi(debut, int(franchise), jours) if franchise is not None and debut else None
        if periode is not None:
            dates["debut_prise_en_charge"], dates["fin_prise_en_charge"] = periode
            lignes.append(f"premier jour indemnisé par France Travail le {format_date(debut)} + franchise de "
                          f"{format_jours(int(franchise))} : versements du {format_date(periode[0])} "
                          f"au {format_date(periode[1])} au plus tard")
    return Resultat(montants=montants, dates=dates, formule="\n".join(lignes))


# --------------------------------------------------------------------------- décès

def _assurance_deces(ctx: ContexteCalcul) -> Resultat:
    """Death of an insured borrower: the capital due × the quotité, repaid to the lender."""
    personne, _chemin = _personne(ctx, ctx.sujet["assure"])
    pret, chemin_pret = _pret_de_l_assurance(ctx)
    capital, quotite = _requis([(pret, chemin_pret, "capital_restant_du"), (ctx.sujet, ctx.chemin, "quotite")])
    r = prise_en_charge_deces(capital, quotite)
    dates: dict[str, date] = {}
    lignes: list[str] = []
    _prescription(dates, lignes, ctx, _date(personne.get("date_deces")), "le décès")
    return Resultat(montants=r.montants, dates=dates, formule="\n".join([r.formule] + lignes))


# --------------------------------------------------------------------------- prêt

def _delai_de_grace(ctx: ContexteCalcul) -> Resultat:
    """Outer limits of the délai a judge may grant (C. civ. 1343-5; C. conso. L.314-20)."""
    depassement = ctx.parametre_facultatif("depassement")
    fin_initiale = _date(ctx.sujet.get("date_fin_initiale"))
    r = delai_de_grace(ctx.date_reference, ctx.parametre("duree_max"), depassement, fin_initiale)
    lignes = [r.formule]
    if "derniere_echeance_au_plus_tard" not in r.dates:
        lignes.append(f"à préciser pour la dernière échéance : {ctx.chemin}.date_fin_initiale")
    return Resultat(montants=r.montants, dates=r.dates, formule="\n".join(lignes))


def _interets_suspension(ctx: ContexteCalcul) -> Resultat:
    """Cost of a total suspension: one month of interest capitalised per month suspended."""
    capital, taux = ctx.champs("capital_restant_du", "taux_nominal")
    return interets_mensuels(capital, taux)


# --------------------------------------------------------------------------- droits sociaux

def _droits_are(ctx: ContexteCalcul) -> Resultat:
    """The registration deadline, and the affiliation in days (hours ÷ 7) for the lawyer to read."""
    perte = ctx.sujet.get("perte_emploi") or {}
    heures = perte.get("heures_travaillees_24_mois")
    montants, lignes = {}, []
    if heures is not None:
        jours = Decimal(heures) / Decimal(7)
        montants["jours_travailles"] = jours.quantize(Decimal("0.0001"))
        lignes.append(f"{format_nombre(Decimal(heures), None)} heures ÷ 7 = {format_nombre(jours)} jours travaillés")
    dates = {}
    fin = _date(perte.get("date"))
    forclusion = ctx.parametre_facultatif("forclusion")
    if fin is not None and forclusion is not None:
        dates["date_limite_inscription"] = ajouter_mois(fin, int(forclusion))
        lignes.append(f"fin du contrat le {format_date(fin)} : s'inscrire à France Travail au plus tard le "
                      f"{format_date(dates['date_limite_inscription'])} (délai de {int(forclusion)} mois, "
                      f"allongé des arrêts maladie indemnisés)")
    return Resultat(montants=montants, dates=dates, formule="\n".join(lignes))


FONCTIONS = (
    FonctionCalcul("assurance_itt", "garantie ITT : dates de la franchise et de la durée maximale, prise en charge",
                   frozenset({"prise_en_charge_mensuelle", "debut_prise_en_charge", "fin_prise_en_charge_max",
                              "fin_garantie_age", "action_assureur_avant"}), _assurance_itt),
    FonctionCalcul("assurance_perte_emploi", "garantie perte d'emploi : prise en charge, plafonds, dates du contrat",
                   frozenset({"prise_en_charge_mensuelle", "indemnite_journaliere", "prise_en_charge_totale_max",
                              "fin_carence", "debut_prise_en_charge", "fin_prise_en_charge", "fin_garantie_age",
                              "action_assureur_avant"}), _assurance_perte_emploi),
    FonctionCalcul("assurance_deces", "garantie décès : capital restant dû pris en charge selon la quotité",
                   frozenset({"capital_pris_en_charge", "action_assureur_avant"}), _assurance_deces),
    FonctionCalcul("delai_de_grace", "bornes du délai de grâce",
                   frozenset({"duree_max_mois", "fin_delai_grace_au_plus_tard", "derniere_echeance_au_plus_tard"}),
                   _delai_de_grace),
    FonctionCalcul("interets_suspension", "intérêts capitalisés par mois de suspension totale",
                   frozenset({"interets_par_mois_suspendu"}), _interets_suspension),
    FonctionCalcul("droits_are", "durée d'affiliation et date limite d'inscription à France Travail",
                   frozenset({"jours_travailles", "date_limite_inscription"}), _droits_are),
)
