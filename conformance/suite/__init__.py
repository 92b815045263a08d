"""The conformance suite: ``pytest conformance`` (options and fixtures come from :mod:`conformance.plugin`)."""
