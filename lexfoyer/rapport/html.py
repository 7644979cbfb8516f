"""The report as one self-contained HTML file a lawyer can send or print.

Inline CSS only: no script, no font, no image, nothing fetched, so the file opens the
same on any machine and in any mail client. Statuses are in colour *and* in words (a
printed report in black and white loses nothing). Every string taken from the report is
escaped with :func:`html.escape` — the dossier is hostile input, and its reference or a
person's first name end up in the explanations — and a link is written only for an
``http(s)`` address. The chain of reasoning is a nested list (conclusion → rule →
conditions → facts, and « dépend de » links between conclusions), readable without
JavaScript and printable.

Module named ``rendu_html`` rather than ``html`` so that it never shadows the standard
library module it uses.
"""

from __future__ import annotations

import html

from lexfoyer.rapport.document import (APPRECIATIONS, LIBELLES_REQUIS, LIBELLES_STATUT, ORDRE_STATUTS, SYMBOLES_CONDITION,
                       SYMBOLES_STATUT, ancre, comptes, date_fr, dependance, montant_fr,
                       nom_conclusion, nom_montant, synthese, sujet_texte, valeur_fait,
                       verification)

_STYLE = """
body{font-family:Georgia,'Times New Roman',serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d1d1d;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{border-bottom:2px solid #ccc;padding-bottom:.2rem;margin-top:2.2rem}
h3{font-size:1.05rem;margin:1rem 0 .3rem}code{font-family:Menlo,Consolas,monospace;font-size:.85em;background:#f3f3f3;padding:0 .2em;overflow-wrap:anywhere}
.entete{color:#444;margin:.2rem 0}.conclusion{border-left:6px solid #999;padding:.3rem .9rem;margin:.6rem 0;background:#fafafa}
.statut-applicable{border-color:#2e7d32}.statut-a_verifier{border-color:#ef6c00}.statut-non_applicable{border-color:#9e9e9e}
.conclusion>summary{cursor:pointer;font-weight:bold;padding:.2rem 0}.conclusion>p.meta[id]{scroll-margin-top:3rem}.conclusion>summary .resume{font-weight:normal;color:#333}
.badge{display:inline-block;font-family:Arial,sans-serif;font-size:.8rem;font-weight:bold;padding:.1rem .5rem;border-radius:.3rem;border:1px solid;margin-right:.4rem}
.badge.applicable{background:#e8f5e9;color:#1b5e20}.badge.a_verifier{background:#fff3e0;color:#a84300}.badge.non_applicable{background:#eee;color:#424242}
.meta{font-size:.85rem;color:#555}.appreciation{font-style:italic}table{border-collapse:collapse;margin:.4rem 0;display:block;overflow-x:auto;max-width:100%}
td,th{border:1px solid #ccc;padding:.2rem .6rem;text-align:left}td.nombre{text-align:right;white-space:nowrap}
pre{white-space:pre-wrap;font-size:.85rem;background:#f3f3f3;padding:.4rem;overflow-wrap:anywhere}.questions li{margin:.3rem 0}
.pour{font-size:.8rem;color:#555}ul.arbre,ul.arbre ul{list-style:none;padding-left:1.2rem;border-left:1px dotted #aaa}
ul.arbre>li{margin:.5rem 0}.vrai{color:#1b5e20}.faux{color:#b71c1c}.inconnu{color:#a84300}
#essentiel{background:#f6f8fb;border:2px solid #34495e;border-radius:.4rem;padding:.2rem 1rem .6rem;margin-top:1rem}
#essentiel h2{border:0;margin-top:.6rem}ul.essentiel{list-style:none;padding:0;margin:0}ul.essentiel li{margin:.45rem 0;padding-left:.2rem}
.genre{display:inline-block;font-family:Arial,sans-serif;font-size:.75rem;font-weight:bold;text-transform:uppercase;padding:.05rem .4rem;border-radius:.3rem;margin-right:.4rem;border:1px solid}
.genre-ouvert{color:#1b5e20;background:#e8f5e9}.genre-refus{color:#b71c1c;background:#ffebee}.genre-juge,.genre-banque{color:#4a148c;background:#f3e5f5}
.genre-alerte{color:#fff;background:#b71c1c}.genre-a_etablir{color:#a84300;background:#fff3e0}
nav#sommaire{font-size:.9rem;border:1px solid #ddd;padding:.3rem 1rem;margin:1rem 0}nav#sommaire ol{margin:.2rem 0;padding-left:1.2rem}
.hors{font-style:italic;color:#555}.presomptions li{margin:.3rem 0}
@media (max-width:40rem){body{margin:.6rem auto;padding:0 .6rem;font-size:1rem}h1{font-size:1.3rem}.conclusion{padding:.3rem .5rem}
ul.arbre,ul.arbre ul{padding-left:.6rem}}
@media print{body{margin:0;max-width:none;font-size:11pt}a{color:inherit}a[href^="http"]::after{content:" (" attr(href) ")";font-size:.75em;word-break:break-all}
nav#sommaire{display:none}details::details-content{content-visibility:visible;display:block}details>summary{list-style:none}
details>summary::-webkit-details-marker{display:none}#essentiel,.conclusion>p,.conclusion li{break-inside:avoid;page-break-inside:avoid}
#section-recours,#chaine{break-before:page;page-break-before:always}h2,h3,summary{break-after:avoid;page-break-after:avoid}
#chaine{font-size:9pt}#chaine ol{columns:3;font-size:8pt}.conclusion{margin:.4rem 0}
.conclusion,.badge,.genre,#essentiel{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"""


