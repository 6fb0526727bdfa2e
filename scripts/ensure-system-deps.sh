#!/usr/bin/env bash
# Installs (as root) or lists (otherwise) the system packages that leakwarden's
# demo and test suite need. Idempotent: does nothing when everything is there.
#
#   scripts/ensure-system-deps.sh              everything `make test` needs
#   scripts/ensure-system-deps.sh --java-only  java and mvn (for `make demo`)
#
# What and why:
#   java, mvn          embedded Elasticsearch/OpenSearch nodes (engines/)
#   nginx, openssl     reverse proxy with basic auth / TLS in front of them
#   postgresql         the history database tested on a real server
#   chromium, fonts    headless browser tests of the HTML report and dashboard
#   npm packages       playwright-core (driver only; uses Debian's chromium)
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-all}
case "$mode" in
    --java-only|all) ;;
    *) echo "usage: $0 [--java-only]" >&2; exit 2 ;;
esac

have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ]; }
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
have_initdb() { compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; }

# check | package
checks=("have java|openjdk-17-jdk-headless" "have mvn|maven")
if [ "$mode" = all ]; then
    checks+=(
        "have nginx|nginx"
        "have openssl|openssl"
        "have_initdb|postgresql"
        "have chromium|chromium"
        "have_pkg fonts-noto-cjk|fonts-noto-cjk"
        "have npm|npm"
    )
fi

missing=()
for entry in "${checks[@]}"; do
    check=${entry%%|*}
    pkg=${entry##*|}
    $check || missing+=("$pkg")
done

if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ] && have apt-get; then
        export DEBIAN_FRONTEND=noninteractive
        echo "ensure-system-deps: installing ${missing[*]}" >&2
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
        # Debian's postinst scripts may start packaged services (nginx on :80,
        # a postgresql cluster): the tests run their own instances on free ports.
        if ! have systemctl || ! systemctl is-system-running >/dev/null 2>&1; then
            for svc in nginx postgresql; do
                [ -e "/etc/init.d/$svc" ] && service "$svc" stop >/dev/null 2>&1 || true
            done
        fi
    else
        echo "ensure-system-deps: missing ${missing[*]}" >&2
        echo "  install with: sudo apt-get install --no-install-recommends ${missing[*]}" >&2
    fi
fi

status=0
for entry in "${checks[@]}"; do
    check=${entry%%|*}
    if ! $check; then
        echo "ensure-system-deps: '${entry##*|}' is still missing" >&2
        status=1
    fi
done
if have java; then
    jv=$(java -version 2>&1 | head -n1)
    case "$jv" in
        *'"1.'*|*'"9'*|*'"10'*|*'"11'*|*'"12'*|*'"13'*|*'"14'*|*'"15'*|*'"16'*)
            echo "ensure-system-deps: java is too old ($jv); Java 17+ is needed" >&2
            status=1 ;;
    esac
fi

# The browser tests drive Debian's chromium through playwright-core (no browser download).
if [ "$mode" = all ] && have npm && [ -f tests/browser/package-lock.json ]; then
    if [ ! -d tests/browser/node_modules/playwright-core ]; then
        echo "ensure-system-deps: npm ci in tests/browser" >&2
        (cd tests/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
    fi
fi
[ "$status" -eq 0 ] && echo "ensure-system-deps: ok (${mode#--})"
exit $status
