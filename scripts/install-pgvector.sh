#!/usr/bin/env bash
# Install the pgvector extension into the local PostgreSQL server (Debian/Ubuntu-like hosts
# without a binary postgresql-<major>-pgvector package, e.g. Debian 12 + PostgreSQL 15).
#
# Idempotent: if vector.control is already present in the server's extension dir it exits at
# once, without touching apt.
#
# Otherwise (root only) it:
#   1. installs build deps (postgresql-server-dev-<major>, build-essential, dpkg-dev);
#   2. writes /etc/apt/sources.list.d/tripsage-pgvector-src.list containing ONE `deb-src` line
#      for Debian trixie/main on the same mirror the host already uses (no binary `deb` line,
#      so package selection/pinning for the rest of the machine is unaffected);
#   3. refreshes only that source, `apt-get source pgvector` into a temp dir;
#   4. `make && make install` with PG_CONFIG for the detected major; removes the temp dir.
#
# Environment overrides:
#   PG_MAJOR=15              skip major-version detection
#   PGVECTOR_SRC_SUITE=trixie  Debian suite to take the pgvector source package from
#   PGVECTOR_SRC_VERSION=... exact Debian source version (e.g. 0.8.0-1), default: newest in suite
set -euo pipefail

SRC_SUITE="${PGVECTOR_SRC_SUITE:-trixie}"
SRC_LIST="/etc/apt/sources.list.d/tripsage-pgvector-src.list"
T0=$(date +%s.%N)

