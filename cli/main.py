"""``lexfoyer`` — French law on the family home and the mortgage, from the command line.

Thin by design: every command parses its options, calls :mod:`lexfoyer`, and prints.
Bad input (dossier, kb or rules) prints one ``fichier:ligne:colonne: chemin : message``
line per problem and exits with status 2, never a traceback.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import click

from lexfoyer import __version__

from .collecte import reprendre_collecte
from .erreurs import EXIT_DONNEES, erreurs_propres as _erreurs_propres
from .options import FORMAT_DONNEES, afficher_json as _json, base_du_contexte as _base, verifier_domaines as _verifier_domaines


def _date(valeur: str | None) -> date | None:
    if valeur is None:
        return None
    from lexfoyer.cas.dossier import hors_calendrier
    from lexfoyer.lecture.erreurs import extrait
    try:
        jour = date.fromisoformat(valeur)
    except ValueError:
        raise click.BadParameter(f"« {extrait(valeur)} » n'est pas une date AAAA-MM-JJ") from None
    if hors_calendrier(jour):
        raise click.BadParameter(f"« {valeur} » : {hors_calendrier(jour)}")
    return jour


class _Groupe(click.Group):
    """The command group, whose less used commands are imported only when they run (or
    when the help lists them): a one-dossier ``evaluate`` does not pay for them."""

    PARESSEUSES = {"calc": ".calc", "entretien": ".entretien", "kb": ".consultation", "rules": ".consultation"}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self.PARESSEUSES))

    def get_command(self, ctx: click.Context, nom: str):
        if nom in self.PARESSEUSES and nom not in self.commands:
            import importlib
            self.add_command(getattr(importlib.import_module(self.PARESSEUSES[nom], __package__), nom))
        return super().get_command(ctx, nom)


@click.group(cls=_Groupe, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lexfoyer")
@click.option("--base", "base", type=click.Path(file_okay=False, path_type=Path), envvar="LEXFOYER_BASE",
              help="Répertoire contenant kb/ et rules/ (défaut : la base livrée).")
@click.pass_context
def main(ctx: click.Context, base: Path | None) -> None:
    """Droit du logement familial et du crédit immobilier en cas de séparation ou de difficultés.

    \b
    Exemples :
      lexfoyer evaluate examples/desolidarisation-refusee-divorce.yaml
      lexfoyer entretien examples/desolidarisation-faits-manquants.yaml
    """
    ctx.ensure_object(dict)
    ctx.obj["base"] = base
    if ctx.invoked_subcommand != "evaluate":  # it decides for itself: one dossier needs no collection
        reprendre_collecte()


@main.command()
@click.argument("dossiers", nargs=-1, required=True, type=click.Path(path_type=Path, readable=False))
@click.option("--format", "format_", type=click.Choice(["text", "json", "markdown", "html", "jsonl"]), default="text", show_default=True,
              help="html : un fichier autonome à transmettre (styles intégrés, aucune ressource externe). "
                   "jsonl : un rapport JSON compact par ligne, dans l'ordre des dossiers.")
@click.option("--date", "date_", help="Lire le droit à cette date (remplace dossier.date_reference).")
@click.option("--out", type=click.Path(),
              help="Écrire le rapport dans ce fichier ; avec plusieurs dossiers, un rapport par dossier dans ce répertoire (jsonl : un seul fichier).")
@click.option("--details", is_flag=True, help="Texte : détailler aussi les conclusions non applicables.")
@click.option("--domaine", "domaines", multiple=True, metavar="DOMAINE",
              help="Ne retenir que ce domaine ou cette question (garder_logement, sortir_du_pret, difficultes_paiement…) ; "
                   "répétable ; remplace dossier.questions et les domaines déduits des faits.")
@click.option("--tout", is_flag=True, help="Afficher aussi les conclusions hors des questions du dossier (le JSON les contient toujours).")
@click.option("--recu", is_flag=True, help="Texte : le reçu complet (dates qui gouvernent, vérification de chaque disposition citée).")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=1, show_default=True,
              help="Processus d'évaluation en parallèle (0 : un par cœur) ; l'ordre de sortie reste celui des dossiers.")
@click.option("--executeur", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="dask : répartir sur une grappe Dask existante (extra [dask]).")
@click.option("--scheduler", "ordonnanceur", envvar="DASK_SCHEDULER_ADDRESS",
              help="Adresse de l'ordonnanceur Dask (tcp://hôte:8786).")
@click.pass_context
@_erreurs_propres
def evaluate(ctx, dossiers, format_, date_, out, details, domaines, tout, recu, jobs, executeur, ordonnanceur):
    """Conclusions de la loi pour un ou plusieurs dossiers (fichiers, répertoires parcourus
    récursivement, motifs comme 'dossiers/*.yaml') : « L'essentiel » d'abord, puis les
    questions à poser, puis le détail par importance.

    \b
    Exemples :
      lexfoyer evaluate examples/desolidarisation-refusee-divorce.yaml
      lexfoyer evaluate dossier.yaml --domaine garder_logement --format html --out rapport.html
      lexfoyer evaluate dossiers/ --format jsonl > rapports.jsonl
    """
    from lexfoyer.flux.un_dossier import evaluer_fichier_seul, un_seul_fichier
    from lexfoyer.flux.unite import LotImpossible, Options
    from .terminal import couleur_et_largeur
    base = _base(ctx)
    _verifier_domaines(base, domaines)
    couleur, largeur = couleur_et_largeur(format_ == "text" and out is None)
    options = Options(format_, _date(date_), details, tuple(domaines), tout, recu, couleur, largeur)
    arguments = [str(d) for d in dossiers]
    if un_seul_fichier(arguments, options, out):
        try:
            code = evaluer_fichier_seul(arguments[0], base, options, out=out, ecrire=lambda texte: click.echo(texte, nl=False),
                                        signaler=lambda ligne: click.echo(ligne, err=True))
        except LotImpossible as exc:
            click.echo(str(exc), err=True)
            sys.exit(EXIT_DONNEES)
        if code:
            sys.exit(code)
        return
    reprendre_collecte()  # a batch goes on: its garbage is collected (what started it is frozen)
    from lexfoyer.flux.lot import lancer
    try:
        bilan = lancer(arguments, base, options, out=out, jobs=jobs, executeur=executeur,
                       ordonnanceur=ordonnanceur, ecrire=lambda texte: click.echo(texte, nl=False),
                       signaler=lambda ligne: click.echo(ligne, err=True),
                       flux_sortie=sys.stdout, flux_erreurs=sys.stderr)
    except LotImpossible as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_DONNEES)
    if bilan.code_sortie:
        sys.exit(bilan.code_sortie)


@main.command()
@click.argument("dossier", type=click.Path(path_type=Path, readable=False))
@click.argument("conclusion")
@click.option("--date", "date_", help="Lire le droit à cette date.")
@FORMAT_DONNEES
@click.pass_context
@_erreurs_propres
def explain(ctx, dossier, conclusion, date_, format_):
    """Pourquoi (ou pourquoi pas) une conclusion : conditions, faits, dispositions.

    \b
    Exemple :
      lexfoyer explain examples/desolidarisation-refusee-divorce.yaml desolidarisation.solvabilite
    """
    from lexfoyer.api import evaluer_dossier
    from lexfoyer.cas.dossier import charger_dossier
    from lexfoyer.rapport.explication import expliquer
    base = _base(ctx)
    evaluation, rapport = evaluer_dossier(charger_dossier(dossier, _date(date_)), base)
    try:
        if format_ == "json":
            from lexfoyer.rapport.explication import expliquer_donnees
            _json("explain", expliquer_donnees(base, evaluation, rapport, conclusion))
        else:
            click.echo(expliquer(base, evaluation, rapport, conclusion), nl=False)
    except KeyError as exc:
        click.echo(exc.args[0], err=True)
        sys.exit(EXIT_DONNEES)


@main.command()
@click.argument("fichiers", nargs=-1, type=click.Path(path_type=Path, readable=False))
@FORMAT_DONNEES
@click.pass_context
@_erreurs_propres
def validate(ctx, fichiers, format_):
    """Vérifier des dossiers (schéma et renvois) ; sans argument, la base kb/ et rules/.

    \b
    Exemples :
      lexfoyer validate examples/*.yaml
      lexfoyer validate            # la base
    """
    from lexfoyer.cas.dossier import charger_dossier
    from lexfoyer.lecture.erreurs import ErreurDonnees, echapper
    problemes, fiches = [], []
    if format_ == "json":
        from lexfoyer.rapport.vues import probleme
        try:
            base = _base(ctx)
        except ErreurDonnees as exc:
            _json("validate", {"base": {"valide": False, "problemes": [probleme(p) for p in exc.problemes]}, "dossiers": []})
            sys.exit(EXIT_DONNEES)
    else:
        base = _base(ctx)
    for chemin in fichiers:
        try:
            charger_dossier(chemin)
            fiches.append({"fichier": str(chemin), "valide": True, "problemes": []})
            if format_ != "json":
                click.echo(f"{echapper(str(chemin))} : valide")
        except ErreurDonnees as exc:
            problemes += exc.problemes
            fiches.append({"fichier": str(chemin), "valide": False, "problemes": exc.problemes})
    if format_ == "json":
        from lexfoyer.rapport.vues import probleme
        _json("validate", {"base": {"valide": True, "dispositions": len(base.dispositions), "parametres": len(base.parametres),
                                    "regles": len(base.regles), "problemes": []},
                           "dossiers": [{**f, "problemes": [probleme(p) for p in f["problemes"]]} for f in fiches]})
        if problemes:
            sys.exit(EXIT_DONNEES)
        return
    if problemes:
        raise ErreurDonnees(problemes)
    if not fichiers:
        click.echo(f"base valide : {len(base.dispositions)} dispositions, {len(base.parametres)} paramètres, {len(base.regles)} règles")


@main.command()
@click.argument("dossiers", nargs=-1, required=True, type=click.Path(path_type=Path, readable=False))
@click.option("--from", "depuis", required=True,
              help="Version de départ : révision git du projet (HEAD~1, une étiquette…) ou répertoire contenant kb/ et rules/.")
@click.option("--to", "vers", help="Version d'arrivée (même forme ; défaut : la base courante, ou --base).")
@click.option("--depot", type=click.Path(file_okay=False, path_type=Path),
              help="Dépôt git où lire les révisions (défaut : le répertoire courant). Il n'est jamais modifié.")
@click.option("--format", "format_", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
@click.option("--date", "date_", help="Lire le droit à cette date (remplace dossier.date_reference).")
@click.option("--exit-code", "code_sortie", is_flag=True, help="Sortir avec le code 1 si une conclusion a changé (intégration continue).")
@click.pass_context
@_erreurs_propres
def impact(ctx, dossiers, depuis, vers, depot, format_, date_, code_sortie):
    """Ce qu'un changement de kb/ ou rules/ change pour des dossiers : statuts, montants, délais, citations.

    \b
    Exemples :
      lexfoyer impact --from HEAD~1 --to HEAD examples/
      lexfoyer impact --from ../base-2026 dossiers/ --format markdown --exit-code
    """
    from lexfoyer.lecture.chemins import racine_donnees
    from lexfoyer.flux.impact import comparer_versions, rendre
    vers = vers or str(ctx.obj.get("base") or racine_donnees())
    resultat = comparer_versions(depuis, vers, list(dossiers), depot, _date(date_))
    click.echo(rendre(resultat, format_), nl=False)
    for probleme in resultat["problemes"]:
        click.echo(probleme, err=True)
    if resultat["problemes"]:
        sys.exit(EXIT_DONNEES)
    if code_sortie and resultat["synthese"]["conclusions_changees"]:
        sys.exit(1)


@main.command()
@click.option("--tests", "racine_tests", type=click.Path(file_okay=False, path_type=Path),
              help="Répertoire des scénarios (défaut : tests/scenarios s'il existe).")
@click.option("--info", is_flag=True, help="Signaler aussi les paramètres inutilisés.")
@FORMAT_DONNEES
@click.pass_context
@_erreurs_propres
def lint(ctx, racine_tests, info, format_):
    """Cohérence de la base : citations, versions, couverture des règles par les tests.

    \b
    Exemple :
      lexfoyer lint --info --format json
    """
    from lexfoyer.lecture.chemins import racine_donnees
    from lexfoyer.droit.lint import linter
    base = _base(ctx)
    racine = racine_tests or (Path(ctx.obj.get("base") or racine_donnees()) / "tests" / "scenarios")
    problemes = linter(base, racine, info)
    graves = [p for p in problemes if "(information)" not in p.message]
    if format_ == "json":
        from lexfoyer.rapport.vues import probleme
        _json("lint", {"problemes": [{**probleme(p), "grave": p in graves} for p in problemes], "graves": len(graves),
                       "dispositions": len(base.dispositions), "regles": len(base.regles)})
        sys.exit(1 if graves else 0)
    for p in problemes:
        click.echo(str(p))
    click.echo(f"lint : {len(graves)} problème(s), {len(base.dispositions)} dispositions, {len(base.regles)} règles")
    if graves:
        sys.exit(1)


@main.command("test")
@click.argument("chemins", nargs=-1, type=click.Path(exists=True, path_type=Path))
@FORMAT_DONNEES
@click.pass_context
@_erreurs_propres
def test_(ctx, chemins, format_):
    """Exécuter des scénarios (dossier + conclusions attendues).

    \b
    Exemples :
      lexfoyer test                                  # tests/scenarios
      lexfoyer test tests/scenarios/soulte.yaml --format json
    """
    from lexfoyer.flux.scenarios import charger_scenarios, executer, fichiers_scenarios
    base = _base(ctx)
    reussis = echoues = 0
    resultats = []
    for fichier in fichiers_scenarios(list(chemins) or [Path("tests/scenarios")]):
        for scenario in charger_scenarios(fichier):
            resultat = executer(scenario, base)
            resultats.append({"fichier": str(scenario.fichier), "ligne": scenario.ligne, "nom": scenario.nom,
                              "reussi": resultat.reussi, "ecarts": list(resultat.ecarts)})
            if resultat.reussi:
                reussis += 1
            else:
                echoues += 1
                if format_ == "json":
                    continue
                click.echo(f"ÉCHEC {scenario.fichier}:{scenario.ligne} {scenario.nom}")
                for ecart in resultat.ecarts:
                    click.echo(f"    {ecart}")
    if format_ == "json":
        _json("test", {"scenarios": resultats, "reussis": reussis, "echoues": echoues})
    else:
        click.echo(f"{reussis} passed, {echoues} failed")
    if echoues:
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover  (the console command is lexfoyer.cli.commande)
    main()
