"""Reports for people (HTML, Markdown, text) and the receipt every report carries.

The HTML must be one self-contained file (no script, no external resource), escape every
text that comes from the dossier, link each citation to its provision, show statuses in
words as well as colours, write amounts the French way, turn missing facts into questions
and draw the chain of rules. The JSON receipt must say what produced the report.
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from lexfoyer.cli.main import main
from lexfoyer.api import evaluer_dossier
from lexfoyer.rapport.document import montant_fr
from lexfoyer.cas.dossier import charger_dossier, dossier_depuis_texte
from lexfoyer.rapport.questions import question
from lexfoyer.droit.base import _version_durable_rules as version_durable_rules
from lexfoyer.rapport.html import en_html
from lexfoyer.lecture.schemas import schema
from lexfoyer.rapport.sortie import en_markdown, en_texte

EXEMPLES = Path(__file__).parent.parent / "examples"
DIVORCE = EXEMPLES / "desolidarisation-refusee-divorce.yaml"
MANQUANTS = EXEMPLES / "desolidarisation-faits-manquants.yaml"
SOLVABLE = EXEMPLES / "desolidarisation-restant-solvable.yaml"
NNBSP, NBSP = "\u202f", "\u00a0"

HOSTILE = """\
dossier:
  reference: "<script>alert('x')</script>"
  date_reference: 2026-11-21
situation_familiale: {procedure: separation_de_fait}
personnes:
  - {id: A, prenom: "<img src=x onerror=alert(1)>"}
  - {id: B, prenom: "Julie & <b>co</b>"}
prets:
  - {id: p1, emprunteurs: [A, B]}
demandes:
  desolidarisation: {demandeur: A}
