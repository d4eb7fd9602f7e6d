# Shared set-up for scripts/run and scripts/test: a virtualenv in .venv and Debian packages.

setup_python() {
  local extras="$1"
  if [ ! -x .venv/bin/python ]; then
    local python
    python="$(pick_python)"
    # Debian's own Python needs python3-venv for this; a pyenv or python.org Python has it built in.
    "$python" -m venv .venv 2>/dev/null || { rm -rf .venv; setup_debian python3-venv; "$python" -m venv .venv; }
  fi
  local stamp=".venv/.installed${extras}"
  # Reinstall only when pyproject.toml changed since the last install.
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e ".${extras}"
    touch "$stamp"
  fi
  build_argon2_for_this_cpu
}

build_argon2_for_this_cpu() {
  # Every log-in runs Argon2id (19 MiB, 2 passes). PyPI's wheel of argon2-cffi-bindings is compiled for the
  # oldest x86-64 (SSE2): 27 ms a log-in here. Built from its source for the newest x86-64 level the CPU
  # supports, the same parameters and the same hashes cost 13 ms (x86-64-v3, AVX2) or 11 ms (x86-64-v4,
  # AVX-512) (docs/performance.md, deadline day). Only where a compiler is at hand; otherwise, or if the build
  # fails, the wheel stays. FACTORYTIER_PORTABLE=1 keeps the wheel (a .venv copied to an older machine).
  # --no-cache-dir: pip would otherwise reuse a wheel it built earlier with other flags.
  [ "$(uname -m)" = "x86_64" ] && [ -z "${FACTORYTIER_PORTABLE:-}" ] || return 0
  command -v cc >/dev/null 2>&1 || return 0
  local level="" candidate
  for candidate in x86-64-v4 x86-64-v3; do
    if /lib64/ld-linux-x86-64.so.2 --help 2>/dev/null | grep -q "$candidate (supported"; then level="$candidate"; break; fi
  done
  [ -n "$level" ] || return 0
  local version stamp
  version="$(.venv/bin/python -c 'from importlib.metadata import version; print(version("argon2-cffi-bindings"))' 2>/dev/null)" || return 0
  stamp=".venv/.argon2-$level-$version"
  [ -f "$stamp" ] && return 0
  echo "Building argon2-cffi-bindings $version for this CPU ($level)"
  if ARGON2_CFFI_USE_SSE2=1 CFLAGS="-O3 -march=$level" .venv/bin/python -m pip install --quiet --no-deps --no-cache-dir \
       --force-reinstall --no-binary argon2-cffi-bindings "argon2-cffi-bindings==$version" >/dev/null 2>&1 \
     && .venv/bin/python -c "$ARGON2_KNOWN_HASH_CHECK"; then
    touch "$stamp"
  else
    echo "  (the build did not succeed; keeping PyPI's wheel)"
    .venv/bin/python -m pip install --quiet --no-deps --force-reinstall "argon2-cffi-bindings==$version"
    touch "$stamp"
  fi
}

# A hash made by PyPI's wheel must verify with the build (same Argon2id, other instructions).
ARGON2_KNOWN_HASH_CHECK='
from argon2 import PasswordHasher
PasswordHasher().verify("$argon2id$v=19$m=19456,t=2,p=1$7SZXpzmsnWSgRdox3tMWrg$XKIDARAlodSmMb1TkJntBCU+C7GWb+gm4TMRV2HfunI", "x")
'

pick_python() {
  # The distribution's Python (Debian's /usr/bin/python3) is built with profile-guided and link-time
  # optimisation; a pyenv build without --enable-optimizations is not, and runs the platform's requests
  # 10–20 % slower (docs/performance.md). Use it when it is new enough, else whatever python3 is first
  # on PATH. FACTORYTIER_PYTHON names another interpreter.
  if [ -n "${FACTORYTIER_PYTHON:-}" ]; then
    echo "$FACTORYTIER_PYTHON"
  elif [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo /usr/bin/python3
  else
    echo python3
  fi
}

setup_debian() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

setup_npm_tools() {
  # Browser-test tools from the npm registry, kept in .tools/ (never a CDN at test time): axe-core.
  command -v npm >/dev/null 2>&1 || setup_debian npm
  local pkg
  for pkg in "$@"; do
    [ -d ".tools/node_modules/${pkg%@*}" ] || npm install --silent --no-audit --no-fund --prefix .tools "$pkg" >/dev/null
  done
}
