"""Plain-text views of provisions, parameters and rules for ``kb show`` and ``rules show``."""

from __future__ import annotations

import unicodedata

from lexfoyer.droit.base import Base
from lexfoyer.droit.kb import Disposition, Parametre
from lexfoyer.droit.regles import Regle
from lexfoyer.cas.vocabulaire import DERIVES


def sans_accents(texte: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", texte.lower()) if unicodedata.category(c) != "Mn")


def afficher_disposition(base: Base, d: Disposition) -> str:
    lignes = [f"{d.id} — {d.citation} : {d.intitule}", f"  fichier : {d.fichier}:{d.position[0]}", f"  {d.paraphrase}", "  versions :"]
    for v in d.versions:
        fin = v.fin.isoformat() if v.fin else "en vigueur"
        verif = "" if v.verifie is None else (" (vérifiée)" if v.verifie else " (non vérifiée)")
        lignes.append(f"    - {v.citation} : {v.debut.isoformat()} → {fin}{verif}" + (f" {v.url}" if v.url else ""))
        if v.note:
            lignes.append(f"      note : {v.note}")
    lignes.append("  sources :")
    for s in d.sources:
        lignes.append(f"    - {'vérifiée' if s.get('verifie') else 'NON VÉRIFIÉE'} : {s.get('titre', '')} {s['url']}")
    if d.guides:
        lignes.append(f"  guides : {', '.join(d.guides)}")
    for n in d.notes:
        lignes.append(f"  note : {n}")
    for e in d.ecarts_guides:
        lignes.append(f"  écart d'un guide : {e}")
    regles = sorted(r.id for r in base.regles.values() if d.id in r.fondements)
    lignes.append(f"  règles qui la citent : {', '.join(regles) or 'aucune'}")
    return "\n".join(lignes) + "\n"


def afficher_parametre(base: Base, p: Parametre) -> str:
    lignes = [f"{p.id} — {p.description} ({p.unite})", f"  fichier : {p.fichier}", f"  fondements : {', '.join(p.fondements)}", "  valeurs :"]
    for v in p.valeurs:
        debut, fin = p.periode(v)
        if v.bareme:
            valeur = " / ".join(f"{t} % dès {s} €" for s, t in v.bareme)
        else:
            valeur = "aucune valeur (fin)" if v.valeur is None else str(v.valeur)
        lignes.append(f"    - {debut.isoformat()} → {fin.isoformat() if fin else '…'} : {valeur}")
        for r in v.references:
            lignes.append(f"        {'vérifiée' if r.get('verifie') else 'NON VÉRIFIÉE'} : {r['titre']} {r['url']}")
        if v.note:
            lignes.append(f"        note : {v.note}")
    regles = sorted(r.id for r in base.regles.values() if p.id in r.parametres.values())
    lignes.append(f"  règles qui l'utilisent : {', '.join(regles) or 'aucune'}")
    return "\n".join(lignes) + "\n"


def _test(t) -> str:
    valeur = t.valeur
    if isinstance(valeur, dict) and "parametre" in valeur:
        valeur = f"paramètre {valeur['parametre']}"
    derive = next((sens for (s, nom), (_g, sens) in DERIVES.items() if t.fait.endswith("." + nom)), None)
    absent = " (absent = faux)" if t.absent == "faux" else ""
    return f"{t.fait} {t.operateur} {valeur}{absent}" + (f"  — dérivé : {derive}" if derive else "")


def afficher_regle(base: Base, r: Regle) -> str:
    lignes = [f"{r.id} → {r.conclusion} — {r.titre}", f"  fichier : {r.fichier}:{r.position[0]} (domaine {r.domaine})",
              f"  sujet : {r.sujet} ; date qui gouverne : {r.date} ; appréciation : {r.appreciation or 'aucune'}",
              "  fondements : " + ", ".join(f"{f} ({base.dispositions[f].citation})" for f in r.fondements)]
    for alias, ident in r.parametres.items():
        lignes.append(f"  paramètre {alias} = {ident}")
    if r.calcul:
        lignes.append(f"  calcul : {r.calcul['fonction']} → montants {r.calcul.get('montants', [])} délais {r.calcul.get('delais', [])}")
    for t in r.portee:
        lignes.append(f"  champ : {t.libelle or ''} [{_test(t)}]")
    lignes.append("  conditions :")
    for i, c in enumerate(r.conditions):
        if c.conclusion:
            lignes.append(f"    {i}. {c.libelle} [conclusion {c.conclusion} = {c.statut}]")
        elif c.une_de:
            lignes.append(f"    {i}. {c.libelle} [l'un de : " + " | ".join(_test(t) for t in c.tests) + "]")
        else:
            lignes.append(f"    {i}. {c.libelle} [{_test(c.tests[0])}]")
    for statut, texte in r.explication.items():
        lignes.append(f"  si {statut} : {texte}")
    return "\n".join(lignes) + "\n"
