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
                                     lire_reponse, mener_entretien, poser_valeur)

EXEMPLE = Path(__file__).parent.parent / "examples" / "desolidarisation-faits-manquants.yaml"


@pytest.fixture
def dossier(tmp_path) -> Path:
    copie = tmp_path / "rdv.yaml"
    copie.write_text(EXEMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    return copie


def lancer(*arguments: str, entree: str = ""):
    return CliRunner().invoke(main, ["entretien", *arguments], input=entree, catch_exceptions=False)


def test_reponses_ecrites_a_leur_place_commentaires_conserves(dossier, base):
    """Scripted answers by path (the order of the questions is the rules' business)."""
    avant = dossier.read_text(encoding="utf-8")
    reponses = {"demandes.desolidarisation.reponse_banque": ["2"], "personnes[0].paie_seul_pret": [""],
                "personnes[1].paie_seul_pret": ["peut-être", "n"]}
    posees, erreurs = [], []

    def demander(question, _restantes, erreur):
        posees.append(question["chemin"])
        if erreur:
            erreurs.append(erreur)
        file = reponses.get(question["chemin"])
        return file.pop(0) if file else ""  # anything else: passed

    bilan = mener_entretien(dossier, base, demander, lambda _ligne: None)
    assert erreurs == ["répondre oui ou non"]
    assert [c for c, _v in bilan.ecrites] == ["demandes.desolidarisation.reponse_banque", "personnes[1].paie_seul_pret"]
    assert len(posees) == len(set(posees)) + 1  # the refused answer asked the same question again, nothing asked twice otherwise
    assert bilan.fin == "reste_des_questions_passees"
    apres = dossier.read_text(encoding="utf-8")
    attendu = avant.replace("    demandeur: A\n", "    demandeur: A\n    reponse_banque: en_attente\n").replace(
        "    prenom: Julie\n", "    prenom: Julie\n    paie_seul_pret: false\n")
    assert apres == attendu  # comments kept, only the two lines added, each under its own item
    donnees = charger_dossier(dossier).donnees
    assert donnees["demandes"]["desolidarisation"]["reponse_banque"] == "en_attente"


def test_commande_entretien_arret_et_reponse(dossier):
    avant = dossier.read_text(encoding="utf-8")
    arret = lancer(str(dossier), entree="fin\n")
    assert arret.exit_code == 0 and "Entretien arrêté. 0 réponse(s) écrite(s)" in arret.output
    assert dossier.read_text(encoding="utf-8") == avant
    # the first question, whatever it is, answered « 1 » (first choice) or « o » — then stop
    premiere = lancer(str(dossier), "--max", "1", entree="1\n")
    if "réponse refusée" in premiere.output:
        premiere = lancer(str(dossier), "--max", "1", entree="o\n")
    assert premiere.exit_code == 0 and "1 réponse(s) écrite(s)" in premiere.output, premiere.output
    apres = dossier.read_text(encoding="utf-8")
    assert len(apres.splitlines()) == len(avant.splitlines()) + 1 and apres.startswith("# Premier rendez-vous")
    charger_dossier(dossier)  # still a valid dossier


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


def test_valeur_refusee_par_le_schema_redemandee_fichier_intact(dossier, base):
    """A negative income passes the number check but not the schema: asked again, file untouched meanwhile."""
    avant = dossier.read_text(encoding="utf-8")
    vus = []

    def demander(question, _restantes, erreur):
        if question["chemin"] != "personnes[1].revenus_mensuels_nets":
            return ""
        vus.append((erreur, dossier.read_text(encoding="utf-8") == avant))
        return "-5" if erreur is None else "2400"

    bilan = mener_entretien(dossier, base, demander, lambda _ligne: None)
    assert len(vus) == 2 and vus[0] == (None, True)
    assert vus[1][0] and vus[1][1]  # the schema's message, and the file not yet touched
    assert bilan.ecrites == [("personnes[1].revenus_mensuels_nets", 2400)]
    assert "    revenus_mensuels_nets: 2400\n" in dossier.read_text(encoding="utf-8")


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
    """Every command, sub-commands included, shows an example in its --help."""
    import click

    def commandes(groupe, chemin=()):
        for nom, commande in sorted(groupe.commands.items()):
            yield chemin + (nom,)
            if isinstance(commande, click.Group):
                yield from commandes(commande, chemin + (nom,))

    for commande in commandes(main):
        aide = CliRunner().invoke(main, [*commande, "--help"]).output
        assert "Exemple" in aide, commande
