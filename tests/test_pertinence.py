"""What the dossier is about (issue 12): relevance, « L'essentiel », the order of the
details, the questions worth asking, and free text that cannot break the layout."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from lexfoyer.api import evaluer_dossier
from lexfoyer.cas.dossier import charger_dossier, dossier_depuis_texte
from lexfoyer.cli.main import main
from lexfoyer.lecture.schemas import schema
from lexfoyer.rapport.essentiel import details_ordonnes
from lexfoyer.rapport.pertinence import domaines_retenus, fait_present
from lexfoyer.rapport.sortie import en_html, en_markdown, en_texte

EXEMPLES = Path(__file__).parent.parent / "examples"
DIVORCE = EXEMPLES / "desolidarisation-refusee-divorce.yaml"
PREMIER_RDV = EXEMPLES / "desolidarisation-faits-manquants.yaml"
BAIL_FORCE = EXEMPLES / "logement-bail-force-deux-enfants.yaml"


def rapport_de(chemin: Path, base, domaines=()) -> dict:
    return evaluer_dossier(charger_dossier(chemin), base, tuple(domaines))[1]


def test_les_blocs_pertinence_nomment_des_conclusions_de_leur_domaine(base):
    """A typo in a rules file's ``pertinence`` block would silently drop a conclusion."""
    for domaine, bloc in base.pertinences.items():
        conclusions = {r.conclusion for r in base.regles.values() if r.domaine == domaine}
        for cle in ("essentiel", "refus"):
            assert set(bloc.get(cle, [])) <= conclusions, (domaine, cle)
        assert set(bloc.get("refus", [])) <= set(bloc.get("essentiel", [])), domaine
        assert set(bloc.get("conclusions", {})) <= conclusions, domaine
        assert bloc.get("faits"), f"{domaine} : aucun fait ne le rend pertinent"


def test_faits_presents():
    donnees = {"prets": [{"id": "p1", "incidents": {"impayes": 0}}, {"id": "p2", "incidents": {"impayes": 2}}],
               "personnes": [{"id": "A", "perte_emploi": {"motif": "demission"}}, {"id": "B"}],
               "situation_familiale": {"procedure": "aucune", "violences": {}}}
    assert fait_present(donnees, "prets[].incidents.impayes")  # p2
    assert not fait_present({"prets": [{"incidents": {"impayes": 0}}]}, "prets[].incidents.impayes")  # 0: nothing to act on
    assert not fait_present(donnees, "situation_familiale.violences")  # empty
    assert fait_present(donnees, "personne.perte_emploi", {"personne": "A"})
    assert not fait_present(donnees, "personne.perte_emploi", {"personne": "B"})


def test_premier_rendez_vous_ne_demande_que_ce_qui_compte(base):
    rapport = rapport_de(PREMIER_RDV, base)
    assert rapport["pertinence"]["source"] == "faits" and rapport["pertinence"]["domaines"] == ["desolidarisation"]
    assert len(rapport["questions"]) <= 12  # 29 before issue 12
    demandees = {x.split(" [")[0] for q in rapport["questions"] for x in q["conclusions"]}
    assert not demandees & {"pret.suspension_construction", "droits.rsa", "droits.apl_accession", "delai_de_grace"}
    # JSON keeps every conclusion, flagged
    pertinentes = [c for c in rapport["conclusions"] if c["pertinente"]]
    assert len(rapport["conclusions"]) >= 2 * len(pertinentes) and {c["domaine"] for c in pertinentes} == {"desolidarisation"}
    assert not list(Draft202012Validator(schema("rapport")).iter_errors(rapport))


def test_questions_classees_regroupees_avec_leurs_valeurs(base):
    questions = rapport_de(PREMIER_RDV, base)["questions"]
    assert [q["rang"] for q in questions] == list(range(1, len(questions) + 1))
    cles = [(-len(q["conclusions"]), -q["tranchees"]) for q in questions]
    assert cles == sorted(cles)  # ranked by how many conclusions an answer bears on, then settles
    assert {q["groupe"] for q in questions} >= {"Karim (personne A)", "Julie (personne B)", "Prêt p1", "Le couple et le dossier"}
    statut = next(q for q in questions if q["chemin"] == "personnes[1].emploi.statut")
    assert statut["reponse"] == "choix" and "cdi" in statut["valeurs"]
    assert next(q for q in questions if q["chemin"] == "prets[0].solidaire")["reponse"] == "booleen"
    texte = en_texte(rapport_de(PREMIER_RDV, base))
    bloc = texte.split("QUESTIONS À POSER AU CLIENT")[1].split("\n\n")[0]
    assert "  Julie (personne B)\n" in bloc and "Emploi actuel : statut professionnel ?" in bloc


