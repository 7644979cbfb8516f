"""The rule language as compiled: each operator's true / false / unknown patterns, run in
durable_rules itself, the guards on absent sides, calendar periods, counts, presumptions."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import durable_rules_engine
import pytest
from hypothesis import given, settings, strategies as st

from lexfoyer.api import evaluer_dossier
from lexfoyer.cas.dossier import dossier_depuis_texte
from lexfoyer.droit.regles import Test as TestDeRegle
from lexfoyer.moteur.compilateur import JAMAIS, complements_comparatifs, trois_tests, trois_tests_comparatifs
from lexfoyer.moteur.execution import HoteSynchrone
from lexfoyer.moteur.valeurs import Valeur, Valeurs, en_moteur
from lexfoyer.rapport.explication import expliquer


def _evaluer_motifs(motifs: dict[str, dict], faits: list[dict]) -> list[set[str]]:
    """Which named patterns each fact matches, in the real C engine (one session a fact)."""
    regles = {nom: {"all": [{"m": {"$and": [{"t": "x"}, m]}}], "run": nom} for nom, m in motifs.items()}
    regles["puits"] = {"all": [{"m": {"$ex": {"t": 1}}}, {"n": {"t": "jamais"}}], "run": "puits"}
    hote = HoteSynchrone({nom: (lambda c: None) for nom in regles})
    hote.set_rulesets({"essai_langage": regles})
    poignee = hote.get_ruleset("essai_langage")._handle
    sorties = []
    try:
        for n, fait in enumerate(faits):
            tires: set[str] = set()
            etat = durable_rules_engine.assert_facts(poignee, json.dumps([dict(fait, id=f"f{n}", t="x", sid=f"s{n}")]))
            resultat = durable_rules_engine.start_action_for_state(poignee, etat[1])
            while resultat:
                tires.add(next(iter(json.loads(resultat[1]))))
                durable_rules_engine.update_state(poignee, resultat[0])
                suivant = durable_rules_engine.complete_and_start_action(poignee, etat[1])
                resultat = (resultat[0], suivant) if suivant else None
            sorties.append(tires)
    finally:
        hote.fermer()
    return sorties


def _statut(test: TestDeRegle, fait: dict, i: int = 0) -> str:
    """« vrai », « faux » or « inconnu » as the engine matches the compiled test; exactly one."""
    t, f, u = trois_tests_comparatifs(test, i)
    non_t, non_f = complements_comparatifs(test, i)
    motifs = {nom: m for nom, m in (("vrai", t), ("faux", f), ("inconnu", u), ("non_vrai", non_t), ("non_faux", non_f))
              if m is not JAMAIS}
    (tires,) = _evaluer_motifs(motifs, [fait])
    statuts = tires & {"vrai", "faux", "inconnu"}
    assert len(statuts) == 1, (test, fait, tires)
    (statut,) = statuts
    # the compact complements agree with the three patterns
    assert ("non_vrai" in tires) == (statut != "vrai"), (test, fait, tires)
    assert ("non_faux" in tires) == (statut != "faux"), (test, fait, tires)
    return statut


def _test(op: str, valeur=None, absent: str = "inconnu") -> TestDeRegle:
    return TestDeRegle("notion.x", op, valeur if valeur is not None else {"fait": "personne.y"}, absent)


CAS = [  # operator, left, right, expected
    ("egal", 5, 5, "vrai"), ("egal", 5, 6, "faux"), ("egal", "A", "A", "vrai"), ("egal", "A", "B", "faux"),
    ("different", 5, 6, "vrai"), ("different", 5, 5, "faux"),
    ("min", 6, 5, "vrai"), ("min", 5, 5, "vrai"), ("min", 4, 5, "faux"),
    ("max", 4, 5, "vrai"), ("max", 5, 5, "vrai"), ("max", 6, 5, "faux"),
    ("sup", 6, 5, "vrai"), ("sup", 5, 5, "faux"),
    ("inf", 4, 5, "vrai"), ("inf", 5, 5, "faux"),
    ("contient", ["∅", "A", "B"], "A", "vrai"), ("contient", ["∅", "B"], "A", "faux"), ("contient", ["∅"], "A", "faux"),
]


@pytest.mark.parametrize("op,gauche,droite,attendu", CAS)
def test_comparaison_entre_deux_faits(op, gauche, droite, attendu):
    assert _statut(_test(op), {"g__0": gauche, "d__0": droite}) == attendu


@pytest.mark.parametrize("op", ["egal", "different", "min", "max", "sup", "inf", "contient"])
@pytest.mark.parametrize("fait", [{"g__0": 5}, {"d__0": 5}, {}])
def test_un_cote_absent_rend_la_condition_inconnue(op, fait):
    """durable_rules matches $lt and $gte (and = and $neq) alike when the right-hand attribute is
    absent: without the guard a missing fact would make a condition true *and* false."""
    assert _statut(_test(op), fait) == "inconnu"


@pytest.mark.parametrize("fait,attendu", [({"g__0": 5}, "faux"), ({}, "faux"), ({"g__0": 5, "d__0": 5}, "vrai")])
def test_absent_faux_ferme_le_monde(fait, attendu):
    assert _statut(_test("egal", absent="faux"), fait) == attendu


@pytest.mark.parametrize("op,valeurs,gauche,attendu", [
    ("dans", ["∅", "mariage", "pacs"], "pacs", "vrai"), ("dans", ["∅", "mariage", "pacs"], "concubinage", "faux"),
    ("hors", ["∅", "mariage"], "pacs", "vrai"), ("hors", ["∅", "mariage"], "mariage", "faux"),
])
def test_appartenance_a_une_liste(op, valeurs, gauche, attendu):
    test = TestDeRegle("conjoint_non_proprietaire.statut", op, valeurs[1:])
    assert _statut(test, {"g__0": gauche, "d__0": valeurs}) == attendu
    assert _statut(test, {"d__0": valeurs}) == "inconnu"


def test_existe():
    assert _statut(TestDeRegle("conjoint_non_proprietaire.id", "existe", True), {"g__0": "A"}) == "vrai"
    assert _statut(TestDeRegle("conjoint_non_proprietaire.id", "existe", True), {}) == "faux"


@pytest.mark.parametrize("op,n,certains,possibles,attendu", [
    ("au_moins", 1, 1, 1, "vrai"), ("au_moins", 1, 0, 0, "faux"), ("au_moins", 1, 0, 1, "inconnu"),
    ("au_moins", 2, 1, 3, "inconnu"), ("au_moins", 2, 2, 3, "vrai"), ("au_moins", 2, 1, 1, "faux"),
    ("au_plus", 1, 0, 1, "vrai"), ("au_plus", 1, 2, 2, "faux"), ("au_plus", 1, 1, 2, "inconnu"),
])
def test_compter_a_trois_valeurs(op, n, certains, possibles, attendu):
    test = TestDeRegle("notion.enfants", op, n)
    fait = {"g__0": certains * 10_000, "g__0__possible": possibles * 10_000}
    assert _statut(test, fait) == attendu
    assert _statut(test, {}) == "inconnu"


def test_comparaison_a_un_parametre_gardee():
    """``calcul.x max {parametre: p}`` stays on the calculation fact; without the parameter
    (no value at that date) the condition is unknown, never true or false."""
    test = TestDeRegle("calcul.taux", "max", {"parametre": "plafond"})
    t, f, u = trois_tests(TestDeRegle("taux", "max", {"parametre": "plafond"}))
    sorties = _evaluer_motifs({"vrai": t, "faux": f, "inconnu": u},
                              [{"taux": 30, "p__plafond": 35}, {"taux": 40, "p__plafond": 35}, {"taux": 40}, {"p__plafond": 35}])
    assert sorties == [{"vrai"}, {"faux"}, {"inconnu"}, {"inconnu"}]
    assert not test.comparatif


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["egal", "different", "min", "max", "sup", "inf"]),
       st.one_of(st.none(), st.integers(-5, 5)), st.one_of(st.none(), st.integers(-5, 5)))
def test_exactement_un_statut_par_comparaison(op, gauche, droite):
    fait = {k: v * 10_000 for k, v in (("g__0", gauche), ("d__0", droite)) if v is not None}
    attendu = "inconnu" if gauche is None or droite is None else (
        "vrai" if {"egal": gauche == droite, "different": gauche != droite, "min": gauche >= droite,
                   "max": gauche <= droite, "sup": gauche > droite, "inf": gauche < droite}[op] else "faux")
    assert _statut(_test(op), fait) == attendu


# -- calendar periods on a side -------------------------------------------------------

class _Lecteur:
    """A stand-in dossier reader: rule path → value."""

    type_sujet, ref = "personne", "A"

    def __init__(self, valeurs: dict):
        self.valeurs = valeurs

    def lire(self, chemin: str):
        return chemin, self.valeurs.get(chemin)


def _cotes(test: TestDeRegle, valeurs: dict, parametres: dict | None = None):
    from lexfoyer.droit.kb import ValeurDatee
    resolus = {a: ValeurDatee(date(2000, 1, 1), Decimal(v), None, (), None) for a, v in (parametres or {}).items()}
    return Valeurs(_Lecteur(valeurs), {}, lambda ident: None, resolus).cotes(test)


@pytest.mark.parametrize("periode,attendu", [
    ({"jours": 90}, date(2026, 5, 1)), ({"mois": 1}, date(2026, 2, 28)), ({"annees": 2}, date(2028, 1, 31)),
])
def test_date_decalee_d_une_periode(periode, attendu):
    test = TestDeRegle("dossier.date_reference", "min", {"fait": "personne.depuis", "plus": periode})
    gauche, droite = _cotes(test, {"dossier.date_reference": "2026-06-01", "personne.depuis": "2026-01-31"})
    assert droite.valeur == attendu and gauche.valeur == date(2026, 6, 1)


def test_periode_lue_dans_un_parametre_et_retranchee():
    test = TestDeRegle("dossier.date_reference", "inf", {"fait": "personne.depuis", "moins": {"mois": {"parametre": "delai"}}})
    _g, droite = _cotes(test, {"dossier.date_reference": "2026-06-01", "personne.depuis": "2026-03-31"}, {"delai": 1})
    assert droite.valeur == date(2026, 2, 28)


def test_periode_sans_valeur_rend_le_cote_inconnu():
    test = TestDeRegle("dossier.date_reference", "min", {"fait": "personne.depuis", "plus": {"jours": {"parametre": "franchise"}}})
    _g, droite = _cotes(test, {"dossier.date_reference": "2026-06-01", "personne.depuis": "2026-01-31"}, {})
    assert droite.valeur is None and droite.manque


def test_valeurs_pour_le_moteur():
    assert en_moteur(Decimal("12.5")) == 125_000 and en_moteur(date(2026, 3, 1)) == 20260301
    assert en_moteur(["A", Decimal(2)]) == ["∅", "A", 20_000] and en_moteur(True) is True
    assert Valeur().valeur is None


# -- presumptions: applied when the fact is absent, rebutted when it is written ---------

def _rapport(base, texte: str):
    dossier = dossier_depuis_texte(texte, "essai.yaml")
    return evaluer_dossier(dossier, base)


BAIL = """
dossier: {{reference: PR-372, date_reference: "2026-11-21"}}
situation_familiale: {{lien: mariage, procedure: divorce_judiciaire}}
personnes:
  - {{id: A, occupe_logement: true{autorite}}}
  - {{id: B, occupe_logement: false}}
