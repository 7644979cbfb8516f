"""``lexfoyer kb …`` and ``lexfoyer rules …``: read the base itself (provisions, parameters,
rules), as text for the lawyer or as JSON with the stable keys of schemas/sorties.schema.json."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .erreurs import EXIT_DONNEES, erreurs_propres as _erreurs_propres
from .options import FORMAT_DONNEES, afficher_json as _json, base_du_contexte as _base


@click.group()
def kb():
    """Dispositions et paramètres de la base.

    \b
    Exemples :
      lexfoyer kb show code-civil/1310
      lexfoyer kb search "délai de grâce"
    """


@kb.command("list")
@FORMAT_DONNEES
@click.pass_context
@_erreurs_propres
def kb_list(ctx, format_):
    """Lister les dispositions et les paramètres.

    \b
    Exemple :
      lexfoyer kb list --format json
    """
    base = _base(ctx.parent)
    if format_ == "json":
        from lexfoyer.rapport.vues import kb_liste
        return _json("kb list", kb_liste(base))
    for d in sorted(base.dispositions.values(), key=lambda d: d.id):
        marque = "" if d.verifiee else "  (non vérifiée)"
        click.echo(f"{d.id:40} {d.citation} — {d.intitule}{marque}")
    for p in sorted(base.parametres.values(), key=lambda p: p.id):
        click.echo(f"{p.id:40} paramètre ({p.unite}) — {p.description}")


@kb.command("show")
@click.argument("ident")
@FORMAT_DONNEES
@click.pass_context
@_erreurs_propres
def kb_show(ctx, ident, format_):
    """Une disposition (par son numéro actuel ou ancien) ou un paramètre.

    \b
    Exemples :
      lexfoyer kb show code-consommation/L312-22      # un ancien numéro retrouve l'article
      lexfoyer kb show hcsf.taux_effort_max --format json
    """
    from lexfoyer.rapport.affichage import afficher_disposition, afficher_parametre
    base = _base(ctx.parent)
    trouvees = base.disposition(ident)
    if format_ == "json" and (ident in base.parametres or trouvees):
        from lexfoyer.rapport.vues import disposition_detail, parametre_detail
        return _json("kb show", {"elements": [parametre_detail(base, base.parametres[ident])] if ident in base.parametres
                                 else [disposition_detail(base, d) for d in trouvees]})
    if ident in base.parametres:
        click.echo(afficher_parametre(base, base.parametres[ident]), nl=False)
    elif trouvees:
        click.echo("\n".join(afficher_disposition(base, d) for d in trouvees), nl=False)
    else:
        click.echo(f"« {ident} » : ni disposition ni paramètre de la base (essayer : lexfoyer kb search …)", err=True)
        sys.exit(EXIT_DONNEES)


@kb.command("coverage")
@click.option("--tests", "racine_tests", type=click.Path(file_okay=False, path_type=Path),
              help="Répertoire des scénarios (défaut : tests/scenarios à côté de la base).")
@click.option("--format", "format_", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
@click.pass_context
@_erreurs_propres
def kb_coverage(ctx, racine_tests, format_):
    """Article → règles qui le citent → scénarios qui les testent ; dispositions et versions non vérifiées.

    \b
    Exemple :
      lexfoyer kb coverage --format markdown
    """
    from lexfoyer.lecture.chemins import racine_donnees
    from lexfoyer.flux.couverture import couverture_kb, rendre
    base = _base(ctx.parent)
    racine = racine_tests or (Path(ctx.parent.obj.get("base") or racine_donnees()) / "tests" / "scenarios")
    click.echo(rendre(couverture_kb(base, racine), format_), nl=False)


@kb.command("search")
@click.argument("texte")
@FORMAT_DONNEES
@click.pass_context
@_erreurs_propres
def kb_search(ctx, texte, format_):
    """Chercher une disposition par l'un de ses numéros (« L.312-22 », « art. 1343-5 ») ou par
    son objet (« délai de grâce »), et les paramètres (sans tenir compte des accents).

    \b
    Exemples :
      lexfoyer kb search L.312-22
      lexfoyer kb search "délai de grâce" --format json
    """
    from lexfoyer.droit.recherche import chercher
    base = _base(ctx.parent)
    trouvees = chercher(base, texte)
    if format_ == "json":
        _json("kb search", {"requete": texte, "elements": [{"genre": t.genre, "id": t.ident, "libelle": t.libelle, "rang": t.rang}
                                                           for t in trouvees]})
        if not trouvees:
            sys.exit(1)
        return
    for t in trouvees:
        click.echo(f"{t.ident:40} {t.libelle}")
    if not trouvees:
        click.echo(f"« {texte} » : aucune disposition ni aucun paramètre trouvé", err=True)
        sys.exit(1)


@click.group()
def rules():
    """Les règles : conditions, citations, conclusions.

    \b
    Exemples :
      lexfoyer rules list
      lexfoyer rules show recours.mediateur_bancaire --format json
    """


@rules.command("list")
@FORMAT_DONNEES
@click.pass_context
@_erreurs_propres
def rules_list(ctx, format_):
    """Lister les règles.

    \b
    Exemple :
      lexfoyer rules list --format json
    """
    base = _base(ctx.parent)
    if format_ == "json":
        from lexfoyer.rapport.vues import regle_resume
        return _json("rules list", {"elements": [regle_resume(r) for r in sorted(base.regles.values(), key=lambda r: (r.domaine, r.id))]})
    for r in sorted(base.regles.values(), key=lambda r: (r.domaine, r.id)):
        click.echo(f"{r.domaine:20} {r.id:42} sujet={r.sujet:9} {r.titre}")


@rules.command("show")
@click.argument("ident")
@FORMAT_DONNEES
@click.pass_context
@_erreurs_propres
def rules_show(ctx, ident, format_):
    """Une règle (par son id ou sa conclusion) : conditions, paramètres, calcul, fondements.

    \b
    Exemple :
      lexfoyer rules show desolidarisation.solvabilite
    """
    from lexfoyer.rapport.affichage import afficher_regle
    base = _base(ctx.parent)
    regle = base.regles.get(ident) or base.regle_de(ident)
    if regle is None:
        click.echo(f"« {ident} » : aucune règle ni conclusion de ce nom", err=True)
        sys.exit(EXIT_DONNEES)
    if format_ == "json":
        from lexfoyer.rapport.vues import regle_detail
        return _json("rules show", regle_detail(base, regle))
    click.echo(afficher_regle(base, regle), nl=False)