def _e(texte) -> str:
    return html.escape(str(texte), quote=True)


def _lien(url: str | None, texte: str) -> str:
    """A link only for an http(s) address; anything else is shown as plain text."""
    if url and url.startswith(("https://", "http://")):
        return f'<a href="{_e(url)}">{_e(texte)}</a>'
    return _e(texte)


def _badge(statut: str) -> str:
    return f'<span class="badge {statut}">{SYMBOLES_STATUT[statut]} {_e(LIBELLES_STATUT[statut])}</span>'


def _fondement(f: dict) -> str:
    if f.get("en_vigueur"):
        fin = f" au {date_fr(f['en_vigueur']['fin'])}" if f["en_vigueur"]["fin"] else ""
        periode = f"version en vigueur du {date_fr(f['en_vigueur']['debut'])}{fin}"
    else:
        periode = _e(f.get("note") or "aucune version en vigueur à cette date")
    alias = f" ; autres numéros : {_e(', '.join(f['alias']))}" if f.get("alias") else ""
    return (f"<li>{_lien(f.get('url'), f['citation'])} <span class=\"meta\">({periode} ; "
            f"{_e(verification(f))}{alias})</span></li>")


def _questions_de(rapport: dict, c: dict) -> list[str]:
    textes = []
    for m in c.get("manque", []):
        q = next((q["question"] for q in rapport.get("questions", []) if q["chemin"] == m), None)
        textes.append(q or m)
    return textes


def _resume(c: dict) -> str:
    """What the folded line shows: the subject and the main figures."""
    from lexfoyer.rapport.essentiel import _delais, _montants
    morceaux = ([sujet_texte(c)] if c.get("sujet") else []) + _montants(c) + _delais(c)
    return f' <span class="resume">— {_e(" ; ".join(morceaux))}</span>' if morceaux else ""


