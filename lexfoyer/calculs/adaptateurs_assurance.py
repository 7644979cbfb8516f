"""Calculation adapters of the « difficultés » domain, first half: borrower insurance,
contractual relief, délai de grâce and social rights (catalogue § 4; guide 003).

The insurance conditions compare two dossier figures (the insured's age and the
contract's age limit, the sick leave's start plus the contract's franchise and the
reference date…), which a rule condition cannot do: the adapter decides each contract
condition with :mod:`lexfoyer.calculs.assurance` and hands the engine a verdict, 1 (met)
or 0 (not met), that the rule tests (``calcul.franchise_ecoulee egal 1``). The figures
behind each verdict are in the formula and the dates in ``delais``.

Missing figures: every input that a tested verdict needs and the dossier lacks is
collected, so the conclusion « à vérifier » names them all at once. When one verdict is
already known to fail, the result is returned without the undecidable ones, so that the
conclusion is « non applicable » — a known failure outweighs an unknown — rather than
« à vérifier ». Inputs that only feed an informative date never make a conclusion
uncertain: the formula says what to add.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from lexfoyer.calculs import Resultat
from lexfoyer.calculs.assurance import (affection_exclue, bornes_age, carence_ecoulee, date_pret_ouvre_apl, delai_de_grace,
                        format_jours, interets_mensuels, jours_indemnisables, periode_itt, periode_perte_emploi,
                        prise_en_charge_itt, prise_en_charge_perte_emploi, sous_limite_age,
                        taux_invalidite_suffisant, total_perte_emploi)
from lexfoyer.calculs.contexte import ContexteCalcul, FonctionCalcul, Manque
from lexfoyer.calculs.calendrier import ajouter_mois, anniversaire
from lexfoyer.calculs.format import format_date, format_nombre


# --------------------------------------------------------------------------- reading the dossier

@dataclass
class _Releve:
    """What an adapter gathered: verdicts, amounts, dates, formula lines, missing inputs."""

    verdicts: dict[str, bool | None] = field(default_factory=dict)
    montants: dict[str, Decimal] = field(default_factory=dict)
    dates: dict[str, date] = field(default_factory=dict)
    lignes: list[str] = field(default_factory=list)
    manque: list[str] = field(default_factory=list)  # inputs of tested verdicts
    complements: list[str] = field(default_factory=list)  # inputs of informative dates only

    def lire(self, objet: dict | None, chemin: str, nom: str, informatif: bool = False) -> Any:
        """The value of ``nom`` in ``objet`` (dotted), or None with its path remembered."""
        valeur: Any = objet
        for morceau in nom.split("."):
            valeur = valeur.get(morceau) if isinstance(valeur, dict) else None
        if valeur is None:
            (self.complements if informatif else self.manque).append(f"{chemin}.{nom}")
        elif isinstance(valeur, int) and not isinstance(valeur, bool):
            valeur = Decimal(valeur)
        return valeur

    def verdict(self, nom: str, valeur: bool | None, raison_inconnue: list[str] | None = None) -> None:
        self.verdicts[nom] = valeur
        if valeur is None and raison_inconnue:
            self.manque += raison_inconnue

    def resultat(self, montants_tests: tuple[str, ...] = ()) -> Resultat:
        """The engine's result; Manque when a tested figure is unknown and none has failed.

        ``montants_tests`` are amounts a rule requires to be positive: zero is a failure too.
        """
        montants = dict(self.montants)
        for nom, valeur in self.verdicts.items():
            if valeur is not None:
                montants[nom] = Decimal(int(valeur))
        inconnus = [n for n, v in self.verdicts.items() if v is None] + [n for n in montants_tests if n not in montants]
        echec = any(v is False for v in self.verdicts.values()) or any(montants.get(n) == 0 for n in montants_tests)
        if inconnus and not echec:
            raise Manque(sorted(set(self.manque + self.complements)) or [f"calcul : {', '.join(inconnus)}"])
        lignes = list(self.lignes)
        a_preciser = sorted(set(self.manque + self.complements))
        if a_preciser:
            lignes.append("à préciser : " + ", ".join(a_preciser))
        return Resultat(montants=montants, dates=dict(self.dates), formule="\n".join(lignes))


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


def _date(valeur: str | None) -> date | None:
    return date.fromisoformat(valeur) if valeur else None


def _bornes(personne: dict, jour: date, ctx: ContexteCalcul) -> tuple[int, int] | None:
    age = personne.get("age")
    return bornes_age(jour, ctx.date_reference, _date(personne.get("date_naissance")), int(age) if age is not None else None)


def _verdict_age(releve: _Releve, personne: dict, chemin_personne: str, jour: date, limite: Decimal | None,
                 ctx: ContexteCalcul) -> None:
    """Under the contract's age limit on ``jour``; the date of birth settles a doubt."""
    bornes = _bornes(personne, jour, ctx)
    limite_entier = int(limite) if limite is not None else None
    verdict = sous_limite_age(bornes, limite_entier)
    releve.verdict("age_sous_limite", verdict, [f"{chemin_personne}.date_naissance"] if limite is not None else None)
    if bornes is not None and limite is not None:
        age = f"{bornes[0]} ans" if bornes[0] == bornes[1] else f"{bornes[0]} ou {bornes[1]} ans"
        releve.lignes.append(f"âge au {format_date(jour)} : {age} ; limite du contrat : {limite_entier} ans")
    naissance = _date(personne.get("date_naissance"))
    if naissance is not None and limite is not None:
        releve.dates["fin_garantie_age"] = anniversaire(naissance, limite_entier)


