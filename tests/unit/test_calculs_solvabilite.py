"""Taux d'effort of the remaining borrower (HCSF D-HCSF-2021-7, 35 %)."""

from decimal import Decimal as D

import pytest
from hypothesis import given, settings, strategies as st

from lexfoyer.calculs.solvabilite import taux_effort


def test_taux_effort_complet():
    r = taux_effort(D(3000), D(900), D(40), D(100), D(200))
    assert r.montants == {"taux_effort": D("41.33"), "mensualite_supportable": D("750.00")}
    assert "> 35" in r.formule


def test_taux_effort_acceptable():
    r = taux_effort(D(4000), D(1200), D(50))
    assert r.montants["taux_effort"] == D("31.25")
    assert r.montants["mensualite_supportable"] == D("1400.00")


def test_taux_effort_arrondi_demi_haut():
    # 1 / 8 = 12,5 % exactly; 1 000,25 / 3 000 = 33,341666… → 33,34; 0,125 % → 0,13 %
    assert taux_effort(D(8000), D(1000)).montants["taux_effort"] == D("12.50")
    assert taux_effort(D(3000), D("1000.25")).montants["taux_effort"] == D("33.34")
    assert taux_effort(D(8000), D(10)).montants["taux_effort"] == D("0.13")


def test_mensualite_supportable_negative_conservee():
    r = taux_effort(D(1000), D(300), charges_mensuelles=D(250), pension_versee=D(200))
    assert r.montants["mensualite_supportable"] == D("-100.00")


def test_revenus_nuls_ou_negatifs():
    with pytest.raises(ValueError, match="revenus"):
        taux_effort(D(0), D(500))
    with pytest.raises(ValueError):
        taux_effort(D(-1), D(500))
    with pytest.raises(TypeError):
        taux_effort(2000.0, D(500))


@settings(max_examples=150, deadline=None, database=None)
@given(st.integers(1, 10**7), st.integers(0, 10**6), st.integers(0, 10**6))
def test_mensualite_supportable_donne_35_pourcent(revenus_c, charges_c, pension_c):
    revenus, charges, pension = D(revenus_c) / 100, D(charges_c) / 100, D(pension_c) / 100
    supportable = taux_effort(revenus, D(0), charges_mensuelles=charges, pension_versee=pension).montants[
        "mensualite_supportable"
    ]
    if supportable >= 0:
        taux = taux_effort(revenus, supportable, charges_mensuelles=charges, pension_versee=pension)
        # a cent of rounding on the instalment moves the rate by at most 0.01/revenus × 100
        assert taux.montants["taux_effort"] <= D(35) + D(1) / revenus + D("0.005")
