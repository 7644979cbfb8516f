"""`lexfoyer calc …`: the calculators without a dossier reproduce the worked examples,
read their rates from the kb at the date given, and refuse an unknown date in one line."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from lexfoyer.cli.main import main


def calc(*args: str):
    return CliRunner().invoke(main, ["calc", *args], catch_exceptions=False)


def montants(*args: str) -> dict:
    resultat = calc(*args, "--format", "json")
    assert resultat.exit_code == 0, resultat.output
    return json.loads(resultat.output)["montants"]


def test_soulte_guide_001_et_formule():
    resultat = calc("soulte", "--valeur", "400000", "--crd", "100000", "--quote-part", "50")
    assert resultat.exit_code == 0
    texte = resultat.output.replace("\u202f", " ").replace("\xa0", " ")  # French thin spaces
    assert "(400 000,00 − 100 000,00) × 50 % = 150 000,00 €" in texte
    assert "C. civ., art. 1476" in texte


def test_soulte_plusieurs_estimations_et_recompense_guide_004_corrige():
    assert montants("soulte", "--valeur", "150000", "--valeur", "150000")["soulte"] == "75000.00"
    m = montants("soulte", "--valeur", "800000", "--crd", "80000", "--recompense", "320000")
    assert m["soulte"] == "520000.00"  # le guide 004 dit 560 000 en oubliant le prêt


def test_soulte_trois_coproprietaires():
    m = montants("soulte", "--valeur", "300000", "--quote-part", "25", "--quote-part", "25")
    assert m["soulte_sortant_1"] == m["soulte_sortant_2"] == "75000.00" and m["soulte"] == "150000.00"


def test_frais_emoluments_200000_et_droit_de_partage_par_date():
    m = montants("frais", "--valeur", "200000", "--date", "2025-05-15")
    assert (m["emoluments_total_ht"], m["emoluments_total_ttc"]) == ("2492.98", "2991.58")
    assert m["droit_de_partage_taux"] == "1.10" and m["droit_de_partage_droit"] == "2200.00"
    assert montants("frais", "--valeur", "200000", "--date", "2021-03-01")["droit_de_partage_taux"] == "1.80"
    assert montants("frais", "--valeur", "200000", "--date", "2021-03-01", "--cas", "licitation")["droit_de_partage_taux"] == "2.50"
    assert montants("frais", "--valeur", "200000", "--date", "2020-06-01")["emoluments_total_ht"] == "2540.97"


def test_frais_concubins_droits_de_vente_sur_la_soulte():
    m = montants("frais", "--valeur", "240000", "--dettes", "90000", "--date", "2026-06-10", "--cas", "concubins",
                 "--soulte", "75000")
    assert m["droits_mutation_droits"] == "4354.99"  # 75 000 × 5,80665 %
    assert m["droit_de_partage_base"] == "75000.00"  # actif net 150 000 − soulte 75 000


def test_ira_interet_legal_recompense():
    assert montants("ira", "--crd", "100000", "--taux", "1.5", "--date-signature", "2014-05-12")["plafond"] == "750.00"
    assert montants("recompense", "--apport", "200000", "--prix", "500000", "--valeur", "800000")["recompense"] == "320000.00"
    m = montants("interet-legal", "--du", "2025-07-01", "--au", "2026-01-01", "--montant", "100000")
    assert m["interets"] == "3352.33"  # 100 000 × 6,65 % × 184/365


def test_ira_pret_de_1990_cite_le_decret_80_473_et_la_loi_de_1979():
    """Issue 11, point 15: a loan signed in 1990 is capped under the texts then in force (décret
    n° 80-473, art. 2; loi n° 79-596, art. 12), a loan of 2020 under R.313-25 and L.313-47."""
    def lu(jour):
        resultat = calc("ira", "--crd", "100000", "--taux", "5", "--date-signature", jour, "--format", "json")
        assert resultat.exit_code == 0, resultat.output
        return json.loads(resultat.output)
    ancien, recent = lu("1990-01-01"), lu("2020-01-01")
    assert ancien["montants"]["plafond"] == recent["montants"]["plafond"] == "2500.00"
    assert [f["citation"] for f in ancien["fondements"]] == [
        "Décr. n° 80-473 du 28 juin 1980, art. 2", "Loi n° 79-596 du 13 juill. 1979, art. 12"]
    decret, loi = ancien["fondements"]
    # the décret's article opens on Légifrance at that version; the loi's article id is unknown: a search
    assert decret["url"] == "https://www.legifrance.gouv.fr/loda/article_lc/LEGIARTI000006492758/1980-06-29"
    assert "lien" not in decret
    assert loi.get("lien") == "recherche" and loi["url"].startswith("https://www.legifrance.gouv.fr/search")
    assert [f["citation"] for f in recent["fondements"]] == ["C. conso., art. R.313-25", "C. conso., art. L.313-47"]


@pytest.mark.parametrize("args, message", [
    (["frais", "--valeur", "1", "--date", "2004-01-01"], "sans valeur au 01/01/2004"),
    (["interet-legal", "--du", "2026-06-01", "--au", "2026-09-30", "--montant", "1000"], "01/07/2026"),
    (["soulte", "--valeur", "100", "--quote-part", "100"], "atteignent 100 %"),
    (["recompense", "--apport", "300", "--prix", "200", "--valeur", "500"], "dépasse le prix"),
])
def test_calcul_impossible_une_ligne_statut_2(args, message):
    resultat = CliRunner().invoke(main, ["calc", *args])
    assert resultat.exit_code == 2
    assert message in resultat.output and "Traceback" not in resultat.output
    assert len(resultat.output.strip().splitlines()) == 1


def test_nombre_illisible_refuse():
    resultat = CliRunner().invoke(main, ["calc", "soulte", "--valeur", "abc"])
    assert resultat.exit_code == 2 and "n'est pas un nombre" in resultat.output