def test_dossier_questions_et_option_domaine(base):
    texte = PREMIER_RDV.read_text(encoding="utf-8").replace("  date_reference: 2026-11-21\n",
                                                            "  date_reference: 2026-11-21\n  questions: [difficultes_paiement]\n")
    rapport = evaluer_dossier(dossier_depuis_texte(texte, "rdv.yaml"), base)[1]
    assert rapport["pertinence"]["source"] == "dossier"
    assert rapport["pertinence"]["domaines"] == ["assurance-et-amenagements", "difficultes"]
    assert not any(c["pertinente"] for c in rapport["conclusions"] if c["domaine"] == "desolidarisation")
    option = rapport_de(PREMIER_RDV, base, ["soulte"])
    assert option["pertinence"] == {"source": "option", "questions": ["soulte"], "domaines": ["soulte"],
                                    "motifs": {"soulte": ["domaine demandé « soulte »"]}}
    sans = domaines_retenus(base.pertinences, {"dossier": {"reference": "x"}})
    assert sans["source"] == "tout" and sans["domaines"] == sorted(base.pertinences)


def test_evaluate_domaine_inconnu_et_tout():
    runner = CliRunner()
    mauvais = runner.invoke(main, ["evaluate", str(PREMIER_RDV), "--domaine", "rsa"])
    assert mauvais.exit_code == 2 and "ni un domaine ni une question connue" in mauvais.output
    court = runner.invoke(main, ["evaluate", str(PREMIER_RDV)]).output
    tout = runner.invoke(main, ["evaluate", str(PREMIER_RDV), "--tout"]).output
    assert "droits.rsa" not in court and "droits.rsa" in tout
    horsujet = sum(1 for c in json.loads(runner.invoke(main, ["evaluate", str(PREMIER_RDV), "--format", "json"]).output)["conclusions"]
                   if not c["pertinente"])
    assert re.search(rf"^{horsujet} conclusions hors des questions du dossier, non affichées \(.*\) — --tout pour les voir\.$", court, re.M)


def test_essentiel_d_abord_et_renvois(base):
    rapport = rapport_de(DIVORCE, base)
    lignes = rapport["essentiel"]["lignes"]
    assert 5 <= len(lignes) <= 10
    assert [e["genre"] for e in lignes] == sorted((e["genre"] for e in lignes),
                                                  key=["ouvert", "refus", "juge", "banque", "alerte", "a_etablir"].index)
    solv = next(e for e in lignes if e["id"] == "desolidarisation.solvabilite")
    assert solv["genre"] == "refus" and "54,67" in solv["texte"]
    texte = en_texte(rapport)
    entete = texte.split("\n\n")[0].splitlines()
    assert len(entete) == 3 and entete[1].startswith("Reçu : ")
    numero = re.search(r"Solvabilité du co-emprunteur.*→ \[(\d+)\]", texte).group(1)
    assert f"\n[{numero}] ✘ desolidarisation.solvabilite [personne A]" in texte
    assert texte.index("54,67") < 1500  # the verdict is on the first screen (ten screens down before)
    # the refused, essential conclusion is detailed in full even among the non applicable ones
    assert "taux effort : 54,67" in texte
    page = en_html(rapport)
    assert 'href="#c-desolidarisation-solvabilite-personne-a">détail § ' in page
    markdown = en_markdown(rapport)
    assert markdown.index("## L'essentiel") < markdown.index("## Recours ouverts et alertes")


