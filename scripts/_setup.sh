# Shared set-up for scripts/run and scripts/test: a virtualenv in .venv and Debian packages.

setup_python() {
  local extras="$1"
  if [ ! -x .venv/bin/python ]; then
    # Debian's own Python needs python3-venv for this; a pyenv or python.org Python has it built in.
    python3 -m venv .venv 2>/dev/null || { rm -rf .venv; setup_debian python3-venv; python3 -m venv .venv; }
  fi
  local stamp=".venv/.installed${extras}"
  # Reinstall only when pyproject.toml changed since the last install.
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e ".${extras}"
    touch "$stamp"
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
