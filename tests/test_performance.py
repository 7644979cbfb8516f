"""The speed levers of issue 14 change no output, and the base cache is verified, not trusted.

Timings live in ``bench/bench.py``; here only what each lever must keep true: the lean
ruleset (no observation rules) gives the full report minus the chain, byte for byte; the
orjson encoder gives the standard library's bytes; the compiled validator never calls
valid what jsonschema rejects; a damaged, tampered or crafted cache file is rebuilt and
never runs code; the engine table is bounded.
"""

from __future__ import annotations

import json
import os
import random
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from lexfoyer.api import evaluer_dossier, moteur_pour
from lexfoyer.cas.dossier import charger_dossier
from lexfoyer.droit import cache
from lexfoyer.droit.base import Base, charger_base
from lexfoyer.lecture.jsonrapide import compact, indente
from lexfoyer.lecture.schemas import _valide_vite, schema, validateur
from lexfoyer.lecture.validation_rapide import compiler
from lexfoyer.lecture.yamlsur import charger_fichier

RACINE = Path(__file__).parent.parent
EXEMPLES = sorted((RACINE / "examples").glob("*.yaml"))


# -- the lean ruleset ------------------------------------------------------------------
@pytest.mark.parametrize("exemple", EXEMPLES, ids=lambda p: p.stem)
def test_sans_observations_meme_rapport_moins_la_chaine(base, exemple: Path):
    dossier = charger_dossier(exemple)
    complet = evaluer_dossier(dossier, base)[1]
    evaluation, leger = evaluer_dossier(dossier, base, chaine=False)
    assert evaluation.observations == {}
    assert all("conditions" in c for c in complet["conclusions"])
    for c in complet["conclusions"]:
        del c["conditions"]
    assert compact(leger) == json.dumps(complet, ensure_ascii=False, separators=(",", ":"))


OPTIONS_TEXTE = [{}, {"details": True}, {"recu": True}, {"tout": True, "details": True},
                 {"domaines": ("sortir_du_pret",)}, {"domaines": ("garder_logement", "difficultes_paiement")}]


@pytest.mark.parametrize("exemple", EXEMPLES, ids=lambda p: p.stem)
def test_le_rapport_texte_ne_depend_pas_de_la_chaine(base, exemple: Path):
    # the text report runs without the observation rules (flux.unite.SANS_CHAINE): it must
    # not read anything they give, whatever its options
    from lexfoyer.flux.unite import SANS_CHAINE, Options, rendre
    assert "text" in SANS_CHAINE
    dossier = charger_dossier(exemple)
    for reglages in OPTIONS_TEXTE:
        complet = evaluer_dossier(dossier, base, reglages.get("domaines", ()))[1]
        leger = evaluer_dossier(dossier, base, reglages.get("domaines", ()), chaine=False)[1]
        options = Options("text", **reglages)
        assert rendre(leger, options) == rendre(complet, options), reglages


def test_les_observations_sont_les_seules_regles_ecartees(base):
    (regles,) = base.ruleset.values()
    textes = base.rulesets_json or moteur_pour(base)._textes
    gardees = set(json.loads(textes.allege))
    assert set(json.loads(textes.complet)) == set(regles)
    assert {n for n in regles if n not in gardees} == {n for n in regles if "__obs__" in n}
    assert gardees and all("run" not in d for d in json.loads(textes.allege).values())


# -- JSON encoder -------------------------------------------------------------------------
@pytest.mark.parametrize("valeur", [
    "".join(chr(i) for i in range(0x30)) + "é\u2028\u2029\x7f\U0001F600\"\\/",
    {"": [], "a": {}, "b": [{}], "c": [1, [2, []]], "d": None, "e": True, "f": False},
    [0, -1, 2 ** 63 - 1, -2 ** 63, 2 ** 64, 10 ** 30], {"\ud800": "seul"}, {1: "clé entière"},
])
def test_encodeur_memes_octets_que_json(valeur):
    assert compact(valeur) == json.dumps(valeur, ensure_ascii=False, separators=(",", ":"))
    assert indente(valeur) == json.dumps(valeur, ensure_ascii=False, indent=2)


def test_encodeur_refuse_ce_que_json_refuse():
    with pytest.raises(TypeError):
        compact({"montant": Decimal("1.10")})


