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
}

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
