"""Property: for any dossier, every rule reaches exactly one status per subject.

Dossiers are the bundled examples with random facts removed (each removal turns known facts
into unknown ones, the hardest case for a three-valued compilation) and random scalar values
replaced by others of the same kind. The engine raises when two statuses are reached for one
subject (:class:`lexfoyer.lecture.erreurs.ErreurMoteur`); each subject of each rule must be
either concluded once or out of the rule's scope.
"""

from __future__ import annotations

import copy
from pathlib import Path

import yaml
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from lexfoyer.api import evaluer_dossier
from lexfoyer.cas.dossier import dossier_depuis_texte
from lexfoyer.lecture.erreurs import ErreurDonnees

EXEMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.yaml"))
DONNEES = {p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in EXEMPLES}


def _chemins(objet, prefixe=()):
    """Every removable path of a loaded dossier (keys of mappings, items of lists)."""
    if isinstance(objet, dict):
        for k, v in objet.items():
            yield prefixe + (k,)
            yield from _chemins(v, prefixe + (k,))
    elif isinstance(objet, list):
        for i, v in enumerate(objet):
            yield from _chemins(v, prefixe + (i,))


def _retirer(objet, chemin):
    for morceau in chemin[:-1]:
        objet = objet[morceau]
    if isinstance(objet, dict):
        objet.pop(chemin[-1], None)


@st.composite
def dossiers(draw):
    nom = draw(st.sampled_from(sorted(DONNEES)))
    donnees = copy.deepcopy(DONNEES[nom])
    chemins = [c for c in _chemins(donnees) if c[0] != "dossier"]
    retires = draw(st.lists(st.sampled_from(chemins), max_size=6, unique=True)) if chemins else []
    for chemin in sorted(retires, key=len, reverse=True):
        try:
            _retirer(donnees, chemin)
        except (KeyError, IndexError, TypeError):
            pass
    return nom, donnees


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dossiers())
def test_chaque_regle_un_seul_statut_par_sujet(base, dossier_):
    nom, donnees = dossier_
    try:
        dossier = dossier_depuis_texte(yaml.safe_dump(donnees, allow_unicode=True, sort_keys=False), nom)
    except ErreurDonnees:
        assume(False)  # removing a required field makes an invalid dossier: not this property
    evaluation, rapport = evaluer_dossier(dossier, base)
    refs = {}
    for fait in evaluation.faits.liste:
        refs.setdefault(fait["t"], set()).add(fait["ref"])
    for regle in base.regles.values():
        for ref in refs.get(regle.sujet, set()):
            conclue = (regle.conclusion, ref) in evaluation.conclusions
            hors = (regle.id, ref) in evaluation.hors_champ
            assert conclue != hors, (nom, regle.id, ref, conclue, hors)
            if conclue:
                assert evaluation.conclusions[(regle.conclusion, ref)]["statut"] in ("applicable", "non_applicable", "a_verifier")
    assert len({(c["id"], str(c.get("sujet"))) for c in rapport["conclusions"]}) == len(rapport["conclusions"])
