import pytest

from lexfoyer.droit.base import charger_base


@pytest.fixture(scope="session")
def base():
    return charger_base()