enfants:
  - {{prenom: Aline, date_naissance: "2014-03-02", residence: A, commun: true}}
biens:
  - {{id: m, logement_familial: true, propriete: propre, proprietaire: B}}
"""


def _conclusion(rapport: dict, ident: str) -> dict:
    return next(c for c in rapport["conclusions"] if c["id"] == ident)


def test_autorite_parentale_presumee_puis_renversee(base):
    evaluation, rapport = _rapport(base, BAIL.format(autorite=""))
    assert _conclusion(rapport, "logement.bail_force")["statut"] == "applicable"
    (presume,) = [p for p in rapport["presomptions"] if p["presomption"] == "autorite_parentale_conjointe"]
    assert presume["chemin"] == "personnes[0].autorite_parentale" and presume["valeur"] is True
    assert presume["fondement"] == "code-civil/372"
    texte = expliquer(base, evaluation, rapport, "logement.bail_force")
    assert "personnes[0].autorite_parentale = True (présumé : C. civ., art. 372, C. civ., art. 373-2)" in texte
    assert "à renverser par une décision du juge" in texte
    _ev, rapport = _rapport(base, BAIL.format(autorite=", autorite_parentale: false"))
    assert _conclusion(rapport, "logement.bail_force")["statut"] == "non_applicable"
    assert not [p for p in rapport["presomptions"] if p["presomption"] == "autorite_parentale_conjointe"]


def test_presomption_sans_ses_premisses_ne_s_applique_pas(base):
    """No child in the dossier: parental authority is not presumed (nothing to exercise)."""
    texte = BAIL.format(autorite="").replace('enfants:\n  - {prenom: Aline, date_naissance: "2014-03-02", residence: A, commun: true}\n', "")
    evaluation, rapport = _rapport(base, texte)
    assert not [p for p in evaluation.faits.presumes if p.presomption.id == "autorite_parentale_conjointe"]


PACS = """
dossier: {{reference: PR-515, date_reference: "2026-11-21"}}
situation_familiale: {{lien: pacs, regime_pacs: {regime}}}
personnes: [{{id: A}}, {{id: B}}]
biens:
  - {{id: m, logement_familial: true, propriete: indivis{parts}}}
