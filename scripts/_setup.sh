# Shared setup for scripts/run and scripts/test: installs only what is missing.
# Sourced, not executed. Sets $ROOT and $VENV. Every failure ends in one line saying what to do.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

die() { echo "quizapp setup: $*" >&2; exit 1; }

pick_python() {
  for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}

stamp_ok() {  # stamp_ok FILE INPUTS... : true when FILE records the hash of INPUTS
  local want; want="$(cat "${@:2}" 2>/dev/null | sha256sum | cut -c1-16)"
  [ -f "$1" ] && [ "$(cat "$1")" = "$want" ]
}

write_stamp() { cat "${@:2}" | sha256sum | cut -c1-16 > "$1"; }

setup_python() {  # setup_python [dev]
  local extra="" stamp="$VENV/.installed"
  if [ "${1:-}" = dev ]; then extra="[dev]"; stamp="$VENV/.installed-dev"; fi
  if [ ! -x "$VENV/bin/python" ]; then
    local py; py="$(pick_python)" || die "Python 3.11 or newer is needed: install python3 (apt-get install python3 python3-venv)."
    echo "==> creating $VENV with $py"
    "$py" -m venv "$VENV" || die "could not create a venv: install python3-venv (apt-get install python3-venv)."
  fi
  if ! stamp_ok "$stamp" "$ROOT/pyproject.toml"; then
    echo "==> installing Python packages$extra"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$ROOT$extra" \
      || die "pip install failed (see above): check the network to PyPI, then run again."
    write_stamp "$stamp" "$ROOT/pyproject.toml"
  fi
}

setup_browser_libs() {
  if ! command -v npm >/dev/null 2>&1; then
    die "npm was not found: install Node.js and npm (apt-get install nodejs npm), then run again."
  fi
  if [ ! -f "$ROOT/node_modules/socket.io-client/dist/socket.io.min.js" ] ||
     ! stamp_ok "$ROOT/node_modules/.quizapp-stamp" "$ROOT/package-lock.json"; then
    echo "==> installing browser libraries (npm ci)"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error) \
      || die "npm ci failed (see above): check the network to the npm registry, then run again."
    write_stamp "$ROOT/node_modules/.quizapp-stamp" "$ROOT/package-lock.json"
  fi
}

setup_chromium() {
  local missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    die "${missing[*]} missing and apt-get is not available: install Chromium and Noto CJK fonts with your package manager."
  fi
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "==> installing ${missing[*]} with apt-get"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null \
    || die "apt-get install ${missing[*]} failed (see above)."
}

setup_print_libs() {  # certificates (WeasyPrint: Pango) and the poster need the system's CJK fonts
  local missing=() pkg
  for pkg in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    die "${missing[*]} missing and apt-get is not available: install Pango and Noto CJK fonts with your package manager."
  fi
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "==> installing ${missing[*]} with apt-get (certificates and poster)"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null \
    || die "apt-get install ${missing[*]} failed (see above)."
}

setup_pg_client() {  # the PostgreSQL backup tests need pg_dump/psql, but only when a server answers
  command -v pg_dump >/dev/null 2>&1 && command -v psql >/dev/null 2>&1 && return 0
  (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null || return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "==> pg_dump/psql missing: the PostgreSQL backup test will fail (install the PostgreSQL client tools)"
    return 0
  fi
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "==> installing postgresql-client with apt-get (backup tests)"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql-client >/dev/null \
    || die "apt-get install postgresql-client failed (see above)."
}

setup_nginx() {  # the multi-worker test (tests/deploy) puts Debian's nginx in front of two workers
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "==> nginx missing and apt-get is not available: the multi-worker test will be skipped (install nginx)"
    return 0
  fi
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "==> installing nginx with apt-get (multi-worker test)"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nginx >/dev/null \
    || die "apt-get install nginx failed (see above)."
}
