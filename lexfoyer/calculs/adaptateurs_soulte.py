"""Calculation adapters of the soulte domain (section 2 of the catalogue).

Each adapter reads one bien (or one loan) of the dossier and calls the pure functions of
:mod:`lexfoyer.calculs.soulte` and :mod:`lexfoyer.calculs.frais`. What the dossier does
not say is never guessed: a missing value becomes :class:`Manque` with its path, so the
conclusion is « à vérifier » and names the question to ask. Where the dossier leaves a
point open that the law settles (a bien commun is shared 50/50), the formula says so.
"""

from __future__ import annotations

from decimal import Decimal

from lexfoyer.calculs import Resultat
from lexfoyer.cas.faits import biens_rachetes
from lexfoyer.calculs.contexte import ContexteCalcul, FonctionCalcul, Manque
from lexfoyer.calculs.format import format_date, format_euros, format_pourcent
from lexfoyer.calculs.frais import (assiette_droit_de_partage, droit_de_partage, droits_mutation, emoluments_bareme,
                                   plafond_ira)
from lexfoyer.calculs.soulte import financement_rachat, recompense, soulte, valeur_retenue

ZERO = Decimal(0)


# -- reading the dossier ----------------------------------------------------------------

def _rachat(ctx: ContexteCalcul) -> dict:
    return ctx.donnees.get("demandes", {}).get("rachat_soulte", {})


def _champ_rachat(ctx: ContexteCalcul, nom: str):
    (valeur,) = ctx.champs(nom, objet=_rachat(ctx), chemin="demandes.rachat_soulte")
    return valeur


def _bien_designe(ctx: ContexteCalcul) -> None:
    """Several co-owned biens and no ``rachat_soulte.bien``: which one is bought is asked."""
    if "bien" not in _rachat(ctx) and len(biens_rachetes(ctx.donnees) or []) > 1:
        raise Manque(["demandes.rachat_soulte.bien"])


def _valeur(ctx: ContexteCalcul) -> Resultat:
    """Mean of the bien's estimations (C. civ. 1476, 815: the partage is made on the value)."""
    _bien_designe(ctx)
    (estimations,) = ctx.champs("estimations")
    if not estimations:
        raise Manque([f"{ctx.chemin}.estimations"])
    return valeur_retenue([Decimal(e) for e in estimations])


def _quotes_parts(ctx: ContexteCalcul) -> dict[str, Decimal]:
    """Each co-owner's share: ``quotes_parts`` of an indivis bien; 50/50 for a bien commun."""
    (propriete,) = ctx.champs("propriete")
    if propriete == "indivis":
        (parts,) = ctx.champs("quotes_parts")
        return {qui: Decimal(qp) for qui, qp in parts.items()}
    if propriete == "commun":
        epoux = [p["id"] for p in ctx.donnees.get("personnes", [])]
        if len(epoux) != 2:
            raise Manque([f"{ctx.chemin} : bien commun, mais le dossier ne désigne pas exactement deux époux "
                          f"({len(epoux)} personne(s))"])
        return {qui: Decimal(50) for qui in epoux}
    raise Manque([f"{ctx.chemin} : bien propre, aucune soulte entre copropriétaires"])


def _prets_du_bien(ctx: ContexteCalcul) -> list[tuple[int, dict]]:
    """The loans secured on / financing this bien; a loan naming no bien counts when the
    dossier has only one bien, and is a question otherwise."""
    biens = ctx.donnees.get("biens", [])
    prets = []
    for i, pret in enumerate(ctx.donnees.get("prets", [])):
        if pret.get("bien") == ctx.sujet["id"]:
            prets.append((i, pret))
        elif "bien" not in pret:
            if len(biens) != 1:
                raise Manque([f"prets[{i}].bien"])
            prets.append((i, pret))
    return prets


def _capital_restant_du(ctx: ContexteCalcul) -> Decimal:
    total, manquants = ZERO, []
    for i, pret in _prets_du_bien(ctx):
        if pret.get("capital_restant_du") is None:
            manquants.append(f"prets[{i}].capital_restant_du")
        else:
            total += Decimal(pret["capital_restant_du"])
    if manquants:
        raise Manque(manquants)
    return total


