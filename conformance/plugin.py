"""pytest plugin (entry point ``pytest11``): options, profiles and fixtures of the suite."""
