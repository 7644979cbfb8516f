"""The one calendar: months end-of-month rounded, birthdays of 29 February on 1 March."""

from datetime import date, timedelta

from hypothesis import given, strategies as st

from lexfoyer.calculs.calendrier import (age_revolu, ajouter, annees_ecoulees, anniversaire, jours_ecoules,
                                         mois_ecoules)
from lexfoyer.calculs.logement import majorite, mineur_au

jours = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


def test_un_mois_apres_le_31_janvier_est_le_dernier_jour_de_fevrier():
    assert ajouter(date(2025, 1, 31), mois=1) == date(2025, 2, 28)
    assert ajouter(date(2024, 1, 31), mois=1) == date(2024, 2, 29)
    assert ajouter(date(2024, 2, 29), annees=1) == date(2025, 2, 28)
    assert ajouter(date(2026, 3, 31), mois=-1) == date(2026, 2, 28)
    assert ajouter(date(2026, 1, 1), jours=90) == date(2026, 4, 1)


def test_ne_le_29_fevrier_majeur_le_1er_mars_d_une_annee_commune():
    naissance = date(2008, 2, 29)
    assert anniversaire(naissance, 18) == date(2026, 3, 1)
    assert age_revolu(naissance, date(2026, 2, 28)) == 17
    assert age_revolu(naissance, date(2026, 3, 1)) == 18
    assert mineur_au(naissance, date(2026, 2, 28), 18) and not mineur_au(naissance, date(2026, 3, 1), 18)
    assert majorite(naissance, 18) == anniversaire(naissance, 18)
    assert anniversaire(date(2004, 2, 29), 20) == date(2024, 2, 29)  # a leap year keeps the day


@given(jours, jours)
def test_age_et_anniversaire_concordent(naissance, jour):
    age = age_revolu(naissance, jour)
    if jour >= naissance:
        assert anniversaire(naissance, age) <= jour < anniversaire(naissance, age + 1)


@given(jours, jours)
def test_mois_ecoules_et_ajout_concordent(debut, fin):
    mois = mois_ecoules(debut, fin)
    if fin >= debut:
        assert ajouter(debut, mois=mois) <= fin
        assert ajouter(debut, mois=mois + 1) > fin or ajouter(debut, mois=mois + 1).day < debut.day
        assert annees_ecoulees(debut, fin) == mois // 12
    assert jours_ecoules(debut, fin) == (fin - debut).days


@given(jours, st.integers(min_value=-400, max_value=400))
def test_ajouter_des_jours(jour, n):
    if date(1900, 3, 1) <= jour + timedelta(days=n) <= date(2100, 12, 1):
        assert ajouter(jour, jours=n) == jour + timedelta(days=n)
