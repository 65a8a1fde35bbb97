#!/usr/bin/env bash
# Adds one migration to every provider's set, so the sets never drift apart.
#   scripts/add-migration.sh AddMeetings
# Migrations are generated, never edited by hand; a test fails when the model has changes no migration holds.
set -euo pipefail
name="${1:?usage: scripts/add-migration.sh MigrationName}"
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
project=src/PeerConsult.Web
dotnet ef migrations add "$name" --project "$project" --startup-project "$project" \
  --context SqliteAppDbContext --output-dir Infrastructure/Persistence/Migrations/Sqlite
dotnet format "$project" --include "$project/Infrastructure/Persistence/Migrations" >/dev/null || true
echo "Added migration $name for: Sqlite"
