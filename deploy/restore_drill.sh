#!/bin/bash
# The quarterly restore drill (docs/deployment.md §5): prove that last night's encrypted
# backup opens with the DPO's key, restores, has an intact audit chain and decrypts with
# the production keys. Run by the DPO (who holds the private key) with an operator.
#
#   deploy/restore_drill.sh /var/backups/payung/payung-2026-11-27T0100Z.dump.gpg
#
# Decrypts with the DPO's gpg keyring (or AGE_IDENTITY=<file> for an .age backup) into a
# pipe: the plaintext dump is never written to disk. Restores into a scratch database
# ($RESTORE_DB, default payung_restore, dropped first), then runs verify_audit against it
# and opens a sample of encrypted records with the keys in /etc/payung/env. Exit status 0
# only if every step passed.
set -euo pipefail
file="${1:?usage: restore_drill.sh <encrypted dump>}"
RESTORE_DB="${RESTORE_DB:-payung_restore}"
APP="${PAYUNG_APP:-/srv/payung/app}"

if [ -f "$file.sha256" ]; then
  sha256sum --check --quiet "$file.sha256"
fi
case "$file" in
  *.age) decrypt() { age --decrypt --identity "${AGE_IDENTITY:?set AGE_IDENTITY}" "$file"; } ;;
  *.gpg) decrypt() { gpg --batch --quiet --decrypt "$file"; } ;;
  *) echo "restore_drill.sh: expected a .gpg or .age file" >&2; exit 2 ;;
esac

dropdb --if-exists "$RESTORE_DB"
createdb --owner="${PAYUNG_USER:-payung}" "$RESTORE_DB"
decrypt | pg_restore --no-owner --role="${PAYUNG_USER:-payung}" --exit-on-error --dbname="$RESTORE_DB"
echo "restored into $RESTORE_DB"

# The keys come from /etc/payung/env through systemd, never a command line; the extra file
# points DATABASE_URL at the scratch database.
extra="$(mktemp)"
trap 'rm -f "$extra"' EXIT
printf 'DATABASE_URL=postgres:///%s\n' "$RESTORE_DB" > "$extra"
chmod 0644 "$extra"
manage() { PAYUNG_EXTRA_ENV="$extra" "$APP/deploy/payung-manage" "$@"; }
manage verify_audit --no-anchor-file
manage shell -c "
from payung.cases.models import Person, Report
people = [p.name for p in Person.objects.order_by('-pk')[:20]]
reports = [r.description for r in Report.objects.order_by('-pk')[:20]]
print(f'decrypted {len(people)} people and {len(reports)} reports with the production keys')
"
echo "restore drill passed: $file"
