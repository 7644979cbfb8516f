"""``lexfoyer impact``: a change of kb/ or rules/ shows exactly the conclusions it moves.

The bases compared are temporary copies (only the rule files a test needs, so that a
domain being written elsewhere cannot disturb these tests); the git test reads two
revisions of this repository and checks that the checkout is left untouched.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from lexfoyer.cli.main import main
from lexfoyer.api import evaluer_dossier, moteur_pour
from lexfoyer.droit.base import charger_base
from lexfoyer.cas.dossier import charger_dossier
from lexfoyer.lecture.erreurs import ErreurDonnees
from lexfoyer.flux.impact import comparer_rapports, comparer_versions, version_de_la_base

RACINE = Path(__file__).parent.parent
EXEMPLES = RACINE / "examples"

DOSSIER_HCSF = """\
dossier:
  reference: IMPACT-HCSF
  date_reference: 2026-11-21
situation_familiale: {lien: pacs, regime_pacs: indivision, procedure: rupture_pacs}
personnes:
  - {id: S, revenus_mensuels_nets: 3000, charges_mensuelles: 0, pension_alimentaire_versee: 0,
     emploi: {statut: cdi}, occupe_logement: true, paie_seul_pret: false}
  - {id: T, revenus_mensuels_nets: 2000, emploi: {statut: cdi}, occupe_logement: false, paie_seul_pret: false}
biens:
  - {id: appart, nature: appartement, logement_familial: true, propriete: indivis, quotes_parts: {S: 50, T: 50}}
prets:
  - {id: p1, bien: appart, emprunteurs: [S, T], solidaire: true, date_signature: 2020-09-15,
     capital_restant_du: 150000, mensualite: 1000, mensualite_assurance: 20}
demandes:
  desolidarisation: {demandeur: T, reponse_banque: en_attente}
