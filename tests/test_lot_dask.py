"""The Dask executor (extra ``[dask]``): the same reports, in the same order, as the local
pool, from an in-process cluster whose worker runs two threads on one engine."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")

from lexfoyer.flux.lot import LotImpossible, Options, developper, evaluer_lot  # noqa: E402

RACINE = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def grappe():
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def test_dask_identique_au_local(tmp_path: Path, base, grappe):
    for i, nom in enumerate(["desolidarisation-refusee-divorce", "desolidarisation-restant-solvable",
                             "desolidarisation-faits-manquants"]):
        shutil.copy(RACINE / "examples" / f"{nom}.yaml", tmp_path / f"{i}.yaml")
    (tmp_path / "3.yaml").write_text("dossier: {reference: X}\npersonnes: [{id: A, revenu_mensuel: 3}]\n", encoding="utf-8")
    chemins = developper([tmp_path]) + [tmp_path / "absent.yaml"]
    options = Options("jsonl")
    local = [(r.rendu, r.problemes) for r in evaluer_lot(chemins, base, options)]
    dask = [(r.rendu, r.problemes) for r in evaluer_lot(chemins, base, options, executeur="dask", ordonnanceur=grappe)]
    assert dask == local
    assert [rendu is not None for rendu, _ in dask] == [True, True, True, False, False]


def test_dask_sans_ordonnanceur(base):
    with pytest.raises(LotImpossible, match="--scheduler"):
        list(evaluer_lot([RACINE / "examples" / "desolidarisation-refusee-divorce.yaml"], base, Options(),
                         executeur="dask", ordonnanceur=None))


def test_commande_sur_dask(tmp_path: Path, grappe):
    from click.testing import CliRunner

    from lexfoyer.cli.main import main
    exemple = str(RACINE / "examples" / "desolidarisation-refusee-divorce.yaml")
    local = CliRunner().invoke(main, ["evaluate", exemple, exemple.replace("refusee-divorce", "restant-solvable"),
                                      "--format", "jsonl"])
    dask = CliRunner().invoke(main, ["evaluate", exemple, exemple.replace("refusee-divorce", "restant-solvable"),
                                     "--format", "jsonl", "--executeur", "dask", "--scheduler", grappe])
    assert dask.exit_code == local.exit_code == 0
    assert dask.stdout == local.stdout and len(dask.stdout.splitlines()) == 2
