#!/usr/bin/env bash
# Adds one migration to every provider's set, so the sets never drift apart.
#   scripts/add-migration.sh AddMeetings            # both providers
#   scripts/add-migration.sh AddMeetings Postgres   # one provider (e.g. to catch a set up after a merge)
# Migrations are generated, never edited by hand; tests fail when the model has changes a set does not hold.
set -euo pipefail
name="${1:?usage: scripts/add-migration.sh MigrationName [Sqlite|Postgres]}"
only="${2:-}"
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
project=src/PeerConsult.Web
dotnet build "$project" -v q -nologo >/dev/null
for provider in Sqlite Postgres; do
  if [[ -n "$only" && "$only" != "$provider" ]]; then continue; fi
  dotnet ef migrations add "$name" --no-build --project "$project" --startup-project "$project" \
    --context "${provider}AppDbContext" --output-dir "Infrastructure/Persistence/Migrations/$provider"
  echo "Added migration $name for: $provider"
done
dotnet format "$project" --include "$project/Infrastructure/Persistence/Migrations" >/dev/null || true
