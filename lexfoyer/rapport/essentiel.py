"""« L'essentiel »: the five to ten lines a lawyer could read to the client, and the order
of the details after them.

Built from the report's conclusions only (plus the rules files' declared ``essentiel``
and ``refus`` lists, :mod:`lexfoyer.rapport.pertinence`), stored in the JSON report as
``essentiel`` so that every renderer — text, Markdown, HTML, or a report rendered later
from its JSON — prints the same lines. Each line names the conclusion it summarises
(``id`` and ``sujet``) so that it links to its detail.

Kinds, in the order they are read: what is open (with its amount and its deadline),
what the law refuses, what is for the judge or the bank to decide, the alerts, and what
must still be established before answering.
"""

from __future__ import annotations

from lexfoyer.rapport.document import date_fr, montant_fr, nom_montant, sujet_texte
from lexfoyer.rapport.pertinence import rang_essentiel

GENRES = ("ouvert", "refus", "juge", "banque", "alerte", "a_etablir")
LIBELLES_GENRE = {"ouvert": "Ouvert", "refus": "Fermé", "juge": "Au juge de décider",
                  "banque": "À la banque de décider", "alerte": "Alerte", "a_etablir": "À établir"}
MAXIMUM = 10
# The amount a line shows first when a conclusion publishes several (the others stay in the detail).
_PRINCIPAUX = ("soulte", "a_financer", "a_financer_avec_ira", "taux_effort", "droit", "droits", "total_ttc",
               "recompense", "indemnite_mensuelle_max", "prise_en_charge_mensuelle", "prise_en_charge_capital",
               "total_max", "plafond", "duree_max_mois", "taux_majore_max")


def _montants(c: dict, nombre: int = 2) -> list[str]:
    montants = c.get("montants") or {}
    noms = [n for n in _PRINCIPAUX if n in montants] or list(montants)
    unites = c.get("unites") or {}
    return [f"{nom_montant(n)} {montant_fr(n, montants[n], unites.get(n, 'euros'))}" for n in noms[:nombre]]


def _delais(c: dict) -> list[str]:
    return [f"{nom_montant(n)} : {date_fr(v)}" for n, v in (c.get("delais") or {}).items()]


def genre(c: dict, refus: bool, essentielle: bool) -> str | None:
    """Which kind of essential line a conclusion makes, or None if it stays in the details."""
    statut = c["statut"]
    if statut == "applicable" and c["id"].startswith("alerte."):
        return "alerte"
    if not essentielle:
        return None
    if statut == "applicable":
        return c.get("appreciation") if c.get("appreciation") in ("juge", "banque") else "ouvert"
    if statut == "non_applicable":
        return "refus" if refus else None
    return "a_etablir"


def texte_ligne(c: dict, sorte: str) -> str:
    """The French line, from the conclusion's own title, figures and failing conditions."""
    sujet = sujet_texte(c)
    tete = c["titre"] + (f" ({sujet})" if sujet else "")
    details: list[str] = []
    if sorte == "refus":
        faux = [cond["libelle"] for cond in c.get("conditions", []) if cond["valeur"] == "faux"]
        details += _montants(c) + ([f"non rempli : {faux[0]}"] if faux else [])
        qui = " (appréciation de la banque)" if c.get("appreciation") == "banque" else (
            " (appréciation du juge)" if c.get("appreciation") == "juge" else "")
        return f"{tete}{qui}" + (" — " + " ; ".join(details) if details else "")
    if sorte == "a_etablir":
        n = len(c.get("manque") or [])
        return f"{tete} — {n} fait{'s' if n > 1 else ''} manquant{'s' if n > 1 else ''}"
    details += _montants(c) + _delais(c)
    suite = " — " + " ; ".join(details) if details else ""
    if sorte == "juge":
        return f"{tete} : peut être demandé{suite}"
    if sorte == "banque":
        return f"{tete} : elle n'est pas tenue d'accepter{suite}"
    return f"{tete}{suite}"


def construire_essentiel(pertinences: dict[str, dict], domaines: list[str], conclusions: list[dict]) -> dict:
    """``{"lignes": [...], "omises": n}`` for the relevant conclusions of a report."""
    candidats = []
    for c in conclusions:
        if not c.get("pertinente", True):
            continue
        rang = rang_essentiel(pertinences, c)
        sorte = genre(c, bool(rang and rang[1]), rang is not None)
        if sorte is None:
            continue
        domaine = c.get("domaine", "")
        cle = (GENRES.index(sorte), domaines.index(domaine) if domaine in domaines else len(domaines),
               rang[0] if rang else 99, c["id"], sorted((c.get("sujet") or {}).items()))
        entree = {"id": c["id"], "genre": sorte, "statut": c["statut"], "texte": texte_ligne(c, sorte)}
        if c.get("sujet"):
            entree["sujet"] = c["sujet"]
        candidats.append((cle, entree))
    candidats.sort(key=lambda x: x[0])
    lignes = [e for _cle, e in candidats]
    return {"lignes": lignes[:MAXIMUM], "omises": max(0, len(lignes) - MAXIMUM)}


SECTIONS = (("recours", "Recours ouverts et alertes"), ("montants", "Montants"),
            ("a_verifier", "À vérifier"), ("non_applicable", "Non applicable"))


def section(c: dict) -> str:
    if c["statut"] == "applicable":
        return "montants" if c["id"].startswith("calcul.") else "recours"
    return c["statut"]


def details_ordonnes(rapport: dict, tout: bool = False) -> list[tuple[str, str, list[dict]]]:
    """(section key, French title, conclusions) by importance; the essential ones first
    in each section, then by domain and id. Without ``tout``, only relevant conclusions."""
    lignes = (rapport.get("essentiel") or {}).get("lignes", [])
    rang = {(e["id"], tuple(sorted((e.get("sujet") or {}).items()))): i for i, e in enumerate(lignes)}
    sortie = []
    for cle, titre in SECTIONS:
        groupe = [c for c in rapport["conclusions"] if section(c) == cle and (tout or c.get("pertinente", True))]
        groupe.sort(key=lambda c: (rang.get((c["id"], tuple(sorted((c.get("sujet") or {}).items()))), len(rang)),
                                   c.get("domaine", ""), c["id"], sorted((c.get("sujet") or {}).items())))
        if groupe:
            sortie.append((cle, titre, groupe))
    return sortie


def numeros(rapport: dict, tout: bool = False) -> dict[tuple, int]:
    """The detail number of each printed conclusion (« [3] »), for the essential lines to point at."""
    n, sortie = 0, {}
    for _cle, _titre, groupe in details_ordonnes(rapport, tout):
        for c in groupe:
            n += 1
            sortie[(c["id"], tuple(sorted((c.get("sujet") or {}).items())))] = n
    return sortie


def cle(c: dict) -> tuple:
    return (c["id"], tuple(sorted((c.get("sujet") or {}).items())))


def hors_sujet(rapport: dict) -> tuple[int, dict[str, int]]:
    """How many conclusions are not printed because not relevant, by domain title."""
    titres = rapport["base"].get("domaines", {})
    par_domaine: dict[str, int] = {}
    for c in rapport["conclusions"]:
        if not c.get("pertinente", True):
            titre = titres.get(c.get("domaine", ""), c.get("domaine", ""))
            par_domaine[titre] = par_domaine.get(titre, 0) + 1
    return sum(par_domaine.values()), dict(sorted(par_domaine.items()))
