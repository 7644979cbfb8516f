"""The family home: indemnité d'occupation, its prescription, terms and deadlines.

Pinned to the figures of guide 004 (formula and abattement ranges of the indemnité
d'occupation) and to the statutory periods of droit.md (C. civ. 815-10, 1873-3, 285-1;
loi n° 89-462 art. 8-2).
"""

from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given, settings, strategies as st

from lexfoyer.calculs.logement import (
    Abattement,
    arrieres,
    condamnation_recente,
    derniere_date_condamnation_utilisable,
    fin_convention,
    fin_solidarite_bail,
    indemnite_occupation,
    majorite,
    mineur_au,
    mois_entiers,
    reclamable_depuis,
)

PRATIQUE = {"precarite": Abattement.fourchette(D(10), D(30)), "etat": Abattement.fourchette(D(0), D(25)),
            "enfants": Abattement.fourchette(D(10), D(20))}


# --- indemnité d'occupation -----------------------------------------------------------


def test_fourchette_de_la_pratique():
    """Maximum 1 600 € × 50 % = 800 € (no compulsory abattement); the practice's
    abattements, at most 75 %, bring it down to 200 € — never « entre X et X »."""
    r = indemnite_occupation(D(1600), D(50), PRATIQUE)
    assert r.montants == {"indemnite_mensuelle_min": D("200.00"), "indemnite_mensuelle_max": D("800.00")}
    assert "800,00" in r.formule and "75" in r.formule and "guide 004" in r.formule


def test_abattements_connus_montant_exact():
    connus = {"precarite": Abattement.connu(D(20)), "etat": Abattement.connu(D(0)), "enfants": Abattement.connu(D(10))}
    r = indemnite_occupation(D(1600), D(50), connus)
    assert r.montants["indemnite_mensuelle"] == r.montants["indemnite_mensuelle_min"] == D("560.00")
    assert r.montants["indemnite_mensuelle_max"] == D("800.00")  # the legal maximum stays shown
    assert "entre" not in r.formule


def test_quote_part_indivise_et_arrondi_au_centime():
    """1 234,57 € × 40 % × (1 − 15 %) = 419,7538 → 419,75 €."""
    connus = {"precarite": Abattement.connu(D(15)), "etat": Abattement.connu(D(0)), "enfants": Abattement.connu(D(0))}
    r = indemnite_occupation(D("1234.57"), D(40), connus)
    assert r.montants["indemnite_mensuelle"] == D("419.75")


def test_sans_abattement_valeur_locative_entiere():
    r = indemnite_occupation(D(900), D(50), {})
    assert r.montants["indemnite_mensuelle"] == D("450.00")


def test_abattements_au_dela_de_100_refuses():
    trop = {"precarite": Abattement.connu(D(60)), "etat": Abattement.connu(D(50))}
    with pytest.raises(ValueError, match="100"):
        indemnite_occupation(D(1000), D(50), trop)


def test_plafond_des_abattements_maximaux():
    """Stated 80 % plus ranges up to 45 %: the lowest indemnity is 0, never negative."""
    abatt = {"precarite": Abattement.connu(D(80)), "etat": Abattement.fourchette(D(0), D(25)),
             "enfants": Abattement.fourchette(D(10), D(20))}
    r = indemnite_occupation(D(1000), D(50), abatt)
    assert r.montants["indemnite_mensuelle_min"] == D("0.00")
    assert r.montants["indemnite_mensuelle_max"] == D("500.00")


def test_entrees_invalides():
    with pytest.raises(TypeError):
        indemnite_occupation(1600.0, D(50), {})
    with pytest.raises(ValueError):
        indemnite_occupation(D(1600), D(120), {})
    with pytest.raises(ValueError):
        Abattement.fourchette(D(30), D(10))
    with pytest.raises(ValueError, match="inconnu"):
        indemnite_occupation(D(1600), D(50), {"vetuste": Abattement.connu(D(5))})


