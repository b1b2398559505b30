"""Settings of the development tools: the production settings (``tisserand.settings``)
plus the apps a production server does not install, namely the synthetic-centre generator
(``tisserand.scale``). Used by the tests, the benchmarks and ``tisserand generate``."""

from tisserand.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "tisserand.scale"]  # noqa: F405
