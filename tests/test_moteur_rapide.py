"""The engine's hot path, made faster for batches, must give exactly what durable_rules'
own dispatch gives: each shortcut is checked against the path it replaces."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from lexfoyer.moteur.compilateur import PUITS
from lexfoyer.cas.dossier import charger_dossier, dossier_depuis_texte
from lexfoyer.cas.faits import construire_faits
from lexfoyer.moteur.execution import Moteur
from lexfoyer.rapport.construction import construire_rapport
from lexfoyer.lecture.schemas import _deplier, schema, valider
from lexfoyer.rapport.sortie import en_json
from lexfoyer.lecture.yamlsur import charger_texte

RACINE = Path(__file__).parent.parent
EXEMPLES = sorted((RACINE / "examples").glob("*.yaml"))


class _PassageDurable:
    """What durable_rules' ``Closure`` offers, seen through our actions' interface."""

    def __init__(self, closure):
        self.faits, self.assert_fact = closure._m, closure.assert_fact


class MoteurDurable(Moteur):
    """The same rules dispatched by durable_rules itself (``Host.assert_facts``)."""

    def _action(self, nom: str):
        action = super()._action(nom)
        return lambda c: action(_PassageDurable(c))

    def _derouler(self, sid: str, lot: list[dict]) -> None:
        self.hote.assert_facts(self.nom, lot)


@pytest.fixture(scope="module")
def moteurs(base):
    return Moteur(base), MoteurDurable(base)


@pytest.mark.parametrize("exemple", EXEMPLES, ids=lambda p: p.stem)
def test_boucle_directe_identique_a_celle_de_durable(base, moteurs, exemple: Path):
    rapide, durable = moteurs
    dossier = charger_dossier(exemple)
    faits = construire_faits(dossier.donnees, dossier.date_reference)
    evaluation = rapide.evaluer(faits)
    reference = durable.evaluer(construire_faits(dossier.donnees, dossier.date_reference))
    assert en_json(construire_rapport(base, dossier, evaluation)) == en_json(construire_rapport(base, dossier, reference))
    assert evaluation.observations == reference.observations


def test_le_puits_accepte_tout_fait_sans_jamais_se_declencher(base):
    appels = []

    class Compteur(Moteur):
        def _action(self, nom: str):
            action = super()._action(nom)
            if nom == PUITS:
                return lambda c: appels.append(c)
            return action

    moteur = Compteur(base)
    dossier = dossier_depuis_texte("dossier: {reference: E}\nenfants: [{prenom: Léo, age: 3}]\n")
    moteur.evaluer(construire_faits(dossier.donnees, dossier.date_reference))  # no MessageNotHandled
    assert appels == []
    moteur.fermer()


def test_le_moteur_ne_modifie_pas_la_base(base):
    avant = copy.deepcopy(base.ruleset)
    Moteur(base).fermer()
    assert base.ruleset == avant  # durable_rules deletes each rule's « run » from what it gets


def test_inconnu_sans_regle_d_observation(base):
    (regles,) = base.ruleset.values()
    assert not [nom for nom in regles if "__obs__inconnu__" in nom]
    dossier = charger_dossier(RACINE / "examples" / "desolidarisation-faits-manquants.yaml")
    rapport = construire_rapport(base, dossier, Moteur(base).evaluer(construire_faits(dossier.donnees, dossier.date_reference)))
    valeurs = {c["valeur"] for conclusion in rapport["conclusions"] for c in conclusion["conditions"]}
    assert "inconnu" in valeurs


MAUVAIS = [
    "dossier: {reference: X, date_reference: 2026-13-45}\n",
    "dossier: {reference: X}\npersonnes: [{id: A, revenu_mensuel: 3, revenus_mensuels_nets: -4}]\n",
    "dossier: {reference: X}\nprets: [{id: p, emprunteurs: A, taux_nominal: abc}]\n",
    "dossier: {reference: X}\nbiens: [{id: b, valeur: [1], propriete: partage}]\n",
    "dossier: {}\nsituation_familiale: {procedure: divorce, lien: 3}\n",
]


@pytest.mark.parametrize("texte", MAUVAIS)
def test_schema_deplie_memes_erreurs(texte: str):
    assert "$ref" not in str({k: v for k, v in _deplier(schema("dossier")).items() if k != "$defs"})
    doc = charger_texte(texte, "d.yaml")
    brut = Draft202012Validator(schema("dossier"))
    attendu = sorted((list(e.absolute_path), e.message) for e in brut.iter_errors(doc.donnees))
    from lexfoyer.lecture.schemas import validateur
    obtenu = sorted((list(e.absolute_path), e.message) for e in validateur("dossier").iter_errors(doc.donnees))
    assert obtenu == attendu and valider(doc, "dossier")
