#!/usr/bin/env bash
# Installs (as root) or lists (otherwise) the system packages that leakwarden's
# demo and integration tests need: nginx + openssl for the reverse-proxy
# fixture, a JDK 17 and Maven for the embedded Elasticsearch/OpenSearch nodes.
# Idempotent: does nothing when everything is already there.
#
#   scripts/ensure-system-deps.sh              nginx, openssl, java, mvn
#   scripts/ensure-system-deps.sh --java-only  java and mvn (for `make demo`)
set -euo pipefail

tools=(nginx openssl java mvn)
case "${1:-}" in
    --java-only) tools=(java mvn) ;;
    "") ;;
    *) echo "usage: $0 [--java-only]" >&2; exit 2 ;;
esac

have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ]; }

missing=()
for tool in "${tools[@]}"; do
    if ! have "$tool"; then
        case "$tool" in
            java) missing+=(openjdk-17-jdk-headless) ;;
            mvn) missing+=(maven) ;;
            *) missing+=("$tool") ;;
        esac
    fi
done

if [ "${#missing[@]}" -eq 0 ]; then
    echo "ensure-system-deps: ${tools[*]} present"
else
    if [ "$(id -u)" -eq 0 ] && have apt-get; then
        export DEBIAN_FRONTEND=noninteractive
        echo "ensure-system-deps: installing ${missing[*]}" >&2
        apt-get update -qq
        pkgs=()
        for p in "${missing[@]}"; do
            if [ "$p" = nginx ]; then
                # Debian ships the binary in "nginx"; "nginx-light" is the small
                # flavour on older releases. Take whichever has a candidate.
                for cand in nginx nginx-light; do
                    if apt-cache policy "$cand" 2>/dev/null | grep -q 'Candidate: [0-9]'; then
                        p=$cand
                        break
                    fi
                done
            fi
            pkgs+=("$p")
        done
        apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
        # Debian's postinst may start the packaged nginx service on port 80:
        # the fixtures run their own instances, so stop it if it was started.
        if have service && [ -e /etc/init.d/nginx ] && ! have systemctl; then
            service nginx stop >/dev/null 2>&1 || true
        fi
    else
        echo "ensure-system-deps: missing ${missing[*]}" >&2
        echo "  install with: sudo apt-get install --no-install-recommends ${missing[*]}" >&2
    fi
fi

status=0
for tool in "${tools[@]}"; do
    if ! have "$tool"; then
        echo "ensure-system-deps: '$tool' is still missing" >&2
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
exit $status