def test_details_par_importance(base):
    rapport = rapport_de(BAIL_FORCE, base)
    sections = [cle for cle, _titre, _groupe in details_ordonnes(rapport, tout=True)]
    assert sections == [s for s in ("recours", "montants", "a_verifier", "non_applicable") if s in sections]
    for cle, _titre, groupe in details_ordonnes(rapport, tout=True):
        for c in groupe:
            assert (c["statut"] == "applicable") == (cle in ("recours", "montants"))
    essentiel = rapport["essentiel"]["lignes"]
    assert essentiel[0]["id"] == "logement.attribution_preferentielle" and essentiel[0]["genre"] == "refus"
    assert essentiel[1]["id"] == "logement.bail_force" and "14/06/2037" in essentiel[1]["texte"]


def test_texte_libre_multiligne_ne_forge_rien(base):
    rapport = copy.deepcopy(rapport_de(PREMIER_RDV, base))
    piege = "ligne\n== FAUSSE SECTION ==\n## Faux titre\n<script>x</script>"
    rapport["dossier"] = "REF\n== FORGÉ =="
    for c in rapport["conclusions"]:
        c["explication"] = piege
        c["titre"] = "Titre\n## forgé"
    for q in rapport["questions"]:
        q["question"] = piege
    rapport["presomptions"] = [{"chemin": "personnes[0].bonne_foi", "valeur": True, "fondement": "code-civil/2274",
                                "libelle": "Bonne foi\n== PRÉSUMÉE ==", "refutation": "preuve\n## contraire"}]
    texte = en_texte(rapport, tout=True, recu=True)
    assert not re.search(r"^(== FAUSSE|## F|== FORGÉ|== PRÉSUMÉE|## contraire|## forgé)", texte, re.M)
    assert "\n    == FAUSSE SECTION ==" in texte  # kept, indented under its conclusion
    markdown = en_markdown(rapport, tout=True)
    assert not re.search(r"^(\\)?(## Faux titre|== FAUSSE)", markdown, re.M)
    assert "\\<script\\>" in markdown and "À confirmer avec le client" in markdown
    page = en_html(rapport, tout=True)
    assert "<script>" not in page and "À confirmer avec le client" in page


def test_presomptions_a_confirmer_pas_en_question(base):
    rapport = copy.deepcopy(rapport_de(PREMIER_RDV, base))
    rapport["presomptions"] = [{"chemin": "prets[0].solidaire", "valeur": True, "fondement": "code-civil/1310",
                                "libelle": "Les co-emprunteurs sont solidaires", "refutation": "le contrat dit le contraire"}]
    texte = en_texte(rapport)
    assert "À CONFIRMER" not in texte  # no printed conclusion read that presumed fact
    next(c for c in rapport["conclusions"] if c["id"] == "solidarite.pret")["faits"]["prets[0].solidaire"] = True
    texte = en_texte(rapport)
    assert "À CONFIRMER AVEC LE CLIENT (1 présomption)" in texte
    assert ("Les co-emprunteurs sont solidaires [prets[0].solidaire] (présumé : oui ; code-civil/1310) — pour l'écarter : "
            "le contrat dit le contraire") in texte
    assert "Clause de solidarité ?" not in texte.split("QUESTIONS À POSER")[1].split("==")[0]


def test_pas_de_couleur_hors_terminal(monkeypatch):
    from lexfoyer.cli.terminal import couleur_et_largeur

    class Tty:
        def isatty(self):
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setenv("COLUMNS", "72")
    assert couleur_et_largeur(True, Tty()) == (True, 71)
    assert couleur_et_largeur(False, Tty()) == (False, 0)  # --out, or not a text report
    monkeypatch.setenv("NO_COLOR", "1")
    assert couleur_et_largeur(True, Tty())[0] is False
    texte = en_texte(json.loads(CliRunner().invoke(main, ["evaluate", str(DIVORCE), "--format", "json"]).output),
                     couleur=True, largeur=60)
    assert "\x1b[" in texte and max(len(re.sub(r"\x1b\[[0-9;]*m", "", ligne)) for ligne in texte.splitlines()) <= 60


@pytest.mark.parametrize("exemple", sorted(EXEMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_chaque_exemple_a_son_essentiel(exemple, base):
    rapport = rapport_de(exemple, base)
    assert 1 <= len(rapport["essentiel"]["lignes"]) <= 10
    assert en_texte(rapport).splitlines()[4] == "L'ESSENTIEL"
