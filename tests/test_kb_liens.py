"""Citation links, provisions in force on the governing date, one citation per article,
and ``kb search`` (issue 11, points 12 to 16)."""

from datetime import date
from types import SimpleNamespace

import pytest

from lexfoyer.droit.kb import disposition_depuis, parametre_depuis
from lexfoyer.droit.lint import debut_controle, trous, verifier_liens, verifier_vigueur
from lexfoyer.droit.regles import regle_depuis
from lexfoyer.rapport.construction import fondements_conclusion

LG = "https://www.legifrance.gouv.fr"


def _disposition(ident, versions, nature="article"):
    donnees = {"id": ident, "citation": f"art. {ident}", "intitule": "t", "paraphrase": "p", "nature": nature,
               "versions": versions, "sources": [{"url": "https://exemple.invalid/", "verifie": True}]}
    return disposition_depuis(donnees, "kb/dispositions/x.yaml", (1, 1))


def _base(*dispositions, regles=(), parametres=()):
    base = SimpleNamespace(dispositions={d.id: d for d in dispositions}, regles={r.id: r for r in regles},
                           parametres={p.id: p for p in parametres})
    base.regle_de = lambda c: next((r for r in base.regles.values() if r.conclusion == c), None)
    return base


def _messages(problemes):
    return [p.message for p in problemes]


def test_lien_absent_tiers_ou_code_entier_refuse():
    base = _base(
        _disposition("code-civil/1", [{"numero": "1", "debut": "2000-01-01", "fin": None}]),
        _disposition("code-civil/2", [{"numero": "2", "debut": "2000-01-01", "fin": None,
                                       "url": "https://www.doctrine.fr/l/texts/codes/LEGITEXT000006070721/articles/LEGIARTI000000000002"}]),
        _disposition("code-civil/3", [{"numero": "3", "debut": "2000-01-01", "fin": None,
                                       "url": f"{LG}/codes/texte_lc/LEGITEXT000006070721"}]),
    )
    messages = _messages(verifier_liens(base))
    assert any("aucune adresse Légifrance" in m for m in messages)
    assert any("pas « www.doctrine.fr »" in m for m in messages)
    assert any("code, d'un texte ou d'une section entière" in m for m in messages)


def test_identifiant_partage_entre_deux_dispositions_refuse():
    # C. civ. 1231-5 linked to the LEGIARTI of C. conso. L313-51: the copy-paste error of the audit
    url = f"{LG}/codes/article_lc/LEGIARTI000032309861"
    base = _base(_disposition("code-civil/1231-5", [{"numero": "1231-5", "debut": "2016-10-01", "fin": None, "url": url}]),
                 _disposition("code-consommation/L313-51", [{"numero": "L313-51", "debut": "2016-10-10", "fin": None, "url": url}]))
    messages = _messages(verifier_liens(base))
    assert len(messages) == 2 and all("LEGIARTI000032309861 est aussi celui de" in m for m in messages)


def test_ancien_article_scinde_peut_partager_son_identifiant():
    ancien = {"numero": "L312-22", "debut": "1993-07-27", "fin": "2016-06-30", "url": f"{LG}/codes/article_lc/LEGIARTI000032237057/1993-07-27"}
    base = _base(_disposition("code-consommation/L313-50", [ancien]), _disposition("code-consommation/L313-51", [ancien]))
    assert verifier_liens(base) == []


def test_version_ancienne_sans_date_et_date_hors_version_refusees():
    base = _base(_disposition("code-civil/1343-5", [
        {"numero": "1244-1", "debut": "1992-08-01", "fin": "2016-09-30", "url": f"{LG}/codes/article_lc/LEGIARTI000006437076"},
        {"numero": "1343-5", "debut": "2016-10-01", "fin": None, "url": f"{LG}/codes/article_lc/LEGIARTI000032035267/2010-01-01"}]))
    messages = _messages(verifier_liens(base))
    assert any("version ancienne sans la date" in m for m in messages)
    assert any("la date 2010-01-01 de l'adresse n'est pas dans la version" in m for m in messages)


