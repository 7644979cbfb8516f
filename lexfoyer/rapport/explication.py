"""``lexfoyer explain``: why a conclusion was reached, or why not.

Every line comes from the engine: the value of each condition is what the compiled
observation rules matched (true, false or unknown), the statut is what the verdict rules
concluded, and the scope exclusions are firings too. Nothing is re-evaluated here.
"""

from __future__ import annotations

from lexfoyer.droit.base import Base
from lexfoyer.moteur.execution import Evaluation, date_gouvernante
from lexfoyer.rapport.construction import sujet_contrat
from lexfoyer.rapport.lecteur import LecteurFaits, valeurs_condition
from lexfoyer.rapport.presomptions import citation, presumes_par_chemin

SYMBOLES = {"vrai": "✔ vrai   ", "faux": "✘ faux   ", "inconnu": "? inconnu"}


def expliquer(base: Base, evaluation: Evaluation, rapport: dict, conclusion: str) -> str:
    regle = base.regle_de(conclusion)
    if regle is None:
        proches = sorted(r.conclusion for r in base.regles.values() if r.conclusion.split(".")[0] == conclusion.split(".")[0])
        raise KeyError(f"aucune règle ne conclut « {conclusion} »" + (f" (voir : {', '.join(proches)})" if proches else ""))
    lignes = [f"{conclusion} — {regle.titre}",
              f"règle {regle.id} ({regle.fichier}:{regle.position[0]}) ; sujet : {regle.sujet} ; appréciation : {regle.appreciation or 'aucune'}",
              ""]
    sujets = sorted({ref for (cid, ref) in evaluation.conclusions if cid == conclusion}
                    | {ref for (rid, ref) in evaluation.hors_champ if rid == regle.id})
    if not sujets:
        lignes.append("Aucun sujet de ce type dans le dossier : la règle n'a rien eu à examiner.")
    for ref in sujets:
        jour, note = date_gouvernante(regle, evaluation.faits, ref)
        sujet = sujet_contrat(regle, ref)
        entete = f"[{', '.join(f'{k} {v}' for k, v in sujet.items())}]" if sujet else "[dossier]"
        if (regle.id, ref) in evaluation.hors_champ:
            lignes.append(f"{entete} hors du champ de la règle :")
            for k in evaluation.hors_champ[(regle.id, ref)]:
                lignes.append(f"  ✘ {regle.portee[k].libelle or regle.portee[k].fait} (faux ou inconnu)")
            lignes.append("")
            continue
        entree = next(c for c in rapport["conclusions"] if c["id"] == conclusion and c.get("sujet") == sujet)
        lignes.append(f"{entete} statut : {entree['statut']}  (droit lu au {jour.isoformat()}{' — ' + note if note else ''})")
        observations = evaluation.observations.get((regle.id, ref), {})
        lecteur = LecteurFaits(evaluation, regle, ref)
        presumes = presumes_par_chemin(evaluation)
        for i, cond in enumerate(regle.conditions):
            valeur = observations.get(i, "inconnu")
            faits = valeurs_condition(lecteur, cond, evaluation)
            detail = ", ".join(f"{k} = {v}{_presume(base, presumes, k)}" for k, v in faits.items()) or "fait absent du dossier"
            lignes.append(f"  {SYMBOLES[valeur]}  {cond.libelle}  [{detail}]")
            for k in faits:
                if k in presumes:
                    lignes.append(f"      {k} : à renverser par {presumes[k].presomption.refutation}")
        if entree.get("calcul"):
            lignes.append("  calcul : " + entree["calcul"].replace("\n", "\n           "))
        if entree["manque"]:
            lignes.append("  manque : " + ", ".join(entree["manque"]))
        lignes.append("  fondements :")
        for f in entree["fondements"]:
            periode = f"{f['en_vigueur']['debut']} → {f['en_vigueur']['fin'] or 'en vigueur'}" if f["en_vigueur"] else "aucune version à cette date"
            alias = f" (autres numéros : {', '.join(f['alias'])})" if f.get("alias") else ""
            lignes.append(f"    - {f['citation']} [{periode}] {'vérifié' if f['verifie'] else 'NON VÉRIFIÉ'}{alias}")
            if f.get("url"):
                lignes.append(f"      {f['url']}" + (" (recherche Légifrance : adresse de l'article non identifiée)"
                                                      if f.get("lien") == "recherche" else ""))
        lignes.append(f"  explication : {entree['explication']}")
        tirs = [t for t in rapport["trace"] if t["regle"] == regle.id and t["sujet"] == ref]
        if tirs:
            lignes.append("  tirs : " + ", ".join(f"#{t['ordre']} {t['variante']}" for t in tirs))
        lignes.append("")
    return "\n".join(lignes).rstrip() + "\n"


def _presume(base: Base, presumes: dict, chemin: str) -> str:
    """« (présumé : C. civ., art. 372) » after a fact the law presumed, else nothing."""
    presume = presumes.get(chemin)
    if presume is None:
        return ""
    return f" (présumé : {', '.join(citation(base, f) for f in presume.presomption.fondements)})"


def expliquer_donnees(base: Base, evaluation: Evaluation, rapport: dict, conclusion: str) -> dict:
    """The same explanation as data (``explain --format json``): per subject, the statut,
    each condition with its value and facts, or why the subject is out of the rule's scope."""
    regle = base.regle_de(conclusion)
    if regle is None:
        expliquer(base, evaluation, rapport, conclusion)  # raises the KeyError with its French message
    sujets = sorted({ref for (cid, ref) in evaluation.conclusions if cid == conclusion}
                    | {ref for (rid, ref) in evaluation.hors_champ if rid == regle.id})
    entrees = []
    for ref in sujets:
        sujet = sujet_contrat(regle, ref)
        if (regle.id, ref) in evaluation.hors_champ:
            entrees.append({"sujet": sujet, "hors_champ": [regle.portee[k].libelle or regle.portee[k].fait
                                                            for k in evaluation.hors_champ[(regle.id, ref)]]})
            continue
        c = next(c for c in rapport["conclusions"] if c["id"] == conclusion and c.get("sujet") == sujet)
        entrees.append({
            "sujet": sujet, "statut": c["statut"], "date_gouvernante": c["date_gouvernante"],
            "conditions": c.get("conditions", []), "calcul": c.get("calcul"), "montants": c["montants"],
            "manque": c["manque"], "fondements": c["fondements"], "explication": c["explication"],
            "pertinente": c.get("pertinente", True),
            "tirs": [{"ordre": t["ordre"], "variante": t["variante"]} for t in rapport["trace"]
                     if t["regle"] == regle.id and t["sujet"] == ref],
        })
    return {"conclusion": conclusion, "regle": regle.id, "titre": regle.titre, "fichier": regle.fichier,
            "ligne": regle.position[0], "sujet": regle.sujet, "appreciation": regle.appreciation, "sujets": entrees}
