"""The demo centre is built once per test module (about 5 s), then wiped."""

from tisserand.testing.demo import demo_centre  # noqa: F401  (fixture)