def test_lien_qui_nomme_un_autre_code_ou_recherche_mal_formee_refuse():
    base = _base(
        _disposition("code-civil/4", [{"numero": "4", "debut": "2000-01-01", "fin": None,
                                       "url": f"{LG}/codes/section_lc/LEGITEXT000006069565/LEGISCTA000032808326/"}]),
        _disposition("code-civil/5", [{"numero": "5", "debut": "2000-01-01", "fin": None, "lien": "recherche",
                                       "url": f"{LG}/search/code?tab_selection=code&searchField=ALL&query=article%205%20code%20de%20la%20consommation"}]),
        _disposition("code-civil/6", [{"numero": "6", "debut": "2000-01-01", "fin": None, "lien": "recherche",
                                       "url": f"{LG}/search/code?tab_selection=code&searchField=ALL&query=article%20999%20code%20civil"}]),
    )
    messages = _messages(verifier_liens(base))
    assert any("désigne le texte LEGITEXT000006069565, pas celui de la disposition" in m for m in messages)
    assert any("ne nomme pas le texte de la disposition" in m for m in messages)
    assert any("ne nomme pas l'article 6" in m for m in messages)


def test_recherche_correcte_et_dispositif_local_acceptes():
    base = _base(
        _disposition("code-civil/7", [{"numero": "7", "debut": "2000-01-01", "fin": None, "lien": "recherche",
                                       "url": f"{LG}/search/code?tab_selection=code&searchField=ALL&query=article%207%20code%20civil"}]),
        _disposition("adil-49/dispositif", [{"numero": "dispositif", "debut": "2023-03-01", "fin": None}], nature="dispositif"),
    )
    assert verifier_liens(base) == []


def _regle(fondements, date_regle="dossier.date_reference", conditions=None, ident="r", conclusion=None):
    donnees = {"id": ident, "conclusion": conclusion or ident, "titre": "t", "sujet": "dossier", "date": date_regle,
               "fondements": fondements, "conditions": conditions or [{"fait": "dossier.x", "egal": 1, "libelle": "x"}],
               "explication": {"applicable": "a", "non_applicable": "n", "a_verifier": "v"}}
    return regle_depuis(donnees, "d", "rules/d.yaml", (1, 1))


def test_vigueur_fondement_cree_apres_la_date_qui_gouverne():
    # 229-3 exists for conventions from 2017-01-01 only
    d = _disposition("code-civil/229-3", [{"numero": "229-3", "debut": "2017-01-01", "fin": None}])
    sans_borne = _base(d, regles=[_regle(["code-civil/229-3"])])
    messages = _messages(verifier_vigueur(sans_borne))
    assert len(messages) == 1 and "sans version en vigueur du 2016-07-01 au 2016-12-31" in messages[0]
    # the rule itself bounds its governing date: nothing to report, and a rule requiring its
    # conclusion inherits the bound
    borne = _regle(["code-civil/229-3"], conditions=[{"fait": "dossier.date_reference", "min": "2017-01-01", "libelle": "x"}],
                   ident="etat")
    dependante = _regle(["code-civil/229-3"], conditions=[{"conclusion": "etat", "libelle": "y"}], ident="notarie")
    base = _base(d, regles=[borne, dependante])
    assert verifier_vigueur(base) == []
    assert debut_controle(base, dependante)[0] == date(2017, 1, 1)


