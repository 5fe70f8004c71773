"""Polish tests run over the demo data set (built once per run, as the fuzz tests build it)."""

from tests.fuzz.conftest import _fuzz_shared_app, demo_template, fuzz_app  # noqa: F401
