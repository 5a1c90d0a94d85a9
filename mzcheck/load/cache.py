"""A compiled rule set kept on disk between runs / 已编译规则集的磁盘缓存 (stage: load).

Loading the bundled targets parses some twenty YAML files and validates 124 rules: most of what a
``mzcheck check`` of one report costs beyond starting Python. :func:`load_targets_cached` loads a rule set
as :func:`mzcheck.load_targets` does and keeps it in the per-user cache folder, under a key made of the
*content* of every file loading reads (rule files, catalogs, in layer order, with the names they are known
by) and the size and time of mzcheck's own modules; the next run with the same files reads it
back instead (docs/design/0023-performance.md).

A cached file is used only when it is authentic and current:

- its name and its first bytes carry the key, so a changed rule file (or a changed mzcheck) looks elsewhere;
- its content is signed with keyed BLAKE2b (a MAC by design, RFC 7693) under a secret of 32 random bytes in
  the cache folder, readable by its owner alone; the file is read (unpickled) only after the signature checks
  out. A secret that is not the user's own or that others may read is not used, and then nothing is cached;
- anything unexpected — a truncated or corrupted file, a bad signature, a folder that cannot be made or
  written — falls back to loading the files, silently: the cache can make a run faster, never fail it.

The folder is ``$MZCHECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/mzcheck``, else ``~/.cache/mzcheck``;
``MZCHECK_CACHE_DIR=off`` turns the cache off. Files are written whole (a temporary file renamed into
place), so runs at the same time share the folder safely; the oldest are removed beyond :data:`KEEP`.
"""

from __future__ import annotations

import os
import pickle
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from mzcheck.core.collector import paused
from mzcheck.core.errors import InputError
from mzcheck.core.files import read_bounded
from mzcheck.core.yamlio import MAX_BYTES
from mzcheck.load.bundled import bundled_targets
from mzcheck.load.layers import INDICATORS_FILE, JURISDICTIONS_FILE, layers_of, rule_files

if TYPE_CHECKING:  # the models are imported when a rule set is loaded or read back, not to find one (0035)
    from mzcheck.load.ruleset import RuleSet

try:  # hashlib and hmac load OpenSSL (some 4 ms of every check's start); BLAKE2 and the constant-time
    # comparison are built into CPython, and are what hashlib.blake2b and hmac.compare_digest give
    from _blake2 import blake2b
    from _operator import _compare_digest as compare_digest
except ImportError:  # a Python without them
    from hashlib import blake2b
    from hmac import compare_digest  # type: ignore[no-redef]  # the same function, its overloads typed

ENV_VAR = "MZCHECK_CACHE_DIR"
FORMAT = b"mzcheck-ruleset-cache 2\n"  # 2: keys and signatures by BLAKE2b (1: SHA-256, HMAC)
KEEP = 32  # cached rule sets kept; the oldest beyond are removed
_SECRET = "secret"
_OFF = ("off", "none", "0", "no", "false")


def cache_dir() -> Path | None:
    """The cache folder, or None when ``MZCHECK_CACHE_DIR`` turns caching off."""
    env = os.environ.get(ENV_VAR)
    if env is not None:
        return None if env.strip().lower() in ("", *_OFF) else Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "mzcheck"


def load_targets_cached(*paths: str | Path, bundled: bool = True) -> RuleSet:
    """:func:`mzcheck.load_targets`, read from the cache when the same files were loaded before."""
    from mzcheck.load.rules import load_targets

    probed = _PROBED.pop((tuple(map(str, paths)), bundled), None)
    if probed is not None:  # found and checked by cached() a moment ago, in this process
        found = _unpickled(probed)
        if found is not None:
            return found
    entry = _entry(paths, bundled)
    if entry is None:
        return load_targets(*paths, bundled=bundled)
    folder, key, secret, payload = entry
    found = _unpickled(payload) if payload is not None else None
    if found is not None:
        return found
    rules = load_targets(*paths, bundled=bundled)
    if secret is not None:
        _write(folder, key, secret, rules)
    return rules