def test_vigueur_borne_par_un_parametre_compare():
    d = _disposition("hcsf/D", [{"numero": "D", "debut": "2022-01-01", "fin": None}])
    p = parametre_depuis({"id": "hcsf.taux", "description": "d", "unite": "pourcent", "fondements": ["hcsf/D"],
                          "valeurs": {"2022-01-01": {"valeur": 35, "references": [{"titre": "t", "url": "https://x.invalid", "verifie": True}]}}},
                         "kb/parametres/hcsf.taux.yaml", (1, 1))
    r = regle_depuis({"id": "s", "conclusion": "s", "titre": "t", "sujet": "dossier", "fondements": ["hcsf/D"],
                      "parametres": {"taux_max": "hcsf.taux"}, "calcul": {"fonction": "taux_effort"},
                      "conditions": [{"fait": "calcul.taux_effort", "max": {"parametre": "taux_max"}, "libelle": "x"}],
                      "explication": {"applicable": "a", "non_applicable": "n", "a_verifier": "v"}}, "d", "rules/d.yaml", (1, 1))
    assert verifier_vigueur(_base(d, regles=[r], parametres=[p])) == []


def test_trous_entre_versions_et_apres_abrogation():
    d = _disposition("code-civil/9", [{"numero": "9", "debut": "2000-01-01", "fin": "2010-12-31"},
                                      {"numero": "9", "debut": "2012-01-01", "fin": "2019-12-31"}])
    assert trous(d, date(2005, 1, 1)) == [(date(2011, 1, 1), date(2011, 12, 31)), (date(2020, 1, 1), None)]


def test_base_livree_sans_probleme_de_lien_ni_de_vigueur(base):
    assert _messages(verifier_liens(base)) == []
    assert _messages(verifier_vigueur(base)) == []


# -- report: one citation per article, nothing out of force --------------------------------
def test_meme_article_cite_une_fois(base):
    # before 2016-07-01, L.313-47 and L.313-48 were both the former L.312-21
    cites, note = fondements_conclusion(base, ["code-consommation/R313-25", "code-consommation/L313-47",
                                               "code-consommation/L313-48"], date(2014, 6, 14))
    citations = [f["citation"] for f in cites]
    assert citations == ["C. conso., art. R.312-2 (ancien)", "C. conso., art. L.312-21 (ancien)"]
    assert cites[1]["regroupe"] == ["code-consommation/L313-48"] and note is None


def test_fondement_hors_vigueur_non_cite_avec_note(base):
    cites, note = fondements_conclusion(base, ["code-civil/229-3"], date(2016, 5, 1))
    assert cites == [] and "C. civ., art. 229-3 (en vigueur à partir du 01/01/2017)" in note
    cites, note = fondements_conclusion(base, ["code-monetaire-financier/L316-1", "code-consommation/L612-1"], date(2014, 3, 1))
    assert [f["citation"] for f in cites] == ["C. mon. fin., art. L.316-1"] and "L.612-1" in note
    assert all(f["en_vigueur"] for f in cites)


def test_mediateur_bancaire_avant_2013_cite_l_ancien_l315_1(base):
    cites, _note = fondements_conclusion(base, ["code-monetaire-financier/L316-1"], date(2011, 5, 2))
    assert cites[0]["citation"] == "C. mon. fin., art. L.315-1 (ancien)"
    assert cites[0]["url"].startswith(f"{LG}/codes/article_lc/LEGIARTI000020866955/")


def test_lien_recherche_marque_dans_le_rapport(base):
    cites, _ = fondements_conclusion(base, ["code-civil/1313", "code-civil/1310"], date(2026, 11, 21))
    par_id = {f["id"]: f for f in cites}
    assert par_id["code-civil/1313"]["lien"] == "recherche" and "/search/" in par_id["code-civil/1313"]["url"]
    assert "lien" not in par_id["code-civil/1310"]
    assert par_id["code-civil/1310"]["url"] == f"{LG}/codes/article_lc/LEGIARTI000032041986"