step() { printf '[%6.1fs] %s\n' "$(awk -v a="$(date +%s.%N)" -v b="$T0" 'BEGIN{print a-b}')" "$*"; }
die() { printf 'install-pgvector: ERROR: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# 1. Detect PostgreSQL major version and the matching pg_config.
# ---------------------------------------------------------------------------------------------
detect_major() {
  local v
  if [[ -n "${PG_MAJOR:-}" ]]; then echo "$PG_MAJOR"; return; fi
  # Running local server (what CREATE EXTENSION will actually hit).
  if command -v psql >/dev/null 2>&1; then
    v=$(PGCONNECT_TIMEOUT=3 psql -X -h "${PGHOST:-127.0.0.1}" -p "${PGPORT:-5432}" -U "${PGUSER:-postgres}" \
          -d postgres -Atc 'show server_version_num' 2>/dev/null || true)
    if [[ "$v" =~ ^[0-9]+$ ]]; then echo $((v / 10000)); return; fi
  fi
  # Online clusters known to postgresql-common.
  if command -v pg_lsclusters >/dev/null 2>&1; then
    v=$(pg_lsclusters -h 2>/dev/null | awk '$4 == "online" {print $1}' | sort -n | tail -1)
    if [[ -n "$v" ]]; then echo "$v"; return; fi
  fi
  # Configured clusters.
  if [[ -d /etc/postgresql ]]; then
    v=$(ls /etc/postgresql 2>/dev/null | grep -E '^[0-9]+$' | sort -n | tail -1 || true)
    if [[ -n "$v" ]]; then echo "$v"; return; fi
  fi
  if command -v pg_config >/dev/null 2>&1; then
    pg_config --version | sed -E 's/^PostgreSQL ([0-9]+).*/\1/'; return
  fi
  return 1
}

MAJOR=$(detect_major) || die "could not detect the PostgreSQL major version (is PostgreSQL installed?). Set PG_MAJOR=<n>."
[[ "$MAJOR" =~ ^[0-9]+$ ]] || die "bad PostgreSQL major version '$MAJOR'"

pick_pg_config() {
  if [[ -x "/usr/lib/postgresql/$MAJOR/bin/pg_config" ]]; then
    echo "/usr/lib/postgresql/$MAJOR/bin/pg_config"
  elif command -v pg_config >/dev/null 2>&1 \
       && pg_config --version | grep -qE "^PostgreSQL $MAJOR([^0-9]|$)"; then
    command -v pg_config
  fi
}

PG_CONFIG_BIN=$(pick_pg_config || true)
if [[ -n "$PG_CONFIG_BIN" ]]; then
  SHAREDIR=$("$PG_CONFIG_BIN" --sharedir)
  PKGLIBDIR=$("$PG_CONFIG_BIN" --pkglibdir)
  if [[ -f "$SHAREDIR/extension/vector.control" && -f "$PKGLIBDIR/vector.so" ]]; then
    echo "pgvector already installed ($SHAREDIR/extension/vector.control, PostgreSQL $MAJOR)"
    exit 0
  fi
fi

step "pgvector not found for PostgreSQL $MAJOR; installing from Debian source package ($SRC_SUITE)"

# ---------------------------------------------------------------------------------------------
# 2. Preconditions: root + Debian apt.
# ---------------------------------------------------------------------------------------------
if [[ "$(id -u)" -ne 0 ]]; then
  cat >&2 <<EOF
install-pgvector: pgvector is not installed for PostgreSQL $MAJOR and this script must run as root
to build and install it. Options:
  1. Re-run as root:            sudo $0
  2. Use your OS package manager, e.g.
       Debian 13+/Ubuntu (PGDG):  sudo apt-get install postgresql-$MAJOR-pgvector
       macOS (Homebrew):          brew install pgvector
       Fedora/RHEL (PGDG):        sudo dnf install pgvector_$MAJOR
  3. Run the database from the pgvector image instead (docker-compose service image
       pgvector/pgvector:pg$MAJOR), e.g.: docker compose up -d <db-service>
  4. Point DATABASE_URL at a PostgreSQL server that already has the 'vector' extension.
EOF
  exit 1
fi

command -v apt-get >/dev/null 2>&1 || die "apt-get not found; this script supports Debian-based hosts only. Install pgvector with your OS package manager, use the docker-compose pgvector image, or point DATABASE_URL at a server with pgvector."

export DEBIAN_FRONTEND=noninteractive
APT_Q=(-y -q -o Dpkg::Use-Pty=0)

# ---------------------------------------------------------------------------------------------
# 3. Build dependencies (only the missing ones).
# ---------------------------------------------------------------------------------------------
DEPS=("postgresql-server-dev-$MAJOR" build-essential make gcc dpkg-dev)
MISSING=()
for p in "${DEPS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || MISSING+=("$p")
done
if ((${#MISSING[@]})); then
  step "installing build deps: ${MISSING[*]}"
  if ! apt-get install "${APT_Q[@]}" --no-install-recommends "${MISSING[@]}" >/tmp/install-pgvector-apt.log 2>&1; then
    step "apt-get install failed (stale package lists?); running apt-get update and retrying"
    apt-get update -q >>/tmp/install-pgvector-apt.log 2>&1 || true
    apt-get install "${APT_Q[@]}" --no-install-recommends "${MISSING[@]}" >>/tmp/install-pgvector-apt.log 2>&1 \
      || { tail -20 /tmp/install-pgvector-apt.log >&2; die "could not install build deps (log: /tmp/install-pgvector-apt.log)"; }
  fi
  rm -f /tmp/install-pgvector-apt.log
else
  step "build deps already present"
fi

PG_CONFIG_BIN="/usr/lib/postgresql/$MAJOR/bin/pg_config"
[[ -x "$PG_CONFIG_BIN" ]] || die "$PG_CONFIG_BIN missing after installing postgresql-server-dev-$MAJOR"
[[ -f "$("$PG_CONFIG_BIN" --pgxs)" ]] || die "PGXS makefile missing ($("$PG_CONFIG_BIN" --pgxs))"

# ---------------------------------------------------------------------------------------------
# 4. deb-src line for the source suite, on the host's existing Debian mirror.
# ---------------------------------------------------------------------------------------------
# shellcheck disable=SC1091
. /etc/os-release
CODENAME="${VERSION_CODENAME:-}"
[[ "${ID:-}" == debian && -n "$CODENAME" ]] \
  || die "this host is not Debian (ID=${ID:-?}); the Debian $SRC_SUITE source package is not appropriate here. Install pgvector with your OS package manager, use the docker-compose pgvector image, or point DATABASE_URL at a server with pgvector."

find_mirror() {
  local m
  # Ask apt itself (handles both one-line .list and deb822 .sources); binary `deb` entries only.
  m=$(apt-get indextargets --no-release-info --format '$(TARGET_OF) $(RELEASE) $(REPO_URI)' 2>/dev/null \
      | awk -v c="$CODENAME" '$1 == "deb" && $2 == c {print $3; exit}')
  if [[ -z "$m" ]]; then
    # Fallback: one-line format in sources.list / *.list.
    m=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
        | sed -E 's/\[[^]]*\]//' \
        | awk -v c="$CODENAME" '$1 == "deb" && $3 == c {print $2; exit}')
  fi
  if [[ -z "$m" ]]; then
    # Fallback: deb822 stanzas in *.sources whose Suites contain the codename.
    m=$(awk -v c="$CODENAME" '
          /^[[:space:]]*$/ { if (uri != "" && hit) { print uri; exit } uri = ""; hit = 0; next }
          tolower($1) == "uris:"   { uri = $2 }
          tolower($1) == "suites:" { for (i = 2; i <= NF; i++) if ($i == c) hit = 1 }
          END { if (uri != "" && hit) print uri }' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1)
  fi
  [[ -n "$m" ]] && echo "${m%/}"
}

MIRROR=$(find_mirror) || die "could not find the Debian mirror for '$CODENAME' in /etc/apt/sources.list{,.d}"
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
if [[ -f "$KEYRING" ]]; then
  SRC_LINE="deb-src [signed-by=$KEYRING] $MIRROR $SRC_SUITE main"
else
  SRC_LINE="deb-src $MIRROR $SRC_SUITE main"
fi
step "writing $SRC_LIST: $SRC_LINE"
printf '# Added by scripts/install-pgvector.sh: source-only (deb-src) entry used to build pgvector.\n# No binary packages come from here. Safe to delete.\n%s\n' "$SRC_LINE" >"$SRC_LIST"

# apt options restricting apt to this one source list. List-Cleanup=0 keeps apt from deleting
# the index files of every other source during this partial update.
ONLY_SRC=(-o "Dir::Etc::sourcelist=$SRC_LIST" -o Dir::Etc::sourceparts=- -o APT::Get::List-Cleanup=0)

step "apt-get update ($SRC_SUITE deb-src only)"
apt-get update -q "${ONLY_SRC[@]}" >/tmp/install-pgvector-update.log 2>&1 \
  || { cat /tmp/install-pgvector-update.log >&2; die "apt-get update for $SRC_LIST failed"; }
rm -f /tmp/install-pgvector-update.log

# ---------------------------------------------------------------------------------------------
# 5. Fetch, build, install.
# ---------------------------------------------------------------------------------------------
WORK=$(mktemp -d /tmp/pgvector-build.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
# Let apt's unprivileged _apt user download into the dir (avoids the "unsandboxed as root" note).
if id _apt >/dev/null 2>&1; then chown _apt "$WORK"; fi

SRC_PKG="pgvector${PGVECTOR_SRC_VERSION:+=$PGVECTOR_SRC_VERSION}"
step "apt-get source $SRC_PKG -> $WORK"
(cd "$WORK" && apt-get source -q "${ONLY_SRC[@]}" "$SRC_PKG" >"$WORK/source.log" 2>&1) \
  || { cat "$WORK/source.log" >&2; die "apt-get source $SRC_PKG failed"; }
SRC_DIR=$(find "$WORK" -mindepth 1 -maxdepth 1 -type d -name 'pgvector-*' | head -1)
[[ -n "$SRC_DIR" && -f "$SRC_DIR/Makefile" ]] || die "unpacked pgvector source not found in $WORK"
step "unpacked $(basename "$SRC_DIR")"

step "make (PG_CONFIG=$PG_CONFIG_BIN)"
make -C "$SRC_DIR" -j"$(nproc 2>/dev/null || echo 2)" PG_CONFIG="$PG_CONFIG_BIN" >"$WORK/build.log" 2>&1 \
  || { tail -40 "$WORK/build.log" >&2; die "make failed"; }

step "make install"
make -C "$SRC_DIR" install PG_CONFIG="$PG_CONFIG_BIN" >"$WORK/install.log" 2>&1 \
  || { tail -40 "$WORK/install.log" >&2; die "make install failed"; }

SHAREDIR=$("$PG_CONFIG_BIN" --sharedir)
[[ -f "$SHAREDIR/extension/vector.control" ]] || die "vector.control not found in $SHAREDIR/extension after install"
step "cleaning up $WORK"
rm -rf "$WORK"
trap - EXIT
step "done: pgvector $(sed -nE "s/^default_version = '(.*)'/\1/p" "$SHAREDIR/extension/vector.control") installed for PostgreSQL $MAJOR; run CREATE EXTENSION vector in your database"