"""


def rapport_de(chemin: Path, base) -> dict:
    return evaluer_dossier(charger_dossier(chemin), base)[1]


@pytest.fixture(scope="module")
def rapport_hostile(base):
    return evaluer_dossier(dossier_depuis_texte(HOSTILE, "hostile.yaml"), base)[1]


class _Balises(HTMLParser):
    """Collects tags and checks that every opened element is closed in order."""

    VIDES = {"meta", "br", "link", "img", "input", "hr"}

    def __init__(self):
        super().__init__()
        self.pile, self.erreurs, self.balises, self.liens = [], [], [], []

    def handle_starttag(self, balise, attributs):
        self.balises.append(balise)
        if balise == "a":
            self.liens.append(dict(attributs).get("href"))
        if balise not in self.VIDES:
            self.pile.append(balise)

    def handle_endtag(self, balise):
        if not self.pile or self.pile[-1] != balise:
            self.erreurs.append(balise)
        else:
            self.pile.pop()


def analyser(texte: str) -> _Balises:
    p = _Balises()
    p.feed(texte)
    assert not p.erreurs and not p.pile, (p.erreurs, p.pile)
    return p


def test_html_echappe_un_dossier_hostile(rapport_hostile):
    page = en_html(rapport_hostile)
    balises = analyser(page)
    assert "script" not in balises.balises and "img" not in balises.balises and "b" not in balises.balises
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page  # the first name, in the questions
    assert "Julie &amp; &lt;b&gt;co&lt;/b&gt;" in page
    assert "<script" not in page.lower()


def test_markdown_echappe_un_dossier_hostile(rapport_hostile):
    texte = en_markdown(rapport_hostile)
    assert not re.search(r"(?<!\\)<(?!https?://)", texte)  # every « < » but link targets is escaped
    assert "\\<img src=x onerror=alert(1)\\> (personne A)" in texte
    assert texte.startswith("# Dossier \\<script\\>")


def test_html_autonome_sans_ressource_externe(base):
    page = en_html(rapport_de(DIVORCE, base))
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page and "<style>" in page
    balises = analyser(page)
    assert not {"script", "link", "img", "iframe", "object"} & set(balises.balises)
    assert not re.search(r"\bsrc=|@import|url\(", page)
    assert all(h.startswith(("https://", "http://", "#")) for h in balises.liens)


def test_html_statuts_liens_montants_domaines(base):
    rapport = rapport_de(DIVORCE, base)
    page = en_html(rapport)
    balises = analyser(page)
    for libelle, classe in (("Applicable", "applicable"), ("Non applicable", "non_applicable")):
        assert f'<span class="badge {classe}">' in page and libelle in page
    solv = next(c for c in rapport["conclusions"] if c["id"] == "desolidarisation.solvabilite")
    assert f'<a href="{html.escape(solv["fondements"][0]["url"])}">{html.escape(solv["fondements"][0]["citation"])}</a>' in page
    assert sum(1 for h in balises.liens if h.startswith("https://")) >= len({f["url"] for c in rapport["conclusions"] if c["pertinente"] for f in c["fondements"] if f["url"]})
    assert f"690,00{NBSP}€" in page and f"54,67{NNBSP}%" in page  # mensualité supportable, taux d'effort
    # details by importance, each conclusion folded, its domain named in it
    assert page.index('id="essentiel"') < page.index('id="sommaire"') < page.index('id="section-recours"') < page.index('id="section-non_applicable"')
    folded = page.split('<details class="conclusion statut-non_applicable">')
    assert any(bloc.split("</details>")[0].count('id="c-desolidarisation-solvabilite-personne-a"') for bloc in folded[1:])
    assert "Co-emprunteurs et désolidarisation" in page


def test_html_montants_a_la_francaise(base):
    page = en_html(rapport_de(SOLVABLE, base))
    assert f"1{NNBSP}470,00{NBSP}€" in page
    assert montant_fr("soulte", "150000.00") == f"150{NNBSP}000,00{NBSP}€"
    # the unit is the one the rule declares (calcul.unites), never guessed from the name
    assert montant_fr("taux", "1.10", "pourcent") == f"1,10{NNBSP}%"
    assert montant_fr("jours_restants", "231.00", "jours") == "231 jours"
    assert montant_fr("duree_max_mois", "24.00", "mois") == "24 mois"
    assert montant_fr("interets_6_mois", "1386.50") == f"1{NNBSP}386,50{NBSP}€"  # six months of interest: euros
    assert montant_fr("trois_pourcent_crd", "3540.00") == f"3{NNBSP}540,00{NBSP}€"


def test_html_questions_au_client(base):
    rapport = rapport_de(MANQUANTS, base)
    page = en_html(rapport)
    assert "<h2>Questions à poser au client</h2>" in page
    assert "Julie (personne B), emploi actuel : statut professionnel ? (valeurs possibles : cdi, cdd" in page
    assert "Prêt p1 : clause de solidarité ?" in page
    chemins = {q["chemin"] for q in rapport["questions"]}
    assert chemins == {m for c in rapport["conclusions"] if c["pertinente"] for m in c["manque"]}
    # only what the client asks about is asked: no construction dispute, no RSA for a désolidarisation
    assert "litige" not in page.split('<section id="questions"')[1].split("</section>")[0]
    assert not any("rsa" in x for q in rapport["questions"] for x in q["conclusions"])
    assert "personnes[1].emploi.statut" not in page.split("<h2>Questions")[1].split("</section>")[0]


def test_html_chaine_des_regles(base):
    rapport = rapport_de(DIVORCE, base)
    page = en_html(rapport)
    chaine = page.split('<section id="chaine">')[1].split("</section>")[0]
    # alerte.decision_jaf_inopposable depends on recours.jaf_mesures_provisoires: a link to it
    assert 'dépend de <a href="#c-recours-jaf-mesures-provisoires"><code>recours.jaf_mesures_provisoires</code></a>' in chaine
    assert 'id="c-recours-jaf-mesures-provisoires"' in page
    assert '<span class="faux">✘ faux</span> — le taux d&#x27;effort ne dépasse pas le plafond HCSF' in chaine
    assert "<code>personnes[0].emploi.statut</code> = cdd" in chaine
    assert chaine.count('<ul class="arbre">') == 1


def test_markdown_meme_contenu(base):
    rapport = rapport_de(MANQUANTS, base)
    texte = en_markdown(rapport)
    assert texte.startswith("# Dossier PREMIER-RDV-2026-112")
    for titre in ("## Questions à poser au client", "## Chaîne de raisonnement", "## Reçu"):
        assert titre in texte
    for titre in ("## L'essentiel", "## Recours ouverts et alertes", "## À vérifier", "## Non applicable"):
        assert titre in texte
    assert texte.index("## L'essentiel") < texte.index("## Questions à poser au client") < texte.index("## Recours ouverts")
    n = sum(1 for c in rapport["conclusions"] if not c["pertinente"])
    assert f"*{n} conclusion(s) hors des questions du dossier" in texte
    assert "Julie (personne B), emploi actuel : statut professionnel ?" in texte
    assert "dépend de `recours.jaf_mesures_provisoires`" in texte
    assert f"durable_rules {version_durable_rules()}" in texte


def test_recu_json(base):
    rapport = rapport_de(DIVORCE, base)
    assert not list(Draft202012Validator(schema("rapport")).iter_errors(rapport))
    recu = rapport["recu"]
    assert recu["lexfoyer"] == "0.1.0" and recu["durable_rules"] == version_durable_rules() != "inconnue"
    assert recu["empreinte"] == rapport["base"]["empreinte"] == base.empreinte
    # the 2014 loan reads the law at its signature date, the rest at the dossier's date
    assert "solidarite.pret" in recu["dates_gouvernantes"]["2014-05-12"]
    assert "desolidarisation.accord_banque" in recu["dates_gouvernantes"]["2026-11-21"]
    dates = [f["derniere_verification"] for c in rapport["conclusions"] for f in c["fondements"] if f["derniere_verification"]]
    assert recu["verification_la_plus_ancienne"]["date"] == min(dates)
    cites = {f["id"] for c in rapport["conclusions"] for f in c["fondements"]}
    assert set(recu["verification_la_plus_ancienne"]["dispositions"]) <= cites
    assert set(recu["dispositions_sans_date_de_verification"]) == {
        f["id"] for c in rapport["conclusions"] for f in c["fondements"] if not f["derniere_verification"]}


def test_recu_dans_chaque_format(base):
    rapport = rapport_de(DIVORCE, base)
    texte = en_texte(rapport)
    # the header keeps one line for the receipt; the per-provision list is for --recu
    entete = texte.splitlines()[1]
    assert entete.startswith(f"Reçu : lexfoyer 0.1.0, durable_rules {version_durable_rules()}") and "(détail : --recu)" in entete
    ancienne = rapport["recu"]["verification_la_plus_ancienne"]
    assert "vérification la plus ancienne" not in texte and ancienne["dispositions"][0] not in texte.split("\n\n")[0]
    assert "— droit au 12/05/2014" in texte  # the conclusion read at another date says so
    complet = en_texte(rapport, recu=True)
    assert "2014-05-12 : " in complet and f"vérification la plus ancienne des dispositions citées : {ancienne['date']}" in complet
    page = en_html(rapport)
    assert f"lexfoyer 0.1.0, durable_rules {version_durable_rules()}" in page and rapport["base"]["empreinte"] in page
    assert "Vérification la plus ancienne des dispositions citées" in page
    assert "droit lu au 12/05/2014" in page


def test_cli_evaluate_html(tmp_path):
    sortie = tmp_path / "rapport.html"
    resultat = CliRunner().invoke(main, ["evaluate", str(DIVORCE), "--format", "html", "--out", str(sortie)])
    assert resultat.exit_code == 0, resultat.output
    page = sortie.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Dossier MARTIN-2026-001" in page
    direct = CliRunner().invoke(main, ["evaluate", str(DIVORCE), "--format", "json"])
    assert json.loads(direct.output)["recu"]["empreinte"]


def test_questions_depuis_le_schema():
    donnees = {"personnes": [{"id": "A"}, {"id": "B", "prenom": "Julie"}], "prets": [{"id": "p1", "assurance": [{"assure": "A"}]}]}
    assert question("personnes[1].revenus_mensuels_nets", donnees).startswith("Julie (personne B) : revenus mensuels nets ? (")
    assert question("personnes[0].emploi.statut", donnees).startswith("Personne A, emploi actuel : statut professionnel ?")
    assert question("prets[0].assurance[0].quotite", donnees).startswith("Prêt p1, assurance emprunteur de A : quotité ?")
    assert question("situation_familiale.lien", donnees) == "Situation familiale : lien du couple ? (valeurs possibles : mariage, pacs, concubinage)"
    assert question("paramètre « x » sans valeur au 01/01/2030", donnees) is None
    assert question("personnes[0].champ_inexistant", donnees) is None
