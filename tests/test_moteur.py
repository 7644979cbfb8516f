"""The durable_rules hazards (shared/reference/durable-rules.md, H1–H14), each closed by
construction and proved here: each test fails if its mitigation is removed."""

from __future__ import annotations

import json
import threading
import tomllib
from pathlib import Path

import pytest

from lexfoyer.api import evaluer_dossier, moteur_pour
from lexfoyer.calculs import registre
from lexfoyer.moteur.compilateur import PUITS
from lexfoyer.cas.dossier import charger_dossier, dossier_depuis_texte
from lexfoyer.lecture.erreurs import ErreurMoteur
from lexfoyer.cas.faits import construire_faits
from lexfoyer.moteur.execution import HoteSynchrone, Moteur

RACINE = Path(__file__).parent.parent
EXEMPLE = RACINE / "examples" / "desolidarisation-refusee-divorce.yaml"


def definitions(base) -> dict:
    (regles,) = base.ruleset.values()
    return regles


def motifs(base):
    for nom, d in definitions(base).items():
        for motif in d["all"]:
            (expression,) = motif.values()
            yield nom, expression


def test_h1_h11_puits_et_fait_sans_regle(base):
    # an enfant fact matches no rule: without the sink, assert_facts raises NotHandled
    dossier = dossier_depuis_texte("dossier: {reference: E}\nenfants: [{prenom: Léo, age: 3}]\n")
    _ev, rapport = evaluer_dossier(dossier, base)
    assert rapport["dossier"] == "E"
    assert definitions(base)[PUITS]["all"][0] == {"m": {"$ex": {"t": 1}}}


def test_h2_h7_chaque_fait_a_un_id_de_famille_fixe(base):
    faits = construire_faits(charger_dossier(EXEMPLE).donnees, charger_dossier(EXEMPLE).date_reference)
    assert [f["id"] for f in faits.liste] == [f"f{i}" for i in range(len(faits.liste))]


def test_h3_aucune_jointure_sur_id(base):
    for nom, expression in motifs(base):
        assert "'id'" not in str(expression), nom


def test_h4_ou_dedoublonne(base):
    # refus_motive false AND reponse en_attente would both satisfy the « une_de » group:
    texte = ("dossier: {reference: H4}\npersonnes: [{id: A}, {id: B}]\nprets: [{id: p, emprunteurs: [A, B]}]\n"
             "demandes:\n  desolidarisation: {demandeur: A, reponse_banque: en_attente, refus_motive: false}\n")
    _ev, rapport = evaluer_dossier(dossier_depuis_texte(texte), base)
    tirs = [(t["regle"], t["variante"], t["sujet"]) for t in rapport["trace"]]
    assert len(tirs) == len(set(tirs))
    assert ("recours.reclamation_banque", "oui", "dossier") in tirs


def test_h5_chaque_motif_commence_par_un_type(base):
    for nom, expression in motifs(base):
        if nom != PUITS:
            premier = expression["$and"][0] if "$and" in expression else expression
            assert "t" in premier, nom


def test_h6_sessions_supprimees(base):
    moteur = moteur_pour(base)
    faits = construire_faits(charger_dossier(EXEMPLE).donnees, charger_dossier(EXEMPLE).date_reference)
    for _ in range(1030):  # more than the 1 024 live sessions durable_rules allows
        moteur.evaluer(faits)


def test_h7_pas_de_fuite_entre_dossiers_entrelaces(base):
    a = charger_dossier(EXEMPLE)
    b = charger_dossier(RACINE / "examples" / "desolidarisation-restant-solvable.yaml")
    seul_a = json.dumps(evaluer_dossier(a, base)[1], sort_keys=True)
    seul_b = json.dumps(evaluer_dossier(b, base)[1], sort_keys=True)
    for _ in range(3):
        assert json.dumps(evaluer_dossier(b, base)[1], sort_keys=True) == seul_b
        assert json.dumps(evaluer_dossier(a, base)[1], sort_keys=True) == seul_a


def test_h8_aucun_fil_de_fond(base):
    avant = threading.active_count()
    moteur = Moteur(base)
    moteur.evaluer(construire_faits(charger_dossier(EXEMPLE).donnees, charger_dossier(EXEMPLE).date_reference))
    assert threading.active_count() == avant
    moteur.fermer()


def test_h9_faits_en_entiers_jamais_flottants(base):
    dossier = charger_dossier(EXEMPLE)
    faits = construire_faits(dossier.donnees, dossier.date_reference)

    def feuilles(v):
        if isinstance(v, dict):
            for w in v.values():
                yield from feuilles(w)
        elif isinstance(v, list):
            for w in v:
                yield from feuilles(w)
        else:
            yield v

    valeurs = [v for f in faits.liste for v in feuilles(f)]
    assert not any(isinstance(v, float) for v in valeurs)
    pret = next(f for f in faits.liste if f["t"] == "pret")
    assert pret["taux_nominal"] == 23500 and pret["date_signature"] == 20140512


