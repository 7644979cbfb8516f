"""``lexfoyer`` — French law on the family home and the mortgage, from the command line.

Thin by design: every command parses its options, calls :mod:`lexfoyer`, and prints.
Bad input (dossier, kb or rules) prints one ``fichier:ligne:colonne: chemin : message``
line per problem and exits with status 2, never a traceback.
"""

from __future__ import annotations

import functools
import sys
from datetime import date
from pathlib import Path

import click

from lexfoyer import __version__

EXIT_DONNEES = 2


def _erreurs_propres(fonction):
    """Turn the library's input errors into located lines and exit status 2."""

    @functools.wraps(fonction)
    def enveloppe(*args, **kwargs):
        from lexfoyer.erreurs import ErreurDonnees, ErreurMoteur
        try:
            return fonction(*args, **kwargs)
        except ErreurDonnees as exc:
            for probleme in exc.problemes:
                click.echo(str(probleme), err=True)
            sys.exit(EXIT_DONNEES)
        except ErreurMoteur as exc:
            click.echo(f"erreur du moteur : {exc}", err=True)
            sys.exit(3)
    return enveloppe


def _base(ctx: click.Context):
    from lexfoyer.base import charger_base
    return charger_base(ctx.obj.get("base"))


def _date(valeur: str | None) -> date | None:
    if valeur is None:
        return None
    try:
        return date.fromisoformat(valeur)
    except ValueError:
        raise click.BadParameter(f"« {valeur} » n'est pas une date AAAA-MM-JJ") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lexfoyer")
@click.option("--base", "base", type=click.Path(file_okay=False, path_type=Path), envvar="LEXFOYER_BASE",
              help="Répertoire contenant kb/ et rules/ (défaut : la base livrée).")
@click.pass_context
def main(ctx: click.Context, base: Path | None) -> None:
    """Droit du logement familial et du crédit immobilier en cas de séparation ou de difficultés."""
    ctx.ensure_object(dict)
    ctx.obj["base"] = base


