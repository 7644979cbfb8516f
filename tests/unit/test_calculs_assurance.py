"""Borrower insurance, délai de grâce and relief calculations (guide 003, catalogue § 4)."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import given, settings, strategies as st

from lexfoyer.calculs.calendrier import age_revolu, anniversaire
from lexfoyer.calculs.assurance import (affection_exclue, bornes_age, carence_ecoulee,
                                        date_pret_ouvre_apl, delai_de_grace, interets_mensuels, jours_indemnisables,
                                        periode_itt, periode_perte_emploi, prise_en_charge_itt,
                                        prise_en_charge_perte_emploi, sous_limite_age, taux_invalidite_suffisant,
                                        total_perte_emploi)

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
    assert not p.franchise_ecoulee(date(2026, 5, 2)) and p.franchise_ecoulee(date(2026, 5, 3))
    assert p.duree_max_non_atteinte(date(2029, 5, 1)) and not p.duree_max_non_atteinte(date(2029, 5, 2))
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


def test_affection_exclue():
    assert affection_exclue("autre", None) is False
    assert affection_exclue(None, []) is False
    assert affection_exclue("psychologique", ["psychologique"]) is True
    assert affection_exclue("disco_vertebrale", ["psychologique"]) is False
    assert affection_exclue("psychologique", None) is None
    assert affection_exclue(None, ["psychologique"]) is None


# ----------------------------------------------------------------- âges

def test_age_revolu_et_anniversaire():
    assert age_revolu(date(1961, 5, 10), date(2026, 5, 9)) == 64
    assert age_revolu(date(1961, 5, 10), date(2026, 5, 10)) == 65
    assert anniversaire(date(1961, 5, 10), 65) == date(2026, 5, 10)
    assert anniversaire(date(1964, 2, 29), 61) == date(2025, 3, 1)


def test_bornes_age_depuis_l_age_declare():
    ref = date(2026, 11, 21)
    assert bornes_age(ref, ref, age_a_la_reference=45) == (45, 45)
    assert bornes_age(date(2026, 6, 30), ref, age_a_la_reference=45) == (44, 45)
    assert bornes_age(date(2024, 6, 30), ref, age_a_la_reference=45) == (42, 43)
    assert bornes_age(date(2027, 6, 30), ref, age_a_la_reference=45) == (45, 46)
    assert bornes_age(ref, ref) is None
    assert bornes_age(date(2026, 6, 30), ref, naissance=date(1965, 1, 15)) == (61, 61)


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=date(1930, 1, 1), max_value=date(2005, 12, 31)), jours, jours)
def test_bornes_age_encadrent_l_age_reel(naissance, jour, reference):
    if jour < naissance or reference < naissance:
        return
    minimum, maximum = bornes_age(jour, reference, age_a_la_reference=age_revolu(naissance, reference))
    assert minimum <= age_revolu(naissance, jour) <= maximum
    assert maximum - minimum <= 1


def test_sous_limite_age():
    assert sous_limite_age((59, 60), 61) is True
    assert sous_limite_age((60, 61), 60) is False
    assert sous_limite_age((59, 60), 60) is None
    assert sous_limite_age(None, 60) is None
    assert sous_limite_age((40, 40), None) is None


# ----------------------------------------------------------------- invalidité, carence, APL

def test_taux_invalidite_et_carence():
    assert taux_invalidite_suffisant(D(70), D(66)) is True
    assert taux_invalidite_suffisant(D(66), D(66)) is True
    assert taux_invalidite_suffisant(D(40), D(66)) is False
    assert taux_invalidite_suffisant(None, D(66)) is None
    assert carence_ecoulee(date(2019, 6, 14), 6, date(2026, 6, 30)) == (True, date(2019, 12, 14))
    assert carence_ecoulee(date(2026, 3, 1), 6, date(2026, 6, 30)) == (False, date(2026, 9, 1))
    assert carence_ecoulee(date(2025, 8, 31), 6, date(2026, 2, 28)) == (True, date(2026, 2, 28))


def test_apl_accession_selon_la_date_de_signature():
    assert date_pret_ouvre_apl(date(2017, 12, 31), None, None) is True
    assert date_pret_ouvre_apl(date(2018, 1, 1), True, True) is True
    assert date_pret_ouvre_apl(date(2019, 12, 31), True, False) is False
    assert date_pret_ouvre_apl(date(2019, 6, 1), False, None) is False
    assert date_pret_ouvre_apl(date(2019, 6, 1), True, None) is None
    assert date_pret_ouvre_apl(date(2020, 1, 1), True, True) is False


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
