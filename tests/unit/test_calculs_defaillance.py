"""Defaulting borrower: rate increase, sums due after déchéance, prescription, surendettement,
vente à réméré, ADIL 49 threshold (lexfoyer.calculs.defaillance)."""

from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given, settings, strategies as st

from lexfoyer.calculs.defaillance import (couverture_dettes, durees_surendettement, part_restant_due,
                                          prescription_biennale, sommes_exigibles, taux_majore_max)

montants = st.integers(0, 10**9).map(lambda c: D(c) / 100)


def test_taux_majore_trois_points():
    r = taux_majore_max(D("1.48"), D(3))
    assert r.montants == {"taux_majore_max": D("4.48"), "majoration_max": D(3)}
    assert "1,48" in r.formule and "4,48" in r.formule


def test_sommes_exigibles_prets_2014_et_2020():
    r = sommes_exigibles(D(132000), D(2380), D(7), D("3.10"))
    assert r.montants == {"capital_et_interets": D("134380.00"), "indemnite_max": D("9406.60"),
                          "total_max": D("143786.60"), "interets_retard_mensuels": D("341.00")}
    r = sommes_exigibles(D(14000), D(95), D(7))
    assert r.montants["indemnite_max"] == D("986.65") and r.montants["total_max"] == D("15081.65")
    assert "interets_retard_mensuels" not in r.montants  # rate unknown: no guess


def test_indemnite_arrondie_au_centime_demi_superieur():
    # 7 % of 100,50 = 7,035 → 7,04 (half-up, not banker's rounding)
    assert sommes_exigibles(D("100.50"), D(0), D(7)).montants["indemnite_max"] == D("7.04")


@settings(max_examples=200, deadline=None, database=None)
@given(montants, montants)
def test_total_egal_base_plus_indemnite(capital, interets):
    r = sommes_exigibles(capital, interets, D(7))
    m = r.montants
    assert m["total_max"] == m["capital_et_interets"] + m["indemnite_max"]
    assert abs(m["indemnite_max"] - (capital + interets) * D("0.07")) <= D("0.005")
    assert all(v == v.quantize(D("0.01")) for v in m.values())


def test_prescription_capital_et_premiere_echeance():
    r = prescription_biennale(date(2023, 5, 10), 24, date(2026, 11, 21), date(2022, 11, 5))
    assert r.dates == {"prescription_capital": date(2025, 5, 10), "prescription_premier_impaye": date(2024, 11, 5)}
    assert not r.montants and "délai écoulé" in r.formule


def test_prescription_dernier_jour_et_lendemain():
    assert "0 jour(s) restant(s)" in prescription_biennale(date(2024, 11, 21), 24, date(2026, 11, 21)).formule
    assert "délai écoulé" in prescription_biennale(date(2024, 11, 21), 24, date(2026, 11, 22)).formule


def test_prescription_fin_fevrier():
    # a déchéance on 29 February ends on the last day of February two years later
    assert prescription_biennale(date(2024, 2, 29), 24, date(2026, 1, 1)).dates["prescription_capital"] == date(2026, 2, 28)


def test_prescription_delai_invalide():
    with pytest.raises(ValueError):
        prescription_biennale(date(2024, 1, 1), 0, date(2026, 1, 1))


def test_surendettement_sept_ans_ou_moitie_de_la_duree():
    r = durees_surendettement(D(84), [D(208), D(72)])
    assert r.montants == {"duree_max_plan_mois": D(84), "reechelonnement_max_mois": D(104)}
    # half of the remaining term shorter than the plan: the plan length stays the bound
    assert durees_surendettement(D(84), [D(120)]).montants["reechelonnement_max_mois"] == D(84)
    # a file admitted before 2016-07-01: eight years
    assert durees_surendettement(D(96), [D(150)]).montants["reechelonnement_max_mois"] == D(96)
    assert durees_surendettement(D(84), [D(241)]).montants["reechelonnement_max_mois"] == D("120.5")


def test_surendettement_duree_restante_inconnue():
    r = durees_surendettement(D(84), None)
    assert r.montants == {"duree_max_plan_mois": D(84)}
    assert "non renseignée" in r.formule


@settings(max_examples=200, deadline=None, database=None)
@given(st.integers(1, 600), st.lists(st.integers(0, 600), min_size=1, max_size=5))
def test_reechelonnement_jamais_sous_le_plan_ni_sous_la_moitie(plan, durees):
    r = durees_surendettement(D(plan), [D(d) for d in durees])
    borne = r.montants["reechelonnement_max_mois"]
    assert borne >= plan and borne >= D(max(durees)) / 2
    assert borne in (D(plan), D(max(durees)) / 2)


def test_couverture_dettes_marge_positive_et_negative():
    r = couverture_dettes(D(205000), [("prêt p_achat", D(132000)), ("impayés p_achat", D(5740)),
                                      ("prêt p_travaux", D(14000)), ("impayés p_travaux", D(1380)),
                                      ("autres dettes", D(8000))])
    assert r.montants == {"valeur_retenue": D("205000.00"), "dettes": D("161120.00"), "marge": D("43880.00")}
    assert couverture_dettes(D(150000), [("prêt", D(161000)), ("autres", D(12000))]).montants["marge"] == D("-23000.00")


def test_part_restant_due_seuil_exact():
    r = part_restant_due(D(210000), D(105000))
    assert r.montants["part_restant_due_pourcent"] == D("50.00") and r.montants["ecart_moitie"] == 0
    r = part_restant_due(D(230000), D(150000))
    assert r.montants["part_restant_due_pourcent"] == D("65.22") and r.montants["ecart_moitie"] == D(35000)
    # 50,004 % rounds to 50,00 % but is more than half: the exact gap decides
    assert part_restant_due(D(100000), D("50004")).montants["ecart_moitie"] > 0


def test_entrees_refusees():
    with pytest.raises(TypeError):
        taux_majore_max(1.48, D(3))
    with pytest.raises(ValueError):
        sommes_exigibles(D(-1), D(0), D(7))
    with pytest.raises(ValueError):
        part_restant_due(D(0), D(1000))
