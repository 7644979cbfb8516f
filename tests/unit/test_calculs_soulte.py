"""Soulte, récompense, financing of the buy-out, French formatting.

Pinned to the worked examples of guides 001, 002 and 004 (spec/conclusions.md, "Worked
examples that must reproduce") and to the correction of guide 004 (ecarts-sources.md).
"""

from decimal import Decimal as D

import pytest
from hypothesis import given, settings, strategies as st

from lexfoyer.calculs import arrondi_centime
from lexfoyer.calculs.format import format_date, format_euros, format_nombre, format_pourcent
from lexfoyer.calculs.soulte import financement_rachat, recompense, soulte, valeur_retenue

FINE = "\u202f"
NBSP = "\u00a0"
MOITIE = {"A": D(50), "B": D(50)}


# --- format -------------------------------------------------------------------------


def test_format_euros_francais():
    assert format_euros(D(150000)) == f"150{FINE}000,00{NBSP}€"
    assert format_euros(D("1234567.891")) == f"1{FINE}234{FINE}567,89{NBSP}€"
    assert format_euros(D("0.005")) == f"0,01{NBSP}€"
    assert format_euros(D(-80000)) == f"\u2212{'80'}{FINE}000,00{NBSP}€"
    assert format_euros(0) == f"0,00{NBSP}€"


def test_format_pourcent_et_nombre():
    assert format_pourcent(D("6.65")) == f"6,65{FINE}%"
    assert format_pourcent(D(50)) == f"50{FINE}%"
    assert format_pourcent(D("1.10")) == f"1,10{FINE}%"
    assert format_pourcent(D(100) / 3) == f"33,333333{FINE}%"
    assert format_nombre(D("314.405"), None) == "314,405"
    assert format_nombre(D(1000000)) == f"1{FINE}000{FINE}000,00"


def test_format_date():
    from datetime import date

    assert format_date(date(2025, 7, 1)) == "01/07/2025"


def test_float_refuse():
    with pytest.raises(TypeError):
        format_euros(1.5)
    with pytest.raises(TypeError):
        soulte(400000.0, MOITIE, "A")
    with pytest.raises(TypeError):
        valeur_retenue([D(1), 2.0])


# --- valeur retenue -------------------------------------------------------------------


def test_valeur_retenue_une_estimation():
    r = valeur_retenue([D(400000)])
    assert r.montants["valeur_retenue"] == D("400000.00")
    assert "moyenne" not in r.formule


def test_valeur_retenue_moyenne():
    r = valeur_retenue([D(400000), D(380000), D(390001)])
    assert r.montants["valeur_retenue"] == D("390000.33")
    assert "moyenne des 3 estimations" in r.formule
    r2 = valeur_retenue([D(400000), D(360000)])
    assert r2.montants["valeur_retenue"] == D("380000.00")
    assert r2.montants["ecart_pourcent"] == D("11.11")


def test_valeur_retenue_invalide():
    with pytest.raises(ValueError):
        valeur_retenue([])
    with pytest.raises(ValueError):
        valeur_retenue([D(-1)])


# --- soulte: worked examples ------------------------------------------------------------


def test_soulte_guide_001_et_004():
    r = soulte(D(400000), MOITIE, "A", D(100000))
    assert r.montants["soulte"] == D("150000.00")
    assert r.montants["soulte_B"] == D("150000.00")
    assert r.formule == f"(400{FINE}000,00 − 100{FINE}000,00) × 50{FINE}% = 150{FINE}000,00{NBSP}€"


def test_soulte_guide_002_exemple_1():
    r = soulte(D(150000), MOITIE, "B", D(50000), reprise_pret=True)
    assert r.montants["soulte"] == D("50000.00")
    assert r.montants["soulte_A"] == D("50000.00")


def test_soulte_guide_002_exemple_2_sans_pret():
    r = soulte(D(150000), MOITIE, "B")
    assert r.montants["soulte"] == D("75000.00")


