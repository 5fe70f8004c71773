# Sourced by scripts/pg-test-cluster.sh and scripts/pg-national.sh: the newest installed PostgreSQL and
# a way to run its programs as the cluster's owner.
bindir=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")

as_owner() {
  # PostgreSQL refuses to run as root: use the postgres system account then.
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}
