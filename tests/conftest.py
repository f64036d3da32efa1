import pytest


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """Tests never read or write the user's cache of parsed rule files."""
    mp = pytest.MonkeyPatch()
    mp.setenv("DRAFTER_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    yield
    mp.undo()
