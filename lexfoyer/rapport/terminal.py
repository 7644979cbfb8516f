"""The report in the terminal: « L'essentiel » first, the questions, then the details by
importance (recourses and alerts, amounts, à vérifier, non applicable).

Colour only when the caller says the output is a terminal (never in a pipe, never with
``NO_COLOR``: the command decides, this module only obeys), and wrapped at the width it
is given (none in a pipe, so that ``grep`` sees one line per paragraph and the output is
byte-identical between runs). Every text that comes from a dossier (a first name, the
reference…) is laid out so that a line feed in it can never start a line of its own:
continuation lines are indented, titles are flattened to one line.
"""

from __future__ import annotations

import textwrap

from lexfoyer.lecture.enregistrement import enregistrement
from lexfoyer.rapport.document import date_fr, montant_fr, nom_montant
from lexfoyer.rapport.essentiel import LIBELLES_GENRE, cle, details_ordonnes, hors_sujet, numeros
from lexfoyer.rapport.pertinence import libelle_source
from lexfoyer.rapport.questions import par_groupe, presomption_texte, presomptions_a_confirmer, questions_a_poser, sans_groupe, valeur_presumee

SYMBOLES = {"applicable": "✔", "a_verifier": "?", "non_applicable": "✘"}
SYMBOLES_GENRE = {"ouvert": "✔", "refus": "✘", "juge": "⚖", "banque": "⚖", "alerte": "!", "a_etablir": "?"}
_COULEURS = {"vert": "32", "rouge": "31", "jaune": "33", "gras": "1", "gris": "2"}
COULEUR_STATUT = {"applicable": "vert", "a_verifier": "jaune", "non_applicable": "gris"}
COULEUR_GENRE = {"ouvert": "vert", "refus": "rouge", "juge": "jaune", "banque": "jaune", "alerte": "rouge", "a_etablir": "jaune"}


@enregistrement(frozen=True)
class Mise:
    """How to lay the text out: colour or not, wrap width (0: no wrapping)."""

    couleur: bool = False
    largeur: int = 0

    def c(self, texte: str, couleur: str) -> str:
        return f"\x1b[{_COULEURS[couleur]}m{texte}\x1b[0m" if self.couleur else texte


def une_ligne(texte) -> str:
    """A title or a reference on one line, whatever line feeds the dossier put in it."""
    return " ".join(str(texte).split())


def paragraphe(texte, mise: Mise, retrait: str, suite: str | None = None) -> list[str]:
    """``texte`` as lines starting with ``retrait`` (the first) and ``suite`` (the others);
    each line feed of the text starts an indented continuation line, never column 0."""
    suite = retrait if suite is None else suite
    lignes: list[str] = []
    for morceau in str(texte).splitlines() or [""]:
        morceau = morceau.rstrip()
        debut = retrait if not lignes else suite
        if mise.largeur and len(debut) + len(morceau) > mise.largeur:
            lignes += textwrap.wrap(morceau, width=mise.largeur, initial_indent=debut, subsequent_indent=suite,
                                    break_long_words=False, break_on_hyphens=False) or [debut]
        else:
            lignes.append(debut + morceau)
    return lignes


def _sujet(c: dict) -> str:
    sujet = c.get("sujet")
    return " [" + ", ".join(f"{k} {une_ligne(v)}" for k, v in sorted(sujet.items())) + "]" if sujet else ""


def _fondements(c: dict) -> str:
    def etat(f: dict) -> str:
        return "" if f.get("verifie") else " (non vérifié)"
    return " ; ".join(une_ligne(f["citation"]) + etat(f) for f in c["fondements"]) or ("à établir (voir la note)" if c.get("note_date") else "aucun")


