"""``lexfoyer entretien``: questions one by one, answers written in place, file never half-written."""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from lexfoyer.cas.dossier import charger_dossier
from lexfoyer.cli.main import main
from lexfoyer.flux import entretien as module
from lexfoyer.flux.entretien import (ReponseInvalide, charger_aller_retour, ecrire_atomique, ecrire_texte,
                                     lire_reponse, poser_valeur)

EXEMPLE = Path(__file__).parent.parent / "examples" / "desolidarisation-faits-manquants.yaml"


@pytest.fixture
def dossier(tmp_path) -> Path:
    copie = tmp_path / "rdv.yaml"
    copie.write_text(EXEMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    return copie


def lancer(*arguments: str, entree: str = ""):
    return CliRunner().invoke(main, ["entretien", *arguments], input=entree, catch_exceptions=False)


def test_reponses_ecrites_a_leur_place_commentaires_conserves(dossier):
    avant = dossier.read_text(encoding="utf-8")
    # 1st question: the bank's answer (choice 2 = en_attente); then Karim pays alone? passed;
    # Julie pays alone? « peut-être » refused then « n »; then stop
    resultat = lancer(str(dossier), entree="2\n\npeut-être\nn\nfin\n")
    assert resultat.exit_code == 0, resultat.output
    assert "réponse refusée : répondre oui ou non" in resultat.output
    assert "Entretien arrêté. 2 réponse(s) écrite(s)" in resultat.output and "1 question(s) passée(s)" in resultat.output
    apres = dossier.read_text(encoding="utf-8")
    assert apres.startswith("# Premier rendez-vous : le client sait seulement")  # comments kept
    attendu = avant.replace("    demandeur: A\n", "    demandeur: A\n    reponse_banque: en_attente\n").replace(
        "    prenom: Julie\n", "    prenom: Julie\n    paie_seul_pret: false\n")
    assert apres == attendu  # only the two lines added, each under its own item, nothing else moved
    donnees = charger_dossier(dossier).donnees
    assert donnees["demandes"]["desolidarisation"]["reponse_banque"] == "en_attente"
    assert donnees["personnes"][1]["paie_seul_pret"] is False


def test_ordre_du_schema_et_table_creee(dossier):
    y, donnees = charger_aller_retour(dossier.read_text(encoding="utf-8"))
    poser_valeur(donnees, "situation_familiale.lien", "pacs")  # before « procedure » in the schema
    poser_valeur(donnees, "personnes[1].emploi.statut", "cdi")  # « emploi » does not exist yet
    poser_valeur(donnees, "personnes[1].revenus_mensuels_nets", Decimal("2400.50"))
    poser_valeur(donnees, "prets[0].date_signature", date(2019, 6, 14))
    texte = ecrire_texte(y, donnees)
    assert "situation_familiale:\n  lien: pacs\n  procedure: separation_de_fait\n" in texte
    assert "    revenus_mensuels_nets: 2400.50\n" in texte and "    emploi:\n      statut: cdi\n" in texte
    assert "    date_signature: 2019-06-14\n" in texte
    with pytest.raises(ReponseInvalide):
        poser_valeur(donnees, "personnes[5].age", 40)


def test_valeur_refusee_par_le_schema_redemandee_fichier_intact(dossier, monkeypatch):
    """A negative income passes the number check but not the schema: asked again, file untouched."""
    avant = dossier.read_text(encoding="utf-8")
    resultat = lancer(str(dossier), "--domaine", "sortir_du_pret", entree="\n\n\n\n\n\n-5\nfin\n")
    assert resultat.exit_code == 0, resultat.output
    if "réponse refusée" in resultat.output:  # the income question was reached
        assert dossier.read_text(encoding="utf-8") == avant


def test_lire_reponse():
    choix = {"reponse": "choix", "valeurs": ["cdi", "cdd"]}
    assert lire_reponse("2", choix) == "cdd" and lire_reponse("cdi", choix) == "cdi"
    with pytest.raises(ReponseInvalide):
        lire_reponse("3", choix)
    assert lire_reponse("1 850,50", {"reponse": "nombre"}) == Decimal("1850.50")
    assert lire_reponse("1850", {"reponse": "nombre"}) == 1850
    assert lire_reponse("oui", {"reponse": "booleen"}) is True
    assert lire_reponse("2026-02-01", {"reponse": "date"}) == date(2026, 2, 1)
    for mauvais, genre in (("31/02/2026", "date"), ("beaucoup", "nombre"), ("2,5", "entier")):
        with pytest.raises(ReponseInvalide):
            lire_reponse(mauvais, {"reponse": genre})


def test_arret_quand_plus_rien_ne_manque(tmp_path):
    complet = tmp_path / "complet.yaml"
    complet.write_text((Path(__file__).parent.parent / "examples" / "logement-bail-violences-locataires.yaml").read_text(encoding="utf-8"),
                       encoding="utf-8")
    resultat = lancer(str(complet))
    assert resultat.exit_code == 0 and "Plus rien de pertinent ne manque. 0 réponse(s) écrite(s)" in resultat.output


def test_ecriture_atomique_rien_a_moitie(dossier, monkeypatch):
    avant = dossier.read_text(encoding="utf-8")

    def panne(*_args):
        raise OSError("disque plein")

    monkeypatch.setattr(module.os, "replace", panne)
    with pytest.raises(OSError):
        ecrire_atomique(dossier, "dossier: {reference: X}\n")
    assert dossier.read_text(encoding="utf-8") == avant
    assert [p.name for p in dossier.parent.iterdir()] == [dossier.name]  # no temporary file left


def test_mode_du_fichier_conserve(dossier):
    os.chmod(dossier, 0o600)
    ecrire_atomique(dossier, dossier.read_text(encoding="utf-8"))
    assert os.stat(dossier).st_mode & 0o777 == 0o600


def test_aide_avec_exemple():
    for commande in (["entretien"], ["evaluate"], ["explain"], ["validate"], ["kb", "list"], ["kb", "show"], ["kb", "search"],
                     ["rules", "list"], ["rules", "show"], ["lint"], ["test"]):
        aide = CliRunner().invoke(main, [*commande, "--help"]).output
        assert "Exemple" in aide, commande