# -- kb search ------------------------------------------------------------------------------
@pytest.mark.parametrize("requete, attendus", [
    ("L.312-22", ["code-consommation/L313-50", "code-consommation/L313-51"]),
    ("L312-22", ["code-consommation/L313-50", "code-consommation/L313-51"]),
    ("l 312-22", ["code-consommation/L313-50", "code-consommation/L313-51"]),
    ("1343-5", ["code-civil/1343-5"]),
    ("art. 1343-5", ["code-civil/1343-5"]),
    ("article 1244-1", ["code-civil/1343-5"]),
    ("R. 313-25", ["code-consommation/R313-25"]),
])
def test_kb_search_par_numero(base, requete, attendus):
    from lexfoyer.droit.recherche import chercher
    assert [t.ident for t in chercher(base, requete) if t.genre == "disposition"] == attendus


def test_kb_search_par_objet(base):
    from lexfoyer.droit.recherche import chercher
    trouvees = chercher(base, "délai de grâce")
    idents = [t.ident for t in trouvees]
    assert idents[:2] == ["code-civil/1343-5", "code-consommation/L314-20"]  # by heading first
    assert "delai_grace.duree_max_mois" in idents
    assert chercher(base, "Délais de GRACE") == trouvees
    assert chercher(base, "zzz introuvable") == []


def test_kb_coverage_donne_la_part_verifiee(base):
    from lexfoyer.flux.couverture import couverture_kb, en_texte
    c = couverture_kb(base, None)
    s = c["synthese"]
    assert s["versions"] == sum(len(d.versions) for d in base.dispositions.values())
    assert 0 < s["versions_verifiees"] < s["versions"]
    assert f"versions vérifiées : {s['versions_verifiees']} sur {s['versions']}" in en_texte(c)


def test_un_lien_de_recherche_est_dit_tel_dans_chaque_rendu(base):
    """A citation whose address only searches Légifrance is shown as a search (Markdown, HTML,
    explain), never passed off as the article's own link."""
    from lexfoyer.api import evaluer_dossier
    from lexfoyer.cas.dossier import charger_dossier
    from lexfoyer.rapport.explication import expliquer
    from lexfoyer.rapport.sortie import en_html, en_markdown
    from pathlib import Path
    chemin = Path(__file__).parent.parent / "examples" / "logement-bail-force-deux-enfants.yaml"
    evaluation, rapport = evaluer_dossier(charger_dossier(chemin), base)
    recherches = [f for c in rapport["conclusions"] for f in c["fondements"] if f.get("lien") == "recherche"]
    assert recherches and all("/search/" in f["url"] for f in recherches)
    assert "recherche Légifrance" in en_markdown(rapport) and "recherche Légifrance" in en_html(rapport)
    assert "recherche Légifrance" in expliquer(base, evaluation, rapport, "logement.bail_force")


def test_version_d_avant_la_codification_ouvre_son_decret():
    """A code article's version that is the loi or décret it came from (before codification)
    opens /loda/ and its search names that text, not the code."""
    decret = {"numero": "2", "citation": "Décr. n° 80-473 du 28 juin 1980, art. 2", "debut": "1980-06-29", "fin": "1991-11-02"}
    bonne = _base(_disposition("code-consommation/R313-25", [
        dict(decret, url=f"{LG}/loda/article_lc/LEGIARTI000006492758/1980-06-29"),
        dict(decret, debut="1991-11-03", fin="1997-04-02", lien="recherche",
             url=f"{LG}/search/all?query=d%C3%A9cret%20n%C2%B0%2080-473%20article%202")]))
    assert verifier_liens(bonne) == []
    code = _base(_disposition("code-consommation/R313-25", [dict(decret, url=f"{LG}/codes/article_lc/LEGIARTI000006492758/1980-06-29")]))
    assert any("hors code s'ouvre par /loda/" in m for m in _messages(verifier_liens(code)))
    recherche = _base(_disposition("code-consommation/R313-25", [dict(decret, lien="recherche", url=f"{LG}/search/all?query=article%202")]))
    assert any("ne nomme pas le texte de la disposition (« 80-473 »)" in m for m in _messages(verifier_liens(recherche)))
