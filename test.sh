#!/usr/bin/env bash
# The project's one test command: installs what is missing, starts a throwaway PostgreSQL,
# checks formatting, builds once, runs every test project in PeerConsult.slnx under tests/,
# and ends with the line "N passed, N failed[, N skipped]". Exit code non-zero if anything
# failed or no test ran.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

SOLUTION=PeerConsult.slnx
RESULTS_DIR="$ROOT/artifacts/test-results"
CHROMIUM=/usr/bin/chromium

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

section() { printf '\n==== %s ====\n' "$*"; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }

# ---------------------------------------------------------------- system packages
SUDO=()
if [[ "$(id -u)" -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
  else
    SUDO=(__no_root__)
  fi
fi

pg_bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true; }

has_cyrillic_font() {
  if command -v fc-list >/dev/null 2>&1; then
    [[ -n "$(fc-list :lang=ru family 2>/dev/null | head -1)" ]]
  else
    dpkg -s fonts-dejavu-core >/dev/null 2>&1
  fi
}

install_missing_packages() {
  local missing=()
  [[ -x "$CHROMIUM" ]] || missing+=(chromium)
  local pgbin
  pgbin="$(pg_bin_dir)"
  if [[ -z "$pgbin" || ! -x "$pgbin/initdb" || ! -x "$pgbin/pg_ctl" ]]; then
    missing+=(postgresql)
  fi
  # Chromium renders the Russian UI: it needs at least one font with Cyrillic glyphs.
  has_cyrillic_font || missing+=(fonts-dejavu-core)

  if [[ ${#missing[@]} -eq 0 ]]; then
    echo "System packages: chromium, postgresql and Cyrillic fonts already present."
    return 0
  fi
  section "Installing: ${missing[*]}"
  if [[ "${SUDO[0]:-}" == __no_root__ ]]; then
    warn "not root and no password-less sudo: cannot install ${missing[*]}"
    return 0
  fi
  local apt_opts=(-o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)
  local log="$ROOT/artifacts/apt-install.log"
  mkdir -p "$ROOT/artifacts"
  : >"$log"
  if ! "${SUDO[@]}" apt-get "${apt_opts[@]}" update >>"$log" 2>&1; then
    warn "apt-get update failed (log: $log)"
  fi
  if "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" install -y -q \
      --no-install-recommends "${missing[@]}" >>"$log" 2>&1; then
    echo "Installed ${missing[*]} (log: $log)"
  else
    tail -20 "$log" >&2 || true
    warn "apt-get install ${missing[*]} failed (log: $log)"
  fi
}

install_missing_packages

if [[ -x "$CHROMIUM" ]]; then
  export PEERCONSULT_CHROMIUM="$CHROMIUM"
else
  warn "$CHROMIUM is missing: PEERCONSULT_CHROMIUM is not set, browser tests cannot run"
fi

# ---------------------------------------------------------------- PostgreSQL
# shellcheck source=scripts/pg-test-cluster.sh
source "$ROOT/scripts/pg-test-cluster.sh"
cleanup() { pg_cluster_stop >/dev/null 2>&1 || true; }
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM

section "PostgreSQL"
if pg_cluster_start; then
  export PEERCONSULT_TEST_POSTGRES="$PG_CLUSTER_CONN"
  echo "PEERCONSULT_TEST_POSTGRES=$PEERCONSULT_TEST_POSTGRES"
else
  unset PEERCONSULT_TEST_POSTGRES
  warn "PostgreSQL could not be started: PEERCONSULT_TEST_POSTGRES is not set, the PostgreSQL variants of the tests are skipped"
fi

# ---------------------------------------------------------------- build, format, test
failed=0
passed=0
skipped=0
problems=()

if [[ -f .config/dotnet-tools.json ]]; then
  section "dotnet tool restore"
  if ! dotnet tool restore; then
    problems+=("dotnet tool restore failed")
    failed=$((failed + 1))
  fi
fi

section "dotnet build $SOLUTION -c Release"
build_ok=1
if ! dotnet build "$SOLUTION" -c Release -nologo; then
  build_ok=0
  problems+=("dotnet build failed")
  failed=$((failed + 1))
fi

section "dotnet format --verify-no-changes"
if ! dotnet format "$SOLUTION" --verify-no-changes --no-restore; then
  problems+=("dotnet format: files are not formatted (run: dotnet format $SOLUTION)")
  failed=$((failed + 1))
fi

# Test projects: every Project Path in the .slnx that lies under tests/.
mapfile -t test_projects < <(grep -oE 'Path="[^"]+"' "$SOLUTION" | sed -E 's/^Path="(.*)"$/\1/' | tr '\\' '/' \
  | grep -E '(^|/)tests/' | grep -E '\.(cs|fs|vb)proj$' || true)
if [[ ${#test_projects[@]} -eq 0 ]]; then
  problems+=("no test project found under tests/ in $SOLUTION")
fi

rm -rf "$RESULTS_DIR"
mkdir -p "$RESULTS_DIR"

# counter NAME FILE: value of attribute NAME of <Counters> in a .trx (0 if absent).
counter() {
  local v
  v="$(grep -oE '<Counters [^>]*>' "$2" | head -1 | grep -oE "[[:space:]]$1=\"[0-9]+\"" | grep -oE '[0-9]+' | head -1 || true)"
  echo "${v:-0}"
}

for proj in "${test_projects[@]}"; do
  name="$(basename "$proj")"
  name="${name%.*}"
  trx="$RESULTS_DIR/$name.trx"
  section "dotnet test $proj"
  rc=0
  if [[ $build_ok -eq 1 ]]; then
    dotnet test "$proj" -c Release --no-build --nologo -v minimal \
      --logger "trx;LogFileName=$name.trx" --results-directory "$RESULTS_DIR" || rc=$?
  else
    rc=1
  fi
  if [[ ! -f "$trx" ]]; then
    problems+=("$name: did not run (no results; exit code $rc)")
    failed=$((failed + 1))
    continue
  fi
  p="$(counter passed "$trx")"
  f=$(($(counter failed "$trx") + $(counter error "$trx") + $(counter timeout "$trx") + $(counter aborted "$trx")))
  # VSTest leaves notExecuted at 0 for xunit's skipped tests; they show as total - executed.
  s=$(($(counter total "$trx") - $(counter executed "$trx")))
  ne="$(counter notExecuted "$trx")"
  [[ $s -ge $ne ]] || s=$ne
  echo "$name: $p passed, $f failed, $s skipped"
  passed=$((passed + p))
  skipped=$((skipped + s))
  if [[ $f -gt 0 ]]; then
    failed=$((failed + f))
    problems+=("$name: $f test(s) failed")
  elif [[ $rc -ne 0 ]]; then
    problems+=("$name: dotnet test exited $rc with no failed test in its results")
    failed=$((failed + 1))
  fi
done

# ---------------------------------------------------------------- summary
cleanup
section "Summary"
echo "Results: $RESULTS_DIR"
for p in "${problems[@]+"${problems[@]}"}"; do
  echo "FAILED: $p"
done
if [[ $passed -eq 0 && $failed -eq 0 ]]; then
  echo "FAILED: no test ran"
fi

status=0
if [[ $failed -gt 0 || $passed -eq 0 ]]; then
  status=1
fi
if [[ $skipped -gt 0 ]]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
exit $status
