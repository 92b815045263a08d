"""Root conftest: makes ``tests`` importable as a package and enables pytester for the suite's own tests."""

pytest_plugins = ["pytester"]
