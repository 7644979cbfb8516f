"""Render a report for people: terminal text, Markdown and HTML (JSON is the contract itself)."""

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
    def verification(f: dict) -> str:
        date = f.get("derniere_verification")
        if f.get("verifie"):
            return f" [vérifié le {date}]" if date else ""
        return f" (non vérifié ; fiche revue le {date})" if date else " (non vérifié)"

    return " ; ".join(f["citation"] + verification(f) for f in c["fondements"])


def _recu(rapport: dict) -> list[str]:
    """The receipt in two lines: engine versions, governing dates, oldest verification."""
    recu = rapport.get("recu")
    if not recu:
        return []
    dates = " ; ".join(f"{jour} ({len(ids)} conclusion{'s' if len(ids) > 1 else ''})" if len(ids) > 2 else f"{jour} ({', '.join(ids)})"
                       for jour, ids in recu["dates_gouvernantes"].items())
    ancienne = recu["verification_la_plus_ancienne"]
    return [f"Reçu : lexfoyer {recu['lexfoyer']}, durable_rules {recu['durable_rules']} ; dates qui gouvernent : {dates or '—'}",
            "Vérification la plus ancienne des dispositions citées : "
            + (f"{ancienne['date']} ({', '.join(ancienne['dispositions'])})" if ancienne else "aucune date connue")]


def en_texte(rapport: dict, details: bool = False) -> str:
    lignes = [f"Dossier {rapport['dossier']} — droit lu au {rapport['date_reference']}",
              f"Base {rapport['base']['empreinte'][:12]} ({rapport['base']['dispositions']} dispositions, "
              f"{rapport['base']['regles']} règles, {rapport['base']['moteur']})"] + _recu(rapport) + [""]
    for statut in ORDRE:
        groupe = [c for c in rapport["conclusions"] if c["statut"] == statut]
        if not groupe:
            continue
        lignes.append(f"== {LIBELLES[statut]} ({len(groupe)}) ==")
        for c in groupe:
            appreciation = f" — appréciation : {c['appreciation']}" if c["appreciation"] else ""
            jour = f" — droit au {c['date_gouvernante']}" if c.get("date_gouvernante", rapport["date_reference"]) != rapport["date_reference"] else ""
            lignes.append(f"* {c['id']}{_sujet(c)} — {c['titre']}{appreciation}{jour}")
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
    """By domain, missing facts as questions, the chain of rules, the receipt (:mod:`.document`)."""
    from lexfoyer.rapport.document import en_markdown as document_markdown
    return document_markdown(rapport)


def en_html(rapport: dict) -> str:
    """One self-contained HTML file a lawyer can send (:mod:`.rendu_html`)."""
    from lexfoyer.rapport.html import en_html as document_html
    return document_html(rapport)