def _parametre_informatif(releve: _Releve, ctx: ContexteCalcul, alias: str) -> Decimal | None:
    """A parameter that only feeds an informative date: its absence is said, never fatal."""
    try:
        return ctx.parametre(alias)
    except Manque as exc:
        releve.complements += exc.chemins
        return None


def _prescription(releve: _Releve, ctx: ContexteCalcul, evenement: date, nom_evenement: str) -> None:
    """C. assur. L.114-1: act against the insurer within two years of the event, to be safe."""
    valeur = _parametre_informatif(releve, ctx, "prescription")
    if valeur is None:
        return
    annees = int(valeur)
    limite = ajouter_mois(evenement, 12 * annees)
    releve.dates["action_assureur_avant"] = limite
    releve.lignes.append(f"prescription de {annees} ans depuis {nom_evenement} ({format_date(evenement)}) : "
                         f"agir contre l'assureur avant le {format_date(limite)} (point de départ le plus prudent)")


# --------------------------------------------------------------------------- ITT

def _affection(releve: _Releve, ctx: ContexteCalcul, arret: dict, chemin_arret: str) -> None:
    affection, exclusions = arret.get("affection"), ctx.sujet.get("exclusions")
    exclue = affection_exclue(affection, exclusions)
    raisons = ([f"{chemin_arret}.affection"] if affection is None else []) + \
              ([f"{ctx.chemin}.exclusions"] if exclusions is None else [])
    releve.verdict("affection_couverte", None if exclue is None else not exclue, raisons)
    if exclue is not None:
        releve.lignes.append(f"affection « {affection or 'inconnue'} », exclusions du contrat : "
                             f"{', '.join(exclusions) if exclusions else 'aucune'} → "
                             f"{'exclue' if exclue else 'couverte'}")


def _periode_itt(releve: _Releve, ctx: ContexteCalcul, arret: dict, chemin_arret: str) -> None:
    depuis = releve.lire(arret, chemin_arret, "depuis")
    franchise = releve.lire(ctx.sujet, ctx.chemin, "franchise_itt_jours")
    duree = releve.lire(ctx.sujet, ctx.chemin, "duree_max_itt_jours")
    if depuis is not None:
        _prescription(releve, ctx, date.fromisoformat(depuis), "le début de l'arrêt")
    if None in (depuis, franchise, duree):
        releve.verdict("franchise_ecoulee", None)
        releve.verdict("duree_max_non_atteinte", None)
        return
    periode = periode_itt(date.fromisoformat(depuis), int(franchise), int(duree))
    jour = ctx.date_reference
    releve.verdict("franchise_ecoulee", periode.franchise_ecoulee(jour))
    releve.verdict("duree_max_non_atteinte", periode.duree_max_non_atteinte(jour))
    releve.dates["debut_prise_en_charge"] = periode.debut_prise_en_charge
    releve.dates["fin_prise_en_charge_max"] = periode.fin_prise_en_charge_max
    releve.lignes.append(
        f"arrêt depuis le {format_date(date.fromisoformat(depuis))} + franchise de {format_jours(int(franchise))} : "
        f"prise en charge à partir du {format_date(periode.debut_prise_en_charge)} ; "
        f"au plus {format_jours(int(duree))}, soit jusqu'au {format_date(periode.fin_prise_en_charge_max)}")