def test_h10_exception_dans_une_action_remontee(base, monkeypatch):
    def casse(_ctx):
        raise SystemExit(3)

    fonction = registre.FONCTIONS["taux_effort"]
    monkeypatch.setitem(registre.FONCTIONS, "taux_effort", registre.FonctionCalcul(
        fonction.nom, fonction.description, fonction.sorties, casse))
    with pytest.raises(ErreurMoteur, match="desolidarisation.solvabilite__calc"):
        evaluer_dossier(charger_dossier(EXEMPLE), base)


def test_h12_python_borne():
    projet = tomllib.loads((RACINE / "pyproject.toml").read_text())
    assert projet["project"]["requires-python"] == ">=3.11,<3.13"


def test_h13_priorites_positives(base):
    assert all(d.get("pri", 0) >= 0 for d in definitions(base).values())


def test_h14_fermer_libere_les_rulesets(base):
    moteur = Moteur(base)
    moteur.compiler()
    assert len(moteur.hote._ruleset_list) == 2 and len(moteur.hote._poignees) == 2
    moteur.fermer()
    assert moteur.hote._ruleset_list == [] and moteur.hote._poignees == []


def test_chaque_ruleset_compile_a_la_premiere_evaluation_qui_le_demande(base):
    dossier = charger_dossier(EXEMPLE)
    moteur = Moteur(base)
    assert moteur.hote._ruleset_list == []  # creating an engine compiles nothing
    faits = construire_faits(dossier.donnees, dossier.date_reference)
    moteur.evaluer(faits, chaine=False)
    assert [r._name for r in moteur.hote._ruleset_list] == [moteur.nom + "_allege"]
    moteur.evaluer(faits, chaine=False)
    moteur.evaluer(faits)
    assert [r._name for r in moteur.hote._ruleset_list] == [moteur.nom + "_allege", moteur.nom]
    moteur.fermer()


def test_hote_sans_fils():
    assert HoteSynchrone._run is not HoteSynchrone.__mro__[1]._run


def test_chainage_trois_valeurs(base):
    # alerte.decision_jaf_inopposable chains on recours.jaf_mesures_provisoires, in all three values
    cas = {"divorce_prononce: false": "applicable", "divorce_prononce: true": "non_applicable", "": "a_verifier"}
    for ligne, statut in cas.items():
        texte = f"dossier: {{reference: C}}\nsituation_familiale:\n  procedure: divorce_judiciaire\n  {ligne}\n"
        _ev, rapport = evaluer_dossier(dossier_depuis_texte(texte.replace("\n  \n", "\n")), base)
        alerte = next(c for c in rapport["conclusions"] if c["id"] == "alerte.decision_jaf_inopposable")
        assert alerte["statut"] == statut, ligne


def test_determinisme_octet_pres(base):
    from lexfoyer.rapport.sortie import en_json
    dossier = charger_dossier(EXEMPLE)
    premier = en_json(evaluer_dossier(dossier, base)[1])
    assert all(en_json(evaluer_dossier(dossier, base)[1]) == premier for _ in range(5))


def _ruleset_de(n: int, discriminer: bool) -> dict:
    regles = {}
    for i in range(n):
        motif = {"t": "dossier"}
        if discriminer:
            motif = {"$and": [{"t": "dossier"}, {"$neq": {"t": f"≠r{i}"}}]}
        regles[f"r{i}"] = {"all": [{"dos": motif}], "run": f"r{i}"}
    return {"h15_essai": regles}


def test_h15_plus_de_256_regles_sur_un_meme_motif():
    """durable_rules refuses a 257th rule on the same alpha node (error 108); our per-rule
    discriminating test (compilateur._Motifs._type) lifts the limit."""
    hote = HoteSynchrone({f"r{i}": (lambda c: None) for i in range(300)})
    with pytest.raises(Exception, match="108"):
        hote.set_rulesets(_ruleset_de(300, discriminer=False))
    hote = HoteSynchrone({f"r{i}": (lambda c: None) for i in range(300)})
    hote.set_rulesets(_ruleset_de(300, discriminer=True))
    hote.fermer()


def test_h15_aucun_prefixe_de_motif_partage_entre_regles(base):
    proprietaires: dict[str, set] = {}
    for nom, expression in motifs(base):
        if nom == PUITS:
            continue
        tests = expression["$and"] if "$and" in expression else [expression]
        fin = next(i for i, x in enumerate(tests) if "$neq" in x and x["$neq"].get("t", "").startswith("≠") and ":" not in x["$neq"]["t"])
        tete = json.dumps(tests[:fin + 1], sort_keys=True)
        proprietaires.setdefault(tete, set()).add(nom.split("__")[0])
    partages = {tete: regles for tete, regles in proprietaires.items() if len(regles) > 1}
    assert not partages