def entete(rapport: dict, mise: Mise) -> list[str]:
    """Two lines: the dossier, and the receipt in one line (the detail is ``--recu``)."""
    recu = rapport.get("recu") or {}
    ancienne = (recu.get("verification_la_plus_ancienne") or {}).get("date")
    base = rapport["base"]
    lignes = [mise.c(f"Dossier {une_ligne(rapport['dossier'])} — droit lu au {date_fr(rapport['date_reference'])}", "gras")]
    moteur = f"lexfoyer {recu['lexfoyer']}, durable_rules {recu['durable_rules']}" if recu else base.get("moteur", "")
    lignes += paragraphe(f"Reçu : {moteur} ; base {base['empreinte'][:12]} ({base['dispositions']} dispositions, "
                         f"{base['regles']} règles) ; dispositions citées vérifiées au plus tôt le "
                         f"{date_fr(ancienne) if ancienne else '—'} (détail : --recu)", mise, "", "  ")
    if rapport.get("pertinence"):
        lignes += paragraphe(libelle_source(rapport["pertinence"], base.get("domaines", {})), mise, "", "  ")
    return lignes


def essentiel(rapport: dict, mise: Mise, renvois: dict) -> list[str]:
    bloc = rapport.get("essentiel")
    if bloc is None:
        return []
    lignes = [mise.c("L'ESSENTIEL", "gras")]
    if not bloc["lignes"]:
        lignes.append("  Aucune réponse décisive sur ces faits : voir les questions à poser et le détail.")
    for e in bloc["lignes"]:
        numero = renvois.get(cle(e))
        symbole = SYMBOLES_GENRE[e["genre"]]
        texte = f"{LIBELLES_GENRE[e['genre']]} : {e['texte']}" + (f" → [{numero}]" if numero else "")
        morceau = paragraphe(texte, mise, f"  {symbole} ", "    ")  # wrapped on the visible text, then coloured
        morceau[0] = f"  {mise.c(symbole, COULEUR_GENRE[e['genre']])} " + morceau[0][len(symbole) + 3:]
        lignes += morceau
    if bloc.get("omises"):
        lignes.append(f"  … et {bloc['omises']} autre(s) point(s) dans le détail.")
    return lignes + [""]


def questions(rapport: dict, mise: Mise, tout: bool) -> list[str]:
    lignes: list[str] = []
    presomptions = presomptions_a_confirmer(rapport, tout)
    if presomptions:
        lignes.append(mise.c(f"À CONFIRMER AVEC LE CLIENT ({len(presomptions)} présomption{'s' if len(presomptions) > 1 else ''})", "gras"))
        for p in presomptions:
            libelle, chemin, fondement = presomption_texte(p)
            texte = f"{libelle} [{chemin}] (présumé : {valeur_presumee(p.get('valeur'))} ; {fondement})"
            if p.get("refutation"):
                texte += f" — pour l'écarter : {p['refutation']}"
            lignes += paragraphe(texte, mise, "  - ", "    ")
        lignes.append("")
    liste = questions_a_poser(rapport)
    if not liste:
        return lignes
    lignes.append(mise.c(f"QUESTIONS À POSER AU CLIENT ({len(liste)}, les plus utiles d'abord)", "gras"))
    for groupe, qs in par_groupe(liste):
        lignes += paragraphe(groupe, mise, "  ", "    ")
        for q in qs:
            n = len(q["conclusions"])
            pour = f" — pour {n} conclusion{'s' if n > 1 else ''}" if n > 1 else ""
            lignes += paragraphe(f"{q['rang']}. {sans_groupe(q)}{pour}", mise, "    ", "       ")
    return lignes + [""]


