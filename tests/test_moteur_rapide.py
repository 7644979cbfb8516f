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


# -- what the compiled base gives the C engine (issue 14) -----------------------------------
def test_faux_observe_par_non_sans_regle_d_observation(base):
    """« faux » is observed by ``non__i`` (the same patterns): no ``obs__faux__i`` rule."""
    (regles,) = base.ruleset.values()
    assert not [n for n in regles if "__obs__faux__" in n]
    dossier = charger_dossier(RACINE / "examples" / "desolidarisation-refusee-divorce.yaml")
    evaluation = Moteur(base).evaluer(construire_faits(dossier.donnees, dossier.date_reference))
    faux = {(t.regle, t.sujet, t.condition) for t in evaluation.trace if t.variante.startswith("non__")}
    assert faux and all(evaluation.observations[(r, s)][i] == "faux" for r, s, i in faux)


def test_dossier_joint_seulement_s_il_est_teste(base):
    from lexfoyer.moteur.motifs import aliases_de
    (regles,) = base.ruleset.values()
    sans = [n for n, d in regles.items() if "sj" in aliases_de(d) and not any("dos" in m for m in d["all"])]
    assert sans  # most rules on a person, a loan or a bien test nothing on the dossier
    assert all(aliases_de(regles[n]).index("dos") == aliases_de(regles[n]).index("sj") + 1 for n in sans)
    # the trace still names the dossier fact among the facts a firing used
    dossier = charger_dossier(RACINE / "examples" / "desolidarisation-refusee-divorce.yaml")
    faits = construire_faits(dossier.donnees, dossier.date_reference)
    id_dossier = next(f["id"] for f in faits.liste if f["t"] == "dossier")
    trace = Moteur(base).evaluer(faits).trace
    assert trace and all(id_dossier in t.faits_ids for t in trace)


def test_attributs_testes_seuls_donnes_au_moteur():
    from lexfoyer.moteur.motifs import attributs_testes
    regles = {"r": {"all": [{"sj": {"$and": [{"t": "personne"}, {"$gt": {"revenu": 0}}, {"menage.enfants": 2}]}},
                            {"k": {"$and": [{"t": "calcul"}, {"ref": {"sj": "ref"}}, {"$ex": {"g__0": 1}}]}}]}}
    assert attributs_testes(regles) == ["g__0", "id", "menage", "ref", "revenu", "sid", "t"]


def test_conclusion_affirmee_seulement_si_une_regle_la_lit(base):
    """A conclusion no condition reads is not asserted, yet later facts keep their ids."""
    moteur = Moteur(base)
    lues = {c.conclusion for r in base.regles.values() for c in r.conditions if c.conclusion}
    assert moteur._jointes == lues and len(lues) < len(base.regles)


def test_memos_du_rapport_rendent_des_copies(base):
    from datetime import date
    from lexfoyer.rapport.construction import fondements_conclusion, lire_fondements
    idents = next(r.fondements for r in base.regles.values() if len(r.fondements) > 1)
    premier, _ = fondements_conclusion(base, idents, date(2026, 1, 1))
    premier[0]["citation"] = "modifiée par un appelant"
    second, note = fondements_conclusion(base, idents, date(2026, 1, 1))
    assert (second, note) == lire_fondements(base, idents, date(2026, 1, 1))
    assert second[0]["citation"] != "modifiée par un appelant"