def _montant_itt(releve: _Releve, ctx: ContexteCalcul, arret: dict, chemin_arret: str) -> None:
    pret, chemin_pret = _pret_de_l_assurance(ctx)
    mensualite = releve.lire(pret, chemin_pret, "mensualite")
    quotite = releve.lire(ctx.sujet, ctx.chemin, "quotite")
    mode = releve.lire(ctx.sujet, ctx.chemin, "mode")
    indemnitaire = [None, None, None]
    if mode == "indemnitaire":
        indemnitaire = [releve.lire(arret, chemin_arret, nom) for nom in
                        ("salaire_net_habituel", "indemnites_journalieres_mensuelles", "complement_employeur_mensuel")]
    if None in (mensualite, quotite, mode) or (mode == "indemnitaire" and None in indemnitaire):
        return
    r = prise_en_charge_itt(mensualite, quotite, mode, *indemnitaire)
    releve.montants.update(r.montants)
    releve.lignes.append(r.formule)


def _assurance_itt(ctx: ContexteCalcul) -> Resultat:
    """Guarantee ITT of one insured on one loan, at the dossier's reference date."""
    personne, chemin_personne = _personne(ctx, ctx.sujet["assure"])
    arret, chemin_arret = personne.get("arret_travail") or {}, f"{chemin_personne}.arret_travail"
    releve = _Releve()
    _affection(releve, ctx, arret, chemin_arret)
    limite = releve.lire(ctx.sujet, ctx.chemin, "age_limite")
    _verdict_age(releve, personne, chemin_personne, ctx.date_reference, limite, ctx)
    _periode_itt(releve, ctx, arret, chemin_arret)
    _montant_itt(releve, ctx, arret, chemin_arret)
    return releve.resultat(("prise_en_charge_mensuelle",))


# --------------------------------------------------------------------------- invalidité

def _assurance_invalidite(ctx: ContexteCalcul) -> Resultat:
    """The rate fixed by the insurer's doctor against the contract's threshold."""
    personne, chemin_personne = _personne(ctx, ctx.sujet["assure"])
    releve = _Releve()
    taux = releve.lire(personne, chemin_personne, "invalidite.taux")
    seuil = releve.lire(ctx.sujet, ctx.chemin, "taux_invalidite_min")
    verdict = taux_invalidite_suffisant(taux, seuil)
    releve.verdict("taux_suffisant", verdict)
    if verdict is not None:
        releve.lignes.append(f"taux d'invalidité {format_nombre(taux, None)} % "
                             f"{'≥' if verdict else '<'} seuil du contrat {format_nombre(seuil, None)} %")
    return releve.resultat()


# --------------------------------------------------------------------------- perte d'emploi

def _conditions_perte_emploi(releve: _Releve, ctx: ContexteCalcul, personne: dict, chemin_personne: str,
                             garantie: dict, chemin_garantie: str) -> date | None:
    """Seniority, age and carence verdicts; returns the job-loss date when known."""
    perte, chemin_perte = personne.get("perte_emploi") or {}, f"{chemin_personne}.perte_emploi"
    anciennete = releve.lire(perte, chemin_perte, "anciennete_mois")
    minimum = releve.lire(garantie, chemin_garantie, "anciennete_min_mois")
    releve.verdict("anciennete_suffisante", None if None in (anciennete, minimum) else anciennete >= minimum)
    if None not in (anciennete, minimum):
        releve.lignes.append(f"ancienneté {format_nombre(anciennete, None)} mois ; minimum du contrat "
                             f"{format_nombre(minimum, None)} mois")
    date_perte = _date(releve.lire(perte, chemin_perte, "date"))
    limite = releve.lire(garantie, chemin_garantie, "age_limite")
    if date_perte is None:
        releve.verdict("age_sous_limite", None)
    else:
        _verdict_age(releve, personne, chemin_personne, date_perte, limite, ctx)
        _prescription(releve, ctx, date_perte, "la perte d'emploi")
    souscription = _date(releve.lire(ctx.sujet, ctx.chemin, "date_souscription"))
    carence = releve.lire(garantie, chemin_garantie, "carence_mois")
    if None in (date_perte, souscription, carence):
        releve.verdict("carence_ecoulee", None)
    else:
        ecoulee, fin = carence_ecoulee(souscription, int(carence), date_perte)
        releve.verdict("carence_ecoulee", ecoulee)
        releve.dates["fin_carence"] = fin
        releve.lignes.append(f"souscription le {format_date(souscription)} + carence de {int(carence)} mois = "
                             f"{format_date(fin)} ; perte d'emploi le {format_date(date_perte)}")
    return date_perte


