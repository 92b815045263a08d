"""The sandbox's documented test credentials and identities.

These are published in the README so that anyone can call a local reference
server: they are test fixtures, not secrets, and no real service accepts them.
The identities are fictional pairs with valid GB 11643-1999 numbers (one
ending in ``X``, one ethnic-minority name with a middle dot); each verifies
with the "verified" resultCode.
"""

from __future__ import annotations

__all__ = ["SANDBOX_APP_ID", "SANDBOX_APP_KEY", "SANDBOX_IDENTITIES"]

SANDBOX_APP_ID = "miot-sandbox"
SANDBOX_APP_KEY = "sandbox-key-not-a-secret"

SANDBOX_IDENTITIES: tuple[tuple[str, str], ...] = (
    ("小米", "11010519491231002X"),  # the contract's request example
    ("张伟", "440305199001011248"),
    ("李娜", "310101200002293013"),  # born on a leap day
    ("阿依古丽·买买提", "650102198506152040"),
    ("王芳", "530102197811030013"),
)