@main.command()
@click.argument("dossiers", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "format_", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
@click.option("--date", "date_", help="Lire le droit à cette date (remplace dossier.date_reference).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Écrire le rapport dans ce fichier.")
@click.option("--details", is_flag=True, help="Texte : détailler aussi les conclusions non applicables.")
@click.pass_context
@_erreurs_propres
def evaluate(ctx, dossiers, format_, date_, out, details):
    """Conclusions de la loi pour un ou plusieurs dossiers."""
    from lexfoyer.api import evaluer_dossier
    from lexfoyer.dossier import charger_dossier
    from lexfoyer.erreurs import ErreurDonnees
    from lexfoyer.sortie import en_json, en_markdown, en_texte
    base = _base(ctx)
    jour = _date(date_)
    sorties, problemes = [], []
    for chemin in dossiers:
        try:
            dossier = charger_dossier(chemin, jour)
        except ErreurDonnees as exc:
            problemes += exc.problemes
            continue
        rapport = evaluer_dossier(dossier, base)[1]
        rendu = {"json": en_json, "markdown": en_markdown}.get(format_, lambda r: en_texte(r, details))(rapport)
        sorties.append(rendu)
    texte = ("\n" if format_ != "json" else "").join(sorties)
    if out:
        out.write_text(texte, encoding="utf-8")
    elif texte:
        click.echo(texte, nl=False)
    if problemes:
        raise ErreurDonnees(problemes)


@main.command()
@click.argument("dossier", type=click.Path(path_type=Path))
@click.argument("conclusion")
@click.option("--date", "date_", help="Lire le droit à cette date.")
@click.pass_context
@_erreurs_propres
def explain(ctx, dossier, conclusion, date_):
    """Pourquoi (ou pourquoi pas) une conclusion : conditions, faits, dispositions."""
    from lexfoyer.api import evaluer_dossier
    from lexfoyer.dossier import charger_dossier
    from lexfoyer.explication import expliquer
    base = _base(ctx)
    evaluation, rapport = evaluer_dossier(charger_dossier(dossier, _date(date_)), base)
    try:
        click.echo(expliquer(base, evaluation, rapport, conclusion), nl=False)
    except KeyError as exc:
        click.echo(exc.args[0], err=True)
        sys.exit(EXIT_DONNEES)


@main.command()
@click.argument("fichiers", nargs=-1, type=click.Path(path_type=Path))
@click.pass_context
@_erreurs_propres
def validate(ctx, fichiers):
    """Vérifier des dossiers (schéma et renvois) ; sans argument, la base kb/ et rules/."""
    from lexfoyer.dossier import charger_dossier
    from lexfoyer.erreurs import ErreurDonnees
    base = _base(ctx)
    problemes = []
    for chemin in fichiers:
        try:
            charger_dossier(chemin)
            click.echo(f"{chemin} : valide")
        except ErreurDonnees as exc:
            problemes += exc.problemes
    if problemes:
        raise ErreurDonnees(problemes)
    if not fichiers:
        click.echo(f"base valide : {len(base.dispositions)} dispositions, {len(base.parametres)} paramètres, {len(base.regles)} règles")


@main.group()
def kb():
    """Dispositions et paramètres de la base."""


@kb.command("list")
@click.pass_context
@_erreurs_propres
def kb_list(ctx):
    """Lister les dispositions et les paramètres."""
    base = _base(ctx.parent)
    for d in sorted(base.dispositions.values(), key=lambda d: d.id):
        marque = "" if d.verifiee else "  (non vérifiée)"
        click.echo(f"{d.id:40} {d.citation} — {d.intitule}{marque}")
    for p in sorted(base.parametres.values(), key=lambda p: p.id):
        click.echo(f"{p.id:40} paramètre ({p.unite}) — {p.description}")


@kb.command("show")
@click.argument("ident")
@click.pass_context
@_erreurs_propres
def kb_show(ctx, ident):
    """Une disposition (par son numéro actuel ou ancien) ou un paramètre."""
    from lexfoyer.affichage import afficher_disposition, afficher_parametre
    base = _base(ctx.parent)
    trouvees = base.disposition(ident)
    if ident in base.parametres:
        click.echo(afficher_parametre(base, base.parametres[ident]), nl=False)
    elif trouvees:
        click.echo("\n".join(afficher_disposition(base, d) for d in trouvees), nl=False)
    else:
        click.echo(f"« {ident} » : ni disposition ni paramètre de la base (essayer : lexfoyer kb search …)", err=True)
        sys.exit(EXIT_DONNEES)


@kb.command("search")
@click.argument("texte")
@click.pass_context
@_erreurs_propres
def kb_search(ctx, texte):
    """Chercher un mot dans les dispositions et paramètres (sans tenir compte des accents)."""
    from lexfoyer.affichage import sans_accents
    base = _base(ctx.parent)
    cle = sans_accents(texte)
    for d in sorted(base.dispositions.values(), key=lambda d: d.id):
        if cle in sans_accents(" ".join([d.id, d.citation, d.intitule, d.paraphrase] + d.alias())):
            click.echo(f"{d.id:40} {d.citation} — {d.intitule}")
    for p in sorted(base.parametres.values(), key=lambda p: p.id):
        if cle in sans_accents(p.id + " " + p.description):
            click.echo(f"{p.id:40} paramètre — {p.description}")


@main.group()
def rules():
    """Les règles : conditions, citations, conclusions."""


@rules.command("list")
@click.pass_context
@_erreurs_propres
def rules_list(ctx):
    """Lister les règles."""
    base = _base(ctx.parent)
    for r in sorted(base.regles.values(), key=lambda r: (r.domaine, r.id)):
        click.echo(f"{r.domaine:20} {r.id:42} sujet={r.sujet:9} {r.titre}")


@rules.command("show")
@click.argument("ident")
@click.pass_context
@_erreurs_propres
def rules_show(ctx, ident):
    """Une règle : conditions, paramètres, calcul, fondements."""
    from lexfoyer.affichage import afficher_regle
    base = _base(ctx.parent)
    regle = base.regles.get(ident) or base.regle_de(ident)
    if regle is None:
        click.echo(f"« {ident} » : aucune règle ni conclusion de ce nom", err=True)
        sys.exit(EXIT_DONNEES)
    click.echo(afficher_regle(base, regle), nl=False)


@main.command()
@click.option("--tests", "racine_tests", type=click.Path(file_okay=False, path_type=Path),
              help="Répertoire des scénarios (défaut : tests/scenarios s'il existe).")
@click.option("--info", is_flag=True, help="Signaler aussi les paramètres inutilisés.")
@click.pass_context
@_erreurs_propres
def lint(ctx, racine_tests, info):
    """Cohérence de la base : citations, versions, couverture des règles par les tests."""
    from lexfoyer.chemins import racine_donnees
    from lexfoyer.lint import linter
    base = _base(ctx)
    racine = racine_tests or (Path(ctx.obj.get("base") or racine_donnees()) / "tests" / "scenarios")
    problemes = linter(base, racine, info)
    for p in problemes:
        click.echo(str(p))
    graves = [p for p in problemes if "(information)" not in p.message]
    click.echo(f"lint : {len(graves)} problème(s), {len(base.dispositions)} dispositions, {len(base.regles)} règles")
    if graves:
        sys.exit(1)


@main.command("test")
@click.argument("chemins", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.pass_context
@_erreurs_propres
def test_(ctx, chemins):
    """Exécuter des scénarios (dossier + conclusions attendues)."""
    from lexfoyer.scenarios import charger_scenarios, executer, fichiers_scenarios
    base = _base(ctx)
    reussis = echoues = 0
    for fichier in fichiers_scenarios(list(chemins) or [Path("tests/scenarios")]):
        for scenario in charger_scenarios(fichier):
            resultat = executer(scenario, base)
            if resultat.reussi:
                reussis += 1
            else:
                echoues += 1
                click.echo(f"ÉCHEC {scenario.fichier}:{scenario.ligne} {scenario.nom}")
                for ecart in resultat.ecarts:
                    click.echo(f"    {ecart}")
    click.echo(f"{reussis} passed, {echoues} failed")
    if echoues:
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
