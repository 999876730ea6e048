"""Every direct dependency is pinned exactly, and the hash-checked locks that `make` installs agree
with those pins (a pin changed without `make lock` would silently not be installed)."""

import re
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
LOCK_ENTRY = re.compile(r"^([A-Za-z0-9._\[\],-]+)==(\S+)((?:\s*\\\n\s+--hash=sha256:\w+)*)", re.M)


def direct_pins(name: str) -> dict[str, str]:
    """The requirements named in one requirements file (not its `-r` includes): name -> version."""
    pins = {}
    for line in (ROOT / name).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        requirement = Requirement(line)
        specifiers = list(requirement.specifier)
        assert len(specifiers) == 1 and specifiers[0].operator == "==", f"{name}: {line} not exact"
        assert "*" not in specifiers[0].version, f"{name}: {line} is a wildcard"
        pins[canonicalize_name(requirement.name)] = specifiers[0].version
    return pins


def locked(name: str) -> dict[str, tuple[str, int]]:
    """The packages in a lock file: name -> (version, number of hashes)."""
    text = (ROOT / name).read_text()
    entries = LOCK_ENTRY.findall(text)
    return {
        canonicalize_name(package.split("[")[0]): (version, hashes.count("--hash="))
        for package, version, hashes in entries
    }


def test_direct_dependencies_are_locked_at_their_pinned_version_with_hashes():
    runtime, dev = locked("requirements.lock"), locked("requirements-dev.lock")
    for package, version in direct_pins("requirements.txt").items():
        assert runtime.get(package, (None,))[0] == version, f"{package}: run `make lock`"
    for package, version in direct_pins("requirements-dev.txt").items():
        assert dev.get(package, (None,))[0] == version, f"{package}: run `make lock`"
    assert all(count > 0 for _, count in [*runtime.values(), *dev.values()])


def test_the_dev_lock_installs_the_same_versions_as_the_runtime_lock():
    runtime, dev = locked("requirements.lock"), locked("requirements-dev.lock")
    assert {package: dev.get(package) for package in runtime} == runtime