def _entry(paths: Sequence[str | Path], bundled: bool) -> tuple[Path, str, bytes | None, bytes | None] | None:
    """Where these layers' rule set is kept: the cache folder, the key, the signing secret (None: not safely
    the user's own) and the entry's payload when it is there, intact and signed (else None); None when the
    cache is off or a file of the layers cannot be read for the key (loading then says why)."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        key = cache_key(paths, bundled)
    except (OSError, InputError):  # a file that cannot be read (a FIFO, a device, too big)
        return None
    secret = _secret(folder)
    return folder, key, secret, _payload(folder / f"{key}.pickle", key, secret) if secret is not None else None


def cache_key(paths: Sequence[str | Path], bundled: bool) -> str:
    """The hex BLAKE2b (32 bytes) of everything a load of these layers depends on: the content of each file it reads,
    with its name and place, the Python version and mzcheck's own modules (its version among them)."""
    h = blake2b(digest_size=32)

    def part(*items: str | bytes) -> None:
        for item in items:
            data = item.encode("utf-8", "surrogateescape") if isinstance(item, str) else item
            h.update(len(data).to_bytes(8, "little"))
            h.update(data)

    part(FORMAT, sys.version, repr(bundled), repr([str(p) for p in paths]))
    layers = layers_of(paths, bundled) or layers_of([], True)
    base = bundled_targets()
    catalogs = [base / INDICATORS_FILE, base / JURISDICTIONS_FILE]
    for layer in layers:
        part("layer", str(layer))
        for f in rule_files(layer):
            part(str(f), read_bounded(f, MAX_BYTES))  # a named pipe or a device is refused, never waited on
        home = layer if layer.is_dir() else layer.parent
        catalogs += [home / INDICATORS_FILE, home / JURISDICTIONS_FILE]
    for f in dict.fromkeys(catalogs):
        part("catalog", str(f), read_bounded(f, MAX_BYTES) if f.exists() else b"<absent>")
    # the code that compiles a rule set, and the national division table: changed in place by a developer
    # without a new version, they are known by their sizes and times
    package = Path(__file__).resolve().parents[1]
    for root in (package, base / "divisions"):
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for name in sorted(filenames):
                if name.endswith((".py", ".tsv", ".gz", ".txt")):
                    st = os.stat(os.path.join(dirpath, name))
                    part(os.path.join(dirpath, name), f"{st.st_size} {st.st_mtime_ns}")
    return h.hexdigest()


def _secret(folder: Path) -> bytes | None:
    """The folder's signing secret, made on first use; None when it is not safely the user's own."""
    path = folder / _SECRET
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as f:
                f.write(os.urandom(32))
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as f:
            st = os.fstat(f.fileno())
            if (hasattr(os, "getuid") and st.st_uid != os.getuid()) or st.st_mode & 0o077:
                return None
            secret = f.read()
    except OSError:
        return None
    return secret if len(secret) == 32 else None


def _signature(secret: bytes, key: str, payload: bytes) -> bytes:
    return blake2b(FORMAT + key.encode("ascii") + b"\n" + payload, key=secret, digest_size=32).digest()


def cached(*paths: str | Path, bundled: bool = True) -> bool:
    """Whether :func:`load_targets_cached` will read these layers' rule set from the cache: a current entry,
    intact and signed with the user's secret (its payload is kept for that call). No model is imported."""
    entry = _entry(paths, bundled)
    if entry is None or entry[3] is None:
        return False
    _PROBED[(tuple(map(str, paths)), bundled)] = entry[3]
    return True


# the entry cached() found, by the layers it was asked about: read once by load_targets_cached, which then
# neither reads the rule files again for the key nor the entry for its signature
_PROBED: dict[tuple[tuple[str, ...], bool], bytes] = {}


def _payload(path: Path, key: str, secret: bytes) -> bytes | None:
    """The pickled rule set cached at ``path`` when it is intact, signed with ``secret`` and made for ``key``."""
    head = FORMAT + key.encode("ascii") + b"\n"
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not data.startswith(head) or len(data) < len(head) + 32:
        return None
    signature, payload = data[len(head):len(head) + 32], data[len(head) + 32:]
    if not compare_digest(signature, _signature(secret, key, payload)):
        return None
    return payload


def _unpickled(payload: bytes) -> RuleSet | None:
    from mzcheck.load.ruleset import RuleSet

    try:  # tens of thousands of objects at once, none of them garbage: a national rule set read back in 0.13 s
        with paused():  # with the collector on, 0.07 s without
            rules = pickle.loads(payload)  # only a payload signed with the user's own secret
    except Exception:  # signed but unreadable (another Python, a class since changed): load the files
        return None
    return rules if isinstance(rules, RuleSet) else None


def _write(folder: Path, key: str, secret: bytes, rules: RuleSet) -> None:
    """Keep ``rules`` under ``key``; a folder that cannot be written is left as it is."""
    from mzcheck.load.sharing import share

    try:
        # equal values made one object first: a smaller file, read back faster into fewer objects
        payload = pickle.dumps(share(rules), protocol=pickle.HIGHEST_PROTOCOL)
        data = FORMAT + key.encode("ascii") + b"\n" + _signature(secret, key, payload) + payload
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".pickle")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, folder / f"{key}.pickle")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        kept = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in kept[KEEP:]:
            old.unlink(missing_ok=True)
    except Exception:  # a full disk, a read-only folder, a rule set that will not pickle: run without
        return