def _enfants_par_noeud(ruleset: dict) -> dict:
    """How many distinct next tests hang under each pattern prefix (the alpha network's fan-out)."""
    enfants: dict[str, set] = {}
    for definition in ruleset.values():
        for motif in definition["all"]:
            (expression,) = motif.values()
            tests = expression.get("$and", [expression])
            for i in range(1, len(tests)):
                enfants.setdefault(json.dumps(tests[:i], sort_keys=True), set()).add(json.dumps(tests[i], sort_keys=True))
    return {prefixe: len(suivants) for prefixe, suivants in enfants.items()}


def base_gonflee(tmp_path, nombre: int) -> Path:
    """A copy of the base with ``nombre`` generated rules more (one condition each)."""
    import shutil
    racine = tmp_path / "base"
    for sous in ("kb", "rules", "schemas"):
        shutil.copytree(RACINE / sous, racine / sous)
    lignes = ["domaine: gonfle", "titre: Règles générées", "regles:"]
    for i in range(nombre):
        lignes += [f"  - id: gonfle.r{i:03d}", f"    conclusion: gonfle.r{i:03d}", f"    titre: Règle générée {i}",
                   "    sujet: personne", "    fondements: [code-civil/220]", "    appreciation: null", "    conditions:",
                   "      - fait: personne.emploi.statut", "        egal: cdi", "        libelle: l'emploi est un CDI",
                   "    explication:", "      applicable: oui", "      non_applicable: non", "      a_verifier: à voir"]
    (racine / "rules" / "gonfle.yaml").write_text("\n".join(lignes) + "\n", encoding="utf-8")
    return racine


def test_h16_une_base_de_500_regles_compile_et_evalue(tmp_path):
    """durable_rules aborts (« double free or corruption ») past 64 children on one node: the
    rules hang under a tree of group nodes, so a base of several hundred rules still runs."""
    import subprocess
    import sys
    from lexfoyer.droit.base import charger_base
    from lexfoyer.moteur.compilateur import LARGEUR_MAX
    racine = base_gonflee(tmp_path, 450)
    base = charger_base(racine, cache=False)
    assert len(base.regles) >= 500
    (ruleset,) = base.ruleset.values()
    assert max(_enfants_par_noeud(ruleset).values()) <= LARGEUR_MAX
    # in a child process: a crash of the C engine must fail the test, not the suite
    code = ("import sys; from lexfoyer.api import evaluer_dossier; from lexfoyer.droit.base import charger_base; "
            "from lexfoyer.cas.dossier import charger_dossier; "
            f"b = charger_base({str(racine)!r}, cache=False); "
            f"r = evaluer_dossier(charger_dossier({str(RACINE / 'examples' / 'desolidarisation-refusee-divorce.yaml')!r}), b)[1]; "
            "ids = [c['id'] for c in r['conclusions'] if c['id'].startswith('gonfle.')]; print(len(ids))")
    sortie = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=RACINE)
    assert sortie.returncode == 0, sortie.stderr[-500:]
    assert int(sortie.stdout) == 450 * 2  # two persons in the example, one conclusion each


def test_limite_moteur_nommee_avant_le_code_c(tmp_path):
    """A rule whose variants would overflow one node is refused at compile time, located."""
    from lexfoyer.droit.base import charger_base
    from lexfoyer.lecture.erreurs import ErreurDonnees
    racine = base_gonflee(tmp_path, 1)
    conditions = "".join(f"      - fait: personne.age\n        min: {i}\n        libelle: âge {i}\n" for i in range(20))
    texte = (racine / "rules" / "gonfle.yaml").read_text(encoding="utf-8")
    texte = texte.replace("    conditions:\n", "    conditions:\n" + conditions, 1)
    (racine / "rules" / "gonfle.yaml").write_text(texte, encoding="utf-8")
    with pytest.raises(ErreurDonnees) as exc:
        charger_base(racine, cache=False)
    assert "gonfle.yaml:4:" in str(exc.value.problemes[0]) and "variantes" in str(exc.value.problemes[0])


def test_actions_faites_au_premier_declenchement():
    from lexfoyer.moteur.hote import ActionsALaDemande
    faites = []
    actions = ActionsALaDemande(["r__oui", "r__non__0"], lambda nom: faites.append(nom) or (lambda c: nom))
    assert len(actions) == 0 and faites == []
    assert actions["r__oui"](None) == "r__oui" and actions["r__oui"](None) == "r__oui"
    assert faites == ["r__oui"]  # made once
    with pytest.raises(KeyError):
        actions["autre__oui"]
    assert actions.noms == ("r__oui", "r__non__0")
