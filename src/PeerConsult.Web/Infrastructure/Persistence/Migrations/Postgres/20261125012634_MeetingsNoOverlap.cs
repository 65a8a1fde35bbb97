using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PeerConsult.Web.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class MeetingsNoOverlap : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:btree_gist", ",,");

            migrationBuilder.AlterTable(
                name: "Meetings")
                .Annotation("PeerConsult:Exclusion:EX_Meetings_Consultant_NoOverlap", "EXCLUDE USING gist (\"ConsultantId\" WITH =, tstzrange(\"Start\", \"End\") WITH &&) WHERE (\"Status\" NOT IN ('ConsultantCancelled', 'TechnicalFailure', 'Cancelled'))");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .OldAnnotation("Npgsql:PostgresExtension:btree_gist", ",,");

            migrationBuilder.AlterTable(
                name: "Meetings")
                .OldAnnotation("PeerConsult:Exclusion:EX_Meetings_Consultant_NoOverlap", "EXCLUDE USING gist (\"ConsultantId\" WITH =, tstzrange(\"Start\", \"End\") WITH &&) WHERE (\"Status\" NOT IN ('ConsultantCancelled', 'TechnicalFailure', 'Cancelled'))");
        }
    }
}