def test_soulte_pret_non_repris_crd_non_deduit():
    r = soulte(D(150000), MOITIE, "B", D(50000), reprise_pret=False)
    assert r.montants["soulte"] == D("75000.00")
    assert "non déduit" in r.formule


def test_soulte_recompense_guide_004_corrigee():
    rec = recompense(D(200000), D(500000), D(800000))
    assert rec.montants["recompense"] == D("320000.00")
    r = soulte(
        D(800000), MOITIE, "B", D(80000),
        recompenses_dues_par_acquereur={"A": rec.montants["recompense"]},
    )
    # (800 000 − 80 000 − 320 000) / 2 + 320 000, not the guide's 560 000
    assert r.montants["soulte"] == D("520000.00")
    assert r.montants["soulte"] != D("560000.00")
    assert "récompense" in r.formule


def test_soulte_recompense_due_a_l_acquereur():
    # A keeps the home and is himself owed the récompense: B gets half of the net mass
    r = soulte(D(800000), MOITIE, "A", D(80000), recompenses_dues_par_acquereur={"A": D(320000)})
    assert r.montants["soulte"] == D("200000.00")


def test_soulte_trois_indivisaires():
    r = soulte(D(300000), {"A": D(40), "B": D(35), "C": D(25)}, "A", D(60000))
    assert r.montants["soulte_B"] == D("84000.00")
    assert r.montants["soulte_C"] == D("60000.00")
    assert r.montants["soulte"] == D("144000.00")
    assert "soulte totale" in r.formule


def test_soulte_60_40():
    r = soulte(D(250000), {"A": D(60), "B": D(40)}, "A", D(50000))
    assert r.montants["soulte"] == D("80000.00")


def test_soulte_entrees_impossibles():
    with pytest.raises(ValueError, match="100"):
        soulte(D(100000), {"A": D(50), "B": D(40)}, "A")
    with pytest.raises(ValueError):
        soulte(D(-1), MOITIE, "A")
    with pytest.raises(ValueError):
        soulte(D(100000), MOITIE, "C")
    with pytest.raises(ValueError):
        soulte(D(100000), MOITIE, "A", D(-5))
    with pytest.raises(ValueError):
        soulte(D(100000), {"A": D(100)}, "A")
    with pytest.raises(ValueError):
        soulte(D(100000), MOITIE, "A", recompenses_dues_par_acquereur={"Z": D(1)})


# --- soulte: properties -----------------------------------------------------------------


@st.composite
def quotes_parts(draw):
    """2 to 6 co-owners, quote-parts in basis points summing exactly to 100 %."""
    n = draw(st.integers(min_value=2, max_value=6))
    coupes = sorted(draw(st.sets(st.integers(min_value=1, max_value=9999), min_size=n - 1, max_size=n - 1)))
    bornes = [0, *coupes, 10000]
    return {f"P{i}": D(b - a) / 100 for i, (a, b) in enumerate(zip(bornes, bornes[1:]))}


euros = st.integers(min_value=0, max_value=5_000_000_00).map(lambda c: D(c) / 100)


@settings(max_examples=150, deadline=None, database=None)
@given(quotes_parts(), euros, euros, st.data())
def test_soulte_somme_des_parts_des_autres(parts, valeur, crd, data):
    acquereur = data.draw(st.sampled_from(sorted(parts)))
    r = soulte(valeur, parts, acquereur, crd)
    autres = [p for p in parts if p != acquereur]
    attendu = sum(arrondi_centime((valeur - crd) * parts[p] / 100) for p in autres)
    assert r.montants["soulte"] == attendu
    assert r.montants["soulte"] == sum(r.montants[f"soulte_{p}"] for p in autres)
    # and it is the acquirer's complement of the net value, to a cent per co-owner
    complement = (valeur - crd) * (100 - parts[acquereur]) / 100
    assert abs(r.montants["soulte"] - complement) <= D("0.01") * len(autres)


