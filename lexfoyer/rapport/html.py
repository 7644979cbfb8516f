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

from lexfoyer.rapport.document import (APPRECIATIONS, LIBELLES_STATUT, ORDRE_STATUTS, SYMBOLES_CONDITION,
                       SYMBOLES_STATUT, ancre, comptes, date_fr, dependance, montant_fr,
                       nom_conclusion, nom_montant, par_domaine, synthese, valeur_fait,
                       verification)

_STYLE = """
body{font-family:Georgia,'Times New Roman',serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d1d1d;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{border-bottom:2px solid #ccc;padding-bottom:.2rem;margin-top:2.2rem}
h3{font-size:1.1rem;margin:.2rem 0}code{font-family:Menlo,Consolas,monospace;font-size:.85em;background:#f3f3f3;padding:0 .2em}
.entete{color:#444}.conclusion{border-left:6px solid #999;padding:.4rem .9rem;margin:1rem 0;background:#fafafa;page-break-inside:avoid}
.statut-applicable{border-color:#2e7d32}.statut-a_verifier{border-color:#ef6c00}.statut-non_applicable{border-color:#9e9e9e}
.badge{display:inline-block;font-family:Arial,sans-serif;font-size:.8rem;font-weight:bold;padding:.1rem .5rem;border-radius:.3rem;border:1px solid;margin-right:.4rem}
.badge.applicable{background:#e8f5e9;color:#1b5e20}.badge.a_verifier{background:#fff3e0;color:#a84300}.badge.non_applicable{background:#eee;color:#424242}
.meta{font-size:.85rem;color:#555}.appreciation{font-style:italic}table{border-collapse:collapse;margin:.4rem 0}
td,th{border:1px solid #ccc;padding:.2rem .6rem;text-align:left}td.nombre{text-align:right;white-space:nowrap}
pre{white-space:pre-wrap;font-size:.85rem;background:#f3f3f3;padding:.4rem}.questions li{margin:.3rem 0}
.pour{font-size:.8rem;color:#555}ul.arbre,ul.arbre ul{list-style:none;padding-left:1.2rem;border-left:1px dotted #aaa}
ul.arbre>li{margin:.5rem 0}.vrai{color:#1b5e20}.faux{color:#b71c1c}.inconnu{color:#a84300}
.recu{font-size:.85rem;border-top:2px solid #ccc;margin-top:2rem}.recu dt{font-weight:bold}.recu dd{margin:0 0 .4rem 1rem}
@media print{body{margin:0;max-width:none}a{color:inherit}a[href]::after{content:" (" attr(href) ")";font-size:.75em;word-break:break-all}
.conclusion,.badge{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
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


def _conclusion(rapport: dict, c: dict) -> str:
    statut = c["statut"]
    morceaux = [f'<article class="conclusion statut-{statut}" id="{ancre(c)}">',
                f"<h3>{_badge(statut)}{_e(c['titre'])}</h3>",
                f'<p class="meta"><code>{_e(nom_conclusion(c))}</code> — règle <code>{_e(c["regle"])}</code>'
                f" — droit lu au {date_fr(c['date_gouvernante'])}</p>",
                f"<p>{_e(c['explication'])}</p>"]
    if c.get("appreciation"):
        morceaux.append(f'<p class="appreciation">{_e(APPRECIATIONS.get(c["appreciation"]) or c["appreciation"])}</p>')
    lignes = [f'<tr><th>{_e(nom_montant(n))}</th><td class="nombre">{_e(montant_fr(n, v))}</td></tr>' for n, v in c["montants"].items()]
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
    morceaux.append("<p><strong>Fondements :</strong></p><ul>" + "".join(_fondement(f) for f in c["fondements"]) + "</ul>")
    if c.get("note_date"):
        morceaux.append(f'<p class="meta">{_e(c["note_date"])}</p>')
    morceaux.append("</article>")
    return "\n".join(morceaux)


def _condition(rapport: dict, c: dict, cond: dict) -> str:
    valeur = cond["valeur"]
    tete = f'<span class="{valeur}">{_e(SYMBOLES_CONDITION[valeur])}</span> — {_e(cond["libelle"])}'
    if cond.get("conclusion"):
        autre = dependance(rapport, c, cond["conclusion"])
        obtenu = LIBELLES_STATUT[autre["statut"]].lower() if autre else "non conclue"
        cible = f'<a href="#{ancre(autre)}"><code>{_e(cond["conclusion"])}</code></a>' if autre else f"<code>{_e(cond['conclusion'])}</code>"
        detail = f"<li>dépend de {cible} (requis : {_e(LIBELLES_STATUT[cond['statut_requis']].lower())}, obtenu : {_e(obtenu)})</li>"
    elif cond["faits"]:
        detail = "".join(f"<li><code>{_e(k)}</code> = {_e(valeur_fait(v))}</li>" for k, v in cond["faits"].items())
    else:
        detail = "<li>fait absent du dossier</li>"
    return f"<li>{tete}<ul>{detail}</ul></li>"


def _chaine(rapport: dict) -> str:
    elements = []
    for _domaine, _titre, conclusions in par_domaine(rapport):
        for c in conclusions:
            conditions = "".join(_condition(rapport, c, cond) for cond in c.get("conditions", []))
            elements.append(f'<li><a href="#{ancre(c)}"><code>{_e(nom_conclusion(c))}</code></a> — '
                            f"{_e(LIBELLES_STATUT[c['statut']].lower())}<ul><li>règle <code>{_e(c['regle'])}</code>"
                            f"<ul>{conditions or '<li>aucune condition</li>'}</ul></li></ul></li>")
    tirs = "".join(f"<li>#{t['ordre']} <code>{_e(t['regle'])}</code> ({_e(t['variante'])}, {_e(t['sujet'])})"
                   + (f" → {_e(', '.join(t['conclut']))}" if t["conclut"] else "") + "</li>" for t in rapport.get("trace", []))
    return ('<section id="chaine"><h2>Chaîne de raisonnement</h2>'
            "<p>Pour chaque conclusion : la règle qui l'a produite, chacune de ses conditions (vraie, fausse ou "
            "inconnue) et les faits du dossier lus ; « dépend de » renvoie à la conclusion sur laquelle une condition repose.</p>"
            f'<ul class="arbre">{"".join(elements)}</ul>'
            f"<details><summary>Ordre des déclenchements du moteur ({len(rapport.get('trace', []))})</summary><ol>{tirs}</ol></details>"
            "</section>")


def _questions(rapport: dict) -> str:
    if not rapport.get("questions"):
        return ""
    items = "".join(f"<li>{_e(q['question'])} <span class=\"pour\">— pour : {_e(', '.join(q['conclusions']))}</span></li>"
                    for q in rapport["questions"])
    return f'<section id="questions" class="questions"><h2>Questions à poser au client</h2><ol>{items}</ol></section>'


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


def en_html(rapport: dict) -> str:
    """The whole report as a standalone HTML document (UTF-8, no external resource)."""
    n = comptes(rapport)
    badges = " ".join(f"{_badge(s)} {n[s]}" for s in ORDRE_STATUTS)
    domaines = "\n".join(
        f'<section class="domaine" id="domaine-{_e(d)}"><h2>{_e(titre)}</h2>\n'
        + "\n".join(_conclusion(rapport, c) for c in conclusions) + "\n</section>"
        for d, titre, conclusions in par_domaine(rapport))
    return (
        '<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Dossier {_e(rapport['dossier'])} — lexfoyer</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<header><h1>Dossier {_e(rapport['dossier'])}</h1>"
        f'<p class="entete">Droit lu au <strong>{date_fr(rapport["date_reference"])}</strong> — {_e(synthese(rapport))}</p>'
        f"<p>{badges}</p></header>\n"
        f"{_questions(rapport)}\n{domaines}\n{_chaine(rapport)}\n{_recu(rapport)}\n</body>\n</html>\n")
