import pytest


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """Tests never read or write the user's cache of parsed rule files."""
    mp = pytest.MonkeyPatch()
    mp.setenv("DRAFTER_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    yield
    mp.undo()


@pytest.fixture
def finance(tmp_path):
    """The seed's 区财政局 report as a .docx with a header, an image, split runs and tracked changes:
    (path, paragraph index of each named line)."""
    from tests.docx_factory import _zip
    from tests.helpers import build_finance, with_header

    b, at = build_finance()
    path = tmp_path / "区财政局.docx"
    path.write_bytes(_zip(with_header(b.parts())))
    return path, at
