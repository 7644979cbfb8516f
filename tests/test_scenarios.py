"""Every YAML scenario under tests/scenarios is a pytest test (like ``openfisca test``)."""

from pathlib import Path

import pytest

from lexfoyer.flux.scenarios import charger_scenarios, executer, fichiers_scenarios

RACINE = Path(__file__).parent / "scenarios"
SCENARIOS = [s for f in fichiers_scenarios([RACINE]) for s in charger_scenarios(f)]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[f"{Path(s.fichier).stem}:{s.nom}" for s in SCENARIOS])
def test_scenario(scenario, base):
    resultat = executer(scenario, base)
    assert resultat.reussi, "\n".join(resultat.ecarts)
