"""``lexfoyer entretien DOSSIER``: the interview in the terminal (:mod:`lexfoyer.flux.entretien`)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .calc import JOUR
from .erreurs import EXIT_DONNEES, erreurs_propres


def _invite(question: dict, restantes: int, erreur: str | None) -> str:
    """One question, its allowed values, and the way out; returns the raw answer."""
    if erreur:
        click.echo(f"  réponse refusée : {erreur}", err=True)
    else:
        click.echo("")
        click.echo(click.style(f"[{restantes} question{'s' if restantes > 1 else ''} utile{'s' if restantes > 1 else ''}] ", bold=True)
                   + question["question"])
        if len(question["conclusions"]) > 1:
            click.echo(f"  pour : {', '.join(question['conclusions'])}")
        valeurs = question.get("valeurs") or []
        if question.get("reponse") == "choix":
            for i, v in enumerate(valeurs, 1):
                click.echo(f"  {i}. {v}")
    genre = question.get("reponse", "texte")
    aide = {"choix": "numéro ou valeur", "booleen": "o/n", "date": "AAAA-MM-JJ", "entier": "nombre entier",
            "nombre": "nombre", "liste": "valeurs séparées par des virgules", "texte": "texte"}[genre]
    return click.prompt(f"  réponse ({aide} ; Entrée : passer ; fin : arrêter)", default="", show_default=False)


@click.command("entretien")
@click.argument("dossier", type=click.Path(exists=True, dir_okay=False, writable=True, path_type=Path))
@click.option("--domaine", "domaines", multiple=True, metavar="DOMAINE",
              help="Ne poser que les questions de ce domaine ou de cette question nommée (répétable).")
@click.option("--date", "date_", type=JOUR, help="Lire le droit à cette date (remplace dossier.date_reference).")
@click.option("--max", "maximum", type=click.IntRange(min=1), help="S'arrêter après ce nombre de questions.")
@click.pass_context
@erreurs_propres
def entretien(ctx, dossier, domaines, date_, maximum):
    """Poser au client, une à une, les questions qui comptent, et écrire chaque réponse dans
    le dossier (commentaires, ordre et mise en page conservés ; fichier remplacé d'un bloc).

    Après chaque réponse le dossier est réévalué : la question suivante est la plus utile
    de celles qui restent. Entrée sans rien taper passe la question ; « fin » arrête.
    Une valeur que le schéma refuse est redemandée, le fichier n'est pas touché.

    \b
    Exemples :
      lexfoyer entretien examples/desolidarisation-faits-manquants.yaml
      lexfoyer entretien dossier.yaml --domaine sortir_du_pret --max 5
    """
    from lexfoyer.flux.entretien import mener_entretien
    from .options import base_du_contexte, verifier_domaines
    base = base_du_contexte(ctx)
    verifier_domaines(base, domaines)
    bilan = mener_entretien(dossier, base, _invite, lambda ligne: click.echo(f"  {ligne}"),
                            tuple(domaines), date_, maximum)
    click.echo("")
    fins = {"complet": "Plus rien de pertinent ne manque.",
            "reste_des_questions_passees": "Il ne reste que des questions passées.",
            "maximum": "Nombre maximal de questions atteint.", "arret": "Entretien arrêté."}
    click.echo(f"{fins.get(bilan.fin, bilan.fin)} {len(bilan.ecrites)} réponse(s) écrite(s) dans {dossier}"
               + (f", {len(bilan.passees)} question(s) passée(s)" if bilan.passees else "") + ".")
    if bilan.rapport and (bilan.rapport.get("essentiel") or {}).get("lignes"):
        from lexfoyer.rapport.essentiel import LIBELLES_GENRE
        click.echo("L'essentiel à ce stade :")
        for e in bilan.rapport["essentiel"]["lignes"]:
            click.echo(f"  - {LIBELLES_GENRE[e['genre']]} : {e['texte']}")
    click.echo(f"Rapport complet : lexfoyer evaluate {dossier}")
    if bilan.fin not in ("complet", "reste_des_questions_passees", "maximum", "arret"):  # pragma: no cover
        sys.exit(EXIT_DONNEES)
