"""The server's secret key file: read it, or create it once with owner-only permissions.

Used when the operator has not set `SMM_EVAL_SECRET_KEY` (see `smm_eval.settings`): the key is 32
random bytes (`secrets.token_bytes`), written as 64 hex characters to a new file opened with
`O_CREAT | O_EXCL` and mode 0600, so two processes starting at once cannot both write one and no
other user of the machine can read it (design choice).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from smm_eval.errors import ConfigurationError, Problem

KEY_BYTES = 32
SETTING = "SMM_EVAL_SECRET_KEY_FILE"


def read_or_create_key(path: Path) -> bytes:
    """The key kept in `path` (64 hex characters -> 32 bytes), created with mode 0600 if missing.

    The file's folder is created (mode 0700) when missing.

    Raises
    ------
    ConfigurationError
        `config.secret_file`: the file exists but does not hold a key of 64 hex characters, or cannot
        be read or written (the problem names the file, never its content).
    """
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            text = path.read_text(encoding="ascii").strip()
        else:
            text = secrets.token_hex(KEY_BYTES)
            with os.fdopen(descriptor, "w", encoding="ascii") as handle:
                handle.write(text + "\n")
        key = bytes.fromhex(text)
    except (OSError, ValueError, UnicodeDecodeError):
        key = b""
    if len(key) != KEY_BYTES:
        message = f"the secret key file {path.name} must hold {2 * KEY_BYTES} hex characters and be readable"
        raise ConfigurationError([Problem(SETTING, message, code="config.secret_file", params={"name": path.name})])
    return key
