"""Compares version pairs with pip's vendored pypa/packaging: parse() and its ordering.

Prints the order and whether each side parsed as a PEP 440 Version (1) or a LegacyVersion (0).
Without LegacyVersion (packaging >= 22) a non-PEP 440 side prints "skip".
"""
import sys
import warnings

warnings.simplefilter("ignore")
from pip._vendor.packaging import version  # noqa: E402

legacy = hasattr(version, "LegacyVersion")
out = []
for line in sys.stdin.read().split("\n"):
    if not line:
        continue
    a, b = line.split("\t")
    try:
        va, vb = version.parse(a), version.parse(b)
    except version.InvalidVersion:
        out.append("skip")
        continue
    op = "<" if va < vb else "=" if va == vb else ">"
    out.append(f"{op} {int(isinstance(va, version.Version))} {int(isinstance(vb, version.Version))}")
print("\n".join(out))
print("legacy-supported" if legacy else "legacy-unsupported")
