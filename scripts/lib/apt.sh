# shellcheck shell=bash
# apt_install, shared by every script that installs Debian packages it needs.
# Needs a `log` function (one line to stderr) from the sourcing script.

# apt_install PKG... : install what is missing, quietly; waits for another apt to finish.
apt_install() {
    local missing=() p
    for p in "$@"; do
        [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    log "installing ${missing[*]}"
    local apt=(apt-get -qq -o DPkg::Lock::Timeout=900)
    if [ "$(id -u)" != 0 ]; then apt=(sudo "${apt[@]}"); fi
    "${apt[@]}" update >/dev/null || { log "apt-get update failed"; exit 2; }
    DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y --no-install-recommends "${missing[@]}" >/dev/null \
        || { log "apt-get install ${missing[*]} failed"; exit 2; }
}
