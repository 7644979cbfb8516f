"""Render a report for people: terminal text and Markdown (JSON is the contract itself)."""

from __future__ import annotations

import json


LIBELLES = {"applicable": "APPLICABLE", "a_verifier": "À VÉRIFIER", "non_applicable": "NON APPLICABLE"}
ORDRE = ("applicable", "a_verifier", "non_applicable")


def en_json(rapport: dict) -> str:
    return json.dumps(rapport, ensure_ascii=False, indent=2) + "\n"


def _sujet(c: dict) -> str:
    sujet = c.get("sujet")
    return " [" + ", ".join(f"{k} {v}" for k, v in sorted(sujet.items())) + "]" if sujet else ""


def _fondements(c: dict) -> str:
    return " ; ".join(f["citation"] + ("" if f.get("verifie") else " (non vérifié)") for f in c["fondements"])


def en_texte(rapport: dict, details: bool = False) -> str:
    lignes = [f"Dossier {rapport['dossier']} — droit lu au {rapport['date_reference']}",
              f"Base {rapport['base']['empreinte'][:12]} ({rapport['base']['dispositions']} dispositions, "
              f"{rapport['base']['regles']} règles, {rapport['base']['moteur']})", ""]
    for statut in ORDRE:
        groupe = [c for c in rapport["conclusions"] if c["statut"] == statut]
        if not groupe:
            continue
        lignes.append(f"== {LIBELLES[statut]} ({len(groupe)}) ==")
        for c in groupe:
            appreciation = f" — appréciation : {c['appreciation']}" if c["appreciation"] else ""
            lignes.append(f"* {c['id']}{_sujet(c)} — {c['titre']}{appreciation}")
            if statut != "non_applicable" or details:
                lignes.append(f"    {c['explication']}")
                for nom, valeur in c["montants"].items():
                    lignes.append(f"    {nom} = {valeur}")
                for nom, valeur in c.get("delais", {}).items():
                    lignes.append(f"    {nom} : {valeur}")
                if c.get("manque"):
                    lignes.append("    manque : " + ", ".join(c["manque"]))
                lignes.append(f"    fondements : {_fondements(c)}")
            else:
                lignes.append(f"    {c['explication']}")
        lignes.append("")
    return "\n".join(lignes).rstrip() + "\n"


def en_markdown(rapport: dict) -> str:
    lignes = [f"# Dossier {rapport['dossier']}", "",
              f"Droit lu au **{rapport['date_reference']}** — base `{rapport['base']['empreinte'][:12]}`, "
              f"{rapport['base']['moteur']}.", ""]
    for statut in ORDRE:
        groupe = [c for c in rapport["conclusions"] if c["statut"] == statut]
        if not groupe:
            continue
        lignes += [f"## {LIBELLES[statut].capitalize()} ({len(groupe)})", ""]
        for c in groupe:
            lignes.append(f"### `{c['id']}`{_sujet(c)} — {c['titre']}")
            lignes.append("")
            lignes.append(c["explication"])
            lignes.append("")
            if c["appreciation"]:
                lignes.append(f"*Appréciation : {c['appreciation']}.*")
                lignes.append("")
            for nom, valeur in c["montants"].items():
                lignes.append(f"- **{nom}** : {valeur}")
            for nom, valeur in c.get("delais", {}).items():
                lignes.append(f"- **{nom}** : {valeur}")
            for m in c.get("manque", []):
                lignes.append(f"- à demander au client : `{m}`")
            liens = ", ".join(f"[{f['citation']}]({f['url']})" if f.get("url") else f["citation"] for f in c["fondements"])
            lignes.append(f"- fondements : {liens}")
            lignes.append(f"- règle : `{c['regle']}`, date qui gouverne : {c['date_gouvernante']}")
            lignes.append("")
    return "\n".join(lignes).rstrip() + "\n"
