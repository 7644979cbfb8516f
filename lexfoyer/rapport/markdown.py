"""The report as a Markdown document to send: « L'essentiel », the questions, the details
by importance (numbered, « → § n » in the essentials), the chain of reasoning, the receipt.

Split from :mod:`.document` (the layout shared by every renderer) so that the helpers
« L'essentiel » needs never import the renderers back. Every text from a dossier goes
through :func:`~lexfoyer.rapport.document.md`.
"""

from __future__ import annotations

from lexfoyer.rapport.document import (APPRECIATIONS, LIBELLES_REQUIS, LIBELLES_STATUT, SYMBOLES_CONDITION, SYMBOLES_STATUT, _code,
                                      date_fr, dependance, md, montant_fr, nom_conclusion, nom_montant, synthese,
                                      valeur_fait, verification)


def _md_fondement(f: dict) -> str:
    citation = md(f["citation"])
    lien = f"[{citation}](<{f['url']}>)" if f.get("url", "") and f["url"].startswith(("https://", "http://")) and ">" not in f["url"] else citation
    periode = f"en vigueur du {date_fr(f['en_vigueur']['debut'])}" + (f" au {date_fr(f['en_vigueur']['fin'])}" if f["en_vigueur"]["fin"] else "") if f.get("en_vigueur") else "aucune version en vigueur à cette date"
    return f"{lien} ({periode} ; {verification(f)})"


def _md_conclusion(rapport: dict, c: dict) -> list[str]:
    statut = c["statut"]
    lignes = [f"### {SYMBOLES_STATUT[statut]} {LIBELLES_STATUT[statut]} — {md(c['titre'])}", "",
              f"{_code(nom_conclusion(c))} — règle {_code(c['regle'])}, droit lu au {date_fr(c['date_gouvernante'])}", "",
              md(c["explication"]), ""]
    if c.get("appreciation"):
        lignes += [f"*{APPRECIATIONS.get(c['appreciation']) or md(c['appreciation'])}*", ""]
    for nom, valeur in c["montants"].items():
        lignes.append(f"- **{nom_montant(nom)}** : {montant_fr(nom, valeur, c.get('unites', {}).get(nom, 'euros'))}")
    for nom, valeur in c.get("delais", {}).items():
        lignes.append(f"- **{nom_montant(nom)}** : {date_fr(valeur)}")
    if c.get("calcul"):
        lignes.append("- calcul : " + md(c["calcul"]).replace("\n", " ; "))
    for m in c.get("manque", []):
        q = next((q["question"] for q in rapport.get("questions", []) if q["chemin"] == m), None)
        lignes.append(f"- à demander : {md(q or m)}")
    for r in c.get("a_retenir", []):
        lignes.append(f"- à retenir : {md(r)}")
    lignes.append("- fondements : " + (" ; ".join(_md_fondement(f) for f in c["fondements"]) or ("à établir (voir la note)" if c.get("note_date") else "aucun")))
    if c.get("note_date"):
        lignes.append(f"- note : {md(c['note_date'])}")
    return lignes + [""]


def _md_chaine(rapport: dict, tout: bool = False) -> list[str]:
    from lexfoyer.rapport.essentiel import details_ordonnes
    lignes = ["## Chaîne de raisonnement", "",
              "Pour chaque conclusion : la règle, chaque condition (vraie, fausse ou inconnue) et les faits lus ; "
              "« dépend de » renvoie à la conclusion sur laquelle une condition repose.", ""]
    for _cle, _titre, conclusions in details_ordonnes(rapport, tout):
        for c in conclusions:
            lignes.append(f"- {_code(nom_conclusion(c))} — {LIBELLES_STATUT[c['statut']].lower()} (règle {_code(c['regle'])})")
            for cond in c.get("conditions", []):
                lignes.append(f"  - {SYMBOLES_CONDITION[cond['valeur']]} — {md(cond['libelle'])}")
                if cond.get("conclusion"):
                    autre = dependance(rapport, c, cond["conclusion"])
                    obtenu = LIBELLES_STATUT[autre["statut"]].lower() if autre else "non conclue"
                    lignes.append(f"    - dépend de {_code(cond['conclusion'])} (requis : {LIBELLES_REQUIS[cond['statut_requis']].lower()}, obtenu : {obtenu})")
                    continue
                for chemin, valeur in cond["faits"].items():
                    lignes.append(f"    - {_code(chemin)} = {md(valeur_fait(valeur))}")
                if not cond["faits"]:
                    lignes.append("    - fait absent du dossier")
    return lignes + [""]