"""


def test_indivision_pacs_par_moitie_presumee_puis_renversee(base):
    evaluation, _rapport_ = _rapport(base, PACS.format(regime="indivision", parts=""))
    (presume,) = [p for p in evaluation.faits.presumes if p.presomption.id == "indivision_pacs_par_moitie"]
    assert presume.chemin == "biens[0].quotes_parts" and presume.valeur == {"A": Decimal(50), "B": Decimal(50)}
    evaluation, _r = _rapport(base, PACS.format(regime="indivision", parts=", quotes_parts: {A: 70, B: 30}"))
    assert not [p for p in evaluation.faits.presumes if p.presomption.id == "indivision_pacs_par_moitie"]
    evaluation, _r = _rapport(base, PACS.format(regime="separation", parts=""))
    assert not [p for p in evaluation.faits.presumes if p.presomption.id == "indivision_pacs_par_moitie"]


def test_bonne_foi_presumee_sauf_si_le_dossier_dit_le_contraire(base):
    texte = """
dossier: {reference: PR-2274, date_reference: "2026-11-21"}
personnes: [{id: A}, {id: B, bonne_foi: false}]
"""
    evaluation, _r = _rapport(base, texte)
    presumes = {p.chemin for p in evaluation.faits.presumes if p.presomption.id == "bonne_foi"}
    assert presumes == {"personnes[0].bonne_foi"}


def test_le_dossier_lu_n_est_jamais_modifie(base):
    dossier = dossier_depuis_texte(BAIL.format(autorite=""), "essai.yaml")
    evaluer_dossier(dossier, base)
    assert "autorite_parentale" not in dossier.donnees["personnes"][0]


def test_lint_refuse_un_verdict_calcule_en_python(base, tmp_path):
    """« calcul.x egal 1 » tests a condition decided in Python: lint names it, located."""
    import shutil
    from pathlib import Path
    from lexfoyer.droit.base import charger_base
    from lexfoyer.droit.lint import linter
    racine = Path(__file__).parent.parent
    copie = tmp_path / "base"
    for sous in ("kb", "rules", "schemas"):
        shutil.copytree(racine / sous, copie / sous)
    regles = copie / "rules" / "soulte.yaml"
    texte = regles.read_text(encoding="utf-8")
    ancien = "      - fait: calcul.plafond\n        min: 0\n"
    assert ancien in texte
    regles.write_text(texte.replace(ancien, "      - fait: calcul.plafond\n        egal: 1\n", 1), encoding="utf-8")
    problemes = [str(p) for p in linter(charger_base(copie, cache=False), None)]
    assert any("verdict calculé en Python" in p and "soulte.yaml:" in p for p in problemes), problemes
    assert not [p for p in linter(base, None) if "verdict" in p.message]


def test_statut_tranchee_vrai_dans_les_deux_sens_jamais_faux():
    """« statut: tranchee »: the other conclusion is decided (applicable or not) → true;
    « à vérifier » → unknown; never false (no ``non__`` variant is compiled for it)."""
    from lexfoyer.droit.regles import Condition
    from lexfoyer.moteur.compilateur import JAMAIS, quatre_conditions
    cond = Condition(libelle="l'étape est tranchée", conclusion="etape.x", statut="tranchee")
    alias, t, f, u, pas_faux = quatre_conditions(None, cond)
    assert alias == "c:etape.x" and f is JAMAIS
    assert t == {"$or": [{"statut": "applicable"}, {"statut": "non_applicable"}]} and u == {"statut": "a_verifier"}
