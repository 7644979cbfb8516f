"""Keeping the home: value retained, soulte, récompense, what the acquirer must finance.

Conclusions ``calcul.soulte``, ``calcul.recompense`` and ``calcul.financement_rachat``
(spec/conclusions.md § 2). The partage of a communauté follows the rules of the partage
between co-heirs, soultes included (C. civ. 1476); a co-owner is never kept in indivision
against his will (C. civ. 815). Each function reproduces the worked examples of the
source guides 001, 002 and 004, and corrects 004 where it forgets the loan.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from lexfoyer.calculs import Resultat, arrondi_centime, pourcentage
from lexfoyer.calculs.format import (
    positif,
    MOINS,
    en_decimal,
    format_euros,
    format_nombre,
    format_pourcent,
)

CENT = Decimal(100)
ZERO = Decimal(0)

#: the kinds of expense of art. 1469 C. civ.
FINANCEMENTS = ("acquisition", "conservation", "amelioration", "autre")



def valeur_retenue(estimations: list[Decimal]) -> Resultat:
    """Value of the home retained for the partage: the mean of the estimations.

    The guides (001, 002) advise at least two estimations, one asked by each ex-partner,
    for neutrality; ``calcul.soulte`` uses their mean and must say so. ``ecart_pourcent``
    — (highest − lowest) / lowest × 100, 2 decimals — lets ``soulte.accord_valeur``
    recommend an independent expert when the estimations are more than 10 % apart
    (measured, by our choice, against the lowest one; absent when the lowest is 0).
    """
    if isinstance(estimations, (str, bytes)) or not hasattr(estimations, "__iter__"):
        raise TypeError("estimations : liste de montants attendue")
    valeurs = [positif(e, "estimation") for e in estimations]
    if not valeurs:
        raise ValueError("aucune estimation du bien : au moins une est nécessaire")
    moyenne = arrondi_centime(sum(valeurs, ZERO) / len(valeurs))
    montants = {"valeur_retenue": moyenne}
    if len(valeurs) == 1:
        formule = f"estimation retenue : {format_euros(moyenne)}"
    else:
        somme = " + ".join(format_nombre(v) for v in valeurs)
        formule = (
            f"moyenne des {len(valeurs)} estimations : ({somme}) / {len(valeurs)}"
            f" = {format_euros(moyenne)}"
        )
        bas, haut = min(valeurs), max(valeurs)
        if bas > 0:
            ecart = ((haut - bas) / bas * CENT).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            montants["ecart_pourcent"] = ecart
            formule += f"\nécart entre estimations : ({format_nombre(haut)} {MOINS} {format_nombre(bas)}) / {format_nombre(bas)} = {format_pourcent(ecart)}"
    return Resultat(montants=montants, formule=formule)


def _verifier_quotes_parts(quotes_parts: dict[str, Decimal]) -> dict[str, Decimal]:
    if not isinstance(quotes_parts, dict) or not quotes_parts:
        raise ValueError("quotes-parts : au moins un copropriétaire est nécessaire")
    parts = {}
    for personne, qp in quotes_parts.items():
        qp = en_decimal(qp, f"quote-part de {personne}")
        if qp <= 0 or qp > CENT:
            raise ValueError(f"la quote-part de {personne} doit être comprise entre 0 et 100 % ({qp})")
        parts[personne] = qp
    total = sum(parts.values(), ZERO)
    if total != CENT:
        raise ValueError(f"les quotes-parts doivent totaliser 100 % (total : {format_pourcent(total)})")
    return parts


def soulte(
    valeur: Decimal,
    quotes_parts: dict[str, Decimal],
    acquereur: str,
    capital_restant_du: Decimal = ZERO,
    reprise_pret: bool = True,
    recompenses_dues_par_acquereur: dict[str, Decimal] | None = None,
) -> Resultat:
    """Soulte owed by the co-owner who keeps the home (``acquereur``) to each of the others.

    C. civ. 1476 (partage de communauté, soultes) and 815 (indivision); guides 001, 002, 004.
    For each other co-owner ``x``::

        soulte_x = (valeur − CRD − Σ récompenses) × qp_x + récompense_x

    * ``quotes_parts``: percent of each co-owner, any number of them, summing to exactly
      100 (a communauté is 50/50: the caller passes it).
    * ``reprise_pret=True`` (guides 001 and 002 ex. 1): the acquirer alone repays the
      remaining loan afterwards, so each other co-owner's share of the CRD is deducted:
      400 000 and CRD 100 000 at 50/50 → 150 000,00; 150 000 and 50 000 → 50 000,00.
    * ``reprise_pret=False`` — our choice where the spec is silent: the loan is NOT taken
      over by the acquirer (the co-borrowers keep repaying it jointly, or it is repaid
      apart, e.g. from other funds at the partage), so it is not his alone to bear and the
      soulte is ``valeur × qp`` of each other co-owner, CRD not deducted (the debt stays
      shared by the quote-parts outside this calculation). 150 000 without loan → 75 000,00.
    * ``recompenses_dues_par_acquereur``: co-owner → récompense owed to him by the
      communauté (the ``recompense`` montant of :func:`recompense`, art. 1469). The
      acquirer takes the whole home, so he takes over the communauté's debt: the
      récompenses are deducted from the mass before it is split by quote-parts, then each
      creditor receives his récompense in full. A negative figure is a récompense owed *by*
      that co-owner *to* the communauté (it swells the mass and is charged to his share).
      Guide 004: value 800 000, CRD 80 000, A's récompense 320 000, B keeps the home →
      (800 000 − 80 000 − 320 000) × 50 % + 320 000 = 520 000,00. The guide says 560 000
      because it takes (800 000 − 320 000) / 2 = 240 000 and forgets the 80 000 loan that
      B takes over (see spec/ecarts-sources.md).

    A negative soulte (CRD above the value) is returned as such: the leaving co-owner
    would then owe the acquirer for taking the debt off him. ``soulte_<id>`` is each
    other co-owner's soulte rounded to the cent; ``soulte`` is their sum.
    """
    valeur = positif(valeur, "valeur")
    crd = positif(capital_restant_du, "capital restant dû")
    parts = _verifier_quotes_parts(quotes_parts)
    if acquereur not in parts:
        raise ValueError(f"l'acquéreur {acquereur!r} n'est pas copropriétaire du bien")
    autres = [p for p in parts if p != acquereur]
    if not autres:
        raise ValueError(f"{acquereur} est seul propriétaire : aucune soulte n'est due")
    if not isinstance(reprise_pret, bool):
        raise TypeError("reprise_pret : booléen attendu")
    recompenses: dict[str, Decimal] = {}
    for personne, montant in (recompenses_dues_par_acquereur or {}).items():
        if personne not in parts:
            raise ValueError(f"récompense due à {personne!r}, qui n'est pas copropriétaire")
        recompenses[personne] = en_decimal(montant, f"récompense de {personne}")
    total_recompenses = sum(recompenses.values(), ZERO)

    deduit = crd if reprise_pret else ZERO
    masse = valeur - deduit - total_recompenses
    termes = [format_nombre(valeur)]
    if reprise_pret and crd:
        termes.append(format_nombre(crd))
    if total_recompenses:
        termes.append(format_nombre(total_recompenses))
    masse_texte = f" {MOINS} ".join(termes)
    if len(termes) > 1:
        masse_texte = f"({masse_texte})"

    montants: dict[str, Decimal] = {}
    lignes = []
    total = ZERO
    for personne in autres:
        recompense_x = recompenses.get(personne, ZERO)
        part = arrondi_centime(pourcentage(masse, parts[personne]) + recompense_x)
        montants[f"soulte_{personne}"] = part
        total += part
        ligne = f"{masse_texte} × {format_pourcent(parts[personne])}"
        if recompense_x:
            signe = "+" if recompense_x > 0 else MOINS
            ligne += f" {signe} {format_nombre(abs(recompense_x))} (récompense)"
        ligne += f" = {format_euros(part)}"
        lignes.append(f"{personne} : {ligne}" if len(autres) > 1 else ligne)
    montants["soulte"] = total
    formule = " ; ".join(lignes)
    if len(autres) > 1:
        formule += f"\nsoulte totale due par {acquereur} : {format_euros(total)}"
    elif not reprise_pret and crd:
        formule += " (prêt non repris par l'acquéreur : capital restant dû non déduit)"
    return Resultat(montants={"soulte": montants.pop("soulte"), **montants}, formule=formule)


def recompense(
    apport: Decimal,
    prix_acquisition: Decimal | None = None,
    valeur_actuelle: Decimal | None = None,
    finance: str = "acquisition",
    depense: Decimal | None = None,
    *,
    profit_subsistant: Decimal | None = None,
    bien_subsistant: bool = True,
    depense_necessaire: bool = False,
) -> Resultat:
    """Récompense for own funds put into a common asset (or the reverse), art. 1469 C. civ.

    Art. 1469: the récompense is in general the **lesser** of the dépense faite and the
    profit subsistant (al. 1); never less than the dépense when it was necessary (al. 2);
    never less than the profit subsistant when the funds served to acquire, conserve or
    improve an asset still found in the borrowing estate at the liquidation — or sold, the
    profit being then valued at the sale (al. 3).

    * ``finance="acquisition"``: ``profit = apport / prix_acquisition × valeur_actuelle``
      (share of the price financed × current value; pass in ``prix_acquisition`` the
      total cost the ``apport`` is measured against). By al. 3 the récompense is then the
      profit subsistant, whatever the dépense. Guide 004: 200 000 of a 500 000 price,
      value 800 000 → 320 000,00 (and B keeping the home pays A 520 000,00, not the
      guide's 560 000: see :func:`soulte`).
    * ``finance="amelioration"`` or ``"conservation"``: the profit cannot be derived from
      a price; the caller gives ``profit_subsistant`` (the added value still due to the
      works, or the value saved). While the asset subsists (``bien_subsistant=True``),
      al. 3 makes the récompense the profit subsistant — so the ``min(dépense, profit)``
      of the brief only bites with ``bien_subsistant=False`` (asset gone, nothing
      substituted). ``prix_acquisition``/``valeur_actuelle`` are then unused.
    * ``finance="autre"``: al. 1 alone, ``min(dépense, profit)``.
    * ``depense_necessaire=True``: al. 2 floor at the dépense (applied before al. 3).

    The dépense faite is ``depense`` when given, else ``apport``.
    """
    if finance not in FINANCEMENTS:
        raise ValueError(f"financement inconnu {finance!r} : attendu l'un de {', '.join(FINANCEMENTS)}")
    apport = positif(apport, "apport")
    depense_faite = apport if depense is None else positif(depense, "dépense faite")
    montants: dict[str, Decimal] = {}
    if finance == "acquisition":
        if prix_acquisition is None or valeur_actuelle is None:
            raise ValueError("acquisition : le prix d'acquisition et la valeur actuelle sont nécessaires")
        prix = positif(prix_acquisition, "prix d'acquisition")
        valeur = positif(valeur_actuelle, "valeur actuelle")
        if prix == 0:
            raise ValueError("le prix d'acquisition ne peut pas être nul")
        if apport > prix:
            raise ValueError(
                f"l'apport ({format_euros(apport)}) dépasse le prix d'acquisition ({format_euros(prix)})"
            )
        profit_exact = apport / prix * valeur
        profit_texte = f"{format_nombre(apport)} / {format_nombre(prix)} × {format_nombre(valeur)}"
        if profit_subsistant is not None:
            raise ValueError("acquisition : le profit subsistant se calcule, ne pas le donner")
    else:
        if profit_subsistant is None:
            raise ValueError(f"{finance} : le profit subsistant doit être donné")
        profit_exact = positif(profit_subsistant, "profit subsistant")
        profit_texte = format_nombre(profit_exact)
    profit = arrondi_centime(profit_exact)

    montant = min(depense_faite, profit_exact)
    regle = f"min(dépense {format_nombre(depense_faite)} ; profit {format_nombre(profit)}) (art. 1469 al. 1)"
    if depense_necessaire and montant < depense_faite:
        montant = depense_faite
        regle = f"dépense nécessaire {format_nombre(depense_faite)} (art. 1469 al. 2)"
    if finance != "autre" and bien_subsistant and montant < profit_exact:
        montant = profit_exact
        regle = "profit subsistant, plancher de l'art. 1469 al. 3"
    montant = arrondi_centime(montant)
    montants["profit_subsistant"] = profit
    montants["depense"] = arrondi_centime(depense_faite)
    montants["recompense"] = montant
    formule = f"profit subsistant : {profit_texte} = {format_euros(profit)}\nrécompense = {regle} = {format_euros(montant)}"
    return Resultat(montants=montants, formule=formule)


def financement_rachat(
    soulte: Decimal,
    capital_restant_du: Decimal = ZERO,
    *,
    refinancement: bool,
    frais_garantie: Decimal = ZERO,
    frais_dossier: Decimal = ZERO,
    plafond_ira: Decimal | None = None,
) -> Resultat:
    """What the acquirer must finance to buy the other out (``calcul.financement_rachat``).

    Guide 002: the amount borrowed covers the soulte, the capital remaining on the old
    loan when it is refinanced (repaid by a new loan in the acquirer's sole name), the
    early-repayment indemnity of the old loan and the new loan's guarantee fees. Ex. 1:
    soulte 50 000 + CRD 50 000 refinanced → 100 000,00.

    ``a_financer`` = soulte + CRD (only when ``refinancement``) + guarantee and file fees.
    ``a_financer_avec_ira`` (only when ``plafond_ira`` is given, e.g. the ``plafond`` of
    :func:`lexfoyer.calculs.frais.plafond_ira`, C. conso. R.313-25) adds that cap: the
    worst case, the bank may ask less. Without refinancing the old loan is not repaid
    early, so no indemnity is added (``a_financer_avec_ira`` = ``a_financer``).
    ``refinancement`` is keyword-only and required: the caller must say it.
    """
    if not isinstance(refinancement, bool):
        raise TypeError("refinancement : booléen attendu")
    soulte = en_decimal(soulte, "soulte")
    if soulte < 0:
        raise ValueError(f"soulte négative ({soulte}) : rien à financer pour le rachat")
    crd = positif(capital_restant_du, "capital restant dû")
    garantie = positif(frais_garantie, "frais de garantie")
    dossier = positif(frais_dossier, "frais de dossier")
    termes = [(soulte, "soulte")]
    if refinancement and crd:
        termes.append((crd, "capital restant dû refinancé"))
    if garantie:
        termes.append((garantie, "frais de garantie"))
    if dossier:
        termes.append((dossier, "frais de dossier"))
    a_financer = arrondi_centime(sum((m for m, _ in termes), ZERO))
    montants = {"a_financer": a_financer}
    detail = " + ".join(f"{format_nombre(m)} ({nom})" for m, nom in termes)
    formule = f"{detail} = {format_euros(a_financer)}"
    if plafond_ira is not None:
        ira = positif(plafond_ira, "plafond de l'IRA")
        if refinancement:
            avec = arrondi_centime(a_financer + ira)
            formule += f"\navec IRA maximale : {format_nombre(a_financer)} + {format_nombre(ira)} = {format_euros(avec)}"
        else:
            avec = a_financer
            formule += "\npas de remboursement anticipé du prêt : pas d'IRA"
        montants["a_financer_avec_ira"] = avec
    return Resultat(montants=montants, formule=formule)
