"""Hostile input (issue 13): every class refused in general, located, bounded, in French.

Each test feeds one class of input that used to give a traceback, a silent misreading or a
forged line, through the command in-process (CliRunner), and checks the located line
(``fichier:ligne:colonne: chemin : message``), the exit status, and that the other
dossiers of a batch are still evaluated.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from lexfoyer.cas.dossier import dossier_depuis_texte
from lexfoyer.cli.main import main
from lexfoyer.lecture.erreurs import PROBLEMES_MAX, ErreurDonnees, Probleme, echapper
from lexfoyer.lecture.schemas import validateur

RACINE = Path(__file__).parent.parent
EXEMPLE = RACINE / "examples" / "soulte-pacs-60-40-pret.yaml"
MINIMAL = "dossier:\n  reference: X\n"
#: what must never reach a terminal from an error line or a report
CONTROLES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def lancer(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def erreurs(texte: str) -> list[str]:
    with pytest.raises(ErreurDonnees) as exc:
        dossier_depuis_texte(texte, "d.yaml")
    return [str(p) for p in exc.value.problemes]


def exemple_modifie(tmp_path: Path, nom: str, avant: str, apres: str) -> Path:
    texte = EXEMPLE.read_text(encoding="utf-8")
    assert avant in texte
    chemin = tmp_path / nom
    chemin.write_text(texte.replace(avant, apres, 1), encoding="utf-8")
    return chemin


# -- 1. explicit tags ------------------------------------------------------------------------
@pytest.mark.parametrize("valeur,attendu", [
    ("!!bool 3900", "ne peut pas être lu comme true ou false (étiquette !!bool)"),
    ("!!int abc", "ne peut pas être lu comme un nombre entier (étiquette !!int)"),
    ("!!int 9.5", "étiquette !!int"),
    ("!!int _", "étiquette !!int"),
    ("!!float abc", "étiquette !!float"),
    ("!!null 3900", "étiquette !!null"),
    ("!!timestamp demain", "étiquette !!timestamp"),
    ("!!binary aGVsbG8=", "type YAML « !!binary » non accepté"),
    ("!!set {a: null}", "type YAML « !!set » non accepté"),
    ("!perso 3", "type YAML « !perso » non accepté"),
])
def test_etiquette_sur_une_valeur_qui_ne_lui_va_pas(valeur, attendu):
    (ligne,) = erreurs(MINIMAL + f"personnes:\n  - id: A\n    revenus_mensuels_nets: {valeur}\n")
    assert ligne.startswith("d.yaml:5:28: personnes[0].revenus_mensuels_nets : ") and attendu in ligne


def test_etiquette_dans_un_lot_les_autres_sont_evalues(tmp_path):
    mauvais = exemple_modifie(tmp_path, "a.yaml", "revenus_mensuels_nets: 3900", "revenus_mensuels_nets: !!bool 3900")
    bon = tmp_path / "b.yaml"
    bon.write_text(EXEMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    for commande in (["evaluate", mauvais, bon], ["validate", mauvais, bon]):
        resultat = lancer(*commande)
        assert resultat.exit_code == 2
        assert f"{mauvais}:15:28: personnes[0].revenus_mensuels_nets : « 3900 »" in resultat.stderr
        assert "Traceback" not in resultat.output
    assert "MARTIN-2026-031" in lancer("evaluate", mauvais, bon).stdout
    resultat = lancer("explain", mauvais, "soulte.montant")
    assert resultat.exit_code == 2 and "étiquette !!bool" in resultat.stderr


# -- 2 and 3. numbers ------------------------------------------------------------------------
@pytest.mark.parametrize("valeur,attendu", [
    ("9" * 5000, "nombre trop grand (5000 chiffres, au plus 30)"),
    ("-" + "9" * 4301, "nombre trop grand (4301 chiffres"),
    ("0x" + "f" * 5000, "notation hexadécimale refusée"),
    ("1:" + ":".join(["30"] * 3000), "base 60"),
    ("1." + "1" * 5000, "nombre trop long"),
    ("1.0e+999999", "hors limites"),
])
def test_nombre_enorme_jamais_recopie(valeur, attendu):
    (ligne,) = erreurs(MINIMAL + f"personnes:\n  - id: A\n    revenus_mensuels_nets: {valeur}\n")
    assert attendu in ligne and len(ligne) < 300


@pytest.mark.parametrize("valeur,attendu", [
    ("042", "un zéro en tête ferait lire le nombre en octal (YAML 1.1) : écrire 42"),
    ("1:30", "« 1:30 » serait lu en base 60"),
    ("0b101", "notation binaire refusée"),
    ("0x1F", "notation hexadécimale refusée"),
    ("1:30.5", "base 60"),
])
def test_nombres_yaml_11_jamais_lus_autrement(valeur, attendu):
    (ligne,) = erreurs(MINIMAL + f"personnes:\n  - id: A\n    emploi: {{statut: cdi, anciennete_mois: {valeur}}}\n")
    assert "personnes[0].emploi.anciennete_mois" in ligne and attendu in ligne


def test_nombres_ordinaires_et_zero_negatif():
    d = dossier_depuis_texte(MINIMAL + "personnes:\n  - id: A\n    revenus_mensuels_nets: 1_000\n"
                             "    charges_mensuelles: -0.0\n    age: 0\n", "d.yaml")
    personne = d.donnees["personnes"][0]
    assert personne["revenus_mensuels_nets"] == 1000 and personne["age"] == 0
    assert str(personne["charges_mensuelles"]) == "0.0"  # never « -0.0 »


# -- 4. control characters, bidi, line breaks ------------------------------------------------
def test_caractere_de_controle_brut_loin_dans_le_fichier():
    texte = MINIMAL + "personnes:\n" + "".join(f"  - id: P{i}\n" for i in range(30)) + "  - id: Q\n    prenom: Ma\x07rc\n"
    assert erreurs(texte) == ["d.yaml:35:15: caractère de contrôle U+0007 (BEL) refusé"]


@pytest.mark.parametrize("ecrit,nom", [
    ('"Ma\\x1b[31mrc"', "U+001B (ESC)"),
    ('"Ma\\u202erc"', "bidirectionnel U+202E (RLO)"),
    ("Ma\u202erc", "bidirectionnel U+202E (RLO)"),
    ('"a\\0b"', "caractère nul (U+0000)"),
    ('"a\\x9bb"', "U+009B (CSI)"),
    ('"a\\rb"', "U+000D (retour chariot)"),
    ('"a\\u2028b"', "U+2028"),
])
def test_controles_refuses_ecrits_bruts_ou_echappes(ecrit, nom):
    lignes = erreurs(MINIMAL + f"personnes:\n  - id: A\n    prenom: {ecrit}\n")
    assert len(lignes) == 1 and nom in lignes[0] and lignes[0].startswith("d.yaml:5:")
    assert not CONTROLES.search(lignes[0])


@pytest.mark.parametrize("texte,chemin", [
    ('dossier:\n  reference: "X\\n== APPLICABLE =="\n', "dossier.reference"),
    (MINIMAL + 'personnes:\n  - id: A\n    prenom: "Marc\\n# Titre"\n', "personnes[0].prenom"),
    (MINIMAL + 'personnes:\n  - id: "M\\n"\n', "personnes[0].id"),
    (MINIMAL + 'enfants:\n  - prenom: "a\\tb"\n', "enfants[0].prenom"),
])
def test_saut_de_ligne_refuse_hors_des_notes(texte, chemin):
    (ligne,) = erreurs(texte)
    assert f": {chemin} : " in ligne and ("saut de ligne refusé" in ligne or "tabulation refusé" in ligne)


def test_notes_sur_plusieurs_lignes_acceptees():
    d = dossier_depuis_texte('dossier:\n  reference: X\n  notes: "ligne 1\\nligne 2\\tfin"\n', "d.yaml")
    assert d.donnees["dossier"]["notes"] == "ligne 1\nligne 2\tfin"


def test_cles_et_messages_sans_controle_brut():
    lignes = erreurs(MINIMAL + 'personnes:\n  - id: A\n    "x\\x1b]0;titre\\x07": 1\n')
    assert lignes and all(not CONTROLES.search(l) for l in lignes)
    assert "\\x1b" in lignes[0]
    assert str(Probleme("a\nb\x1b.yaml", 1, 1, "c\u202e", "m\x07")) == "a\\nb\\x1b.yaml:1:1: c\\u202e : m\\x07"
    assert echapper("é – ok\t") == "é – ok\\t"


# -- 5. identifiers --------------------------------------------------------------------------
def test_motifs_du_schema_entiers():
    v = validateur("dossier")
    for mauvais in ({"dossier": {"reference": "X"}, "personnes": [{"id": "M\n"}]},
                    {"dossier": {"reference": "X", "date_reference": "2026-01-01\n"}}):
        assert any(e.validator == "pattern" for e in v.iter_errors(mauvais))
    assert not list(v.iter_errors({"dossier": {"reference": "X"}, "personnes": [{"id": "M"}]}))


@pytest.mark.parametrize("a,b", [("m", "M"), ("pret_1", "pret-1"), ("Maison", "maison")])
def test_identifiants_distincts_autrement_que_par_la_casse(a, b):
    (ligne,) = erreurs(MINIMAL + f"personnes: [{{id: {a}}}, {{id: {b}}}]\n")
    assert f"personnes[1].id : identifiant « {b} » trop proche de « {a} » (personnes[0].id)" in ligne


# -- 6. bounded errors -----------------------------------------------------------------------
def test_fichier_de_400_ko_d_elements_faux_borne(tmp_path):
    chemin = tmp_path / "gros.yaml"
    items = "".join(f"  - {{id: x{i}, age: -1, inconnu: 1}}\n" for i in range(13000))
    chemin.write_text(MINIMAL + "personnes:\n" + items, encoding="utf-8")
    assert chemin.stat().st_size > 400_000
    resultat = lancer("evaluate", chemin)
    lignes = resultat.stderr.splitlines()
    assert resultat.exit_code == 2 and len(lignes) == PROBLEMES_MAX + 1
    assert re.fullmatch(rf"{re.escape(str(chemin))}:\d+:\d+: … et au moins \d+ autres problèmes", lignes[-1])


def test_beaucoup_de_caracteres_bruts_bornes():
    lignes = erreurs(MINIMAL + "a: " + "\x07" * 10000 + "\n")
    assert len(lignes) == PROBLEMES_MAX + 1 and lignes[-1].endswith("… et 9950 autres problèmes")


# -- 7. Python's own words -------------------------------------------------------------------
@pytest.mark.parametrize("jour", ["9999-12-01", "0001-01-01", "1799-12-31"])
def test_date_hors_calendrier(jour):
    (ligne,) = erreurs(f"dossier:\n  reference: X\n  date_reference: {jour}\n")
    assert ligne == f"d.yaml:3:19: dossier.date_reference : « {jour} » : date hors de la plage acceptée (années 1800 à 2199)"


@pytest.mark.parametrize("args,attendu", [
    (["calc", "soulte", "--valeur", "1e309"], "nombre hors limites"),
    (["calc", "soulte", "--valeur", "1e-40"], "décimales"),
    (["calc", "interet-legal", "--du", "0001-01-01", "--au", "0001-06-01", "--montant", "100"], "années 1800 à 2199"),
    (["evaluate", "--date", "9999-01-01", EXEMPLE], "années 1800 à 2199"),
])
def test_jamais_les_mots_de_python(args, attendu):
    resultat = lancer(*args)
    assert resultat.exit_code == 2 and attendu in resultat.output
    assert "InvalidOperation" not in resultat.output and "out of range" not in resultat.output


def test_pas_de_zero_negatif_dans_les_calculs():
    resultat = lancer("calc", "soulte", "--valeur", "-0", "--format", "json")
    assert resultat.exit_code == 0 and "-0" not in resultat.output
    from decimal import Decimal

    from lexfoyer.calculs.format import en_decimal, format_euros, sans_zero_negatif
    assert str(sans_zero_negatif(Decimal("-0.00"))) == "0.00" and str(en_decimal(Decimal("-0"))) == "0"
    assert format_euros(Decimal("-0.001")) == "0,00\u00a0€"


def test_sortie_standard_pleine_en_francais(base):
    from lexfoyer.flux import lot

    def plein(_texte):
        raise OSError(28, "No space left on device")
    with pytest.raises(lot.LotImpossible) as exc:
        lot.lancer([str(EXEMPLE)], base, lot.Options(), ecrire=plein, signaler=lambda _l: None,
                   flux_sortie=None, flux_erreurs=None)
    assert str(exc.value) == "écriture impossible sur la sortie standard (disque plein)"
