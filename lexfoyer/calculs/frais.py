"""Costs of keeping the home: early-repayment indemnity cap, droit de partage, transfer
duties, notary's proportional emoluments.

Conclusions ``calcul.indemnite_remboursement_anticipe``, ``calcul.droit_de_partage``,
``calcul.droits_mutation_concubins`` and ``calcul.emoluments_notaire``
(spec/conclusions.md § 2). Every rate and barème is an argument: the caller reads it from
the knowledge base for the date that governs (loan signature, date of the partage).
"""

from __future__ import annotations

from decimal import Decimal

from lexfoyer.calculs import Resultat, arrondi_centime, pourcentage
from lexfoyer.calculs.format import positif, en_decimal, format_euros, format_nombre, format_pourcent

ZERO = Decimal(0)
DOUZE = Decimal(12)



def plafond_ira(
    capital_restant_du: Decimal,
    taux_nominal_pourcent: Decimal,
    mois_interets: Decimal = Decimal(6),
    pourcent_crd: Decimal = Decimal(3),
    *,
    capital_rembourse: Decimal | None = None,
) -> Resultat:
    """Cap of the early-repayment indemnity (IRA): the **lower** of two amounts.

    C. conso. R.313-25 (ancien R.312-2 for loans signed before 2016-07-01): the indemnity
    may exceed neither a semester of interest on the capital repaid at the loan's average
    rate, nor 3 % of the capital remaining due before the repayment. Guide 002 writes
    "3 % du capital restant dû **ou** d'un semestre d'intérêt": it is the lower of the two
    (spec/ecarts-sources.md). Interest: ``capital × taux / 100 × mois / 12``.

    ``capital_rembourse`` defaults to the whole CRD (total repayment, the case of a
    buy-out refinanced); for a partial repayment give the capital repaid: the interest
    bears on it, the 3 % still on the CRD before repayment. The contract may stipulate
    less: this is the legal ceiling. ``interets_6_mois`` keeps its name whatever
    ``mois_interets`` is.
    """
    crd = positif(capital_restant_du, "capital restant dû")
    taux = positif(taux_nominal_pourcent, "taux nominal")
    mois = positif(mois_interets, "nombre de mois d'intérêts")
    pourcent = positif(pourcent_crd, "pourcentage du capital restant dû")
    rembourse = crd if capital_rembourse is None else positif(capital_rembourse, "capital remboursé")
    if rembourse > crd:
        raise ValueError("le capital remboursé dépasse le capital restant dû")
    interets = arrondi_centime(pourcentage(rembourse, taux) * mois / DOUZE)
    part_crd = arrondi_centime(pourcentage(crd, pourcent))
    plafond = min(interets, part_crd)
    if interets < part_crd:
        retenu = f"{format_nombre(mois, None)} mois d'intérêts, plus faible"
    elif part_crd < interets:
        retenu = f"{format_pourcent(pourcent)} du capital restant dû, plus faible"
    else:
        retenu = "les deux montants sont égaux"
    formule = (
        f"min({format_nombre(rembourse)} × {format_pourcent(taux)} × {format_nombre(mois, None)}/12"
        f" = {format_nombre(interets)} ; {format_nombre(crd)} × {format_pourcent(pourcent)}"
        f" = {format_nombre(part_crd)}) = {format_euros(plafond)} ({retenu})"
    )
    return Resultat(
        montants={"interets_6_mois": interets, "trois_pourcent_crd": part_crd, "plafond": plafond},
        formule=formule,
    )


def droit_de_partage(actif_net: Decimal, taux_pourcent: Decimal) -> Resultat:
    """Droit de partage, CGI art. 746: ``actif net partagé × taux``.

    The base is the net value partaged (value − debts, e.g. the CRD) — unlike the
    notary's emoluments, on the gross value. The rate depends on ``date_partage`` and the
    kind of partage (1,1 % before 2012; 2,5 % from 2012; after divorce, séparation de
    corps or rupture de PACS 1,8 % in 2021 and 1,1 % from 2022): the caller gives it.
    Where the spec is silent, a negative actif net (debts above the value) yields a base
    of 0 and no proportional duty, the formula saying so (a fixed duty may then be due:
    to check), rather than an error.
    """
    actif = en_decimal(actif_net, "actif net")
    taux = positif(taux_pourcent, "taux du droit de partage")
    base = arrondi_centime(max(actif, ZERO))
    droit = arrondi_centime(pourcentage(base, taux))
    formule = f"{format_nombre(base)} × {format_pourcent(taux)} = {format_euros(droit)}"
    if actif < 0:
        formule = (
            f"actif net négatif ({format_euros(actif)}) : base nulle, pas de droit proportionnel"
            f" (droit fixe éventuel à vérifier)\n{formule}"
        )
    return Resultat(montants={"base": base, "taux": taux, "droit": droit}, formule=formule)


