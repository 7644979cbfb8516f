"""``lexfoyer lint``: consistency of the knowledge base and the rules.

Load errors (schema, dangling citations, unknown facts or parameters, cycles) stop the
load itself; lint adds what a lawyer editing the base must not leave behind: versions
of a provision that overlap or leave a gap, an id that does not match its current
number, rules that no scenario test reaches, statuses never tested, parameters or
provisions that nothing uses.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from lexfoyer.droit.base import Base
from lexfoyer.lecture.erreurs import Probleme
from lexfoyer.flux.scenarios import charger_scenarios, couverture, fichiers_scenarios


def verifier_versions(base: Base) -> list[Probleme]:
    problemes = []
    for d in base.dispositions.values():
        ligne, colonne = d.position

        def pb(message: str) -> None:
            problemes.append(Probleme(d.fichier, ligne, colonne, d.id, message))

        numero = d.id.split("/", 1)[1]
        if d.versions[-1].numero.replace(".", "") != numero:
            pb(f"l'identifiant devrait reprendre le numéro en vigueur « {d.versions[-1].numero} »")
        for v in d.versions:
            if v.fin is not None and v.fin < v.debut:
                pb(f"version {v.numero} : fin {v.fin} avant son début {v.debut}")
        for avant, apres in zip(d.versions, d.versions[1:]):
            if avant.fin is None:
                pb(f"version {avant.numero} sans date de fin alors qu'une version lui succède le {apres.debut}")
            elif avant.fin >= apres.debut:
                pb(f"versions {avant.numero} et {apres.numero} se chevauchent ({avant.fin} ≥ {apres.debut})")
            elif avant.fin + timedelta(days=1) != apres.debut:
                pb(f"trou entre les versions {avant.numero} (fin {avant.fin}) et {apres.numero} (début {apres.debut})")
    for p in base.parametres.values():
        if not p.valeurs[0].definie:
            problemes.append(Probleme(p.fichier, p.position[0], p.position[1], p.id, "la première valeur est nulle"))
    return problemes


def verifier_usage(base: Base) -> list[Probleme]:
    problemes = []
    utilises = {p for r in base.regles.values() for p in r.parametres.values()}
    for p in base.parametres.values():
        if p.id not in utilises:
            problemes.append(Probleme(p.fichier, p.position[0], p.position[1], p.id, "paramètre utilisé par aucune règle (information)"))
    return problemes


def verifier_couverture(base: Base, racine_tests: Path) -> list[Probleme]:
    problemes = []
    scenarios = []
    for fichier in fichiers_scenarios([racine_tests]):
        scenarios += charger_scenarios(fichier)
    vus = couverture(scenarios)
    for r in sorted(base.regles.values(), key=lambda r: r.id):
        statuts = vus.get(r.conclusion, set())
        if not statuts:
            problemes.append(Probleme(r.fichier, r.position[0], r.position[1], r.id, "règle atteinte par aucun scénario de test"))
            continue
        attendus = {"applicable", "non_applicable"} | ({"a_verifier"} if any(
            t.absent == "inconnu" and t.operateur != "existe" for c in r.conditions for t in c.tests) or any(c.conclusion for c in r.conditions) or r.calcul else set())
        for statut in sorted(attendus - statuts):
            problemes.append(Probleme(r.fichier, r.position[0], r.position[1], r.id, f"statut « {statut} » testé par aucun scénario"))
    return problemes


def linter(base: Base, racine_tests: Path | None, informations: bool = False) -> list[Probleme]:
    problemes = verifier_versions(base)
    if racine_tests is not None and racine_tests.is_dir():
        problemes += verifier_couverture(base, racine_tests)
    if informations:
        problemes += verifier_usage(base)
    return sorted(problemes)
