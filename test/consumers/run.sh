#!/usr/bin/env bash
# Consumer tests: HighlyAvailableWebApp used from Python, Java and Go through the packages that jsii-pacmak built
# (dist/python, dist/java, dist/go), as a user of each language would.
#
#   test/consumers/run.sh [REPO_ROOT] [LANGUAGE...]
#
# REPO_ROOT defaults to the repository holding this script; its dist/ must be built first
# (`npx projen compile && npx projen package-all`, or `npx projen test:consumers` for both).
# LANGUAGE: python, java, go (default: all three). Each language's output goes to a log, printed in full when the
# language fails. Exits non-zero when any language fails.
#
# Work files: python/.venv (made afresh on every run), java/target, and Go's module and build caches in $HOME
# (go env GOMODCACHE GOCACHE). Maven uses its usual local repository (~/.m2/repository, or $MAVEN_REPO_LOCAL);
# the library's own artifact is removed from it first, so that the jar under test is always the one in dist/java.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "${1:-$here/../..}" && pwd)" || exit 2
shift $(( $# > 0 ? 1 : 0 ))
languages=("$@")
[ ${#languages[@]} -gt 0 ] || languages=(python java go)
consumers="$root/test/consumers"
dist="$root/dist"
[ -d "$consumers" ] || { echo "no $consumers: give the root of this repository (or a clone of it)"; exit 2; }

# jsii 1.x prints a banner about Node 20's end of life on every start (DESIGN.md: it works).
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
export PYTHONDONTWRITEBYTECODE=1

logs="$(mktemp -d "${TMPDIR:-/tmp}/consumer-tests.XXXXXX")"
trap 'rm -rf "$logs"' EXIT

# The one file or directory that a glob matches; fails with a hint when there is none, or more than one.
only() {
  local what="$1"; shift
  local matches=()
  for candidate in "$@"; do [ -e "$candidate" ] && matches+=("$candidate"); done
  if [ ${#matches[@]} -ne 1 ]; then
    echo "expected one $what, found ${#matches[@]}: ${matches[*]:-none} (build it: npx projen package-all)" >&2
    return 1
  fi
  echo "${matches[0]}"
}

run_python() {
  local wheel venv="$consumers/python/.venv"
  wheel="$(only "wheel in $dist/python" "$dist"/python/*.whl)" || return 1
  rm -rf "$venv"
  python3 -m venv "$venv" || return 1
  "$venv/bin/pip" install --disable-pip-version-check --quiet -r "$consumers/python/requirements.txt" "$wheel" || return 1
  (cd "$consumers/python" && "$venv/bin/python" -m pytest -p no:cacheprovider --color=no -q .)
}

run_java() {
  local version_dir repository="${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}"
  version_dir="$(only "version of the jar in $dist/java" "$dist"/java/io/github/cdk-ha-web-app/cdk-ha-web-app/*/)" || return 1
  rm -rf "$repository/io/github/cdk-ha-web-app/cdk-ha-web-app"
  (cd "$consumers/java" && mvn -B -ntp test \
    -Dmaven.repo.local="$repository" \
    -Ddist.repository="$dist/java" \
    -Dcdk-ha-web-app.version="$(basename "$version_dir")")
}

run_go() {
  # go.mod replaces the library's module with ../../../dist/go/cdkhawebapp, that is $dist/go/cdkhawebapp.
  only "Go module in $dist/go" "$dist"/go/cdkhawebapp/go.mod > /dev/null || return 1
  (cd "$consumers/go" && go test -count=1 -v ./...)
}

# The runner's own summary line, for the report.
summary() {
  case "$1" in
    python) grep -E '^[0-9]+ (passed|failed)|^(FAILED|ERROR) ' "$2" | tail -n 20 ;;
    java) grep -E 'Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$|BUILD (SUCCESS|FAILURE)' "$2" | tail -n 2 ;;
    go) echo "$(grep -c -- '--- PASS' "$2") passed, $(grep -c -- '--- FAIL' "$2") failed (tests and subtests)"; grep -E '^(ok|FAIL)\s' "$2" ;;
  esac
}

failed=()
results=()
for language in "${languages[@]}"; do
  case "$language" in
    python) tool=python3 ;;
    java) tool=mvn ;;
    go) tool=go ;;
    *) echo "unknown language: $language (python, java, go)"; exit 2 ;;
  esac
  if ! command -v "$tool" > /dev/null; then
    failed+=("$language")
    results+=("$language: FAIL ($tool is not installed)")
    continue
  fi
  echo "==== consumer test: $language ===="
  log="$logs/$language.log"
  start=$(date +%s)
  "run_$language" > "$log" 2>&1
  rc=$?
  seconds=$(( $(date +%s) - start ))
  if [ "$rc" -eq 0 ]; then
    summary "$language" "$log"
    results+=("$language: PASS in ${seconds}s")
  else
    cat "$log"
    failed+=("$language")
    results+=("$language: FAIL (exit $rc) in ${seconds}s")
  fi
done

echo
echo "==== consumer tests ===="
printf '%s\n' "${results[@]}"
[ ${#failed[@]} -eq 0 ]