"""


def copie_base(cible: Path, regles: tuple[str, ...] = ("desolidarisation.yaml",)) -> Path:
    """The named rule files, the provisions and the parameters they use, under ``cible``."""
    shutil.copytree(RACINE / "kb" / "dispositions", cible / "kb" / "dispositions")
    (cible / "kb" / "parametres").mkdir()
    (cible / "rules").mkdir()
    for nom in regles:
        shutil.copy(RACINE / "rules" / nom, cible / "rules" / nom)
        for regle in yaml.safe_load((RACINE / "rules" / nom).read_text(encoding="utf-8"))["regles"]:
            for parametre in regle.get("parametres", {}).values():
                shutil.copy(RACINE / "kb" / "parametres" / f"{parametre}.yaml", cible / "kb" / "parametres")
    return cible


def remplacer(fichier: Path, avant: str, apres: str) -> None:
    texte = fichier.read_text(encoding="utf-8")
    assert texte.count(avant) == 1, f"{avant!r} introuvable ou ambigu dans {fichier}"
    fichier.write_text(texte.replace(avant, apres), encoding="utf-8")


@pytest.fixture()
def dossier_hcsf(tmp_path) -> Path:
    chemin = tmp_path / "dossiers" / "hcsf.yaml"
    chemin.parent.mkdir()
    chemin.write_text(DOSSIER_HCSF, encoding="utf-8")
    return chemin


def test_taux_hcsf_change_seulement_la_solvabilite(tmp_path, dossier_hcsf):
    avant = copie_base(tmp_path / "avant")
    apres = copie_base(tmp_path / "apres")
    remplacer(apres / "kb" / "parametres" / "hcsf.taux_effort_max.yaml", "    valeur: 35\n", "    valeur: 33\n")
    resultat = comparer_versions(avant, apres, [dossier_hcsf])
    assert resultat["fichiers_modifies"] == [{"fichier": "kb/parametres/hcsf.taux_effort_max.yaml", "nature": "modifie"}]
    (dossier,) = resultat["dossiers"]
    # taux d'effort (1 000 + 20) / 3 000 = 34 % : sous 35 %, au-dessus de 33 %
    assert dossier["changements"] == [{
        "conclusion": "desolidarisation.solvabilite",
        "sujet": {"personne": "S"},
        "nature": "modifiee",
        "changements": {
            "statut": {"avant": "applicable", "apres": "non_applicable"},
            "montants": {"mensualite_supportable": {"avant": "1050.00", "apres": "990.00"}},
        },
    }]
    assert resultat["synthese"] == {"dossiers": 1, "dossiers_touches": 1, "conclusions_changees": 1}


def test_exemple_restant_solvable_montant_change(tmp_path):
    avant = copie_base(tmp_path / "avant")
    apres = copie_base(tmp_path / "apres")
    remplacer(apres / "kb" / "parametres" / "hcsf.taux_effort_max.yaml", "    valeur: 35\n", "    valeur: 33\n")
    exemple = EXEMPLES / "desolidarisation-restant-solvable.yaml"
    resultat = comparer_versions(avant, apres, [exemple])
    (changement,) = resultat["dossiers"][0]["changements"]
    assert changement["conclusion"] == "desolidarisation.solvabilite"
    revenus = Decimal(4200)  # the example's remaining borrower, no charges nor pension
    assert changement["changements"]["montants"]["mensualite_supportable"] == {
        "avant": str((revenus * Decimal("0.35")).quantize(Decimal("0.01"))),
        "apres": str((revenus * Decimal("0.33")).quantize(Decimal("0.01")))}


@pytest.mark.skipif(not (RACINE / "rules" / "soulte.yaml").exists(), reason="règles de la soulte pas encore écrites")
def test_droit_de_partage_suit_le_parametre(tmp_path):
    regles = ("desolidarisation.yaml", "soulte.yaml")
    avant = copie_base(tmp_path / "avant", regles)
    apres = copie_base(tmp_path / "apres", regles)
    parametre = apres / "kb" / "parametres" / "droit_partage.taux_separation.yaml"
    texte = parametre.read_text(encoding="utf-8")
    debut = texte.index("'2022-01-01':")
    position = texte.index("valeur: 1.10", debut)
    parametre.write_text(texte[:position] + "valeur: 1.80" + texte[position + len("valeur: 1.10"):], encoding="utf-8")
    exemple = EXEMPLES / "soulte-pacs-60-40-pret.yaml"  # rupture de PACS, partage en 2027
    resultat = comparer_versions(avant, apres, [exemple])
    (changement,) = resultat["dossiers"][0]["changements"]
    assert changement["conclusion"] == "calcul.droit_de_partage" and changement["nature"] == "modifiee"
    montants = changement["changements"]["montants"]
    assert set(changement["changements"]) == {"montants"} and set(montants) == {"taux", "droit"}
    assert montants["taux"] == {"avant": "1.10", "apres": "1.80"}
    rapport = evaluer_dossier(charger_dossier(exemple), charger_base(apres))[1]
    assiette = Decimal(next(c for c in rapport["conclusions"] if c["id"] == "calcul.droit_de_partage")["montants"]["base"])
    assert Decimal(montants["droit"]["apres"]) == (assiette * Decimal("0.018")).quantize(Decimal("0.01"))


def test_regle_modifiee_statut_et_citations(tmp_path):
    avant = copie_base(tmp_path / "avant")
    apres = copie_base(tmp_path / "apres")
    regles = apres / "rules" / "desolidarisation.yaml"
    remplacer(regles, "    fondements: [code-civil/220, code-civil/1310]\n", "    fondements: [code-civil/220]\n")
    remplacer(regles, "      - fait: situation_familiale.lien\n        egal: mariage\n",
              "      - fait: situation_familiale.lien\n        dans: [mariage, pacs]\n")
    resultat = comparer_versions(avant, apres, [EXEMPLES / "desolidarisation-restant-solvable.yaml"])  # a PACS
    (changement,) = resultat["dossiers"][0]["changements"]
    assert changement["conclusion"] == "solidarite.dettes_menageres"
    assert changement["changements"]["statut"] == {"avant": "non_applicable", "apres": "applicable"}
    citations = changement["changements"]["citations"]
    assert len(citations["avant"]) == 2 and len(citations["apres"]) == 1
    assert citations["apres"][0].startswith("C. civ., art. 220 [")
    assert resultat["fichiers_modifies"] == [{"fichier": "rules/desolidarisation.yaml", "nature": "modifie"}]


def test_conclusion_apparue_et_disparue():
    def rapport(*conclusions):
        return {"conclusions": [{"id": i, "statut": "applicable", "montants": {}, "manque": [], "fondements": []} for i in conclusions]}
    changements = comparer_rapports(rapport("a", "b"), rapport("b", "c"))
    assert [(c["conclusion"], c["nature"]) for c in changements] == [("a", "disparue"), ("c", "apparue")]
    assert comparer_rapports(rapport("a"), rapport("a")) == []


def test_deux_bases_deux_moteurs_sans_collision(tmp_path, dossier_hcsf):
    """Alternating two bases in one process never mixes their rulesets or sessions."""
    avant = charger_base(copie_base(tmp_path / "avant"))
    apres_dir = copie_base(tmp_path / "apres")
    remplacer(apres_dir / "kb" / "parametres" / "hcsf.taux_effort_max.yaml", "    valeur: 35\n", "    valeur: 33\n")
    apres = charger_base(apres_dir)
    assert avant.empreinte != apres.empreinte
    assert moteur_pour(avant) is not moteur_pour(apres)
    assert moteur_pour(avant).nom != moteur_pour(apres).nom
    dossier = charger_dossier(dossier_hcsf)

    def statut(base):
        rapport = evaluer_dossier(dossier, base)[1]
        return next(c["statut"] for c in rapport["conclusions"] if c["id"] == "desolidarisation.solvabilite")

    assert [statut(b) for b in (avant, apres, avant, apres)] == ["applicable", "non_applicable"] * 2


def test_cli_formats_et_code_de_sortie(tmp_path, dossier_hcsf):
    avant = copie_base(tmp_path / "avant")
    apres = copie_base(tmp_path / "apres")
    remplacer(apres / "kb" / "parametres" / "hcsf.taux_effort_max.yaml", "    valeur: 35\n", "    valeur: 33\n")
    args = ["impact", "--from", str(avant), "--to", str(apres), str(dossier_hcsf.parent)]
    texte = CliRunner().invoke(main, args)
    assert texte.exit_code == 0, texte.output
    assert "desolidarisation.solvabilite [personne S] — modifiée" in texte.output
    assert "statut : applicable → non_applicable" in texte.output
    assert "montant mensualite_supportable : 1050.00 → 990.00" in texte.output
    assert "Synthèse (dossiers × conclusions changées)" in texte.output
    md = CliRunner().invoke(main, args + ["--format", "markdown"])
    assert "| dossier | `desolidarisation.solvabilite [personne S]` |" in md.output
    assert "| IMPACT-HCSF | statut, montants |" in md.output
    donnees = json.loads(CliRunner().invoke(main, args + ["--format", "json"]).output)
    assert donnees["synthese"]["conclusions_changees"] == 1
    assert CliRunner().invoke(main, args + ["--exit-code"]).exit_code == 1
    identiques = CliRunner().invoke(main, ["impact", "--from", str(avant), "--to", str(avant), str(dossier_hcsf), "--exit-code"])
    assert identiques.exit_code == 0 and "0 conclusion(s) changée(s)" in identiques.output


def test_version_inconnue_exit_2(tmp_path, dossier_hcsf):
    resultat = CliRunner().invoke(main, ["impact", "--from", "pas-une-revision", "--to", str(copie_base(tmp_path / "b")),
                                         "--depot", str(tmp_path), str(dossier_hcsf)])
    assert resultat.exit_code == 2 and "Traceback" not in resultat.output
    assert "ni un répertoire contenant kb/ et rules/, ni une révision git" in resultat.output


def _git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(RACINE), *args], capture_output=True, text=True, check=True).stdout


def _etat_du_depot() -> tuple[str, ...]:
    return (_git("rev-parse", "HEAD"), _git("status", "--porcelain"), _git("branch", "--list"),
            _git("worktree", "list"), _git("stash", "list"))


def _depot_git_avec_parent() -> bool:
    try:
        _git("rev-parse", "--verify", "HEAD~1")
        return True
    except (OSError, subprocess.CalledProcessError):
        return False


@pytest.mark.skipif(not _depot_git_avec_parent(), reason="pas dans un dépôt git ayant au moins deux commits")
def test_deux_revisions_git_sans_toucher_au_depot(monkeypatch):
    crees: list[str] = []
    mkdtemp = tempfile.mkdtemp

    def espion(*args, **kwargs):
        chemin = mkdtemp(*args, **kwargs)
        crees.append(chemin)
        return chemin

    monkeypatch.setattr(tempfile, "mkdtemp", espion)
    etat = _etat_du_depot()
    try:
        resultat = comparer_versions("HEAD~1", "HEAD", [EXEMPLES / "desolidarisation-refusee-divorce.yaml"], RACINE)
    except ErreurDonnees as exc:  # an old revision the current schemas no longer accept
        pytest.skip(f"révision illisible par le code actuel : {exc.problemes[0]}")
    finally:
        assert _etat_du_depot() == etat
        assert crees and not any(Path(c).exists() for c in crees)
    assert resultat["avant"]["version"].startswith("HEAD~1 (") and resultat["apres"]["version"].startswith("HEAD (")
    assert len(resultat["dossiers"]) == 1


@pytest.mark.skipif(not _depot_git_avec_parent(), reason="pas dans un dépôt git")
def test_revision_extraite_puis_supprimee():
    try:
        with version_de_la_base("HEAD", RACINE) as version:
            racine = version.racine
            assert (racine / "rules").is_dir() and (racine / "kb").is_dir()
            assert not (racine / "lexfoyer").exists()  # only the law is extracted
    except ErreurDonnees as exc:
        pytest.skip(f"révision illisible par le code actuel : {exc.problemes[0]}")
    assert not racine.exists()
