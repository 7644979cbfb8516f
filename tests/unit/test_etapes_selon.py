"""Steps that qualify a rule without being one of its conditions (issue 11 point 5):
``fondements_selon`` (the basis of a partage cited according to the couple) and
``calcul.selon`` (the droit de partage published at the rate the engine's step designates)."""

from decimal import Decimal as D
from types import SimpleNamespace

from lexfoyer.droit.kb import disposition_depuis
from lexfoyer.droit.lint import fondements_possibles, verifier_vigueur
from lexfoyer.droit.regles import formule_selon, montants_selon, regle_depuis, variante_selon
from lexfoyer.rapport.construction import fondements_cites

SELON = {"conclusion": "etape.taux", "applicable": "reduit", "non_applicable": "general"}


def _regle(ident, fondements, calcul=None, fondements_selon=(), intermediaire=False, date_regle="dossier.date_reference"):
    donnees = {"id": ident, "conclusion": ident, "titre": "t", "sujet": "bien", "date": date_regle,
               "fondements": fondements, "conditions": [{"fait": "bien.propriete", "egal": "indivis", "libelle": "x"}],
               "explication": {"applicable": "a", "non_applicable": "n", "a_verifier": "v"},
               "intermediaire": intermediaire}
    if calcul:
        donnees["calcul"] = calcul
    if fondements_selon:
        donnees["fondements_selon"] = list(fondements_selon)
    return regle_depuis(donnees, "d", "rules/d.yaml", (1, 1))


def _disposition(ident, debut):
    return disposition_depuis({"id": ident, "citation": f"art. {ident}", "intitule": "t", "paraphrase": "p",
                               "nature": "article", "versions": [{"numero": ident.split("/")[1], "debut": debut, "fin": None}],
                               "sources": [{"url": "https://exemple.invalid/", "verifie": True}]},
                              "kb/dispositions/x.yaml", (1, 1))


def _base(dispositions, regles):
    base = SimpleNamespace(dispositions={d.id: d for d in dispositions}, regles={r.id: r for r in regles}, parametres={})
    base.regle_de = lambda c: next((r for r in base.regles.values() if r.conclusion == c), None)
    return base


MONTANTS = {"base": D(300000), "taux__reduit": D("1.10"), "droit__reduit": D(3300),
            "taux__general": D("2.50"), "droit__general": D(7500)}


def test_montants_de_la_variante_que_le_statut_designe():
    regle = _regle("r", ["code-civil/1"], calcul={"fonction": "droit_de_partage", "montants": ["taux", "base", "droit"], "selon": SELON})
    assert montants_selon(regle, MONTANTS, "applicable") == {"base": D(300000), "taux": D("1.10"), "droit": D(3300)}
    assert montants_selon(regle, MONTANTS, "non_applicable") == {"base": D(300000), "taux": D("2.50"), "droit": D(7500)}
    # an undecided step publishes no variant, only what is common
    assert montants_selon(regle, MONTANTS, "a_verifier") == {"base": D(300000)}
    assert variante_selon(regle, None) is None and variante_selon(regle, "applicable") == "reduit"
    # a rule without selon keeps every amount as it is
    simple = _regle("s", ["code-civil/1"], calcul={"fonction": "soulte", "montants": ["soulte"]})
    assert montants_selon(simple, MONTANTS, "applicable") is MONTANTS


def test_formule_lignes_communes_et_lignes_de_la_variante():
    regle = _regle("r", ["code-civil/1"], calcul={"fonction": "droit_de_partage", "selon": SELON})
    formule = "actif net : 300 000\n[reduit] taux réduit : 1,10 %\n[general] taux général : 2,50 %"
    assert formule_selon(regle, formule, "applicable") == "actif net : 300 000\ntaux réduit : 1,10 %"
    assert formule_selon(regle, formule, "non_applicable") == "actif net : 300 000\ntaux général : 2,50 %"


def test_fondements_des_etapes_applicables_cites_une_fois():
    etape_a = _regle("etape.communaute", ["code-civil/1476", "code-civil/832-4"], intermediaire=True)
    etape_b = _regle("etape.pacs", ["code-civil/515-6", "code-civil/832-4"], intermediaire=True)
    regle = _regle("soulte", ["code-civil/832-4"], fondements_selon=["etape.communaute", "etape.pacs"])
    base = _base([], [etape_a, etape_b, regle])
    evaluation = SimpleNamespace(conclusions={("etape.communaute", "m"): {"statut": "applicable"},
                                              ("etape.pacs", "m"): {"statut": "non_applicable"}})
    # the basis the step establishes first, then the rule's own
    assert fondements_cites(base, evaluation, regle, "m") == ["code-civil/1476", "code-civil/832-4"]
    # another subject: no step concluded for it, only the rule's own fondements
    assert fondements_cites(base, evaluation, regle, "autre") == ["code-civil/832-4"]
    assert fondements_possibles(base, regle) == ["code-civil/832-4", "code-civil/1476", "code-civil/515-6"]


def test_lint_controle_la_vigueur_des_fondements_des_etapes():
    # a step citing a text created after the start of the check: the rule that cites it is reported
    recent = _disposition("code-civil/999", "2020-01-01")
    ancien = _disposition("code-civil/815", "2007-01-01")
    etape = _regle("etape.recente", ["code-civil/815"], intermediaire=True)
    etape_recente = _regle("etape.nouvelle", ["code-civil/999"], intermediaire=True, date_regle="bien.date_x")
    regle = _regle("soulte", ["code-civil/815"], fondements_selon=["etape.recente", "etape.nouvelle"])
    messages = [p.message for p in verifier_vigueur(_base([recent, ancien], [etape, etape_recente, regle]))]
    assert any("code-civil/999" in m and "date qui gouverne : dossier.date_reference" in m for m in messages)


def test_fondement_a_etablir_quand_aucune_etape_n_est_etablie():
    """Divorced spouses, régime unknown, bien indivis: 1542 or 815, neither established —
    the soulte is due, and the report says its basis is still to be established."""
    from lexfoyer.api import evaluer_dossier
    from lexfoyer.cas.dossier import dossier_depuis_texte
    from lexfoyer.droit.base import charger_base
    from lexfoyer.rapport.sortie import en_texte
    texte = ("dossier: {reference: SB, date_reference: '2026-11-21'}\n"
             "situation_familiale: {lien: mariage, procedure: divorce_judiciaire}\n"
             "personnes: [{id: A}, {id: B}]\n"
             "biens: [{id: maison, nature: maison, propriete: indivis, quotes_parts: {A: 50, B: 50}, estimations: [400000]}]\n"
             "demandes: {rachat_soulte: {acquereur: A, date_partage: '2026-06-30'}}\n")
    base = charger_base()
    _ev, rapport = evaluer_dossier(dossier_depuis_texte(texte), base)
    soulte = next(c for c in rapport["conclusions"] if c["id"] == "calcul.soulte")
    assert soulte["statut"] == "applicable" and soulte["fondements"] == []
    assert "fondement à établir selon la situation du couple" in soulte["note_date"]
    assert "art. 1542" in soulte["note_date"] and "art. 815" in soulte["note_date"]
    assert "fondements : à établir (voir la note)" in en_texte(rapport)