def conclusion(c: dict, numero: int, mise: Mise, complet: bool, rapport: dict) -> list[str]:
    statut = c["statut"]
    appreciation = f" — appréciation : {c['appreciation']}" if c.get("appreciation") else ""
    jour = f" — droit au {date_fr(c['date_gouvernante'])}" if c.get("date_gouvernante", rapport["date_reference"]) != rapport["date_reference"] else ""
    tete = f"[{numero}] {SYMBOLES[statut]} {c['id']}{_sujet(c)} — {une_ligne(c['titre'])}{appreciation}{jour}"
    lignes = paragraphe(tete, mise, "", "    ")  # wrapped on the visible text, then coloured
    lignes[0] = lignes[0].replace(SYMBOLES[statut], mise.c(SYMBOLES[statut], COULEUR_STATUT[statut]), 1)
    lignes += paragraphe(c["explication"], mise, "    ")
    if not complet:
        return lignes
    unites = c.get("unites") or {}
    for nom, valeur in c["montants"].items():
        lignes += paragraphe(f"{nom_montant(nom)} : {montant_fr(nom, valeur, unites.get(nom, 'euros'))}", mise, "    ")
    for nom, valeur in c.get("delais", {}).items():
        lignes += paragraphe(f"{nom_montant(nom)} : {date_fr(valeur)}", mise, "    ")
    if c.get("manque"):
        lignes += paragraphe("manque : " + ", ".join(c["manque"]), mise, "    ", "      ")
    for r in c.get("a_retenir", []):
        lignes += paragraphe(f"à retenir : {r}", mise, "    ", "      ")
    lignes += paragraphe(f"fondements : {_fondements(c)}", mise, "    ", "      ")
    if c.get("note_date"):
        lignes += paragraphe(f"note : {c['note_date']}", mise, "    ", "      ")
    return lignes


def recu_detaille(rapport: dict, mise: Mise) -> list[str]:
    recu = rapport.get("recu")
    if not recu:
        return []
    lignes = [mise.c("REÇU", "gras"), f"  moteur : lexfoyer {recu['lexfoyer']}, durable_rules {recu['durable_rules']}",
              f"  base (SHA-256 de kb/ et rules/) : {recu['empreinte']}", "  dates qui gouvernent :"]
    for jour, ids in recu["dates_gouvernantes"].items():
        lignes += paragraphe(f"{jour} : {', '.join(ids)}", mise, "    ", "      ")
    ancienne = recu.get("verification_la_plus_ancienne")
    lignes += paragraphe("vérification la plus ancienne des dispositions citées : " + (
        f"{ancienne['date']} ({', '.join(ancienne['dispositions'])})" if ancienne else "aucune date connue"), mise, "  ", "    ")
    if recu.get("dispositions_sans_date_de_verification"):
        lignes += paragraphe("sans date de vérification : " + ", ".join(recu["dispositions_sans_date_de_verification"]), mise, "  ", "    ")
    if recu.get("fondements_non_verifies"):
        lignes += paragraphe("fondements non vérifiés sur leur source : " + ", ".join(recu["fondements_non_verifies"]), mise, "  ", "    ")
    return lignes + [""]


def en_texte(rapport: dict, details: bool = False, tout: bool = False, recu: bool = False,
             couleur: bool = False, largeur: int = 0) -> str:
    """The report for a terminal or a pipe; ``details`` also details non-applicable
    conclusions, ``tout`` prints the irrelevant ones too, ``recu`` the whole receipt."""
    mise = Mise(couleur, largeur)
    renvois = numeros(rapport, tout)
    essentielles = {cle(e) for e in (rapport.get("essentiel") or {}).get("lignes", [])}
    lignes = entete(rapport, mise) + [""] + essentiel(rapport, mise, renvois) + questions(rapport, mise, tout)
    for cle_section, titre, groupe in details_ordonnes(rapport, tout):
        lignes.append(mise.c(f"== {titre.upper()} ({len(groupe)}) ==", "gras"))
        for c in groupe:
            complet = cle_section != "non_applicable" or details or cle(c) in essentielles
            lignes += conclusion(c, renvois[cle(c)], mise, complet, rapport)
        lignes.append("")
    n, par_domaine = hors_sujet(rapport)
    if n and not tout:
        detail = ", ".join(f"{t} : {k}" for t, k in par_domaine.items())
        lignes += paragraphe(f"{n} conclusion{'s' if n > 1 else ''} hors des questions du dossier, non "
                             f"affichée{'s' if n > 1 else ''} ({detail}) — --tout pour les voir.", mise, "", "  ")
        lignes.append("")
    if recu:
        lignes += recu_detaille(rapport, mise)
    return "\n".join(lignes).rstrip() + "\n"