def _montant_perte_emploi(releve: _Releve, ctx: ContexteCalcul, personne: dict, chemin_personne: str,
                          garantie: dict, chemin_garantie: str) -> None:
    pret, chemin_pret = _pret_de_l_assurance(ctx)
    mensualite = releve.lire(pret, chemin_pret, "mensualite")
    part = releve.lire(garantie, chemin_garantie, "prise_en_charge")
    quotite = releve.lire(ctx.sujet, ctx.chemin, "quotite")
    plafonne = releve.lire(garantie, chemin_garantie, "plafond_perte_revenu")
    plafond = None
    if plafonne:
        chemin_perte = f"{chemin_personne}.perte_emploi"
        perte = personne.get("perte_emploi") or {}
        plafond = (releve.lire(perte, chemin_perte, "salaire_net_moyen_12_mois"),
                   releve.lire(perte, chemin_perte, "allocation_mensuelle"))
    if None in (mensualite, part, quotite, plafonne) or (plafond is not None and None in plafond):
        return
    r = prise_en_charge_perte_emploi(mensualite, part, quotite, plafond)
    releve.montants.update(r.montants)
    releve.lignes.append(r.formule)


def _duree_perte_emploi(releve: _Releve, personne: dict, chemin_personne: str, garantie: dict,
                        chemin_garantie: str) -> None:
    """Lifetime total left (a tested verdict), then the dates and the total of this event."""
    total = releve.lire(garantie, chemin_garantie, "plafond_total_jours")
    deja = releve.lire(garantie, chemin_garantie, "jours_deja_indemnises")
    releve.verdict("plafond_total_non_atteint", None if None in (total, deja) else deja < total)
    duree = releve.lire(garantie, chemin_garantie, "duree_max_jours", informatif=True)
    franchise = releve.lire(garantie, chemin_garantie, "franchise_jours", informatif=True)
    perte, chemin_perte = personne.get("perte_emploi") or {}, f"{chemin_personne}.perte_emploi"
    debut = _date(releve.lire(perte, chemin_perte, "debut_indemnisation", informatif=True))
    if None in (total, deja, duree):
        return
    jours = jours_indemnisables(int(duree), int(total), int(deja))
    releve.lignes.append(f"au plus {format_jours(int(duree))} pour cette perte d'emploi, dans la limite de "
                         f"{format_jours(int(total))} sur la durée du prêt ({format_jours(int(deja))} déjà "
                         f"indemnisé(s)) : {format_jours(jours)} indemnisables")
    if "prise_en_charge_mensuelle" in releve.montants and jours > 0:
        releve.montants["prise_en_charge_totale_max"] = total_perte_emploi(releve.montants["prise_en_charge_mensuelle"], jours)
    if franchise is None or debut is None:
        return
    periode = periode_perte_emploi(debut, int(franchise), jours)
    if periode is not None:
        releve.dates["debut_prise_en_charge"], releve.dates["fin_prise_en_charge"] = periode
        releve.lignes.append(f"premier jour indemnisé par France Travail le {format_date(debut)} + franchise de "
                             f"{format_jours(int(franchise))} : versements du {format_date(periode[0])} "
                             f"au {format_date(periode[1])} au plus tard")


def _assurance_perte_emploi(ctx: ContexteCalcul) -> Resultat:
    """Job-loss guarantee of one insured on one loan (conditions of the contract)."""
    personne, chemin_personne = _personne(ctx, ctx.sujet["assure"])
    garantie, chemin_garantie = ctx.sujet.get("perte_emploi") or {}, f"{ctx.chemin}.perte_emploi"
    releve = _Releve()
    _conditions_perte_emploi(releve, ctx, personne, chemin_personne, garantie, chemin_garantie)
    _montant_perte_emploi(releve, ctx, personne, chemin_personne, garantie, chemin_garantie)
    _duree_perte_emploi(releve, personne, chemin_personne, garantie, chemin_garantie)
    return releve.resultat(("prise_en_charge_mensuelle",))


# --------------------------------------------------------------------------- prêt