# -- compiled validator ------------------------------------------------------------------
def _muter(valeur, hasard: random.Random):
    """One random change somewhere in ``valeur``: a wrong type, an odd scalar, a new key…"""
    if isinstance(valeur, dict) and valeur and hasard.random() < 0.8:
        cle = hasard.choice(list(valeur))
        copie = dict(valeur)
        choix = hasard.random()
        if choix < 0.1:
            del copie[cle]
        elif choix < 0.2:
            copie[cle + "_x"] = 1
        else:
            copie[cle] = _muter(valeur[cle], hasard)
        return copie
    if isinstance(valeur, list) and valeur and hasard.random() < 0.8:
        i = hasard.randrange(len(valeur))
        copie = list(valeur)
        if hasard.random() < 0.15:
            copie.append(copie[i])  # a duplicate (uniqueItems)
        else:
            copie[i] = _muter(valeur[i], hasard)
        return copie
    return hasard.choice([None, True, False, 0, -1, 1, 1.0, 1.5, Decimal("2.5"), Decimal("-0.01"), 10 ** 12,
                          "", "x", "cdi", "2024-02-30", "2024-01-01", "A\n", [], {}, [1, 1], {"a": 1}])


@pytest.mark.parametrize("exemple", EXEMPLES, ids=lambda p: p.stem)
def test_validateur_compile_jamais_valide_ce_que_jsonschema_refuse(exemple: Path):
    rapide = _valide_vite("dossier")
    assert rapide is not None
    lent = validateur("dossier")
    donnees = charger_fichier(exemple).donnees
    assert rapide(donnees) and not list(lent.iter_errors(donnees))
    hasard = random.Random(exemple.name)
    d_accord = 0
    for _ in range(60):
        mute = _muter(donnees, hasard)
        valide = not any(True for _ in lent.iter_errors(mute))
        if rapide(mute):
            assert valide, mute
        d_accord += rapide(mute) == valide
    assert d_accord >= 57  # it decides exactly almost always (else it would not save time)


def test_validateur_compile_sur_chaque_schema_et_fichier_de_la_base():
    for nom, dossier in (("dispositions", "kb/dispositions"), ("parametre", "kb/parametres"), ("regles", "rules")):
        rapide = _valide_vite(nom)
        assert rapide is not None, nom
        for fichier in sorted((RACINE / dossier).glob("*.yaml")):
            assert rapide(charger_fichier(fichier).donnees), fichier


def test_mot_cle_inconnu_laisse_le_schema_a_jsonschema():
    assert compiler({"type": "object", "dependentRequired": {"a": ["b"]}}) is None
    assert compiler({"type": "string", "format": "date"}) is None
    assert compiler({"$ref": "https://ailleurs.example/schema.json"}) is None


# -- the base cache -------------------------------------------------------------------
@pytest.fixture()
def dossier_cache(tmp_path, monkeypatch):
    dossier = tmp_path / "cache"
    monkeypatch.setenv("LEXFOYER_CACHE", str(dossier))
    monkeypatch.setattr(cache, "MARGE_NS", 0)  # files just written may enter the index
    return dossier


def _fichier_base(dossier: Path) -> Path:
    (fichier,) = dossier.glob("base-*.json")
    return fichier


def test_cache_relu_identique_a_la_base_construite(dossier_cache):
    construite = charger_base()
    relue = charger_base()
    assert relue is not construite and _fichier_base(dossier_cache).read_bytes().startswith(cache.ENTETE)
    for champ in ("empreinte", "dispositions", "parametres", "regles", "alias", "domaines", "rulesets_json"):
        assert getattr(relue, champ) == getattr(construite, champ), champ
    assert relue.ruleset == construite.ruleset  # compiled again on demand
    assert not list(dossier_cache.glob("*.pickle"))


