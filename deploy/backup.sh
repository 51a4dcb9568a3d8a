#!/bin/bash
# Nightly database backup, encrypted to the DPO's public key before it touches the disk.
#
# The dump is piped straight from pg_dump into the encryption: no plaintext dump is ever
# written. Identifying fields inside are already AES-GCM ciphertext; this outer layer
# protects everything else (case flags, regions, the audit trail, who works where).
# Only the DPO's private key (kept off this machine) can open it; the server can write
# backups but not read them.
#
# Configuration (environment; no secret is needed on the command line):
#   BACKUP_DIR              where to write (default /var/backups/payung), mode 0700
#   BACKUP_GPG_RECIPIENT_FILE  the DPO's exported public key (gpg --export --armor), or
#   BACKUP_AGE_RECIPIENT    the DPO's age public key (age1…), when the `age` package is used
#   BACKUP_KEEP_DAYS        delete encrypted dumps older than this (default 30)
#   PGDATABASE / PGHOST / PGUSER / PGPASSFILE   libpq's own variables (default: the local
#                           "payung" database over the Unix socket, peer authentication)
#   PG_DUMP                 the pg_dump program (tests replace it)
# Prints the path of the file written. Exit status non-zero on any failure (pipefail: a
# failed pg_dump never leaves a small, valid-looking encrypted file behind).
set -euo pipefail
umask 077

BACKUP_DIR="${BACKUP_DIR:-/var/backups/payung}"
KEEP_DAYS="${BACKUP_KEEP_DAYS:-30}"
PG_DUMP="${PG_DUMP:-pg_dump}"
export PGDATABASE="${PGDATABASE:-payung}"

mkdir -p "$BACKUP_DIR"
stamp="$(date -u +%Y-%m-%dT%H%M%SZ)"
base="$BACKUP_DIR/payung-$stamp.dump"

if [ -n "${BACKUP_AGE_RECIPIENT:-}" ]; then
  out="$base.age"
  encrypt() { age --encrypt --recipient "$BACKUP_AGE_RECIPIENT"; }
elif [ -n "${BACKUP_GPG_RECIPIENT_FILE:-}" ]; then
  out="$base.gpg"
  # A throwaway keyring: the server's own gpg setup (if any) is not involved.
  gpg_home="$(mktemp -d)"
  encrypt() {
    gpg --homedir "$gpg_home" --batch --quiet --no-tty --trust-model always \
      --recipient-file "$BACKUP_GPG_RECIPIENT_FILE" --encrypt
  }
else
  echo "backup.sh: set BACKUP_GPG_RECIPIENT_FILE or BACKUP_AGE_RECIPIENT" >&2
  exit 2
fi

# Whatever happens, no half-written file and no temporary keyring stay behind.
trap 'rm -rf "$out.partial" ${gpg_home:+"$gpg_home"}' EXIT
"$PG_DUMP" --format=custom | encrypt > "$out.partial"
mv "$out.partial" "$out"
sha256sum "$out" > "$out.sha256"
find "$BACKUP_DIR" -maxdepth 1 -name 'payung-*.dump.*' -mtime "+$KEEP_DAYS" -delete
echo "$out"