def _bonne_foi(releve: _Releve, ctx: ContexteCalcul) -> None:
    """A délai de grâce is asked by a debtor of good faith: one borrower suffices to ask."""
    emprunteurs = ctx.sujet.get("emprunteurs")
    if not emprunteurs:
        releve.verdict("emprunteur_de_bonne_foi", None, [f"{ctx.chemin}.emprunteurs"])
        return
    valeurs = {}
    for ident in emprunteurs:
        personne, chemin = _personne(ctx, ident)
        valeurs[chemin] = personne.get("bonne_foi")
    if any(v is True for v in valeurs.values()):
        releve.verdict("emprunteur_de_bonne_foi", True)
    elif all(v is False for v in valeurs.values()):
        releve.verdict("emprunteur_de_bonne_foi", False)
    else:
        releve.verdict("emprunteur_de_bonne_foi", None, [f"{c}.bonne_foi" for c, v in valeurs.items() if v is None])


def _delai_de_grace(ctx: ContexteCalcul) -> Resultat:
    """Good faith of a borrower, then the outer limits of the délai (C. civ. 1343-5; L.314-20)."""
    releve = _Releve()
    _bonne_foi(releve, ctx)
    depassement = _parametre_informatif(releve, ctx, "depassement")
    fin_initiale = _date(releve.lire(ctx.sujet, ctx.chemin, "date_fin_initiale", informatif=True))
    try:
        duree = ctx.parametre("duree_max")
    except Manque as exc:
        if releve.verdicts.get("emprunteur_de_bonne_foi") is False:
            return releve.resultat()
        raise Manque(sorted(set(releve.manque + releve.complements + exc.chemins))) from None
    r = delai_de_grace(ctx.date_reference, duree, depassement, fin_initiale)
    releve.montants.update(r.montants)
    releve.dates.update(r.dates)
    releve.lignes.append(r.formule)
    return releve.resultat()


def _interets_suspension(ctx: ContexteCalcul) -> Resultat:
    """Cost of a total suspension: one month of interest capitalised per month suspended."""
    capital, taux = ctx.champs("capital_restant_du", "taux_nominal")
    return interets_mensuels(capital, taux)


# --------------------------------------------------------------------------- droits sociaux

def _apl_accession(ctx: ContexteCalcul) -> Resultat:
    """Does the loan's signature date still open the APL accession (exception 2018-2019)?"""
    releve = _Releve()
    signature = _date(releve.lire(ctx.sujet, ctx.chemin, "date_signature"))
    bien, chemin_bien = {}, f"{ctx.chemin}.bien"
    for i, b in enumerate(ctx.donnees.get("biens", [])):
        if b.get("id") == ctx.sujet.get("bien"):
            bien, chemin_bien = b, f"biens[{i}]"
    anciennete, zone = bien.get("anciennete"), bien.get("zone_apl")
    verdict = None if signature is None else date_pret_ouvre_apl(
        signature, None if anciennete is None else anciennete == "ancien", None if zone is None else zone == "III")
    raisons = [] if signature is None else \
        ([f"{chemin_bien}.anciennete"] if anciennete is None else []) + ([f"{chemin_bien}.zone_apl"] if zone is None else [])
    releve.verdict("date_signature_ouvre_droit", verdict, raisons)
    if verdict is not None:
        issue = "ouvre" if verdict else "n'ouvre pas"
        releve.lignes.append(f"prêt signé le {format_date(signature)} ; logement {anciennete or 'de nature inconnue'}, "
                             f"zone {zone or 'inconnue'} : {issue} l'APL accession")
    return releve.resultat()


def _age_a_la_reference(ctx: ContexteCalcul) -> int | None:
    bornes = _bornes(ctx.sujet, ctx.date_reference, ctx)
    return bornes[0] if bornes is not None else None


def _droits_age(ctx: ContexteCalcul) -> Resultat:
    """The person's age at the reference date, from the date of birth or the stated age."""
    age = _age_a_la_reference(ctx)
    if age is None:
        raise Manque([f"{ctx.chemin}.date_naissance"])
    return Resultat(montants={"age": Decimal(age)}, formule=f"âge au {format_date(ctx.date_reference)} : {age} ans")


