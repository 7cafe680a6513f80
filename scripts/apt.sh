# Sourced by scripts/setup.sh and e2e/setup.sh: apt-get that waits for another apt-get (or an
# unattended upgrade) instead of failing at once with exit 100. DPkg::Lock::Timeout makes `install`
# wait for the dpkg lock, but `apt-get update` takes the package lists lock without any timeout
# (seen with apt 2.6: "Could not get lock /var/lib/apt/lists/lock", exit 100), so update is retried
# while that lock is held, for as long as install would wait.
APT_LOCK_WAIT_S=600
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
APT=($SUDO apt-get -o DPkg::Lock::Timeout=$APT_LOCK_WAIT_S)

# apt_update NAME: `apt-get update`, waiting up to APT_LOCK_WAIT_S for the lists lock; NAME prefixes what it says.
apt_update() {
  local waited=0 out
  while :; do
    if out=$("${APT[@]}" update -qq 2>&1); then
      if [ -n "$out" ]; then echo "$out"; fi
      return 0
    fi
    if ! grep -q 'Could not get lock' <<<"$out" || [ "$waited" -ge "$APT_LOCK_WAIT_S" ]; then
      echo "$out" >&2
      return 100
    fi
    if [ "$waited" -eq 0 ]; then
      echo "$1: $(grep -m1 'Could not get lock' <<<"$out" | sed 's/^E: //') Waiting for it (up to $((APT_LOCK_WAIT_S / 60)) minutes)."
    fi
    sleep 5
    waited=$((waited + 5))
  done
}