@settings(max_examples=200, deadline=None)
@given(
    valeur=st.decimals(min_value=0, max_value=100000, places=2),
    quote_part=st.decimals(min_value=0, max_value=100, places=2),
    bas=st.lists(st.integers(min_value=0, max_value=30), min_size=3, max_size=3),
    ecarts=st.lists(st.integers(min_value=0, max_value=30), min_size=3, max_size=3),
)
def test_fourchette_ordonnee_et_bornee(valeur, quote_part, bas, ecarts):
    abatt = {nom: Abattement.fourchette(D(b), D(b + e)) for nom, b, e in zip(("precarite", "etat", "enfants"), bas, ecarts)}
    r = indemnite_occupation(valeur, quote_part, abatt)
    minimum, maximum = r.montants["indemnite_mensuelle_min"], r.montants["indemnite_mensuelle_max"]
    assert D(0) <= minimum <= maximum <= valeur
    assert minimum == minimum.quantize(D("0.01")) and maximum == maximum.quantize(D("0.01"))
    assert ("indemnite_mensuelle" in r.montants) == all(e == 0 for e in ecarts)


# --- prescription de cinq ans (art. 815-10) ---------------------------------------------------


def test_reclamable_depuis_limite_de_cinq_ans():
    assert reclamable_depuis(date(2026, 11, 21), 5) == date(2021, 11, 21)
    assert reclamable_depuis(date(2026, 11, 21), 5, date(2019, 3, 1)) == date(2021, 11, 21)
    assert reclamable_depuis(date(2026, 11, 21), 5, date(2025, 6, 15)) == date(2025, 6, 15)


def test_reclamable_depuis_prescription_suspendue_entre_epoux():
    """C. civ. 2236: between spouses the five years run from the divorce only."""
    assert reclamable_depuis(date(2026, 11, 21), 5, date(2019, 3, 1), date(2023, 6, 1)) == date(2019, 3, 1)
    # divorced more than five years ago: the plain limit again
    assert reclamable_depuis(date(2026, 11, 21), 5, date(2019, 3, 1), date(2020, 1, 10)) == date(2021, 11, 21)


def test_arrieres_mois_entiers():
    r = arrieres(D("200.00"), D("640.00"), date(2026, 5, 15), date(2026, 11, 21))
    assert r.montants == {"mois_arrieres": D(6), "arrieres_min": D("1200.00"), "arrieres_max": D("3840.00")}
    assert mois_entiers(date(2026, 5, 22), date(2026, 11, 21)) == 5
    assert mois_entiers(date(2027, 1, 1), date(2026, 11, 21)) == 0


# --- convention d'indivision, bail forcé, bail et violences ----------------------------------------


def test_fin_convention():
    assert fin_convention(date(2026, 10, 1), 5) == date(2031, 10, 1)
    assert fin_convention(date(2024, 2, 29), 1) == date(2025, 2, 28)
    with pytest.raises(ValueError):
        fin_convention(date(2026, 10, 1), 0)


def test_majorite_du_plus_jeune():
    assert majorite(date(2015, 3, 8), 18) == date(2033, 3, 8)
    assert majorite(date(2008, 2, 29), 18) == date(2026, 3, 1)  # the one calendar: 29 February → 1 March
    assert mineur_au(date(2008, 11, 22), date(2026, 11, 21), 18)
    assert not mineur_au(date(2008, 11, 21), date(2026, 11, 21), 18)


def test_solidarite_du_bail_et_condamnation_de_moins_de_six_mois():
    assert fin_solidarite_bail(date(2026, 9, 12)) == date(2026, 9, 13)
    assert derniere_date_condamnation_utilisable(date(2026, 3, 10), 6) == date(2026, 9, 9)
    assert condamnation_recente(date(2026, 3, 10), date(2026, 9, 9), 6)
    assert not condamnation_recente(date(2026, 3, 10), date(2026, 9, 10), 6)
    assert not condamnation_recente(date(2026, 10, 1), date(2026, 9, 10), 6)