def assiette_droit_de_partage(actif_net: Decimal, *, concubins: bool, licitation: bool,
                              soulte: Decimal | None = None) -> tuple[Decimal, str | None]:
    """The base of the droit de partage, and the French reason when it is not the actif net.

    Between ex-concubins the soulte already bears the sale duties (CGI 747): the droit
    then bears on the actif net less the soulte, and a licitation between them bears no
    droit de partage at all (only the sale duties on the share acquired). ``soulte`` is
    required in the first case.
    """
    if not concubins:
        return actif_net, None
    if licitation:
        return ZERO, "licitation entre ex-concubins : droits de vente sur la part acquise, pas de droit de partage"
    if soulte is None:
        raise ValueError("entre ex-concubins, la soulte est nécessaire : elle supporte les droits de vente et sort de la base du droit de partage")
    soulte = max(en_decimal(soulte, "soulte"), ZERO)
    return actif_net - soulte, (f"soulte taxée aux droits de vente (CGI, art. 747) déduite : "
                                f"{format_euros(actif_net)} − {format_euros(soulte)} = {format_euros(actif_net - soulte)}")


def droits_mutation(base: Decimal, taux_pourcent: Decimal) -> Resultat:
    """Transfer duties on the share bought by an ex-concubin: ``base × taux``.

    CGI 746, 747, 1594 D: concubins get no reduced droit de partage; the soulte is taxed
    like a sale of the share acquired, about 5,81 % (up to 6,32 % where the département
    raised its rate, 2025-04-01 to 2028-03-31). The caller gives the base (the soulte, or
    the value of the share acquired) and the global rate in force.
    """
    assiette = arrondi_centime(positif(base, "base des droits de mutation"))
    taux = positif(taux_pourcent, "taux des droits de mutation")
    droits = arrondi_centime(pourcentage(assiette, taux))
    formule = f"{format_nombre(assiette)} × {format_pourcent(taux)} = {format_euros(droits)}"
    return Resultat(montants={"base": assiette, "taux": taux, "droits": droits}, formule=formule)


def emoluments_bareme(
    valeur_brute: Decimal,
    bareme: list[tuple[Decimal, Decimal]],
    taux_tva_pourcent: Decimal,
) -> Resultat:
    """Notary's proportional emoluments by progressive tranches, VAT apart.

    C. com. A.444-114 (partage), on the **gross** value partaged (loan not deducted).
    ``bareme`` is ``[(seuil, taux %), …]`` ascending from 0; the last tranche is open.
    Partage barème from 2021-01-01: 4,837 / 1,995 / 1,330 / 0,998 % at 0 / 6 500 /
    17 000 / 60 000 € (2018–2020: 4,931 / 2,034 / 1,356 / 1,017 %).

    ``tranche_i`` is each tranche rounded to the cent for display; ``total_ht`` is the
    exact sum of the tranches rounded once. The brief asked for the sum of the rounded
    tranches, but its own check figure — pinned by spec/ecarts-sources.md and
    reference/droit.md — is 2 492,98 € HT on 200 000 € (2 991,58 € TTC): the rounded
    tranches 314,41 + 209,48 + 571,90 + 1 397,20 add up to 2 492,99, whereas
    314,405 + 209,475 + 571,90 + 1 397,20 = 2 492,98. The formula therefore shows the
    exact tranche products so the sum can be redone by hand. Both methods agree on the
    other checks: 2018 barème, 200 000 € → 2 540,97 € HT; 420 000 € → 5 734,04 € TTC.
    ``tva`` = total_ht × taux, rounded; ``total_ttc`` = total_ht + tva. Guide 004's
    "1 064 €" for 200 000 € is wrong.
    """
    valeur = positif(valeur_brute, "valeur brute")
    tva_taux = positif(taux_tva_pourcent, "taux de TVA")
    if not bareme:
        raise ValueError("barème vide")
    tranches: list[tuple[Decimal, Decimal]] = []
    for seuil, taux in bareme:
        seuil = positif(seuil, "seuil du barème")
        taux = positif(taux, "taux du barème")
        if tranches and seuil <= tranches[-1][0]:
            raise ValueError("les seuils du barème doivent être strictement croissants")
        tranches.append((seuil, taux))
    if tranches[0][0] != 0:
        raise ValueError("le barème doit commencer au seuil de 0 €")

    montants: dict[str, Decimal] = {}
    detail = []
    total_exact = ZERO
    for i, (seuil, taux) in enumerate(tranches, start=1):
        plafond = tranches[i][0] if i < len(tranches) else None
        haut = valeur if plafond is None else min(valeur, plafond)
        assiette = max(haut - seuil, ZERO)
        exact = pourcentage(assiette, taux)
        total_exact += exact
        montants[f"tranche_{i}"] = arrondi_centime(exact)
        if assiette:
            detail.append(f"{format_nombre(assiette)} × {format_pourcent(taux)} = {format_nombre(_net(exact), None)}")
    total_ht = arrondi_centime(total_exact)
    tva = arrondi_centime(pourcentage(total_ht, tva_taux))
    total_ttc = total_ht + tva
    montants.update({"total_ht": total_ht, "tva": tva, "total_ttc": total_ttc})
    formule = (
        f"{' ; '.join(detail) or 'valeur nulle'} ; total HT : {format_euros(total_ht)}\n"
        f"TVA {format_pourcent(tva_taux)} : {format_nombre(tva)} ; total TTC : {format_euros(total_ttc)}"
    )
    return Resultat(montants=montants, formule=formule)


def _net(exact: Decimal) -> Decimal:
    """An exact product shown with at least 2 decimals and no useless trailing zeros."""
    centimes = exact.quantize(Decimal("0.01"))
    if centimes == exact:
        return centimes
    return exact.normalize()