def md_recu(rapport: dict) -> list[str]:
    recu = rapport.get("recu") or {}
    lignes = ["## Reçu", ""]
    if not recu:
        return lignes + [f"- moteur : {md(rapport['base'].get('moteur', ''))}", f"- base : {_code(rapport['base']['empreinte'])}", ""]
    lignes += [f"- moteur : lexfoyer {md(recu['lexfoyer'])}, durable_rules {md(recu['durable_rules'])}",
               f"- base (empreinte SHA-256 de kb/ et rules/) : {_code(recu['empreinte'])}",
               "- dates qui gouvernent : " + " ; ".join(
                   f"{date_fr(jour)} ({', '.join(_code(i) for i in ids)})" for jour, ids in recu["dates_gouvernantes"].items())]
    ancienne = recu.get("verification_la_plus_ancienne")
    lignes.append("- vérification la plus ancienne des dispositions citées : " + (
        f"{date_fr(ancienne['date'])} ({', '.join(_code(i) for i in ancienne['dispositions'])})" if ancienne else "aucune date connue"))
    if recu.get("dispositions_sans_date_de_verification"):
        lignes.append("- dispositions citées sans date de vérification : " + ", ".join(_code(i) for i in recu["dispositions_sans_date_de_verification"]))
    if recu.get("fondements_non_verifies"):
        lignes.append("- fondements non vérifiés sur leur source : " + ", ".join(_code(i) for i in recu["fondements_non_verifies"]))
    return lignes + [""]


def md_essentiel(rapport: dict, renvois: dict) -> list[str]:
    from lexfoyer.rapport.essentiel import LIBELLES_GENRE, cle
    bloc = rapport.get("essentiel")
    if bloc is None:
        return []
    lignes = ["## L'essentiel", ""]
    if not bloc["lignes"]:
        lignes.append("Aucune réponse décisive sur ces faits : voir les questions à poser et le détail.")
    for e in bloc["lignes"]:
        numero = renvois.get(cle(e))
        lignes.append(f"- **{LIBELLES_GENRE[e['genre']]}** : {md(e['texte'])}" + (f" (→ § {numero})" if numero else ""))
    if bloc.get("omises"):
        lignes.append(f"- … et {bloc['omises']} autre(s) point(s) dans le détail.")
    return lignes + [""]


def md_questions(rapport: dict, tout: bool = False) -> list[str]:
    from lexfoyer.rapport.questions import par_groupe, presomption_texte, presomptions_a_confirmer, questions_a_poser, sans_groupe, valeur_presumee
    lignes: list[str] = []
    presomptions = presomptions_a_confirmer(rapport, tout)
    if presomptions:
        lignes += ["## À confirmer avec le client", "",
                   "Faits présumés par la loi : le rapport les retient tant que le client ne les dément pas.", ""]
        for p in presomptions:
            libelle, chemin, fondement = presomption_texte(p)
            ligne = f"- {md(libelle)} ({_code(chemin)}) — présumé : {md(valeur_presumee(p.get('valeur')))} ({md(fondement)})"
            if p.get("refutation"):
                ligne += f" ; pour l'écarter : {md(p['refutation'])}"
            lignes.append(ligne)
        lignes.append("")
    liste = questions_a_poser(rapport)
    if liste:
        lignes += ["## Questions à poser au client", "", "Les plus utiles d'abord (celles dont dépendent le plus de conclusions).", ""]
        for groupe, qs in par_groupe(liste):
            lignes += [f"### {md(groupe)}", ""]
            for q in qs:
                lignes.append(f"- **{q['rang']}.** {md(sans_groupe(q))} — pour : {', '.join(_code(x) for x in q['conclusions'])}")
            lignes.append("")
    return lignes


def en_markdown(rapport: dict, tout: bool = False) -> str:
    """The report as a Markdown document to send: « L'essentiel », questions, details by
    importance (numbered, « → § n » in the essentials), chain, receipt."""
    from lexfoyer.rapport.essentiel import cle, details_ordonnes, hors_sujet, numeros
    from lexfoyer.rapport.pertinence import libelle_source
    renvois = numeros(rapport, tout)
    lignes = [f"# Dossier {md(rapport['dossier'])}", "",
              f"Droit lu au **{date_fr(rapport['date_reference'])}** — {synthese(rapport, tout)}.", ""]
    if rapport.get("pertinence"):
        lignes += [md(libelle_source(rapport["pertinence"], rapport["base"].get("domaines", {}))) + ".", ""]
    lignes += md_essentiel(rapport, renvois) + md_questions(rapport, tout)
    for _cle, titre, conclusions in details_ordonnes(rapport, tout):
        lignes += [f"## {md(titre)}", ""]
        for c in conclusions:
            bloc = _md_conclusion(rapport, c)
            bloc[0] = bloc[0].replace("### ", f"### {renvois[cle(c)]}. ", 1)
            lignes += bloc
    n, par_domaine = hors_sujet(rapport)
    if n and not tout:
        lignes += [f"*{n} conclusion(s) hors des questions du dossier, non reproduite(s) ("
                   + ", ".join(f"{md(t)} : {k}" for t, k in par_domaine.items()) + ") ; le rapport JSON les contient toutes.*", ""]
    lignes += _md_chaine(rapport, tout)
    lignes += md_recu(rapport)
    return "\n".join(lignes).rstrip() + "\n"