@settings(max_examples=150, deadline=None, database=None)
@given(quotes_parts(), st.integers(0, 50_000), st.integers(0, 50_000), st.integers(1, 20))
def test_soulte_lineaire_en_valeur(parts, centaines_v, centaines_crd, k):
    # values in hundreds of euros and quote-parts in basis points: every share is exact
    valeur, crd = D(centaines_v * 100), D(centaines_crd * 100)
    acquereur = sorted(parts)[0]
    simple = soulte(valeur, parts, acquereur, crd).montants["soulte"]
    multiple = soulte(valeur * k, parts, acquereur, crd * k).montants["soulte"]
    assert multiple == simple * k
    somme = soulte(valeur + D(100), parts, acquereur).montants["soulte"]
    assert somme == soulte(valeur, parts, acquereur).montants["soulte"] + soulte(D(100), parts, acquereur).montants["soulte"]


# --- récompense ---------------------------------------------------------------------------


def test_recompense_acquisition_guide_004():
    r = recompense(D(200000), D(500000), D(800000))
    assert r.montants["recompense"] == D("320000.00")
    assert r.montants["profit_subsistant"] == D("320000.00")
    assert "1469 al. 3" in r.formule


def test_recompense_acquisition_bien_deprecie():
    # value fell: profit 160 000 < dépense 200 000 → the lesser, which is the profit
    r = recompense(D(200000), D(500000), D(400000))
    assert r.montants["recompense"] == D("160000.00")


def test_recompense_amelioration():
    # asset still there: al. 3 makes it the profit, even above the expense
    r = recompense(D(30000), finance="amelioration", profit_subsistant=D(45000))
    assert r.montants["recompense"] == D("45000.00")
    # asset gone: al. 1 only, the lesser of the two
    r = recompense(D(30000), finance="amelioration", profit_subsistant=D(45000), bien_subsistant=False)
    assert r.montants["recompense"] == D("30000.00")
    r = recompense(D(30000), finance="autre", profit_subsistant=D(20000))
    assert r.montants["recompense"] == D("20000.00")


def test_recompense_depense_necessaire():
    r = recompense(D(30000), finance="conservation", profit_subsistant=D(10000), depense_necessaire=True)
    assert r.montants["recompense"] == D("30000.00")
    assert "al. 2" in r.formule


def test_recompense_entrees_impossibles():
    with pytest.raises(ValueError):
        recompense(D(600000), D(500000), D(800000))
    with pytest.raises(ValueError):
        recompense(D(1), D(0), D(800000))
    with pytest.raises(ValueError):
        recompense(D(1), finance="amelioration")
    with pytest.raises(ValueError):
        recompense(D(1), D(2), D(3), finance="travaux")
    with pytest.raises(ValueError):
        recompense(D(1), D(2))


# --- financement du rachat ------------------------------------------------------------------


def test_financement_guide_002_exemple_1():
    s = soulte(D(150000), MOITIE, "B", D(50000)).montants["soulte"]
    r = financement_rachat(s, D(50000), refinancement=True)
    assert r.montants == {"a_financer": D("100000.00")}


def test_financement_sans_refinancement():
    r = financement_rachat(D(50000), D(50000), refinancement=False, plafond_ira=D(370))
    assert r.montants["a_financer"] == D("50000.00")
    assert r.montants["a_financer_avec_ira"] == D("50000.00")


def test_financement_avec_frais_et_ira():
    r = financement_rachat(
        D(50000), D(50000), refinancement=True,
        frais_garantie=D(1100), frais_dossier=D(1000), plafond_ira=D("370.00"),
    )
    assert r.montants["a_financer"] == D("102100.00")
    assert r.montants["a_financer_avec_ira"] == D("102470.00")


def test_financement_refinancement_obligatoire():
    with pytest.raises(TypeError):
        financement_rachat(D(50000), D(50000))  # refinancement must be stated
    with pytest.raises(ValueError):
        financement_rachat(D(-1), refinancement=False)
