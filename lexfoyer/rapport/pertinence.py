"""Which conclusions matter to a dossier: what the client asks, or what the facts show.

A dossier gets every conclusion the rules can reach (35 to 51 for the bundled examples),
but a couple that only wants to know who keeps the house does not need the RSA. The
report therefore marks each conclusion ``pertinente`` or not, and the renderers for
people print the relevant ones and count the others in one line (JSON keeps them all).

Nothing here names a rule or a domain: each rules file declares, in its top-level
``pertinence`` block (``schemas/regles.schema.json``), the client's questions that select
it, the dossier facts whose presence makes it relevant, the conclusions that answer the
client directly (« L'essentiel ») and the conclusions that only matter when a given fact
is there (a construction dispute). Precedence: ``evaluate --domaine`` (the lawyer's
choice for this run), then ``dossier.questions`` (what the client asks), then the facts.
When nothing selects any domain, everything is relevant: the report never hides all.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

# The named questions a dossier may ask (``dossier.questions``), with their French label.
# Which domains answer each one is declared by the rules files, not here.
QUESTIONS_NOMMEES = {
    "garder_logement": "garder le logement",
    "sortir_du_pret": "sortir du prêt (désolidarisation)",
    "partager_bien": "partager le bien (soulte et frais)",
    "difficultes_paiement": "faire face aux difficultés de paiement",
    "saisie": "arrêter une saisie ou une déchéance du terme",
    "violences": "protéger une victime de violences",
}

# Dossier sections a subject-relative path starts with (``personne.perte_emploi``),
# and where the subject's item lives.
_SECTIONS_SUJET = {"personne": "personnes", "pret": "prets", "bien": "biens"}
_MORCEAU = re.compile(r"^([a-z_][a-z0-9_]*)(\[\])?$")


def present(valeur: Any) -> bool:
    """A fact is present when it says something: not absent, null, false, 0 or empty."""
    if valeur is None or valeur is False:
        return False
    if isinstance(valeur, (int, float)) and not isinstance(valeur, bool) and valeur == 0:
        return False
    if isinstance(valeur, (str, list, dict)) and not valeur:
        return False
    return True


def _valeurs(noeud: Any, morceaux: list[str]) -> Iterable[Any]:
    """Every value at ``morceaux`` under ``noeud`` (``nom[]``: each item of a list)."""
    if not morceaux:
        yield noeud
        return
    trouve = _MORCEAU.match(morceaux[0])
    if trouve is None or not isinstance(noeud, dict):
        return
    nom, liste = trouve.groups()
    valeur = noeud.get(nom)
    if liste:
        for element in valeur if isinstance(valeur, list) else []:
            yield from _valeurs(element, morceaux[1:])
    else:
        yield from _valeurs(valeur, morceaux[1:])


def fait_present(donnees: dict, chemin: str, sujet: dict | None = None) -> bool:
    """Whether ``chemin`` is present in the dossier; ``personne.…`` reads the subject's item."""
    morceaux = chemin.split(".")
    section = _SECTIONS_SUJET.get(morceaux[0])
    if section is not None:
        ident = (sujet or {}).get(morceaux[0])
        elements = [e for e in donnees.get(section) or [] if isinstance(e, dict) and (ident is None or e.get("id") == ident)]
        return any(present(v) for e in elements for v in _valeurs(e, morceaux[1:]))
    return any(present(v) for v in _valeurs(donnees, morceaux))


def _condition_remplie(donnees: dict, condition: str | dict, sujet: dict | None = None) -> bool:
    """A path that must be present, or ``{fait: chemin, dans: [valeurs]}``: one of those values."""
    if isinstance(condition, str):
        return fait_present(donnees, condition, sujet)
    morceaux = condition["fait"].split(".")
    return any(v in condition["dans"] for v in _valeurs(donnees, morceaux))


def _entree_presente(donnees: dict, entree, sujet: dict | None = None) -> bool:
    """One entry of a ``faits`` list: a condition, or a list of conditions all met."""
    conditions = entree if isinstance(entree, list) else [entree]
    return all(_condition_remplie(donnees, c, sujet) for c in conditions)


def _texte_entree(entree) -> str:
    conditions = entree if isinstance(entree, list) else [entree]
    return " + ".join(c if isinstance(c, str) else f"{c['fait']} ∈ {{{', '.join(map(str, c['dans']))}}}" for c in conditions)


def domaines_retenus(pertinences: dict[str, dict], donnees: dict, option: Iterable[str] = ()) -> dict:
    """The report's ``pertinence`` block: where the choice comes from, the domains kept.

    ``source`` is ``option`` (``--domaine``), ``dossier`` (``dossier.questions``),
    ``faits`` (inferred) or ``tout`` (nothing selected anything: every domain counts).
    """
    option = list(option)
    demandes = option or list((donnees.get("dossier") or {}).get("questions") or [])
    retenus: dict[str, list[str]] = {}  # domain -> why, in French
    if demandes:
        for domaine, bloc in pertinences.items():
            for q in demandes:
                if q == domaine:
                    retenus.setdefault(domaine, []).append(f"domaine demandé « {domaine} »")
                elif q in (bloc.get("questions") or []):
                    retenus.setdefault(domaine, []).append(f"question « {QUESTIONS_NOMMEES.get(q, q)} »")
        source = "option" if option else "dossier"
    else:
        for domaine, bloc in pertinences.items():
            for entree in bloc.get("faits") or []:
                if _entree_presente(donnees, entree):
                    retenus.setdefault(domaine, []).append(_texte_entree(entree))
        source = "faits" if retenus else "tout"
    if source == "tout":
        retenus = {d: [] for d in pertinences}
    return {
        "source": source,
        "questions": demandes,
        "domaines": sorted(retenus),
        "motifs": {d: sorted(set(m)) for d, m in sorted(retenus.items())},
    }


def est_pertinente(pertinences: dict[str, dict], retenue: dict, conclusion: dict, donnees: dict) -> bool:
    """A conclusion counts when its domain is kept and its own facts (if declared) are there."""
    domaine = conclusion.get("domaine", "")
    if domaine not in retenue["domaines"] and domaine in pertinences:
        return False
    exigences = ((pertinences.get(domaine) or {}).get("conclusions") or {}).get(conclusion["id"])
    if exigences and not any(_entree_presente(donnees, e, conclusion.get("sujet")) for e in exigences):
        return False
    return True


def rang_essentiel(pertinences: dict[str, dict], conclusion: dict) -> tuple[int, bool] | None:
    """(position in its domain's ``essentiel`` list, whether its refusal is an answer), or None."""
    bloc = pertinences.get(conclusion.get("domaine", "")) or {}
    essentiel = bloc.get("essentiel") or []
    if conclusion["id"] not in essentiel:
        return None
    return essentiel.index(conclusion["id"]), conclusion["id"] in (bloc.get("refus") or [])


def libelle_source(retenue: dict, titres: dict[str, str]) -> str:
    """One French line: what the report answers, and why these domains."""
    noms = ", ".join(titres.get(d, d) for d in retenue["domaines"])
    if retenue["source"] == "option":
        return f"Domaines choisis à la commande : {noms}"
    if retenue["source"] == "dossier":
        questions = ", ".join(QUESTIONS_NOMMEES.get(q, q) for q in retenue["questions"])
        return f"Le client demande : {questions} — domaines : {noms or 'aucun'}"
    if retenue["source"] == "faits":
        return f"Domaines déduits des faits du dossier : {noms}"
    return "Aucune question du client ni fait décisif : tous les domaines sont examinés"
