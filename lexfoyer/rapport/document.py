"""What a report for people contains, whatever its format: the layout shared by Markdown
and HTML (the Markdown rendering is :mod:`.markdown`).

A lawyer reads a report by area of law (the rule file's ``domaine`` and ``titre``), wants
the amounts written the French way, the facts still missing as questions for the client,
the chain of reasoning (rule → conditions → facts, and which conclusion relied on which),
and a receipt saying what produced the report and how fresh the law it cites is. Both
renderers take only the JSON report, so a report saved as JSON can be rendered later.
Every text that comes from a dossier is hostile input: each renderer escapes it.
"""

from __future__ import annotations

import re
from decimal import Decimal

from lexfoyer.calculs.format import format_euros, format_nombre, format_pourcent

ORDRE_STATUTS = ("applicable", "a_verifier", "non_applicable")
LIBELLES_STATUT = {"applicable": "Applicable", "a_verifier": "À vérifier", "non_applicable": "Non applicable"}
SYMBOLES_STATUT = {"applicable": "✔", "a_verifier": "?", "non_applicable": "✘"}
#: what a condition on another conclusion requires of it (« statut: tranchee »: decided, either way)
LIBELLES_REQUIS = dict(LIBELLES_STATUT, tranchee="Tranchée (applicable ou non)")
SYMBOLES_CONDITION = {"vrai": "✔ vrai", "faux": "✘ faux", "inconnu": "? inconnu"}
APPRECIATIONS = {"juge": "Appréciation du juge : les conditions pour le lui demander sont réunies, non l'issue.",
                 "banque": "Appréciation de la banque : elle n'est pas tenue d'accepter."}

#: how each unit a rule declares (``calcul.unites``) is written after a figure
SYMBOLES_UNITES = {"euros": "€", "pourcent": "%", "points": "points", "mois": "mois", "jours": "jours",
                   "annees": "ans", "nombre": ""}


def montant_fr(nom: str, valeur: str, unite: str = "euros") -> str:
    """``("soulte", "150000.00")`` → ``150 000,00 €``; the unit is the one the rule declares
    (``calcul.unites``, euros by default), never guessed from the amount's name."""
    nombre = Decimal(valeur)
    if unite == "euros":
        return format_euros(nombre)
    if unite == "pourcent":
        return format_pourcent(nombre, 2)
    entier = nombre == nombre.to_integral_value()
    return f"{format_nombre(nombre, 0 if entier else 2)} {SYMBOLES_UNITES.get(unite, unite)}".rstrip()


def nom_montant(nom: str) -> str:
    return nom.replace("_", " ")


def date_fr(iso: str | None) -> str:
    """``2026-11-21`` → ``21/11/2026`` (a date already in the report's ISO form)."""
    if not iso:
        return "—"
    annee, mois, jour = iso.split("-")
    return f"{jour}/{mois}/{annee}"


def sujet_texte(c: dict) -> str:
    sujet = c.get("sujet")
    return ", ".join(f"{k} {v}" for k, v in sorted(sujet.items())) if sujet else ""


def nom_conclusion(c: dict) -> str:
    sujet = sujet_texte(c)
    return c["id"] + (f" [{sujet}]" if sujet else "")


def ancre(c: dict) -> str:
    """A stable HTML id for a conclusion (only ``[a-z0-9-]``, whatever the dossier says)."""
    brut = nom_conclusion(c).lower()
    return "c-" + re.sub(r"[^a-z0-9]+", "-", brut).strip("-")


def par_domaine(rapport: dict) -> list[tuple[str, str, list[dict]]]:
    """(domaine, titre, conclusions) in domain order; within a domain by status, then id."""
    titres = rapport["base"].get("domaines", {})
    groupes: dict[str, list[dict]] = {}
    for c in rapport["conclusions"]:
        groupes.setdefault(c.get("domaine", ""), []).append(c)
    sortie = []
    for domaine in sorted(groupes):
        conclusions = sorted(groupes[domaine], key=lambda c: ORDRE_STATUTS.index(c["statut"]))
        sortie.append((domaine, titres.get(domaine) or domaine or "Autres conclusions", conclusions))
    return sortie


def dependance(rapport: dict, c: dict, autre: str) -> dict | None:
    """The conclusion ``autre`` that ``c`` relied on: same subject, else the dossier's."""
    candidats = [x for x in rapport["conclusions"] if x["id"] == autre]
    return next((x for x in candidats if x.get("sujet") == c.get("sujet")),
                next((x for x in candidats if not x.get("sujet")), candidats[0] if len(candidats) == 1 else None))


def comptes(rapport: dict, tout: bool = True) -> dict[str, int]:
    """Conclusions by status; without ``tout``, only the relevant ones (``pertinente``)."""
    return {s: sum(1 for c in rapport["conclusions"] if c["statut"] == s and (tout or c.get("pertinente", True)))
            for s in ORDRE_STATUTS}


def synthese(rapport: dict, tout: bool = True) -> str:
    """« 14 conclusions : 10 applicables, 2 à vérifier, 2 non applicables » (+ those left out)."""
    n = comptes(rapport, tout)
    total = sum(n.values())
    parties = [f"{n[s]} {LIBELLES_STATUT[s].lower()}{'s' if n[s] > 1 and s != 'a_verifier' else ''}" for s in ORDRE_STATUTS]
    horsujet = len(rapport["conclusions"]) - total
    return (f"{total} conclusion{'s' if total > 1 else ''} : " + ", ".join(parties)
            + (f" (et {horsujet} hors des questions du dossier)" if horsujet else ""))


#: said after a citation whose link is a Légifrance search, not the article itself
LIEN_RECHERCHE = "lien : recherche Légifrance (adresse de l'article non identifiée)"


def verification(f: dict) -> str:
    """« vérifié le 01/11/2026 » / « version non vérifiée ; fiche revue le … » for one citation,
    and, when its link only searches Légifrance for the article, that it is a search."""
    date = f.get("derniere_verification")
    if f.get("verifie"):
        texte = f"vérifié le {date_fr(date)}" if date else "vérifié, date inconnue"
    else:
        texte = f"version non vérifiée ; fiche revue le {date_fr(date)}" if date else "non vérifié"
    return f"{texte} ; {LIEN_RECHERCHE}" if f.get("lien") == "recherche" else texte


def valeur_fait(valeur) -> str:
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, list):
        return ", ".join(valeur_fait(v) for v in valeur)
    return str(valeur)


# -- Markdown ----------------------------------------------------------------------------
_SPECIAUX_MD = re.compile(r"([\\`*\[\]<>|])")  # « _ » kept readable: at worst it emphasises, it cannot inject


_DEBUT_BLOC_MD = re.compile(r"^(\s*)([#>+=-]|\d+(?=[.)](\s|$)))")


def md(texte) -> str:
    """Escape what Markdown (and the HTML it may contain) would interpret.

    A line feed in a dossier's text becomes « ; » and a text that starts like a heading,
    a list or a quote is escaped: text from a dossier can never open a section of its own.
    """
    plat = " ; ".join(ligne.strip() for ligne in str(texte).splitlines() if ligne.strip())
    plat = _SPECIAUX_MD.sub(r"\\\1", plat)
    return _DEBUT_BLOC_MD.sub(lambda m: m.group(1) + (m.group(2) + "\\" if m.group(2)[0].isdigit() else "\\" + m.group(2)), plat)


def _code(texte) -> str:
    return "`" + str(texte).replace("`", "'") + "`"