def _droits_age_enfants(ctx: ContexteCalcul) -> Resultat:
    """RSA: 25 years of age, or the charge of a child (residing with the person, even alternately)."""
    ident = ctx.sujet["id"]
    enfants = ctx.donnees.get("enfants", [])
    a_charge = sum(1 for e in enfants if e.get("residence") in (ident, "alternee"))
    inconnus = [f"enfants[{i}].residence" for i, e in enumerate(enfants) if e.get("residence") is None]
    montants = {"enfants_a_charge": Decimal(a_charge)}
    lignes = [f"enfants résidant chez {ident} (même en alternance) : {a_charge}"]
    age = _age_a_la_reference(ctx)
    if age is not None:
        montants["age"] = Decimal(age)
        lignes.insert(0, f"âge au {format_date(ctx.date_reference)} : {age} ans")
    elif a_charge == 0:
        raise Manque([f"{ctx.chemin}.date_naissance"] + inconnus)
    return Resultat(montants=montants, formule="\n".join(lignes))


def _droits_are(ctx: ContexteCalcul) -> Resultat:
    """Affiliation in days (hours ÷ 7, the règlement's equivalence) and the registration deadline."""
    perte, chemin_perte = ctx.sujet.get("perte_emploi") or {}, f"{ctx.chemin}.perte_emploi"
    heures = perte.get("heures_travaillees_24_mois")
    if heures is None:
        raise Manque([f"{chemin_perte}.heures_travaillees_24_mois"])
    jours = Decimal(heures) / Decimal(7)
    lignes = [f"{format_nombre(Decimal(heures), None)} heures ÷ 7 = {format_nombre(jours)} jours travaillés"]
    dates = {}
    fin = _date(perte.get("date"))
    forclusion = ctx.parametres.get("forclusion")
    if fin is not None and forclusion is not None and forclusion.valeur is not None:
        dates["date_limite_inscription"] = ajouter_mois(fin, int(forclusion.valeur))
        lignes.append(f"fin du contrat le {format_date(fin)} : s'inscrire à France Travail au plus tard le "
                      f"{format_date(dates['date_limite_inscription'])} (délai de {int(forclusion.valeur)} mois, "
                      f"allongé des arrêts maladie indemnisés)")
    return Resultat(montants={"jours_travailles": jours.quantize(Decimal("0.0001"))}, dates=dates, formule="\n".join(lignes))


FONCTIONS = (
    FonctionCalcul("assurance_itt", "garantie ITT : exclusions, limite d'âge, franchise, durée maximale, prise en charge",
                   frozenset({"affection_couverte", "age_sous_limite", "franchise_ecoulee", "duree_max_non_atteinte",
                              "prise_en_charge_mensuelle", "debut_prise_en_charge", "fin_prise_en_charge_max",
                              "fin_garantie_age", "action_assureur_avant"}), _assurance_itt),
    FonctionCalcul("assurance_invalidite", "garantie invalidité : taux fixé par l'assureur et seuil du contrat",
                   frozenset({"taux_suffisant"}), _assurance_invalidite),
    FonctionCalcul("assurance_perte_emploi", "garantie perte d'emploi : ancienneté, âge, carence, plafonds, prise en charge",
                   frozenset({"anciennete_suffisante", "age_sous_limite", "carence_ecoulee", "plafond_total_non_atteint",
                              "prise_en_charge_mensuelle", "indemnite_journaliere", "prise_en_charge_totale_max",
                              "fin_carence", "debut_prise_en_charge", "fin_prise_en_charge", "fin_garantie_age",
                              "action_assureur_avant"}), _assurance_perte_emploi),
    FonctionCalcul("delai_de_grace", "bonne foi d'un emprunteur et bornes du délai de grâce",
                   frozenset({"emprunteur_de_bonne_foi", "duree_max_mois",
                              "fin_delai_grace_au_plus_tard", "derniere_echeance_au_plus_tard"}), _delai_de_grace),
    FonctionCalcul("interets_suspension", "intérêts capitalisés par mois de suspension totale",
                   frozenset({"interets_par_mois_suspendu"}), _interets_suspension),
    FonctionCalcul("apl_accession", "date de signature du prêt et exception 2018-2019 de l'APL accession",
                   frozenset({"date_signature_ouvre_droit"}), _apl_accession),
    FonctionCalcul("droits_age", "âge de la personne à la date de référence", frozenset({"age"}), _droits_age),
    FonctionCalcul("droits_age_enfants", "âge et enfants à charge (RSA)",
                   frozenset({"age", "enfants_a_charge"}), _droits_age_enfants),
    FonctionCalcul("droits_are", "durée d'affiliation et date limite d'inscription à France Travail",
                   frozenset({"jours_travailles", "date_limite_inscription"}), _droits_are),
)
