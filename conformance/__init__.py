"""Contract and conformance suite for the MIoT real-name identity API 2.0.

The contract is ``openapi/identity.yaml`` (see :mod:`conformance.spec`); the
signing rule lives in :mod:`conformance.signing`, the signing HTTP client in
:mod:`conformance.client`.
"""

__version__ = "0.1.0"
