"""IRA cap, droit de partage, droits de mutation, notary's emoluments.

Figures from reference/droit.md §§ 2.2, 3.1, 3.2 and spec/ecarts-sources.md.
"""

from decimal import Decimal as D

import pytest
from hypothesis import given, settings, strategies as st

from lexfoyer.calculs.frais import (assiette_droit_de_partage, droit_de_partage, droits_mutation, emoluments_bareme,
                                     plafond_ira)

BAREME_2021 = [(D(0), D("4.837")), (D(6500), D("1.995")), (D(17000), D("1.330")), (D(60000), D("0.998"))]
BAREME_2018 = [(D(0), D("4.931")), (D(6500), D("2.034")), (D(17000), D("1.356")), (D(60000), D("1.017"))]


# --- IRA ------------------------------------------------------------------------------


def test_ira_six_mois_plus_faible():
    r = plafond_ira(D(50000), D("1.48"))
    assert r.montants == {
        "interets_6_mois": D("370.00"),
        "trois_pourcent_crd": D("1500.00"),
        "plafond": D("370.00"),
    }
    assert "plus faible" in r.formule


def test_ira_trois_pourcent_plus_faible():
    r = plafond_ira(D(100000), D("7.5"))
    assert r.montants["interets_6_mois"] == D("3750.00")
    assert r.montants["trois_pourcent_crd"] == D("3000.00")
    assert r.montants["plafond"] == D("3000.00")


def test_ira_remboursement_partiel():
    r = plafond_ira(D(100000), D(4), capital_rembourse=D(20000))
    assert r.montants["interets_6_mois"] == D("400.00")
    assert r.montants["trois_pourcent_crd"] == D("3000.00")
    assert r.montants["plafond"] == D("400.00")


def test_ira_invalide():
    with pytest.raises(ValueError):
        plafond_ira(D(-1), D(2))
    with pytest.raises(TypeError):
        plafond_ira(D(1000), 1.5)


@settings(max_examples=200, deadline=None, database=None)
@given(st.integers(0, 10**11), st.integers(0, 2000))
def test_ira_plafond_sous_les_deux_limites(centimes, centiemes_taux):
    crd, taux = D(centimes) / 100, D(centiemes_taux) / 100
    m = plafond_ira(crd, taux).montants
    assert m["plafond"] <= m["trois_pourcent_crd"]
    assert m["plafond"] <= m["interets_6_mois"]
    assert m["plafond"] in (m["trois_pourcent_crd"], m["interets_6_mois"])


# --- droit de partage / mutation ----------------------------------------------------------


def test_droit_de_partage_divorce_2022():
    r = droit_de_partage(D(200000), D("1.10"))
    assert r.montants == {"base": D("200000.00"), "taux": D("1.10"), "droit": D("2200.00")}


def test_droit_de_partage_2012_arrondi():
    r = droit_de_partage(D("150000.50"), D("2.5"))
    assert r.montants["droit"] == D("3750.01")


def test_droit_de_partage_actif_negatif():
    r = droit_de_partage(D(-5000), D("1.1"))
    assert r.montants["droit"] == D("0.00")
    assert r.montants["base"] == D("0.00")
    assert "vérifier" in r.formule


def test_droits_mutation_concubins():
    r = droits_mutation(D(75000), D("5.807"))
    assert r.montants == {"base": D("75000.00"), "taux": D("5.807"), "droits": D("4355.25")}
    with pytest.raises(ValueError):
        droits_mutation(D(-1), D("5.807"))


# --- émoluments ------------------------------------------------------------------------------


def test_emoluments_200000_bareme_2021():
    m = emoluments_bareme(D(200000), BAREME_2021, D(20)).montants
    assert m["tranche_1"] == D("314.41")
    assert m["tranche_2"] == D("209.48")
    assert m["tranche_3"] == D("571.90")
    assert m["tranche_4"] == D("1397.20")
    assert m["total_ht"] == D("2492.98")
    assert m["tva"] == D("498.60")
    assert m["total_ttc"] == D("2991.58")


def test_emoluments_200000_bareme_2018():
    m = emoluments_bareme(D(200000), BAREME_2018, D(20)).montants
    assert m["total_ht"] == D("2540.97")
    assert m["total_ttc"] == D("3049.16")


def test_emoluments_420000_bareme_2018():
    m = emoluments_bareme(D(420000), BAREME_2018, D(20)).montants
    assert m["total_ttc"] == D("5734.04")


def test_emoluments_petite_valeur_tranches_vides():
    m = emoluments_bareme(D(5000), BAREME_2021, D(20)).montants
    assert m["tranche_1"] == D("241.85")
    assert m["tranche_2"] == m["tranche_3"] == m["tranche_4"] == D("0.00")
    assert m["total_ht"] == D("241.85")


def test_emoluments_bareme_invalide():
    with pytest.raises(ValueError):
        emoluments_bareme(D(1000), [(D(100), D(1))], D(20))
    with pytest.raises(ValueError):
        emoluments_bareme(D(1000), [(D(0), D(1)), (D(0), D(2))], D(20))
    with pytest.raises(ValueError):
        emoluments_bareme(D(1000), [], D(20))


@settings(max_examples=200, deadline=None, database=None)
@given(st.integers(0, 10**10), st.integers(0, 10**10), st.sampled_from([BAREME_2018, BAREME_2021]))
def test_emoluments_monotones(c1, c2, bareme):
    bas, haut = sorted((D(c1) / 100, D(c2) / 100))
    m_bas = emoluments_bareme(bas, bareme, D(20)).montants
    m_haut = emoluments_bareme(haut, bareme, D(20)).montants
    assert m_bas["total_ht"] <= m_haut["total_ht"]
    assert m_bas["total_ttc"] <= m_haut["total_ttc"]


# which rate applies (CGI 746) is a rule: soulte.partage_taux_reduit, pinned in tests/scenarios/soulte.yaml


def test_assiette_droit_de_partage_concubins():
    assert assiette_droit_de_partage(D(150000), concubins=False, licitation=False) == (D(150000), None)
    assiette, raison = assiette_droit_de_partage(D(150000), concubins=True, licitation=False, soulte=D(75000))
    assert assiette == D(75000) and "CGI, art. 747" in raison
    assert assiette_droit_de_partage(D(150000), concubins=True, licitation=True)[0] == 0
    with pytest.raises(ValueError):
        assiette_droit_de_partage(D(150000), concubins=True, licitation=False)
