"""Borrower insurance, délai de grâce and relief calculations (guide 003, catalogue § 4)."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import given, settings, strategies as st

from lexfoyer.calculs.calendrier import age_revolu, anniversaire
from lexfoyer.calculs.assurance import (delai_de_grace, fin_carence, interets_mensuels, jours_indemnisables,
                                        periode_itt, periode_perte_emploi, prise_en_charge_deces, prise_en_charge_itt,
                                        prise_en_charge_perte_emploi, total_perte_emploi)

montants = st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False, allow_infinity=False)
pourcents = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
jours = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))


# ----------------------------------------------------------------- guide 003's figures

def test_guide_003_itt_indemnitaire_employeur_complete_le_salaire():
    # échéance 500 €, salaire net 1 600 €, IJ 800 € (50 %), l'employeur complète : rien à payer
    r = prise_en_charge_itt(D(500), D(100), "indemnitaire", D(1600), D(800), D(800))
    assert r.montants == {"prise_en_charge_mensuelle": D("0.00")}
    assert "0,00" in r.formule


def test_guide_003_perte_emploi_option_50_et_75():
    r = prise_en_charge_perte_emploi(D(1000), D(50), D(100))
    assert r.montants == {"prise_en_charge_mensuelle": D("500.00"), "indemnite_journaliere": D("16.67")}
    assert prise_en_charge_perte_emploi(D(1000), D(75), D(100)).montants["prise_en_charge_mensuelle"] == D("750.00")
    # 540 jours au plus pour un même licenciement, 1 080 sur la durée du prêt
    assert jours_indemnisables(540, 1080, 0) == 540
    assert jours_indemnisables(540, 1080, 720) == 360
    assert jours_indemnisables(540, 1080, 1080) == 0
    assert total_perte_emploi(D("500.00"), 540) == D("9000.00")
    # franchise de 90 jours depuis le premier jour indemnisé par France Travail
    assert periode_perte_emploi(date(2026, 7, 8), 90, 540) == (date(2026, 10, 6), date(2028, 3, 28))
    assert periode_perte_emploi(date(2026, 7, 8), 90, 0) is None


def test_perte_emploi_plafond_perte_de_revenu():
    r = prise_en_charge_perte_emploi(D(1000), D(75), D(100), (D(2400), D(2000)))
    assert r.montants["prise_en_charge_mensuelle"] == D("400.00")
    assert "plafonné" in r.formule
    assert prise_en_charge_perte_emploi(D(1000), D(50), D(100), (D(1000), D(1200))).montants[
        "prise_en_charge_mensuelle"] == D("0.00")
    assert prise_en_charge_perte_emploi(D(1000), D(50), D(50), (D(2400), D(1500))).montants[
        "prise_en_charge_mensuelle"] == D("250.00")


# ----------------------------------------------------------------- ITT

def test_itt_forfaitaire_quotite():
    assert prise_en_charge_itt(D(900), D(50), "forfaitaire").montants["prise_en_charge_mensuelle"] == D("450.00")
    assert prise_en_charge_itt(D("1000.01"), D(50), "forfaitaire").montants["prise_en_charge_mensuelle"] == D("500.01")


def test_itt_indemnitaire_perte_partielle_et_plafond():
    assert prise_en_charge_itt(D(1000), D(100), "indemnitaire", D(1600), D(800), D(0)).montants[
        "prise_en_charge_mensuelle"] == D("800.00")
    assert prise_en_charge_itt(D(500), D(100), "indemnitaire", D(1600), D(800), D(0)).montants[
        "prise_en_charge_mensuelle"] == D("500.00")


def test_itt_mode_inconnu_et_flottant_refuses():
    with pytest.raises(ValueError):
        prise_en_charge_itt(D(500), D(100), "mixte")
    with pytest.raises(TypeError):
        prise_en_charge_itt(500.0, D(100), "forfaitaire")
    with pytest.raises(ValueError):
        prise_en_charge_itt(D(-1), D(100), "forfaitaire")


def test_periode_itt_franchise_et_duree_max():
    p = periode_itt(date(2026, 2, 2), 90, 1095)
    assert p.debut_prise_en_charge == date(2026, 5, 3)
    assert p.fin_prise_en_charge_max == date(2029, 5, 1)
    with pytest.raises(ValueError):
        periode_itt(date(2026, 2, 2), 90, 0)


@settings(max_examples=200, deadline=None)
@given(jours, st.integers(0, 365), st.integers(1, 2000))
def test_periode_itt_compte_exactement_les_jours_payes(debut, franchise, duree):
    p = periode_itt(debut, franchise, duree)
    assert (p.debut_prise_en_charge - debut).days == franchise
    assert (p.fin_prise_en_charge_max - p.debut_prise_en_charge).days + 1 == duree


@settings(max_examples=200, deadline=None)
@given(montants, pourcents, montants, montants, montants)
def test_itt_indemnitaire_ne_depasse_ni_la_perte_ni_la_part_assuree(echeance, quotite, salaire, ij, complement):
    r = prise_en_charge_itt(echeance, quotite, "indemnitaire", salaire, ij, complement)
    montant = r.montants["prise_en_charge_mensuelle"]
    assert D(0) <= montant <= (echeance * quotite / 100).quantize(D("0.01"), rounding="ROUND_HALF_UP")
    assert montant <= max(salaire - ij - complement, D(0)).quantize(D("0.01"), rounding="ROUND_HALF_UP")
    assert montant == montant.quantize(D("0.01"))


# ----------------------------------------------------------------- âges

def test_age_revolu_et_anniversaire():
    assert age_revolu(date(1961, 5, 10), date(2026, 5, 9)) == 64
    assert age_revolu(date(1961, 5, 10), date(2026, 5, 10)) == 65
    assert anniversaire(date(1961, 5, 10), 65) == date(2026, 5, 10)
    assert anniversaire(date(1964, 2, 29), 61) == date(2025, 3, 1)


# ----------------------------------------------------------------- carence, décès

def test_fin_de_carence_en_mois_civils():
    assert fin_carence(date(2019, 6, 14), 6) == date(2019, 12, 14)
    assert fin_carence(date(2026, 3, 1), 6) == date(2026, 9, 1)
    assert fin_carence(date(2025, 8, 31), 6) == date(2026, 2, 28)  # fin de mois quand le quantième manque


def test_deces_capital_restant_du_selon_la_quotite():
    r = prise_en_charge_deces(D("150000"), D("50"))
    assert r.montants == {"capital_pris_en_charge": D("75000.00")}
    assert prise_en_charge_deces(D("98765.43"), D("70")).montants["capital_pris_en_charge"] == D("69135.80")
    with pytest.raises(ValueError):
        prise_en_charge_deces(D("-1"), D("50"))



# ----------------------------------------------------------------- délai de grâce, suspension

def test_delai_de_grace_bornes():
    r = delai_de_grace(date(2026, 11, 21), D(24), D(24), date(2039, 6, 5))
    assert r.montants == {"duree_max_mois": D(24)}
    assert r.dates == {"fin_delai_grace_au_plus_tard": date(2028, 11, 21), "derniere_echeance_au_plus_tard": date(2041, 6, 5)}
    sans_terme = delai_de_grace(date(2024, 2, 29), D(24))
    assert sans_terme.dates == {"fin_delai_grace_au_plus_tard": date(2026, 2, 28)}


def test_interets_d_un_mois_de_suspension():
    # 141 000 € à 1,35 % : 158,625 → 158,63 € (arrondi au centime, demi supérieur)
    assert interets_mensuels(D(141000), D("1.35")).montants == {"interets_par_mois_suspendu": D("158.63")}


@settings(max_examples=200, deadline=None)
@given(jours, st.integers(0, 1080), st.integers(0, 1080), st.integers(0, 2000))
def test_perte_emploi_jamais_plus_que_le_plafond_total(debut, duree, total, deja):
    n = jours_indemnisables(duree, total, deja)
    assert 0 <= n <= duree and n <= max(total - deja, 0)
    periode = periode_perte_emploi(debut, 90, n)
    if n:
        assert periode[1] - periode[0] == timedelta(days=n - 1)
    else:
        assert periode is None


# ----------------------------------------------------------------- renumérotation (kb)

def test_anciens_numeros_retrouvent_l_article(base):
    assert [d.id for d in base.disposition("code-consommation/L312-19")] == ["code-consommation/L313-44"]
    assert [d.id for d in base.disposition("code-civil/1244-1")] == ["code-civil/1343-5"]
    grace = base.dispositions["code-civil/1343-5"]
    assert grace.version_au(date(2014, 3, 20)).numero == "1244-1"
    assert grace.version_au(date(2019, 6, 14)).numero == "1343-5"
    construction = base.dispositions["code-consommation/L313-44"]
    assert construction.version_au(date(2016, 6, 30)).numero == "L312-19"
    assert construction.version_au(date(2016, 7, 1)).numero == "L313-44"
