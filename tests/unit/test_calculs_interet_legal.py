"""Interest at the taux légal, semester by semester (C. mon. fin. L.313-2, D.313-1-A).

Rates for particuliers from reference/droit.md § 4; 2026 S2 not published (None).
"""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import given, settings, strategies as st

from lexfoyer.calculs.interet_legal import TauxInconnu, interets_legaux

PARTICULIERS = [
    (date(2020, 1, 1), D("3.15")), (date(2020, 7, 1), D("3.11")),
    (date(2021, 1, 1), D("3.14")), (date(2021, 7, 1), D("3.12")),
    (date(2022, 1, 1), D("3.13")), (date(2022, 7, 1), D("3.15")),
    (date(2023, 1, 1), D("4.47")), (date(2023, 7, 1), D("6.82")),
    (date(2024, 1, 1), D("8.01")), (date(2024, 7, 1), D("8.16")),
    (date(2025, 1, 1), D("7.21")), (date(2025, 7, 1), D("6.65")),
    (date(2026, 1, 1), D("6.67")), (date(2026, 7, 1), None),
]


def test_un_semestre():
    # 10 000 × 6,65 % × 184 / 365 = 335,2328…
    r = interets_legaux(D(10000), date(2025, 7, 1), date(2026, 1, 1), PARTICULIERS)
    assert r.montants["interets"] == D("335.23")
    assert r.montants["jours"] == D(184)
    assert "184/365" in r.formule


def test_annee_bissextile_366_jours():
    # 10 000 × (8,01 % × 182 + 8,16 % × 184) / 366 = 398,3115 + 410,2295 = 808,54
    r = interets_legaux(D(10000), date(2024, 1, 1), date(2025, 1, 1), PARTICULIERS)
    assert r.montants["interets"] == D("808.54")
    assert "182/366" in r.formule and "184/366" in r.formule


def test_plusieurs_semestres_arrondi_final():
    # 7,21 % × 61/365 + 6,65 % × 184/365 + 6,67 % × 59/365 on 100 000 = 5 635,45
    r = interets_legaux(D(100000), date(2025, 5, 1), date(2026, 3, 1), PARTICULIERS)
    assert r.montants["interets"] == D("5635.45")
    assert r.formule.count(" ; ") == 2


def test_periode_vide():
    r = interets_legaux(D(10000), date(2025, 3, 1), date(2025, 3, 1), PARTICULIERS)
    assert r.montants["interets"] == D("0.00")


def test_taux_inconnu_semestre_non_publie():
    with pytest.raises(TauxInconnu) as e:
        interets_legaux(D(10000), date(2026, 5, 1), date(2026, 9, 1), PARTICULIERS)
    assert e.value.date == date(2026, 7, 1)


def test_taux_inconnu_avant_premiere_date():
    with pytest.raises(TauxInconnu) as e:
        interets_legaux(D(10000), date(2019, 12, 1), date(2020, 2, 1), PARTICULIERS)
    assert e.value.date == date(2019, 12, 1)


def test_periode_decoupee_au_premier_janvier():
    # one rate over two years: split at 1 January, 365 then 366 days
    r = interets_legaux(D(36600), date(2023, 7, 1), date(2024, 7, 1), [(date(2023, 1, 1), D(10))])
    # 36 600 × 10 % × (184/365 + 182/366) = 1 845,04 + 1 820,00
    assert r.montants["interets"] == D("3665.04")


def test_entrees_impossibles():
    with pytest.raises(ValueError):
        interets_legaux(D(-1), date(2025, 1, 1), date(2025, 2, 1), PARTICULIERS)
    with pytest.raises(ValueError):
        interets_legaux(D(1), date(2025, 2, 1), date(2025, 1, 1), PARTICULIERS)
    with pytest.raises(TypeError):
        interets_legaux(1.0, date(2025, 1, 1), date(2025, 2, 1), PARTICULIERS)


DEBUT, FIN = date(2020, 1, 1), date(2026, 7, 1)
jours = st.integers(0, (FIN - DEBUT).days)


@settings(max_examples=150, deadline=None, database=None)
@given(st.integers(0, 10**9), jours, jours, jours)
def test_chasles(centimes, j1, j2, j3):
    a, b, c = (DEBUT + timedelta(days=j) for j in sorted((j1, j2, j3)))
    montant = D(centimes) / 100
    ab = interets_legaux(montant, a, b, PARTICULIERS).montants["interets"]
    bc = interets_legaux(montant, b, c, PARTICULIERS).montants["interets"]
    ac = interets_legaux(montant, a, c, PARTICULIERS).montants["interets"]
    assert abs(ab + bc - ac) <= D("0.01")