def _conclusion(rapport: dict, c: dict, numero: int | None = None, ouvert: bool = False) -> str:
    statut = c["statut"]
    domaine = rapport["base"].get("domaines", {}).get(c.get("domaine", ""), c.get("domaine", ""))
    # the anchor is inside the folded content: following a link to it unfolds the conclusion
    # (browsers reveal a closed <details> that holds a fragment's target)
    morceaux = [f'<details class="conclusion statut-{statut}"{" open" if ouvert else ""}>',
                f"<summary>{_badge(statut)}{f'{numero}. ' if numero else ''}{_e(c['titre'])}{_resume(c)}</summary>",
                f'<p class="meta" id="{ancre(c)}"><code>{_e(nom_conclusion(c))}</code> — règle <code>{_e(c["regle"])}</code>'
                f" — droit lu au {date_fr(c['date_gouvernante'])} — {_e(domaine)}</p>",
                f"<p>{_e(c['explication'])}</p>"]
    if c.get("appreciation"):
        morceaux.append(f'<p class="appreciation">{_e(APPRECIATIONS.get(c["appreciation"]) or c["appreciation"])}</p>')
    unites = c.get("unites") or {}
    lignes = [f'<tr><th>{_e(nom_montant(n))}</th><td class="nombre">{_e(montant_fr(n, v, unites.get(n, "euros")))}</td></tr>'
              for n, v in c["montants"].items()]
    lignes += [f'<tr><th>{_e(nom_montant(n))}</th><td class="nombre">{date_fr(v)}</td></tr>' for n, v in c.get("delais", {}).items()]
    if lignes:
        morceaux.append("<table>" + "".join(lignes) + "</table>")
    if c.get("calcul"):
        morceaux.append(f"<pre>{_e(c['calcul'])}</pre>")
    questions = _questions_de(rapport, c)
    if questions:
        morceaux.append("<p><strong>À demander au client :</strong></p><ul>" + "".join(f"<li>{_e(q)}</li>" for q in questions) + "</ul>")
    if c.get("a_retenir"):
        morceaux.append("<p><strong>À retenir :</strong></p><ul>" + "".join(f"<li>{_e(r)}</li>" for r in c["a_retenir"]) + "</ul>")
    morceaux.append("<p><strong>Fondements :</strong></p><ul>" + ("".join(_fondement(f) for f in c["fondements"])
                                                                 or f"<li>{'à établir (voir la note)' if c.get('note_date') else 'aucun'}</li>") + "</ul>")
    if c.get("note_date"):
        morceaux.append(f'<p class="meta">{_e(c["note_date"])}</p>')
    morceaux.append("</details>")
    return "\n".join(morceaux)


def _condition(rapport: dict, c: dict, cond: dict) -> str:
    valeur = cond["valeur"]
    tete = f'<span class="{valeur}">{_e(SYMBOLES_CONDITION[valeur])}</span> — {_e(cond["libelle"])}'
    if cond.get("conclusion"):
        autre = dependance(rapport, c, cond["conclusion"])
        obtenu = LIBELLES_STATUT[autre["statut"]].lower() if autre else "non conclue"
        cible = f'<a href="#{ancre(autre)}"><code>{_e(cond["conclusion"])}</code></a>' if autre else f"<code>{_e(cond['conclusion'])}</code>"
        detail = f"<li>dépend de {cible} (requis : {_e(LIBELLES_REQUIS[cond['statut_requis']].lower())}, obtenu : {_e(obtenu)})</li>"
    elif cond["faits"]:
        detail = "".join(f"<li><code>{_e(k)}</code> = {_e(valeur_fait(v))}</li>" for k, v in cond["faits"].items())
    else:
        detail = "<li>fait absent du dossier</li>"
    return f"<li>{tete}<ul>{detail}</ul></li>"


def _chaine(rapport: dict, tout: bool = False) -> str:
    from lexfoyer.rapport.essentiel import details_ordonnes
    elements = []
    for _cle, _titre, conclusions in details_ordonnes(rapport, tout):
        for c in conclusions:
            conditions = "".join(_condition(rapport, c, cond) for cond in c.get("conditions", []))
            elements.append(f'<li><details><summary><a href="#{ancre(c)}"><code>{_e(nom_conclusion(c))}</code></a> — '
                            f"{_e(LIBELLES_STATUT[c['statut']].lower())}</summary><ul><li>règle <code>{_e(c['regle'])}</code>"
                            f"<ul>{conditions or '<li>aucune condition</li>'}</ul></li></ul></details></li>")
    tirs = "".join(f"<li>#{t['ordre']} <code>{_e(t['regle'])}</code> ({_e(t['variante'])}, {_e(t['sujet'])})"
                   + (f" → {_e(', '.join(t['conclut']))}" if t["conclut"] else "") + "</li>" for t in rapport.get("trace", []))
    return ('<section id="chaine"><h2>Chaîne de raisonnement</h2>'
            "<p>Pour chaque conclusion : la règle qui l'a produite, chacune de ses conditions (vraie, fausse ou "
            "inconnue) et les faits du dossier lus ; « dépend de » renvoie à la conclusion sur laquelle une condition repose.</p>"
            f'<ul class="arbre">{"".join(elements)}</ul>'
            f"<details><summary>Ordre des déclenchements du moteur ({len(rapport.get('trace', []))})</summary><ol>{tirs}</ol></details>"
            "</section>")


