"""Bad input gets one located French line per problem, never a traceback or a guess."""

from pathlib import Path

import pytest

from lexfoyer.cas.dossier import charger_dossier, dossier_depuis_texte
from lexfoyer.lecture.erreurs import ErreurDonnees
from lexfoyer.lecture.yamlsur import charger_texte, lire_texte

MINIMAL = "dossier:\n  reference: X\n"


def erreurs(texte: str) -> list[str]:
    with pytest.raises(ErreurDonnees) as exc:
        dossier_depuis_texte(texte, "d.yaml")
    return [str(p) for p in exc.value.problemes]


def test_cle_en_double_refusee():
    assert erreurs("dossier:\n  reference: X\n  reference: Y\n") == [
        "d.yaml:3:3: dossier.reference : clé « reference » en double (déjà à la ligne 2)"]


def test_champ_inconnu_avec_suggestion():
    texte = MINIMAL + "personnes:\n  - id: A\n    revenu_mensuel: 3000\n"
    assert erreurs(texte) == [
        "d.yaml:5:5: personnes[0].revenu_mensuel : champ inconnu « revenu_mensuel » (vouliez-vous dire « revenus_mensuels_nets » ?)"]


def test_faute_accent_non_ignoree():
    texte = MINIMAL + "prets:\n  - id: p\n    capital_restant_dû: 1000\n"
    (ligne,) = erreurs(texte)
    assert "capital_restant_dû" in ligne and "capital_restant_du" in ligne


def test_minimum_et_type():
    texte = MINIMAL + "prets:\n  - id: p\n    taux_nominal: -2\n    solidaire: oui\n"
    assert erreurs(texte) == [
        "d.yaml:5:19: prets[0].taux_nominal : -2 est inférieur au minimum 0",
        "d.yaml:6:16: prets[0].solidaire : « oui » devrait être true ou false",
    ]


def test_reference_croisee_inconnue():
    texte = MINIMAL + "personnes: [{id: A}, {id: B}]\nprets:\n  - id: p\n    emprunteurs: [A, C]\n"
    assert erreurs(texte) == ["d.yaml:6:22: prets[0].emprunteurs[1] : « C » n'est l'identifiant d'aucune personne du dossier"]


def test_quotes_parts_et_proprietaire():
    texte = MINIMAL + ("personnes: [{id: A}, {id: B}]\nbiens:\n  - id: m\n    propriete: indivis\n"
                       "    proprietaire: A\n    quotes_parts: {A: 50, B: 40}\n")
    lignes = erreurs(texte)
    assert any("totalisent 90 %" in l for l in lignes)
    assert any("« proprietaire » ne s'emploie qu'avec « propriete: propre »" in l for l in lignes)


def test_date_impossible_et_trop_de_decimales():
    texte = MINIMAL + "prets:\n  - id: p\n    date_signature: 2023-02-30\n    taux_nominal: 1.123456\n"
    lignes = erreurs(texte)
    assert any("2023-02-30" in l and "calendrier" in l for l in lignes)
    assert any("plus de 4 décimales" in l for l in lignes)


def test_milliard_de_rires_refuse_vite():
    texte = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(9))
    with pytest.raises(ErreurDonnees) as exc:
        charger_texte(texte, "bombe.yaml")
    assert "trop grand" in str(exc.value)


@pytest.mark.parametrize("texte,message", [
    ("a: [1\n", "syntaxe YAML invalide"),
    ("a: !!python/object:os.system x\n", "non accepté"),
    ("<<: {a: 1}\n", "fusion"),
    ("", "fichier vide"),
    ("a: .nan\n", "refusé"),
    ("a: 1\n---\nb: 2\n", "un seul document"),
])
def test_yaml_hostile(texte, message):
    with pytest.raises(ErreurDonnees) as exc:
        charger_texte(texte, "f.yaml")
    assert message in str(exc.value)


def test_utf8_et_taille():
    with pytest.raises(ErreurDonnees) as exc:
        lire_texte(b"a: 1\nb: \xe9t\xe9\n", "latin1.yaml", 1000)
    assert str(exc.value) == "latin1.yaml:2:4: le fichier n'est pas en UTF-8"
    with pytest.raises(ErreurDonnees) as exc:
        lire_texte(b"x" * 2000, "gros.yaml", 1000)
    assert "trop volumineux" in str(exc.value)


def test_nombres_exacts_et_dates_textuelles():
    doc = charger_texte("a: 1.48\nb: 2026-11-21\nc: 3\n", "f.yaml")
    from decimal import Decimal
    assert doc.donnees == {"a": Decimal("1.48"), "b": "2026-11-21", "c": 3}


def test_exemples_valides():
    for chemin in sorted(Path(__file__).parent.parent.joinpath("examples").glob("*.yaml")):
        assert charger_dossier(chemin).reference