def test_trois_octets_corrompus_reconstruit_en_silence(dossier_cache):
    base = charger_base()
    fichier = _fichier_base(dossier_cache)
    brut = bytearray(fichier.read_bytes())
    for i in (len(brut) // 3, len(brut) // 2, len(brut) - 10):
        brut[i] ^= 0x5A
    fichier.write_bytes(bytes(brut))
    relue = charger_base()
    assert relue.parametres == base.parametres and relue.regles == base.regles
    assert _fichier_base(dossier_cache).read_bytes() != bytes(brut)  # rewritten whole


def test_un_chiffre_modifie_dans_le_cache_n_est_jamais_lu(dossier_cache):
    base = charger_base()
    fichier = _fichier_base(dossier_cache)
    brut = fichier.read_bytes()
    chiffres = [(i, p.valeurs[0].valeur) for i, p in base.parametres.items() if p.valeurs and p.valeurs[0].valeur is not None]
    ident, valeur = chiffres[0]
    ancien = json.dumps({"$d": str(valeur)}, separators=(",", ":")).encode()
    assert ancien in brut
    fichier.write_bytes(brut.replace(ancien, json.dumps({"$d": str(valeur + 8)}, separators=(",", ":")).encode(), 1))
    relue = charger_base()
    assert relue.parametres[ident].valeurs[0].valeur == valeur


def test_fichier_forge_ne_fait_jamais_executer_de_code(dossier_cache, tmp_path):
    charger_base()
    fichier = _fichier_base(dossier_cache)
    entete, _ = fichier.read_bytes()[len(cache.ENTETE):].split(b"\n", 1)
    cle = json.loads(entete)["cle"]
    temoin = tmp_path / "execute"
    import pickle

    class Piege:
        def __reduce__(self):
            return (os.system, (f"touch {temoin}",))

    charges = [
        pickle.dumps(Piege()),  # what the old cache would have run
        json.dumps({"base": {"$c": "os:system", "a": "x"}, "aliases": {}}).encode(),
        json.dumps({"base": {"$c": "lexfoyer.droit.base:Base", "__class__": "x"}, "aliases": {}}).encode(),
        json.dumps({"base": {"$c": "subprocess:Popen"}, "aliases": {}}).encode(),
        json.dumps({"base": {"$inconnu": 1}, "aliases": {}}).encode(),
    ]
    for charge in charges:
        sections = [charge, b"{}", b"{}"]  # hashes recomputed: the forger knows the format
        cache.ecrire(fichier, cle, sections)
        with pytest.raises(cache.CacheInvalide):
            cache.depuis_donnees(charge)
        relue = charger_base()
        assert isinstance(relue, Base) and relue.regles
        assert not temoin.exists()


def test_cle_changee_ou_fichier_tronque_reconstruit(dossier_cache):
    charger_base()
    fichier = _fichier_base(dossier_cache)
    fichier.write_bytes(fichier.read_bytes()[:1000])
    assert charger_base().regles
    with pytest.raises(cache.CacheInvalide):
        cache.lire(_fichier_base(dossier_cache), "une autre clé")


def test_une_modification_de_la_base_est_toujours_vue(dossier_cache, tmp_path):
    """The stat index never hides an edit: same size, mtime put back, still seen (ctime)."""
    racine = tmp_path / "base"
    for sous in ("kb", "rules", "schemas"):
        shutil.copytree(RACINE / sous, racine / sous)
    avant = charger_base(racine)
    assert charger_base(racine).empreinte == avant.empreinte  # from the cache, via the index
    fichier = sorted((racine / "kb" / "parametres").glob("*.yaml"))[0]
    texte = fichier.read_bytes()
    stat = fichier.stat()
    fichier.write_bytes(texte[:-2] + b"#\n" if texte.endswith(b"\n\n") else texte.rstrip(b"\n") + b"\n#")
    assert fichier.stat().st_size == stat.st_size or True
    os.utime(fichier, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # mtime restored, ctime moved
    apres = charger_base(racine)
    assert apres.empreinte != avant.empreinte


def test_le_cache_est_borne(dossier_cache, monkeypatch):
    monkeypatch.setattr(cache, "FICHIERS_MAX", 2)
    dossier_cache.mkdir(parents=True)
    for i in range(5):
        (dossier_cache / f"base-{i:032d}.json").write_bytes(b"x")
    (dossier_cache / "base-ancien.pickle").write_bytes(b"x")
    charger_base()
    assert len(list(dossier_cache.glob("base-*.json"))) == 2
    assert not list(dossier_cache.glob("*.pickle"))
    index = json.loads((dossier_cache / "index.json").read_text())
    assert len(index) <= cache.INDEX_MAX


def test_table_des_moteurs_bornee(base, monkeypatch):
    import lexfoyer.api as api
    monkeypatch.setattr(api, "_MOTEURS", api.OrderedDict())
    for i in range(api.MOTEURS_MAX + 3):
        autre = Base.__new__(Base)
        autre.__dict__.update(vars(base), empreinte=f"{i:064x}")
        moteur_pour(autre)
    assert len(api._MOTEURS) == api.MOTEURS_MAX


def test_memo_d_un_test_hors_du_cache(base):
    # a property memoised on a frozen test (operande, comparatif) is not one of its fields:
    # the cache keeps the fields alone, and the test read back equals the original
    from lexfoyer.lecture.enregistrement import champs
    test = next(t for r in base.regles.values() for c in r.conditions for t in c.tests if t.operande is not None)
    assert test.comparatif in (True, False) and "operande" in vars(test)
    donnees = cache.en_donnees(test)
    assert set(donnees) == {"$c", *champs(test)}
    relu = cache.depuis_donnees(json.dumps(donnees).encode())
    assert relu == test and "operande" not in vars(relu) and relu.operande == test.operande