def _reprise_pret(ctx: ContexteCalcul, crd: Decimal) -> bool:
    """Whether the acquirer alone bears the remaining loan (then its CRD is deducted).

    Written as ``reprise_pret``; when it is not, a refinancing or a désolidarisation in the
    acquirer's favour means the same thing (he alone repays); otherwise it is asked.
    """
    rachat = _rachat(ctx)
    if "reprise_pret" in rachat:
        return bool(rachat["reprise_pret"])
    if crd == 0:
        return True
    if rachat.get("financement") in ("refinancement", "desolidarisation"):
        return True
    raise Manque(["demandes.rachat_soulte.reprise_pret"])


def _recompenses(ctx: ContexteCalcul, valeur: Decimal, exiger: bool) -> tuple[dict[str, Decimal], list[str], int]:
    """Récompenses owed by the communauté for own funds put into this common bien (1469).

    Returns (person → total récompense, formula lines, number of apports). Only a bien
    commun gives rise to récompense; an absent ``apports_propres`` is unknown: with
    ``exiger`` it is asked, otherwise no récompense is counted and the formula says so.
    """
    if ctx.sujet.get("propriete") != "commun":
        return {}, [], 0
    if "apports_propres" not in ctx.sujet:
        if exiger:
            raise Manque([f"{ctx.chemin}.apports_propres"])
        return {}, ["aucun apport de fonds propres indiqué au dossier : aucune récompense comptée "
                    "(à confirmer avec le client, voir calcul.recompense)"], 0
    dues: dict[str, Decimal] = {}
    lignes: list[str] = []
    apports = ctx.sujet["apports_propres"]
    for j, apport in enumerate(apports):
        chemin = f"{ctx.chemin}.apports_propres[{j}]"
        qui, montant, finance = ctx.champs("personne", "montant", "finance", objet=apport, chemin=chemin)
        if finance == "acquisition":
            (prix,) = ctx.champs("prix_acquisition")
            r = recompense(montant, prix, valeur, "acquisition")
        else:
            (profit,) = ctx.champs("profit_subsistant", objet=apport, chemin=chemin)
            r = recompense(montant, finance=finance, profit_subsistant=profit)
        dues[qui] = dues.get(qui, ZERO) + r.montants["recompense"]
        lignes.append(f"récompense due à {qui} ({finance}) : " + r.formule.replace("\n", " ; "))
    return dues, lignes, len(apports)


def _soulte(ctx: ContexteCalcul) -> tuple[Resultat, Resultat, Decimal]:
    """(valeur retenue, soulte, CRD of the bien) for the buy-out described in the dossier."""
    acquereur = _champ_rachat(ctx, "acquereur")
    valeur = _valeur(ctx)
    parts = _quotes_parts(ctx)
    if acquereur not in parts:
        raise Manque([f"demandes.rachat_soulte.acquereur : {acquereur} n'est pas copropriétaire de {ctx.sujet['id']}"])
    crd = _capital_restant_du(ctx)
    reprise = _reprise_pret(ctx, crd)
    dues, lignes, _n = _recompenses(ctx, valeur.montants["valeur_retenue"], exiger=False)
    resultat = soulte(valeur.montants["valeur_retenue"], parts, acquereur, crd, reprise, dues)
    formule = "\n".join([valeur.formule, *lignes, resultat.formule])
    return valeur, Resultat(montants=resultat.montants, formule=formule), crd


# -- adapters ----------------------------------------------------------------------------

def _calcul_soulte(ctx: ContexteCalcul) -> Resultat:
    valeur, resultat, _crd = _soulte(ctx)
    return Resultat(montants={**valeur.montants, **resultat.montants}, formule=resultat.formule)


def _calcul_recompense(ctx: ContexteCalcul) -> Resultat:
    valeur = _valeur(ctx).montants["valeur_retenue"]
    dues, lignes, _nombre = _recompenses(ctx, valeur, exiger=True)
    montants = {f"recompense_{qui}": m for qui, m in sorted(dues.items())}
    montants["recompense"] = sum(dues.values(), ZERO)
    formule = "\n".join(lignes) if lignes else "aucun apport de fonds propres dans ce bien : aucune récompense"
    return Resultat(montants=montants, formule=formule)


