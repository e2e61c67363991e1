"""Every test gets a progress store of its own, so no test writes to (or reads from) the progress of the
person running the tests; a test that needs another store sets MNIST_FROM_SCRATCH_PROGRESS itself."""

import pytest

from widgets import progress


@pytest.fixture(autouse=True)
def _own_progress_store(tmp_path_factory, monkeypatch):
    monkeypatch.setenv(progress.ENV_VAR, str(tmp_path_factory.mktemp("store") / "progress.sqlite3"))