def _questions(rapport: dict, tout: bool = False) -> str:
    from lexfoyer.rapport.questions import par_groupe, presomption_texte, presomptions_a_confirmer, questions_a_poser, sans_groupe, valeur_presumee
    morceaux = []
    presomptions = presomptions_a_confirmer(rapport, tout)
    if presomptions:
        items = "".join(f"<li>{_e(presomption_texte(p)[0])} (<code>{_e(presomption_texte(p)[1])}</code>) — présumé : "
                        f"<strong>{_e(valeur_presumee(p.get('valeur')))}</strong> <span class=\"pour\">({_e(presomption_texte(p)[2])}"
                        + (f" ; pour l'écarter : {_e(p['refutation'])}" if p.get("refutation") else "") + ")</span></li>"
                        for p in presomptions)
        morceaux.append('<section id="a-confirmer" class="presomptions"><h2>À confirmer avec le client</h2>'
                        f"<p>Faits présumés par la loi : le rapport les retient tant que le client ne les dément pas.</p><ul>{items}</ul></section>")
    liste = questions_a_poser(rapport)
    if liste:
        groupes = "".join(
            f"<h3>{_e(groupe)}</h3><ol>" + "".join(
                f'<li value="{q["rang"]}">{_e(sans_groupe(q))} <span class="pour">— pour : {_e(", ".join(q["conclusions"]))}</span></li>'
                for q in qs) + "</ol>"
            for groupe, qs in par_groupe(liste))
        morceaux.append(f'<section id="questions" class="questions"><h2>Questions à poser au client</h2>'
                        f"<p class=\"meta\">Les plus utiles d'abord : celles dont dépendent le plus de conclusions.</p>{groupes}</section>")
    return "\n".join(morceaux)


def _essentiel(rapport: dict, renvois: dict) -> str:
    from lexfoyer.rapport.essentiel import LIBELLES_GENRE, cle
    bloc = rapport.get("essentiel")
    if bloc is None:
        return ""
    items = []
    for e in bloc["lignes"]:
        ref = ancre(e)
        lien = f' <a href="#{ref}">détail{f" § {renvois[cle(e)]}" if cle(e) in renvois else ""}</a>'
        items.append(f'<li class="genre-{e["genre"]}-ligne"><span class="genre genre-{e["genre"]}">{_e(LIBELLES_GENRE[e["genre"]])}</span>'
                     f"{_e(e['texte'])}{lien}</li>")
    if not items:
        items.append("<li>Aucune réponse décisive sur ces faits : voir les questions à poser et le détail.</li>")
    if bloc.get("omises"):
        items.append(f"<li>… et {bloc['omises']} autre(s) point(s) dans le détail.</li>")
    return f'<section id="essentiel"><h2>L\'essentiel</h2><ul class="essentiel">{"".join(items)}</ul></section>'


def _recu(rapport: dict) -> str:
    recu = rapport.get("recu") or {}
    base = rapport["base"]
    lignes = [("Moteur", f"lexfoyer {_e(recu.get('lexfoyer', ''))}, durable_rules {_e(recu.get('durable_rules', ''))}"
               if recu else _e(base.get("moteur", ""))),
              ("Base (empreinte SHA-256 de kb/ et rules/)", f"<code>{_e(base['empreinte'])}</code> — "
               f"{_e(base['dispositions'])} dispositions, {_e(base['regles'])} règles")]
    if recu:
        lignes.append(("Dates qui gouvernent", "<br>".join(
            f"{date_fr(j)} : {_e(', '.join(ids))}" for j, ids in recu["dates_gouvernantes"].items()) or "—"))
        ancienne = recu.get("verification_la_plus_ancienne")
        lignes.append(("Vérification la plus ancienne des dispositions citées",
                       f"{date_fr(ancienne['date'])} ({_e(', '.join(ancienne['dispositions']))})" if ancienne else "aucune date connue"))
        if recu.get("dispositions_sans_date_de_verification"):
            lignes.append(("Dispositions citées sans date de vérification", _e(", ".join(recu["dispositions_sans_date_de_verification"]))))
        if recu.get("fondements_non_verifies"):
            lignes.append(("Fondements non vérifiés sur leur source", _e(", ".join(recu["fondements_non_verifies"]))))
    corps = "".join(f"<dt>{t}</dt><dd>{v}</dd>" for t, v in lignes)
    return f'<footer class="recu" id="recu"><h2>Reçu</h2><dl>{corps}</dl></footer>'