def _calcul_financement(ctx: ContexteCalcul) -> Resultat:
    financement = _champ_rachat(ctx, "financement")
    _valeur_r, resultat_soulte, crd = _soulte(ctx)
    refinancement = financement == "refinancement"
    rachat = _rachat(ctx)
    plafond = None
    lignes_ira = []
    if refinancement and crd:
        prets = _prets_du_bien(ctx)
        if all(p.get("taux_nominal") is not None for _i, p in prets):
            plafond = ZERO
            for i, pret in prets:
                r = plafond_ira(Decimal(pret["capital_restant_du"]), Decimal(pret["taux_nominal"]),
                                ctx.parametre("ira_mois"), ctx.parametre("ira_pourcent"))
                plafond += r.montants["plafond"]
                lignes_ira.append(f"IRA maximale du prêt {pret['id']} : {r.formule}")
        else:
            lignes_ira.append("taux du prêt inconnu : indemnité de remboursement anticipé non chiffrée")
    resultat = financement_rachat(
        max(resultat_soulte.montants["soulte"], ZERO), crd, refinancement=refinancement,
        frais_garantie=Decimal(rachat.get("frais_garantie", 0)), frais_dossier=Decimal(rachat.get("frais_dossier", 0)),
        plafond_ira=plafond)
    formule = "\n".join([f"soulte : {format_euros(resultat_soulte.montants['soulte'])}", *lignes_ira, resultat.formule])
    return Resultat(montants={"soulte": resultat_soulte.montants["soulte"], **resultat.montants}, formule=formule)


def _calcul_ira(ctx: ContexteCalcul) -> Resultat:
    crd, taux = ctx.champs("capital_restant_du", "taux_nominal")
    return plafond_ira(crd, taux, ctx.parametre("ira_mois"), ctx.parametre("ira_pourcent"))


#: the rule parameter (its alias in ``parametres``) of each variant of the droit de partage
PARAMETRE_VARIANTE = {"reduit": "taux_separation", "general": "taux_general"}


def _calcul_droit_de_partage(ctx: ContexteCalcul) -> Resultat:
    """Droit de partage on the actif net partagé (CGI 746) at both rates of the article —
    ``taux__reduit``/``droit__reduit`` and ``taux__general``/``droit__general`` — on the
    base :func:`~lexfoyer.calculs.frais.assiette_droit_de_partage` gives. Which rate applies
    is the rule's step ``soulte.partage_taux_reduit``, concluded by the engine; the rule
    publishes that variant (``calcul.selon``), and the formula marks each variant's lines."""
    situation = ctx.donnees.get("situation_familiale", {})
    (lien,) = ctx.champs("lien", objet=situation, chemin="situation_familiale")
    licitation = _rachat(ctx).get("licitation") is True
    taux = {variante: ctx.parametre(alias) for variante, alias in PARAMETRE_VARIANTE.items()}
    valeur = _valeur(ctx).montants["valeur_retenue"]
    crd = _capital_restant_du(ctx)
    actif = valeur - crd
    concubins = lien == "concubinage"
    soulte_due = _soulte(ctx)[1].montants["soulte"] if concubins and not licitation else None
    assiette, raison = assiette_droit_de_partage(actif, concubins=concubins, licitation=licitation, soulte=soulte_due)
    detail = f"actif net partagé : {format_euros(valeur)} − {format_euros(crd)} (dettes) = {format_euros(actif)}"
    if licitation and concubins:
        detail = raison
    elif raison:
        detail += f" ; {raison}"
    montants: dict[str, Decimal] = {}
    lignes = [detail]
    noms = {"reduit": "taux des partages consécutifs à un divorce, une séparation de corps ou une rupture de PACS",
            "general": "taux général"}
    for variante, taux_variante in taux.items():
        resultat = droit_de_partage(assiette, taux_variante)
        montants["base"] = resultat.montants["base"]
        montants[f"taux__{variante}"] = resultat.montants["taux"]
        montants[f"droit__{variante}"] = resultat.montants["droit"]
        premiere, *suite = resultat.formule.split("\n")
        lignes += [f"[{variante}] {noms[variante]} : {premiere}", *(f"[{variante}] {x}" for x in suite)]
    return Resultat(montants=montants, formule="\n".join(lignes))


