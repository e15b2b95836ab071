"""Installs a pinned npm package outside the repository, into a cache directory reused between
runs (tests/controltower/fidelity.py, tests/sarif/validate.py). Needs npm and, the first time,
the network."""

import json
import os
import subprocess
import sys


def default_cache(name):
    """${XDG_CACHE_HOME:-$HOME/.cache}/srm/NAME."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "srm", name)


def add_arguments(parser, cache_name):
    """The options every suite that runs srm against an npm tool takes: --srm and --cache."""
    parser.add_argument("--srm", required=True, help="the srm binary")
    parser.add_argument("--cache", default=default_cache(cache_name),
                        help="where the npm package is installed (reused between runs)")


def install(cache, specs, executable, tag):
    """Installs `specs` ({package: version}) into `cache` unless every package is there at its
    version and `executable` (a path relative to the package directory of the first package) is
    executable. npm does not run install scripts here, so the executable bit is set by hand.
    Returns (package directory of the first package, path of the executable). Exits with
    status 2 when npm fails."""
    def package_dir(name):
        return os.path.join(cache, "node_modules", *name.split("/"))

    def installed(name):
        stamp = os.path.join(package_dir(name), "package.json")
        if not os.path.exists(stamp):
            return None
        with open(stamp, encoding="utf-8") as f:
            return json.load(f).get("version")

    first = next(iter(specs))
    tool = os.path.join(package_dir(first), executable)
    if all(installed(n) == v for n, v in specs.items()) and os.path.exists(tool):
        if not os.access(tool, os.X_OK):
            os.chmod(tool, os.stat(tool).st_mode | 0o100)
        return package_dir(first), tool
    os.makedirs(cache, exist_ok=True)
    wanted = [f"{n}@{v}" for n, v in specs.items()]
    print(f"{tag}: installing {' '.join(wanted)} into {cache}", file=sys.stderr)
    done = subprocess.run(["npm", "install", "--prefix", cache, "--no-audit", "--no-fund",
                           "--no-save"] + wanted,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode == 0 and os.path.exists(tool) and not os.access(tool, os.X_OK):
        os.chmod(tool, os.stat(tool).st_mode | 0o100)
    if done.returncode != 0 or not os.access(tool, os.X_OK):
        print(f"{tag}: error: npm install of {' '.join(wanted)} failed:\n{done.stderr}",
              file=sys.stderr)
        sys.exit(2)
    return package_dir(first), tool