def en_html(rapport: dict, tout: bool = False) -> str:
    """The whole report as a standalone HTML document (UTF-8, no external resource):
    « L'essentiel » first, a table of contents, the details folded by importance, the
    chain of reasoning folded, the receipt; printed, everything is unfolded."""
    from lexfoyer.rapport.essentiel import cle, details_ordonnes, hors_sujet, numeros
    from lexfoyer.rapport.pertinence import libelle_source
    from lexfoyer.rapport.questions import presomptions_a_confirmer, questions_a_poser
    renvois = numeros(rapport, tout)
    n = comptes(rapport, tout)
    badges = " ".join(f"{_badge(s)} {n[s]}" for s in ORDRE_STATUTS)
    sections, sommaire = [], [("essentiel", "L'essentiel")]
    if presomptions_a_confirmer(rapport, tout):
        sommaire.append(("a-confirmer", "À confirmer"))
    if questions_a_poser(rapport):
        sommaire.append(("questions", "Questions à poser au client"))
    for cle_section, titre, conclusions in details_ordonnes(rapport, tout):
        sommaire.append((f"section-{cle_section}", f"{titre} ({len(conclusions)})"))
        sections.append(f'<section class="section" id="section-{cle_section}"><h2>{_e(titre)} ({len(conclusions)})</h2>\n'
                        + "\n".join(_conclusion(rapport, c, renvois[cle(c)]) for c in conclusions) + "\n</section>")
    nombre, par_domaine = hors_sujet(rapport)
    hors = ""
    if nombre and not tout:
        hors = (f'<p class="hors" id="hors-sujet">{nombre} conclusion(s) hors des questions du dossier, non reproduite(s) ('
                + _e(", ".join(f"{t} : {k}" for t, k in par_domaine.items())) + ") ; le rapport JSON les contient toutes.</p>")
    sommaire += [("chaine", "Chaîne de raisonnement"), ("recu", "Reçu")]
    nav = '<nav id="sommaire"><strong>Sommaire</strong><ol>' + "".join(f'<li><a href="#{a}">{_e(t)}</a></li>' for a, t in sommaire) + "</ol></nav>"
    recu = rapport.get("recu") or {}
    ancienne = (recu.get("verification_la_plus_ancienne") or {}).get("date")
    ligne_recu = (f'<p class="entete meta">Reçu : lexfoyer {_e(recu.get("lexfoyer", ""))}, durable_rules {_e(recu.get("durable_rules", ""))} ; '
                  f'base <code>{_e(rapport["base"]["empreinte"][:12])}</code> ; dispositions citées vérifiées au plus tôt le '
                  f'{date_fr(ancienne) if ancienne else "—"} (<a href="#recu">détail</a>)</p>') if recu else ""
    source = (f'<p class="entete">{_e(libelle_source(rapport["pertinence"], rapport["base"].get("domaines", {})))}</p>'
              if rapport.get("pertinence") else "")
    return (
        '<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Dossier {_e(rapport['dossier'])} — lexfoyer</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<header><h1>Dossier {_e(rapport['dossier'])}</h1>"
        f'<p class="entete">Droit lu au <strong>{date_fr(rapport["date_reference"])}</strong> — {_e(synthese(rapport, tout))} {badges}</p>'
        f"{source}{ligne_recu}</header>\n"
        f"{_essentiel(rapport, renvois)}\n{nav}\n{_questions(rapport, tout)}\n" + "\n".join(sections)
        + f"\n{hors}\n{_chaine(rapport, tout)}\n{_recu(rapport)}\n</body>\n</html>\n")