def _calcul_droits_mutation(ctx: ContexteCalcul) -> Resultat:
    """Ex-concubins: the soulte is taxed like the sale of the share bought (CGI 747, 1594 D)."""
    _v, resultat_soulte, _crd = _soulte(ctx)
    base = max(resultat_soulte.montants["soulte"], ZERO)
    standard = ctx.parametre("taux_standard")
    majore = ctx.parametre_facultatif("taux_majore")
    choix = _rachat(ctx).get("departement_taux_majore")
    if choix is True and majore is None:
        raise Manque([f"taux départemental majoré sans valeur au {format_date(ctx.date_gouvernante)} : "
                      "demandes.rachat_soulte.departement_taux_majore ne peut s'appliquer à cette date"])
    taux = majore if choix is True else standard
    resultat = droits_mutation(base, taux)
    montants = dict(resultat.montants)
    formule = f"base : soulte de {format_euros(base)}\n{resultat.formule}"
    if choix is None and majore is not None:
        haut = droits_mutation(base, majore)
        montants["taux_majore"] = majore
        montants["droits_taux_majore"] = haut.montants["droits"]
        formule += (f"\nsi le département applique le taux relevé ({format_pourcent(majore)}) : {haut.formule}"
                    " (préciser demandes.rachat_soulte.departement_taux_majore)")
    return Resultat(montants=montants, formule=formule)


def _calcul_emoluments(ctx: ContexteCalcul) -> Resultat:
    valeur = _valeur(ctx).montants["valeur_retenue"]
    resultat = emoluments_bareme(valeur, list(ctx.bareme("bareme")), ctx.parametre("tva"))
    return Resultat(montants=resultat.montants,
                    formule=f"valeur brute partagée (prêt non déduit) : {format_euros(valeur)}\n{resultat.formule}")


def _calcul_estimations(ctx: ContexteCalcul) -> Resultat:
    resultat = _valeur(ctx)
    montants = dict(resultat.montants)
    montants.setdefault("ecart_pourcent", ZERO)
    return Resultat(montants=montants, formule=resultat.formule)


def _calcul_interet_legal(ctx: ContexteCalcul) -> Resultat:
    mode = _champ_rachat(ctx, "mode_paiement")
    if mode == "comptant":
        return Resultat(montants={"paiement_comptant": Decimal(1)}, formule="soulte payée comptant au partage")
    taux = ctx.parametre("taux_legal")
    return Resultat(montants={"paiement_comptant": ZERO, "taux_interet_legal": taux},
                    formule=f"taux de l'intérêt légal (créanciers particuliers) au {format_date(ctx.date_gouvernante)} : {format_pourcent(taux)}")


FONCTIONS = (
    FonctionCalcul("soulte", "soulte due par l'acquéreur du bien (valeur retenue, prêt repris, récompenses)",
                   frozenset({"valeur_retenue", "ecart_pourcent", "soulte", "soulte_*"}), _calcul_soulte),
    FonctionCalcul("recompense", "récompenses dues par la communauté pour les fonds propres investis (art. 1469)",
                   frozenset({"recompense", "recompense_*"}), _calcul_recompense),
    FonctionCalcul("financement_rachat", "somme à financer par l'acquéreur (soulte, prêt refinancé, frais, IRA)",
                   frozenset({"soulte", "a_financer", "a_financer_avec_ira"}), _calcul_financement),
    FonctionCalcul("plafond_ira", "plafond de l'indemnité de remboursement anticipé",
                   frozenset({"plafond", "interets_6_mois", "trois_pourcent_crd"}), _calcul_ira),
    FonctionCalcul("droit_de_partage", "droit de partage sur l'actif net partagé, au taux réduit et au taux général",
                   frozenset({"base", "taux__reduit", "droit__reduit", "taux__general", "droit__general"}),
                   _calcul_droit_de_partage),
    FonctionCalcul("droits_mutation_concubins", "droits de mutation sur la soulte entre ex-concubins",
                   frozenset({"taux", "base", "droits", "taux_majore", "droits_taux_majore"}), _calcul_droits_mutation),
    FonctionCalcul("emoluments_notaire", "émoluments proportionnels du notaire pour le partage, par tranches",
                   frozenset({"tranche_*", "total_ht", "tva", "total_ttc"}), _calcul_emoluments),
    FonctionCalcul("estimations", "valeur retenue et écart entre les estimations",
                   frozenset({"valeur_retenue", "ecart_pourcent"}), _calcul_estimations),
    FonctionCalcul("interet_legal_soulte", "mode de paiement de la soulte et taux de l'intérêt légal applicable",
                   frozenset({"paiement_comptant", "taux_interet_legal"}), _calcul_interet_legal),
)
